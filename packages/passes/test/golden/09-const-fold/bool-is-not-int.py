# passes: const-fold
# bool is a subclass of int, but only exact ints are folded: True + 1, True == 1 and 1 < True stay
# (CPython's answer is known, but the rules here are for exact types only). Truth tests of bools
# fold.
def f():
    t = True
    one = 1
    return t + one, t == one, one < t, t & one, -t

def truth():
    t = True
    if t:
        return 1
    return 2
