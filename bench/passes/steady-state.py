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
import os
import sys
import time

# The Sun and the four gas giants, as bench/programs/nbody.py sets them up ([x, y, z, vx, vy, vz, mass]).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "programs"))
from nbody import make_bodies  # noqa: E402


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
