# passes: const-fold, dce
# // and % on ints round toward negative infinity (the remainder takes the divisor's sign), unlike
# JavaScript's truncating bigint division.
def f():
    a = 7
    b = -7
    two = 2
    minus_two = -2
    return a // two, b // two, a // minus_two, b // minus_two, a % two, b % two, a % minus_two, b % minus_two

def big():
    a = 123456789012345678901234567890
    b = -97
    return a // b, a % b
