# passes: simplify-cfg
# Inside a try block every raising instruction has an unwind edge and ends its block with a jump
# to a fresh block. That block is not merged back: the unwinding instruction must stay the last
# one before its block's jump, and its result exists only on the normal path. The landing blocks
# (catch) are never merged into a predecessor, but what follows them is merged into them.
def f(a):
    try:
        x = a.first
        y = a.second(x)
    except AttributeError as e:
        return e
    return y
