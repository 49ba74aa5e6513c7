# passes: const-fold
# Folding an instruction that had an unwind edge removes the edge; a landing block left without
# one is removed at once (the verifier admits no landing block that no unwind edge enters), and
# the jump after the folded instruction stays for simplify-cfg.
def f():
    a = 2
    try:
        b = a + 1
    except TypeError:
        b = 0
    return b

def g(x):
    a = 2
    try:
        b = a + 1
        c = x + b
    except TypeError:
        return None
    return c
