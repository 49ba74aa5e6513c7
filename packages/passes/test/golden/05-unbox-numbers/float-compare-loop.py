# passes: builtin-types, unbox-numbers, fast-locals, simplify-cfg, dce
# specialized: 18 COMPARE_OP_FLOAT_JUMP
# The interpreter specialized `x < lim` for floats: both operands are guarded right before the
# compare, which becomes fcmp feeding the branch; the int counter c is a native loop parameter,
# boxed for the store and, after the loop, for the return.
def count_below(xs, lim):
    c = 0
    for x in xs:
        if x < lim:
            c += 1
    return c
