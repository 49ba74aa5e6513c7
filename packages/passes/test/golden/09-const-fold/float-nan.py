# passes: const-fold, dce
# NaN compares unequal to everything, itself included, and those compares fold. Arithmetic that
# reads or produces a NaN does not: a NaN's sign bit depends on the hardware (x86-64 makes
# inf - inf a negative NaN) and a JS number does not keep it. Division by zero still raises.
def compares():
    nan = 1e400 - 1e400
    one = 1.0
    return nan == nan, nan != nan, nan < one, nan >= one, one == one

def arithmetic():
    nan = 1e400 - 1e400
    inf = 1e400
    one = 1.0
    return nan + one, inf - inf, -nan, inf * one, one / inf

def division_by_zero():
    one = 1.0
    zero = -0.0
    return one / zero
