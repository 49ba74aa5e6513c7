# pass: fast-locals
# Two float locals updated every iteration: written to the frame once, after the loop.
def kernel(n):
    x = 0.0
    y = 1.0
    for i in range(n):
        x = x + y * 2.0
        y = y + 1.0
    return x


ARGS = (1000,)
