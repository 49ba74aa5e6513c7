# passes: fast-locals
# function: f
# A variable a closure captures lives in a cell; its slot's store stays (and the plain local y's
# store waits for it, like for any instruction that may run code).
def f(a):
    y = a
    c = 1
    def g():
        return c
    c = 2
    return g, y
