# passes: builtin-types, unbox-numbers, fast-locals, dce
# function: f
# arg-types: float, int
# specialized: 6 LOAD_GLOBAL_BUILTIN, 42 LOAD_GLOBAL_MODULE 0/7/77/0/0, 54 LOAD_ATTR_MODULE 0/88/0/51
# `math.sqrt(...)`: the callee is guarded to be math's own sqrt, which types the result a float.
# The interpreter specialized LOAD_GLOBAL 'math' into LOAD_GLOBAL_MODULE (entry 7 of the globals)
# and LOAD_ATTR 'sqrt' into LOAD_ATTR_MODULE (entry 51 of math's dict): both become inline reads of
# those entries (`load_global_cached`, `module_attr`), which never run code (the global's falls
# back to LOAD_GLOBAL's lookup, the attribute deoptimizes), so OPT-6 writes no local back in the
# loop; OPT-5 computes the root as `fsqrt`, which deoptimizes below zero (math.sqrt's ValueError).
import math

def f(x, n):
    t = 0.0
    for i in range(n):
        t += math.sqrt(x * i)
    return t
