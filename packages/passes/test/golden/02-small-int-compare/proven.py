# passes: small-int-compare, dce
# Operands the types prove to be exact ints: no guard, only a `refine` (no code) where the IR's
# declared type is wider. A branch reads the condition; a value is `box_bool` of it. Both operand
# orders, == and !=, the ends of the cache (-5, 256).
def joined(a):
    x = 1 if a else -5        # a block parameter joining two int constants
    return x == 1, -5 != x, 256 == x

def counter(items):
    hits = 0
    for item in items:
        if item:
            hits += 1         # int arithmetic on ints: an int
        if hits == 3:
            break
        if 0 != hits:
            hits += 2
    return hits
