# passes: const-fold, dce
# function: f
# Calls are never folded, not even of builtins on constants: `abs`, `len` and `int` are looked up
# in globals, then builtins, at run time, and either can be rebound (a module may define its own
# `len`). Folding them needs a guard that the name still resolves to the builtin (DESIGN.md §3).
def f():
    x = -3
    return abs(x), len('abc'), int('7')

len = lambda s: 0
