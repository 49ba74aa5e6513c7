# Truth tests and boolean operators: `if`, `not`, `and`/`or` (which return an operand),
# conditional expressions, `while` on truthiness; __bool__ that raises or returns a non-bool,
# __len__ that is negative or huge.


# inputs: any
def truth(a):
    if a:
        return "T"
    return "F"


# inputs: any
def not_(a):
    return not a


# inputs: any, any
def and_or(a, b):
    return a and b, a or b


# inputs: any, any, any
def and_or_chain(a, b, c):
    return a and b or c, a or b and c, (a or b) and c


# inputs: seq
def while_truthy(xs):
    n = 0
    while xs and n < 20:
        xs = xs[1:]
        n += 1
    return n, xs


# inputs: any
def bool_builtin(a):
    return bool(a)


# inputs: any, any, any
def ternary(a, b, c):
    return b if a else c


# inputs: any, any
def truth_of_comparison(a, b):
    if (a < b) or (a == b):
        return "le"
    if not (a > b):
        return "not gt"
    return "gt"


# inputs: any
def not_not(a):
    return not not a, a is not None and a, not a or a


# inputs: iter
def any_all_manual(xs):
    seen_true = False
    all_true = True
    for x in xs:
        if x:
            seen_true = True
        else:
            all_true = False
    return seen_true, all_true
