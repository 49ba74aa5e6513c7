# pass: const-fold
# Arithmetic on local constants inside a loop.
def kernel(n):
    scale = 3
    offset = scale * 2 + 1
    s = 0
    for i in range(n):
        s += i * offset - scale
    return s


ARGS = (1000,)
