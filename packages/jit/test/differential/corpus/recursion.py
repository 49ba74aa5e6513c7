# Recursion: self-recursion through a global (the compiled function calls itself), mutual
# recursion, recursion over nested data, Ackermann, and hitting the recursion limit.


# inputs: smallint
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


# inputs: smallint
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


# inputs: smallint
def mutual(n):
    return is_even(abs(n)), is_odd(abs(n))


# inputs: tiny, tiny
def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


# inputs: any
def flatten(x):
    if isinstance(x, (list, tuple)):
        out = []
        for item in x:
            out.extend(flatten(item))
        return out
    return [x]


# inputs: intlist
def recursive_sum(xs):
    if not xs:
        return 0
    return xs[0] + recursive_sum(xs[1:])


def _down(k):
    return _down(k + 1)


# inputs:
def recursion_limit():
    try:
        _down(0)
    except RecursionError as e:
        return str(e)


# inputs: tiny
def hanoi(n, a="a", b="b", c="c"):
    if n == 0:
        return []
    return hanoi(n - 1, a, c, b) + [(a, c)] + hanoi(n - 1, b, a, c)
