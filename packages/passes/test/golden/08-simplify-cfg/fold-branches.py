# passes: const-fold, simplify-cfg
# A branch on a cbool constant becomes a jump; the arm it no longer enters goes, and so does
# everything only that arm reached, exception handlers included. The dead cbool stays for dce.
def f(a):
    debug = False
    if debug:
        try:
            print(a)
        except Exception:
            pass
    return a

def g(a):
    limit = 10
    while limit > 20:
        a += 1
    return a
