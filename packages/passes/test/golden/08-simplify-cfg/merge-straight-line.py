# passes: simplify-cfg
# The front end starts every function with an entry block that jumps to the first bytecode block,
# and splits blocks at every bytecode jump target: a block whose only predecessor jumps to it is
# appended to that predecessor, its parameters replaced by the jump's arguments.
def f(a, b):
    x = a + b
    if x:
        y = 1
    else:
        y = 2
    return x * y
