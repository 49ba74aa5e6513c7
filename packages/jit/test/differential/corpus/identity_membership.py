# `is`, `is not`, `in`, `not in`: singletons, fresh objects, containment through __contains__,
# __iter__, the old __getitem__ protocol and __eq__ (which may raise or return non-bools).


# inputs: any, any
def is_ops(a, b):
    return a is b, a is not b, a is a


# inputs: any
def is_none(a):
    if a is None:
        return "none"
    if a is not True and a is not False:
        return "other"
    return "bool"


# inputs: any, container
def contains(a, c):
    return a in c, a not in c


# inputs: any
def in_literal_tuple(a):
    return a in (1, 2.0, "x", None, (1, 2)), a not in (-0.0, "é")


# inputs: any
def in_literal_set(a):
    return a in {1, 2, "x", 3.5}


# inputs: any, smallint
def in_range(a, n):
    return a in range(n), a in range(-n, n, 2)


# inputs: any, iter
def contains_via_loop(x, xs):
    for i, y in enumerate(xs):
        if y == x:
            return i
    return -1


# inputs: key, dict
def key_in_dict(k, d):
    if k in d:
        return d[k]
    return "missing"


# inputs: str, str
def substring(a, b):
    return a in b, b in a, "" in a
