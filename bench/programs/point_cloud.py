"""Point cloud: k-means clustering of a synthetic 3-D point cloud (Gaussian-ish blobs from a
deterministic generator), then per-cluster spread and the cloud's bounding box. Float arithmetic
on small Point objects: attribute loads and stores, min/max, sqrt by ** 0.5.

Hot function: run(n) -> str, the total within-cluster distance and the centroid checksum.
Usage: python3.11 point_cloud.py N
"""

import sys


class Lcg:
    """A 31-bit linear congruential generator: the same numbers on every Python."""

    def __init__(self, seed):
        self.state = seed

    def next_float(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state / 2147483648.0

    def gauss(self):
        # Sum of four uniforms: a cheap, bounded bell shape.
        return self.next_float() + self.next_float() + self.next_float() + self.next_float() - 2.0


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def dist2(self, other):
        dx = self.x - other.x
        dy = self.y - other.y
        dz = self.z - other.z
        return dx * dx + dy * dy + dz * dz


def make_cloud(n, k, rng):
    centers = [Point(rng.next_float() * 20.0, rng.next_float() * 20.0, rng.next_float() * 20.0) for _ in range(k)]
    points = []
    for i in range(n):
        c = centers[i % k]
        points.append(Point(c.x + rng.gauss(), c.y + rng.gauss(), c.z + rng.gauss()))
    return points


def nearest(p, centroids):
    best = 0
    best_d = p.dist2(centroids[0])
    for i in range(1, len(centroids)):
        d = p.dist2(centroids[i])
        if d < best_d:
            best_d = d
            best = i
    return best


def kmeans(points, k, rounds):
    centroids = [Point(p.x, p.y, p.z) for p in points[:k]]
    assignment = [0] * len(points)
    for _ in range(rounds):
        sx = [0.0] * k
        sy = [0.0] * k
        sz = [0.0] * k
        counts = [0] * k
        for i in range(len(points)):
            p = points[i]
            c = nearest(p, centroids)
            assignment[i] = c
            sx[c] += p.x
            sy[c] += p.y
            sz[c] += p.z
            counts[c] += 1
        for c in range(k):
            if counts[c] > 0:
                centroids[c] = Point(sx[c] / counts[c], sy[c] / counts[c], sz[c] / counts[c])
    return centroids, assignment


def bounding_box(points):
    lo = [points[0].x, points[0].y, points[0].z]
    hi = lo[:]
    for p in points:
        lo[0] = min(lo[0], p.x)
        lo[1] = min(lo[1], p.y)
        lo[2] = min(lo[2], p.z)
        hi[0] = max(hi[0], p.x)
        hi[1] = max(hi[1], p.y)
        hi[2] = max(hi[2], p.z)
    return lo, hi


def run(n):
    k = 8
    points = make_cloud(n, k, Lcg(2024))
    centroids, assignment = kmeans(points, k, 8)
    spread = 0.0
    for i in range(len(points)):
        spread += points[i].dist2(centroids[assignment[i]]) ** 0.5
    lo, hi = bounding_box(points)
    volume = (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2])
    centre = sum(c.x + 2.0 * c.y + 3.0 * c.z for c in centroids)
    return f"{spread:.6f} {centre:.6f} {volume:.6f}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
