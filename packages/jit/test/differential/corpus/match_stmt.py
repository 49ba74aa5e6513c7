# match statements: literal, capture, wildcard, sequence (with star), mapping (with **rest),
# class patterns (positional via __match_args__, keyword), guards, or-patterns, `as`, value
# patterns (dotted names), and the TypeError for too many positional sub-patterns.


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class K:
    A = 1
    B = "b"


# inputs: any
def match_literal(x):
    match x:
        case 0 | 1:
            return "zero or one"
        case "a":
            return "a"
        case None:
            return "none"
        case True:
            return "true"
        case 1.5:
            return "one and a half"
        case -2:
            return "minus two"
        case _:
            return "other"


# inputs: any
def match_sequence(x):
    match x:
        case []:
            return "empty"
        case [a]:
            return ("one", a)
        case [a, *rest] if len(rest) > 2:
            return ("long", a, rest)
        case (a, b, c):
            return ("three", a, b, c)
        case [_, *_]:
            return "some sequence"
    return "not a sequence"


# inputs: any
def match_mapping(x):
    match x:
        case {"a": v, **rest}:
            return ("a", v, rest)
        case {1: _}:
            return "has 1"
        case {}:
            return "mapping"
    return "no"


# inputs: any
def match_class(x):
    match x:
        case bool(b):
            return ("bool", b)
        case int(n) if n > 5:
            return ("big int", n)
        case int():
            return "int"
        case str() as s:
            return ("str", s)
        case float(f):
            return ("float", f)
        case Point(x=0, y=yy):
            return ("on y axis", yy)
        case Point(a, b):
            return ("point", a, b)
    return "unknown"


# inputs: num, num
def match_points(a, b):
    return match_class(Point(a, b)), match_class(Point(0, b))


# inputs: any
def match_or_as(x):
    match x:
        case (1 | 2 | 3) as n:
            return ("small", n)
        case [1, _] | [_, 1]:
            return "pair with 1"
        case str(s) | bytes(s):
            return ("text", len(s))
    return None


# inputs: any
def match_value_pattern(x):
    match x:
        case K.A:
            return "K.A"
        case K.B:
            return "K.B"
    return "neither"


# inputs: any
def match_too_many_positional(x):
    match Point(x, x):
        case Point(a, b, c):
            return a, b, c
    return "unreachable"


# inputs: dict
def match_mapping_rest(d):
    match d:
        case {"k0": a, "k1": b, **rest}:
            return a, b, rest
        case {**rest}:
            return rest
