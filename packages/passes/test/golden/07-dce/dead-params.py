# passes: dce
# A conditional expression whose value is discarded merges its two arms' values in a block
# parameter nobody reads: the parameter and both edge arguments go, and with them the constants.
def f(c):
    1 if c else 2
    return c

def g(c, a, b):
    (a if c else b)
    return 0
