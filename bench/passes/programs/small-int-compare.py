# pass: small-int-compare
# `x == 0` on ints from a list (the interpreter specializes it to COMPARE_OP_INT_JUMP).
def kernel(xs):
    n = 0
    for x in xs:
        if x == 0:
            n += 1
    return n


ARGS = ([i % 4 for i in range(1000)],)
