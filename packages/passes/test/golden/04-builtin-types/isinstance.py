# passes: builtin-types, dce
# isinstance(x, C) with C a builtin class: both the callee and C are guarded; the call folds to
# True or False when x's proven type decides it for every value (exact builtins only: a bool is
# an int, a float is not), and stays a call otherwise (an unknown x may be a subclass, or have a
# __class__ property). A tuple of classes is not decided.
def decided(n):
    i = len(n)
    f = 1.5
    return isinstance(i, int), isinstance(True, int), isinstance(f, int), isinstance(i, float)

def undecided(a):
    return isinstance(a, str), isinstance(1.5, (int, float))
