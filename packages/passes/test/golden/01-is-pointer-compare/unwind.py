# passes: is-pointer-compare, dce
# Inside `try`, the `truth` of an `is` result had an unwind edge (truth can raise in general); the
# folded branch cannot, so the edge goes, and the handler with it when nothing else can raise.
def f(a, b):
    try:
        if a is b:
            return 1
    except Exception:
        return 2
    return 3

def still_raises(a, b):
    try:
        if a is b:
            return a.x
    except AttributeError:
        return 2
    return 3
