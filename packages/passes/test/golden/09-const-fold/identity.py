# passes: const-fold, dce
# `is` folds when the answer is provable:
#   - the same SSA value, or the same co_consts entry (one object) -> True;
#   - None, True, False, Ellipsis are singletons: equal values are the same object;
#   - different values, or types that share no exact builtin, are different objects -> False.
# Equal non-singleton constants from different sources stay: whether a folded 1000 and the
# co_consts 1000 are one object is the runtime's business.
def f(a):
    x = 1000
    y = 1000
    n = None
    s = 'spam'
    return a is a, x is y, n is None, x is n, x is not s, s is 'eggs'

def folded(a):
    x = 500
    y = x * 2
    return y is 1000, y is not 1000

def unknown(a, b):
    return a is b, a is None
