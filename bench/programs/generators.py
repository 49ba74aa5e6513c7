"""Generators: a lazy pipeline of generator functions and generator expressions (source, map,
filter, sliding window, chunking). pyjc leaves generator code to the interpreter, so this program
shows what that fallback costs: the only compiled code is run() itself, and the speedup should
stay at 1.0.

Hot function: run(n) -> str, sums over the pipeline's output.
Usage: python3.11 generators.py N
"""

import sys


def numbers(n):
    state = 7
    for _ in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        yield state % 1000


def squares(it):
    for x in it:
        yield x * x


def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def window_sums(it, width):
    window = []
    total = 0
    for x in it:
        window.append(x)
        total += x
        if len(window) > width:
            total -= window.pop(0)
        if len(window) == width:
            yield total


def chunks(it, size):
    chunk = []
    for x in it:
        chunk.append(x)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(n):
    total = sum(window_sums(evens(squares(numbers(n))), 8))
    chunked = sum(max(c) - min(c) for c in chunks(numbers(n), 16))
    odd = sum(1 for x in numbers(n) if x % 2)
    return f"{total} {chunked} {odd}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 120000))
