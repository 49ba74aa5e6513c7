# passes: fast-locals
# Locals that hold objects which may have finalizers keep their stores where they are: a store
# drops the previous object, whose __del__ may run and look at this frame. Stores of ints around
# them wait for them, as they wait for calls.
def f(items):
    n = 0
    best = None
    for item in items:
        n = n + 1
        best = item
    return n, best
