# passes: builtin-types, unbox-numbers, fast-locals, dce
# function: f
# arg-types: float, int
# specialized: 6 LOAD_GLOBAL_BUILTIN, 42 LOAD_GLOBAL_MODULE 0/7/77/0/0, 54 LOAD_ATTR_MODULE 0/88/0/51
# `math.sqrt(...)`: the callee is guarded to be math's own sqrt, which types the result a float.
# The interpreter specialized LOAD_GLOBAL 'math' into LOAD_GLOBAL_MODULE (globals keys version
# 77, entry 7) and LOAD_ATTR 'sqrt' into LOAD_ATTR_MODULE (math's keys version 88, entry 51): both
# become the same inline checks (`load_global_cached`, `module_attr`), which deoptimize instead of
# running code, so OPT-6 writes no local back in the loop; OPT-5 computes the root as `fsqrt`,
# which deoptimizes below zero, where math.sqrt raises ValueError.
import math

def f(x, n):
    t = 0.0
    for i in range(n):
        t += math.sqrt(x * i)
    return t
