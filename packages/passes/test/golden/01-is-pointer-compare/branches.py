# passes: is-pointer-compare, dce
# `is` / `is not` feeding a branch: the branch reads the pointer compare (`test_is`, through
# `cbool_not` for `is not`); the bool object goes (dce), and so does the `truth` of it.
def f(a, b):
    if a is b:
        return 1
    if a is not b:
        return 2
    return 3

def loop(a, sentinel):
    n = 0
    while a is not sentinel:
        a = a.next
        n += 1
    return n

def none_test(a):
    # `is None` in a branch is already `test_is` from the front end (POP_JUMP_IF_NONE); nothing to do.
    if a is None:
        return 0
    return 1
