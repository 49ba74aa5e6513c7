# passes: const-fold, dce
# `not c` of a constant whose truth is known is a bool constant; `not a` of an argument stays.
def f(a):
    zero = 0
    s = 'text'
    return not zero, not s, not a
