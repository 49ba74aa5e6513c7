# passes: fast-locals
# `del x` writes NULL; where both branches delete or rebind, one store after the join does.
def f(c):
    x = 1
    if c:
        del x
        x = 3
    else:
        x = 4
    return x
