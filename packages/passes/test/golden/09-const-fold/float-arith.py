# passes: const-fold, dce
# Float +, -, * and / by a nonzero divisor are the IEEE double operations CPython computes;
# overflow gives inf (CPython's float ops do not raise on overflow), -0.0 keeps its sign.
def f():
    a = 0.1
    b = 0.2
    big = 1e308
    ten = 10.0
    zero = 0.0
    neg_zero = -0.0
    three = 3.0
    return a + b, a - b, big * ten, a / three, zero * neg_zero, neg_zero + neg_zero, -a, -zero, +a
