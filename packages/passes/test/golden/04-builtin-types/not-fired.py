# passes: builtin-types, dce
# function: f
# Left alone: calls with keyword arguments; builtins whose result type says nothing (print) or
# depends on an unknown operand (abs(a)); names that are not builtins at all.
def f(a, xs):
    ys = sorted(xs, key=abs)
    print(a)
    return abs(a), helper(a), ys

def helper(a):
    return a
