# passes: dce
# An expression statement whose operation is pure leaves its result unused: `a is None` (is_op)
# and its None constant go. Everything that can raise or has an effect stays, however unused.
def f(a, b):
    a is None
    a is not b
    a.attr
    return b
