# pass: is-pointer-compare
# `is not` against a sentinel object in a loop condition: the branch reads the pointer compare.
SENTINEL = object()


def kernel(items, sentinel):
    n = 0
    for x in items:
        if x is not sentinel:
            n += 1
    return n


ARGS = ([SENTINEL if i % 3 == 0 else i for i in range(1000)], SENTINEL)
