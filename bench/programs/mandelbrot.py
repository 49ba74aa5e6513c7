"""Mandelbrot set: escape-time iteration over an n x n grid of the complex plane, with the complex
arithmetic spelled out in float pairs. Branchy float loops with an early exit.

Hot function: run(n) -> str, the number of points inside the set and the total iteration count.
Usage: python3.11 mandelbrot.py N
"""

import sys

MAX_ITER = 64


def escape_time(cr, ci):
    zr = 0.0
    zi = 0.0
    for k in range(MAX_ITER):
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            return k
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return MAX_ITER


def run(n):
    inside = 0
    total = 0
    for y in range(n):
        ci = -1.25 + 2.5 * y / n
        for x in range(n):
            cr = -2.0 + 2.5 * x / n
            k = escape_time(cr, ci)
            total += k
            if k == MAX_ITER:
                inside += 1
    return f"{inside} {total}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
