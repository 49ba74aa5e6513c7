# passes: const-fold, builtin-types, unbox-numbers, fast-locals, simplify-cfg, dce
# arg-types: int
# specialized: 18 COMPARE_OP_INT_JUMP, 66 COMPARE_OP_INT_JUMP
# function: f
# A loop on native numbers (OPT-5): no store inside the loop; the last values are written on
# the exit, boxed there, and the boxes in the loop go.
def f(n):
    x = 0.0
    y = 1.0
    i = 0
    while i < n:
        x = x + y * 2.0
        y = y + 1.0
        i = i + 1
    return x
