# passes: const-fold
# int and float never mix: 1 == 1.0, 2 * 1.5 and 1 < 1.5 stay.
def f():
    i = 1
    x = 1.0
    y = 1.5
    two = 2
    return i == x, two * y, i < y, x + i
