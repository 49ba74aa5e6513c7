# passes: small-int-compare, dce
# Left alone: without a profile nothing says `a` or `b` is an int (they could be anything with an
# __eq__); bools are not ints (True == 1 is True, but the fast path is for exact ints); constants
# outside -5..256, floats and bools as the constant; other operators.
def unknown(a, b):
    return a == 1, a == b, 2 != b

def bools(a, b):
    flag = a is b
    return flag == 1, 0 == (a is not b)

def other_constants(n):
    i = 0
    while i < n:
        i += 1
    return i == 257, i == -6, i == 1.0, i == True, i < 3, i == 'x'
