# passes: const-fold, builtin-types, unbox-numbers, fast-locals, simplify-cfg, dce
# arg-types: int
# function: f
# `for i in range(n)` on int64 (OPT-4 proves range, OPT-5 iterates natively): i and s are
# written once, after the loop, boxed there.
def f(n):
    s = 0
    for i in range(n):
        s = s + i * i
    return s
