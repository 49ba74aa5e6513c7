# passes: is-pointer-compare, dce
# Left alone: no `is` and no boxed condition. `not x` on an unknown object is a truth test that
# may call __bool__ or __len__; `x == y` may call __eq__.
def f(a, b):
    x = not a
    if a == b:
        return x
    return not x
