# passes: const-fold, builtin-types, unbox-numbers, fast-locals, simplify-cfg, dce
# arg-types: int
# specialized: 18 COMPARE_OP_INT_JUMP
# function: f
# A loop that calls out: whatever the callee does with sys._getframe(1).f_locals, the frame is
# current at the call, so the stores wait for it (once per iteration, as before) instead of
# following each assignment; total's store on the path without a call waits for the next one.
def f(n):
    total = 0
    i = 0
    while i < n:
        total = total + i
        i = i + 1
        if i % 4 == 0:
            print(total)
    return total
