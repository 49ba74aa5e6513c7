# Tuple and star unpacking (UNPACK_SEQUENCE, UNPACK_EX), swaps, unpacking in for-targets, and
# building with stars: [*a, *b], {**d1, **d2}; the errors for too many / too few / non-iterables.


# inputs: iter
def unpack_two(xs):
    a, b = xs
    return b, a


# inputs: iter
def unpack_star(xs):
    a, *b, c = xs
    return a, b, c


# inputs: any
def unpack_nested(xs):
    (a, b), c = xs
    return a, b, c


# inputs: any, any, any
def swaps(a, b, c):
    a, b = b, a
    a, b, c = c, a, b
    return a, b, c


# inputs: dict
def unpack_dict(d):
    first, *rest = d
    k, v = next(iter(d.items()))
    return first, rest, k, v


# inputs: list
def unpack_in_for(xs):
    out = []
    for a, *b in xs:
        out.append((a, b))
    return out


# inputs: iter, iter
def build_with_stars(a, b):
    a = list(a)
    return [*a, *b], (*a, 1), {*a}


# inputs: dict, any
def merge_mappings(d1, d2):
    return {**d1, **d2}, {"x": 0, **d1}


# inputs: str
def unpack_str(s):
    a, *b = s
    *c, d = s
    return a, b, c, d


# inputs: seq
def unpack_exactly_three(xs):
    x, y, z = xs
    return z, y, x
