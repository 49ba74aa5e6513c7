"""Spectral norm: the largest singular value of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2
+ i + 1), truncated to n x n, by ten rounds of the power method on A^T A. Float division and
accumulation in tight nested loops over lists.

Hot function: run(n) -> str, the norm to 9 decimals.
Usage: python3.11 spectral_norm.py N
"""

import sys


def eval_a(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def times_a(u, out):
    n = len(u)
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(i, j) * u[j]
        out[i] = s


def times_at(u, out):
    n = len(u)
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += eval_a(j, i) * u[j]
        out[i] = s


def times_ata(u, out, tmp):
    times_a(u, tmp)
    times_at(tmp, out)


def run(n):
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        times_ata(u, v, tmp)
        times_ata(v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return f"{(vbv / vv) ** 0.5:.9f}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 130))
