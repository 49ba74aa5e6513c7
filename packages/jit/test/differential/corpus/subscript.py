# Subscripts and slices: get/set/del with ints (negative, out of range, huge, bool, __index__),
# slices (steps, empty, reversed, zero step), dict keys (unhashable, __missing__), odd mappings.


# inputs: container, key
def getitem(c, k):
    return c[k]


# inputs: container, key, any
def setitem(c, k, v):
    c[k] = v
    return c


# inputs: container, key
def delitem(c, k):
    del c[k]
    return c


# inputs: seq, key, key
def slice_get(s, a, b):
    return s[a:b], s[a:], s[:b], s[:]


# inputs: seq, key, key, key
def slice_step(s, a, b, c):
    return s[a:b:c]


# inputs: list, key, key, iter
def slice_set(xs, a, b, vals):
    xs[a:b] = vals
    return xs


# inputs: list, key, key, key
def slice_del(xs, a, b, c):
    del xs[a:b:c]
    return xs


# inputs: seq
def constant_indices(xs):
    # Constant-index access (the OPT-3 case): in range, negative, out of range.
    return xs[0], xs[-1], xs[1], xs[len(xs) - 1]


# inputs: list, key
def augassign_item(xs, k):
    xs[k] += 1
    xs[k] *= 2
    return xs


# inputs: key, any
def dict_build_and_access(k, v):
    d = {k: v, "x": 1}
    d[k] = d.get(k, 0)
    return d, d[k], len(d)


# inputs: tuple, key
def store_into_tuple(t, k):
    t[k] = 1
    return t


# inputs: str, key
def str_index(s, k):
    return s[k], s[k:], s[::-1]


# inputs: dict, key
def nested_subscript(d, k):
    d["inner"] = [k, [k]]
    return d["inner"][1][0], d["inner"][-1]


# inputs: intlist
def list_index_loop(xs):
    total = 0
    for i in range(len(xs)):
        total += xs[i] * i
        xs[i] = total
    return total, xs
