"""Matrix multiply: C = A x B for dense n x n float matrices stored as lists of rows, in i-k-j
order so the innermost loop walks one row of B and one row of C. The textbook numeric kernel.

Hot function: run(n) -> str, the trace of C and the sum of its entries.
Usage: python3.11 matmul.py N
"""

import sys


def make_matrix(n, seed):
    state = seed
    rows = []
    for _ in range(n):
        row = []
        for _ in range(n):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            row.append(state / 2147483648.0 - 0.5)
        rows.append(row)
    return rows


def matmul(a, b):
    n = len(a)
    m = len(b[0])
    c = [[0.0] * m for _ in range(n)]
    for i in range(n):
        ai = a[i]
        ci = c[i]
        for k in range(len(b)):
            aik = ai[k]
            bk = b[k]
            for j in range(m):
                ci[j] += aik * bk[j]
    return c


def run(n):
    a = make_matrix(n, 1)
    b = make_matrix(n, 2)
    c = matmul(a, b)
    trace = 0.0
    total = 0.0
    for i in range(n):
        trace += c[i][i]
        for x in c[i]:
            total += x
    return f"{trace:.9f} {total:.9f}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 120))
