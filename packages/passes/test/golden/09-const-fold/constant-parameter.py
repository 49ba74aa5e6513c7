# passes: const-fold, dce
# A block parameter that every edge feeds the same constant has that constant in its type, which
# is as good as the constant itself.
def f(a):
    if a:
        x = 5
    else:
        x = 5
    return x + 1
