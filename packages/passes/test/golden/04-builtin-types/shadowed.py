# passes: builtin-types, dce
# function: f
# specialized: 2 LOAD_GLOBAL_MODULE, 30 LOAD_GLOBAL_BUILTIN
# A module global shadows `len`: the interpreter found `len` in the module's globals
# (LOAD_GLOBAL_MODULE at offset 2), so a guard that it is the builtin would always fail and none
# is made; `range` was found in the builtins (LOAD_GLOBAL_BUILTIN) and is guarded. Offline, with
# no profile, both would be guarded, and the guard of `len` would deoptimize on every call.
def f(xs, n):
    return len(xs), range(n)

def len(x):
    return -1
