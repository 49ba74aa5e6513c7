"""N-body simulation of the Jovian planets around the Sun.

The classic benchmark (the Computer Language Benchmarks Game's n-body), written the way a physics
student would write it: a small vector class, a Body class, a System that advances with a
symplectic (leapfrog / semi-implicit Euler) integrator, and reports on energy conservation,
angular momentum and orbital periods. Float-heavy inner loops make it the unboxing test case.

Run: python3.11 examples/nbody.py [steps]
"""

import math
import sys

PI = math.pi
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


class Vec3:
    """A 3-vector with the operators the integrator needs."""

    __slots__ = ("x", "y", "z")

    def __init__(self, x=0.0, y=0.0, z=0.0):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vec3(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vec3(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k):
        return Vec3(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vec3(-self.x, -self.y, -self.z)

    def __iter__(self):
        yield self.x
        yield self.y
        yield self.z

    def __repr__(self):
        return f"Vec3({self.x:.9f}, {self.y:.9f}, {self.z:.9f})"

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def cross(self, other):
        return Vec3(
            self.y * other.z - self.z * other.y,
            self.z * other.x - self.x * other.z,
            self.x * other.y - self.y * other.x,
        )

    def norm(self):
        return math.sqrt(self.dot(self))


class Body:
    """A point mass; positions in AU, velocities in AU/day scaled to years, masses in solar units."""

    def __init__(self, name, pos, vel, mass):
        self.name = name
        self.pos = pos
        self.vel = vel
        self.mass = mass

    @classmethod
    def from_elements(cls, name, x, y, z, vx, vy, vz, mass):
        return cls(
            name,
            Vec3(x, y, z),
            Vec3(vx * DAYS_PER_YEAR, vy * DAYS_PER_YEAR, vz * DAYS_PER_YEAR),
            mass * SOLAR_MASS,
        )

    def kinetic_energy(self):
        return 0.5 * self.mass * self.vel.dot(self.vel)

    def momentum(self):
        return self.vel * self.mass

    def angular_momentum(self):
        return self.pos.cross(self.vel) * self.mass

    def __repr__(self):
        return f"<{self.name} m={self.mass:.6e} r={self.pos.norm():.6f}>"


def make_bodies():
    sun = Body("sun", Vec3(), Vec3(), SOLAR_MASS)
    jupiter = Body.from_elements(
        "jupiter",
        4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01,
        1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
        9.54791938424326609e-04,
    )
    saturn = Body.from_elements(
        "saturn",
        8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01,
        -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
        2.85885980666130812e-04,
    )
    uranus = Body.from_elements(
        "uranus",
        1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01,
        2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
        4.36624404335156298e-05,
    )
    neptune = Body.from_elements(
        "neptune",
        1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01,
        2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
        5.15138902046611451e-05,
    )
    return [sun, jupiter, saturn, uranus, neptune]


class System:
    def __init__(self, bodies):
        self.bodies = bodies
        # Every unordered pair once: the inner loop walks this list.
        self.pairs = [(a, b) for i, a in enumerate(bodies) for b in bodies[i + 1:]]
        self.time = 0.0
        self.steps = 0

    def offset_momentum(self):
        """Gives the Sun the momentum that makes the system's total zero."""
        px = py = pz = 0.0
        for body in self.bodies:
            px += body.vel.x * body.mass
            py += body.vel.y * body.mass
            pz += body.vel.z * body.mass
        sun = self.bodies[0]
        sun.vel = Vec3(-px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS)

    def energy(self):
        e = 0.0
        for body in self.bodies:
            e += body.kinetic_energy()
        for a, b in self.pairs:
            dx = a.pos.x - b.pos.x
            dy = a.pos.y - b.pos.y
            dz = a.pos.z - b.pos.z
            e -= (a.mass * b.mass) / math.sqrt(dx * dx + dy * dy + dz * dz)
        return e

    def total_momentum(self):
        total = Vec3()
        for body in self.bodies:
            total = total + body.momentum()
        return total

    def total_angular_momentum(self):
        total = Vec3()
        for body in self.bodies:
            total = total + body.angular_momentum()
        return total

    def advance(self, dt, n):
        """n steps of the semi-implicit Euler integrator, unrolled over plain floats."""
        bodies = self.bodies
        pairs = self.pairs
        for _ in range(n):
            for a, b in pairs:
                pa, pb = a.pos, b.pos
                dx = pa.x - pb.x
                dy = pa.y - pb.y
                dz = pa.z - pb.z
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                bm = b.mass * mag
                am = a.mass * mag
                va, vb = a.vel, b.vel
                va.x -= dx * bm
                va.y -= dy * bm
                va.z -= dz * bm
                vb.x += dx * am
                vb.y += dy * am
                vb.z += dz * am
            for body in bodies:
                p, v = body.pos, body.vel
                p.x += dt * v.x
                p.y += dt * v.y
                p.z += dt * v.z
        self.steps += n
        self.time += dt * n


class OrbitTracker:
    """Counts completed orbits by watching the sign of the polar angle's unwrapped change."""

    def __init__(self, system):
        self.system = system
        self.last_angle = {b.name: self.angle(b) for b in system.bodies[1:]}
        self.swept = dict.fromkeys(self.last_angle, 0.0)

    def angle(self, body):
        rel = body.pos - self.system.bodies[0].pos
        return math.atan2(rel.y, rel.x)

    def sample(self):
        for body in self.system.bodies[1:]:
            a = self.angle(body)
            delta = a - self.last_angle[body.name]
            # Unwrap across the -pi/pi seam.
            if delta > PI:
                delta -= 2 * PI
            elif delta < -PI:
                delta += 2 * PI
            self.swept[body.name] += delta
            self.last_angle[body.name] = a

    def fractions(self):
        return {name: swept / (2 * PI) for name, swept in self.swept.items()}


def relative_drift(before, after):
    return abs((after - before) / before)


def report_bodies(system):
    rows = []
    for body in system.bodies:
        r = (body.pos - system.bodies[0].pos).norm()
        v = body.vel.norm()
        rows.append((body.name, r, v))
    rows.sort(key=lambda row: row[1])
    for name, r, v in rows:
        print(f"  {name:<8} r={r:12.6f} AU  |v|={v:10.6f} AU/yr")


def simulate(steps, dt=0.01, chunk=100):
    system = System(make_bodies())
    system.offset_momentum()
    e0 = system.energy()
    l0 = system.total_angular_momentum()
    print(f"bodies: {', '.join(b.name for b in system.bodies)}")
    print(f"pairs: {len(system.pairs)}")
    print(f"initial energy: {e0:.9f}")
    print(f"initial momentum: {system.total_momentum()!r}")
    tracker = OrbitTracker(system)
    done = 0
    checkpoints = []
    while done < steps:
        n = min(chunk, steps - done)
        system.advance(dt, n)
        tracker.sample()
        done += n
        if done % (chunk * 50) == 0 or done == steps:
            checkpoints.append((done, system.energy()))
    e1 = system.energy()
    l1 = system.total_angular_momentum()
    print(f"final energy:   {e1:.9f}")
    print(f"energy drift:   {relative_drift(e0, e1):.3e}")
    print(f"angular momentum drift: {(l1 - l0).norm():.3e}")
    print(f"simulated {system.time:.2f} years in {system.steps} steps")
    for step, e in checkpoints:
        print(f"  step {step:6d}: energy {e:.9f}")
    print("orbits completed (fraction of a revolution):")
    for name, frac in tracker.fractions().items():
        print(f"  {name:<8} {frac:8.5f}")
    print("positions:")
    report_bodies(system)
    return e1


def main(argv):
    steps = int(argv[1]) if len(argv) > 1 else 20000
    if steps <= 0:
        raise SystemExit("steps must be positive")
    simulate(steps)


if __name__ == "__main__":
    main(sys.argv)
