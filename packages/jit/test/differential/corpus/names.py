# Names: del of locals (UnboundLocalError afterwards), conditionally bound locals, walrus in
# conditions and loops, NameError for globals, assert (with and without a message), multi-target
# del, augmented assignment to an unbound local, locals stored and never read again.


# inputs: any
def del_local(x):
    y = x
    del y
    return y  # noqa: F821


# inputs: any
def del_then_rebind(x):
    y = x
    del y
    y = [x]
    return y


# inputs: bool
def conditionally_bound(flag):
    if flag:
        v = "bound"
    return v


# inputs: intlist
def walrus_condition(xs):
    if (n := len(xs)) > 2:
        return n, xs[n - 1]
    return n


# inputs: smallint
def walrus_while(n):
    seen = []
    while (n := n - 1) > 0:
        seen.append(n)
    return seen, n


# inputs: bool
def name_error(flag):
    return undefined_xyz if flag else 0  # noqa: F821


# inputs:
def misspelled_builtin():
    return lenn([1])  # noqa: F821


# inputs: list, key
def del_multiple(xs, k):
    ys = list(xs)
    del xs[k], ys[0]
    return xs, ys


# inputs: any
def assert_plain(x):
    assert x
    return "passed"


# inputs: num
def assert_message(x):
    assert x > 0, f"not positive: {x!r}"
    return x


# inputs:
def augassign_unbound():
    x += 1  # noqa: F821
    return x


# inputs: any
def del_in_loop(x):
    out = []
    for i in range(3):
        v = (i, x)
        out.append(v)
        del v
    try:
        return v  # noqa: F821
    except UnboundLocalError as e:
        return out, str(e)


# inputs: any, any
def dead_stores(a, b):
    # Locals never read again: each value's last use is a later instruction's frame state, where
    # compiled code must still release its reference (the harness compares reference counts).
    kept = [a]
    pair = (a, b)
    for i in range(2):
        again = {i: b}
    text = repr(b)
    return len(text)
