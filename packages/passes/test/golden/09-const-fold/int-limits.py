# passes: const-fold, dce
# The size limits of CPython's own AST optimizer (Python/ast_opt.c, MAX_INT_SIZE = 128 bits):
# a product of two ints whose bit lengths add up to more than 128, a power whose base has more
# bits than 128 // exponent, and a left shift that could need more than 128 bits are not folded.
def powers():
    two = 2
    three = 3
    e63 = 63
    e64 = 64
    e65 = 65
    e200 = 200
    zero = 0
    return two ** e63, two ** e64, two ** e65, three ** e64, three ** e65, two ** e200, zero ** e200, e200 ** zero

def shifts():
    one = 1
    s127 = 127
    s128 = 128
    big = 1000000
    return one << s127, one << s128, one >> big, -one >> big, big >> big

def products():
    a = 18446744073709551615   # 64 bits
    b = 18446744073709551616   # 65 bits
    return a * a, a * b
