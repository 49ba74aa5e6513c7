# pass: dce
# Expression statements whose results nobody reads, in a loop.
def kernel(items, sentinel):
    n = 0
    for x in items:
        x is sentinel
        x is not None
        n += 1
    return n


ARGS = (list(range(1000)), object())
