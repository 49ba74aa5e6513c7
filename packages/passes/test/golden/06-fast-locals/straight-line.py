# passes: fast-locals
# Straight-line code: x = 1 is overwritten before anything could look, so its store goes; the
# others wait for the first instruction that may run Python code (the method lookup), and z's for
# the return (a frame object someone kept would show the final locals).
def f(a):
    x = 1
    x = 2
    y = x + 3
    a.m()
    z = y * 2
    return z
