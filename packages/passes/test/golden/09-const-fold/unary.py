# passes: const-fold, dce
# Unary operators: -x and ~x of an exact int constant, -x of a float constant fold. +x of an
# exact int or float is x itself (int.__pos__ and float.__pos__ return self), whether constant or
# not; +a of an argument of unknown type stays (it may be any object with __pos__), and ~x of a
# float stays (TypeError).
def f(a):
    i = 41
    x = 2.5
    return -i, ~i, +i, -x, +x, +a, ~x
