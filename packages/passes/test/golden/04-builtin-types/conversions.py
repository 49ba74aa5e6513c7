# passes: builtin-types, dce
# int(i), float(x), str(s) of a value already of that exact type return the value itself: the call
# goes (its guard stays: if `int` were rebound, the program must call whatever it now names).
# str(i) of an int is a real conversion: guarded and typed, still called.
def identity(xs):
    n = len(xs)
    x = 2.5
    return int(n), float(x), str(n)
