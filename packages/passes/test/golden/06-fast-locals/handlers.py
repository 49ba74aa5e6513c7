# passes: fast-locals
# An exception leaves through the lowering's error path, which writes stale locals first, so
# the handler starts with a current frame and the try body keeps nothing for it.
def f(a, k):
    x = 0
    try:
        x = 1
        y = a[k]
        x = 2
    except IndexError:
        return x
    return x + y
