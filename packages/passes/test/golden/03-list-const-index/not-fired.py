# passes: list-const-index, dce
# function: f, comprehension
# arg-types: tuple, -, -
# Left alone: containers nothing proves or suggests to be an exact list (an unknown argument with
# no specialization, a tuple argument, a dict display, a tuple display), non-constant indexes,
# a bool index (lst[True] is lst[1], but the fast path takes exact int keys), indexes too large
# for the native immediate.
def f(t, x, i):
    lst = [1, 2]
    d = {0: 1}
    return t[0], x[0], d[0], (1, 2)[0], lst[i], lst[True], lst[2**40], lst[-2**40]

def comprehension(xs):
    # In 3.11 a comprehension is a call of a nested function: nothing proves what it returns.
    squares = [x * x for x in xs]
    return squares[0]
