# passes: const-fold, dce
# int / int is CPython's correctly rounded division; below 2**53 it is (double)a / (double)b, the
# same IEEE division JavaScript does, so it folds (0 / -5 is -0.0 there too). At 2**53 and above
# CPython leaves that fast path and the fold is left to the runtime; / 0 raises and stays.
def f():
    seven = 7
    two = 2
    three = 3
    zero = 0
    minus_five = -5
    big = 9007199254740993
    return seven / two, seven / three, zero / minus_five, big / three, seven / zero
