"""Fannkuch-redux: for every permutation of 1..n (generated in a fixed order by rotation counts),
count the prefix reversals ("pancake flips") until 1 comes first. Small-int list shuffling,
slicing and swapping; no floats.

Hot function: run(n) -> str, the alternating-sign checksum of flip counts and the largest count.
Usage: python3.11 fannkuch.py N
"""

import sys


def count_flips(perm):
    p = perm[:]
    flips = 0
    first = p[0]
    while first != 0:
        i = 0
        j = first
        while i < j:
            p[i], p[j] = p[j], p[i]
            i += 1
            j -= 1
        flips += 1
        first = p[0]
    return flips


def run(n):
    perm = list(range(n))
    count = [0] * n
    checksum = 0
    max_flips = 0
    sign = 1
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        flips = count_flips(perm)
        if flips > max_flips:
            max_flips = flips
        checksum += sign * flips
        sign = -sign
        # Next permutation: rotate the first r+1 elements left until a counter is not exhausted.
        while True:
            if r == n:
                return f"{checksum} {max_flips}"
            first = perm[0]
            for i in range(r):
                perm[i] = perm[i + 1]
            perm[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 8))
