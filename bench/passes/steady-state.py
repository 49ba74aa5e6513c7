"""Steady-state speed of two kernels the typed passes target, timed from inside the program so
that start-up, warm-up and compilation are excluded (run it under python3.11 and under pyjc and
compare; bench/passes/steady-state.mjs does both):

  nbody     100 steps of the n-body simulation (the Sun and the four gas giants): float
            arithmetic on values loaded from and stored into lists, 10 pairs per step
  int_loop  an int loop: `total += i * i % 7` over range(n)

Usage: python3.11 steady-state.py [SECONDS]   (default 2 s of samples per kernel)
Prints one JSON object per kernel: the median time of one call in microseconds, a 95% confidence
interval of the median (order statistics), the number of samples, and the call's result.
"""

import json
import math
import sys
import time

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def make_bodies():
    # [x, y, z, vx, vy, vz, mass]
    def body(x, y, z, vx, vy, vz, mass):
        return [x, y, z, vx * DAYS_PER_YEAR, vy * DAYS_PER_YEAR, vz * DAYS_PER_YEAR, mass * SOLAR_MASS]

    return [
        body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
        body(4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01,
             1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
        body(8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01,
             -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
        body(1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01,
             2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
        body(1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01,
             2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05),
    ]


def nbody(bodies, steps, dt):
    n = len(bodies)
    for _ in range(steps):
        for i in range(n):
            a = bodies[i]
            ax = a[0]
            ay = a[1]
            az = a[2]
            am = a[6]
            for j in range(i + 1, n):
                b = bodies[j]
                dx = ax - b[0]
                dy = ay - b[1]
                dz = az - b[2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                bm = b[6] * mag
                a[3] -= dx * bm
                a[4] -= dy * bm
                a[5] -= dz * bm
                amm = am * mag
                b[3] += dx * amm
                b[4] += dy * amm
                b[5] += dz * amm
        for b in bodies:
            b[0] += dt * b[3]
            b[1] += dt * b[4]
            b[2] += dt * b[5]
    return bodies[0][0]


def nbody_run(steps):
    """A fresh system advanced `steps` steps: every call computes the same thing."""
    return nbody(make_bodies(), steps, 0.01)


def int_loop(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


KERNELS = [
    ("nbody", nbody_run, (100,), 100),  # per call: 100 steps
    ("int_loop", int_loop, (10000,), 10000),  # per call: 10000 iterations
]


def median_ci(samples):
    """The median and its distribution-free 95% confidence interval (order statistics)."""
    s = sorted(samples)
    n = len(s)
    half = 1.96 * math.sqrt(n) / 2
    lo = max(0, math.floor(n / 2 - half) - 1)
    hi = min(n - 1, math.ceil(1 + n / 2 + half) - 1)
    mid = s[(n - 1) // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return mid, s[lo], s[hi]


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    for name, kernel, args, units in KERNELS:
        # Warm-up: well past any JIT threshold, then half a second more.
        for _ in range(50):
            result = kernel(*args)
        end = time.perf_counter() + 0.5
        while time.perf_counter() < end:
            kernel(*args)
        samples = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or len(samples) < 20:
            t0 = time.perf_counter_ns()
            result = kernel(*args)
            samples.append((time.perf_counter_ns() - t0) / 1000)
        median, lo, hi = median_ci(samples)
        print(json.dumps({"kernel": name, "median_us": median, "ci_us": [lo, hi], "samples": len(samples),
                          "per_call": units, "result": repr(result)}), flush=True)


if __name__ == "__main__":
    main()
