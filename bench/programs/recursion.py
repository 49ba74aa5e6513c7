"""Recursion: naive Fibonacci, Takeuchi's tak, and building and walking complete binary trees of
tuples. Almost nothing but Python-to-Python calls, where the cost of a call decides everything.

Hot function: run(n) -> str, fib(n), a tak value, and the node count of the trees.
Usage: python3.11 recursion.py N
"""

import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def tak(x, y, z):
    if y < x:
        return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
    return z


def make_tree(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (make_tree(depth), make_tree(depth))


def count_nodes(tree):
    left, right = tree
    if left is None:
        return 1
    return 1 + count_nodes(left) + count_nodes(right)


def run(n):
    f = fib(n)
    t = tak(n // 2 + 2, n // 3, n // 6)
    nodes = 0
    for depth in range(4, n // 2 + 4, 2):
        nodes += count_nodes(make_tree(depth))
    return f"{f} {t} {nodes}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 28))
