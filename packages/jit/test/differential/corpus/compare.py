# Comparisons: the six operators on every kind of value (rich comparisons that return non-bools or
# raise), chained comparisons (each operand evaluated once, short-circuit), int/float exactness.


# inputs: any, any
def lt(a, b):
    return a < b


# inputs: any, any
def le(a, b):
    return a <= b


# inputs: any, any
def eq(a, b):
    return a == b


# inputs: any, any
def ne(a, b):
    return a != b


# inputs: any, any
def gt(a, b):
    return a > b


# inputs: any, any
def ge(a, b):
    return a >= b


# inputs: num, num
def all_six_numbers(a, b):
    return [a < b, a <= b, a == b, a != b, a > b, a >= b]


# inputs: int, float
def int_float_exact(a, b):
    # 2**53 + 1 == 2.0**53 is False in Python: the comparison is exact, not via double.
    return a == b, a < b, a > b, b == a, b <= a


# inputs: any, any, any
def chain3(a, b, c):
    return a < b < c


# inputs: num, num, num
def chain_mixed(a, b, c):
    return a == b != c >= a, a < b <= c < a


# inputs: any, any, any
def chain_in_if(a, b, c):
    if a <= b < c:
        return "inside"
    elif a == b == c:
        return "same"
    return "outside"


# inputs: any, any
def compare_branches(a, b):
    if a == b:
        return 0
    elif a < b:
        return -1
    elif a > b:
        return 1
    return None


# inputs: list
def min_max_manual(xs):
    if not xs:
        return None
    lo = hi = xs[0]
    for x in xs[1:]:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


# inputs: float
def nan_identity(x):
    # Identity implies equality inside containers, even for nan.
    return x == x, x != x, [x] == [x], (x,) == (x,), x in [x], {x: 1}.get(x)


# inputs: seq, seq
def compare_sequences(a, b):
    return a == b, a < b
