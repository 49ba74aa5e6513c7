# Unary operators: -x, +x, ~x, `not` (with truthiness), abs(); -0.0, -(-2**63), odd objects.


# inputs: num
def neg(a):
    return -a


# inputs: num
def pos(a):
    return +a


# inputs: num
def invert(a):
    return ~a


# inputs: any
def unary_chain(a):
    return -(-a), ~~a, -+a


# inputs: int
def neg_int_edges(a):
    b = -a
    return b, -b, b == -a, ~b, -(a - 1)


# inputs: float
def neg_float(a):
    # -0.0 and nan signs must be exact.
    return -a, -(-a), 0.0 - a, -a * 1.0, abs(a)


# inputs: any
def abs_builtin(a):
    return abs(a)
