# pass: simplify-cfg
# A debugging branch on a local constant: const-fold makes it a constant condition, simplify-cfg
# removes the branch and merges the blocks around it.
def kernel(n):
    debug = False
    s = 0
    for i in range(n):
        if debug:
            print(i, s)
        s += i
    return s


ARGS = (1000,)
