# pass: builtin-types
# `for i in range(len(xs))`: with range and len guarded, the loop runs on int64.
def kernel(xs):
    s = 0
    for i in range(len(xs)):
        s += i
    return s


ARGS = (list(range(1000)),)
