# passes: small-int-compare, dce
# arg-types: int, -, -
# specialized: 34 COMPARE_OP_INT_JUMP
# Operands the profile says are ints: the argument `n` was an int at the call that made the function
# hot (arg-types), and the interpreter specialized the `x == 1` compare at offset 34 to
# COMPARE_OP_INT_JUMP. A `guard_type <int>` before the compare deoptimizes when the operand is
# anything else (a bool, an int subclass, a float); the uses it dominates read the guarded value,
# so the second compare of `n` needs no guard of its own.
def f(n, x, y):
    if n == 0:
        return 0
    r = n != 1
    if x == 1:
        return r
    if y == 1:
        return 2
    return 3
