# passes: is-pointer-compare, dce
# `is` used as a value: the Python result is `box_bool` of the pointer compare (True or False, the
# same objects IS_OP pushes), kept for stores, returns and frame states.
# `not` of such a bool is `box_bool` of the negated condition; two negations cancel.
def value(a, b):
    x = a is b
    y = a is not b
    return x, y

def negated(a, b):
    x = a is b
    y = not x
    z = not y
    return y, z

def stored_then_tested(a, b):
    same = a is b
    if same:
        return same
    return not same
