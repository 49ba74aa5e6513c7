# Attributes: get/set/del on instances, properties (raising, setter, deleter), __getattr__
# fallback, __slots__, class attributes shadowed by instance attributes, attributes of builtins.


class Slotted:
    __slots__ = ("x",)


class Shadow:
    k = "class"


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


# inputs: attrs
def get_attr(o):
    return o.a


# inputs: attrs
def get_property(o):
    return o.p


# inputs: attrs
def get_dynamic(o):
    return o.dyn_x, o.other


# inputs: attrs, any
def set_attr(o, v):
    o.a = v
    return o.a, o


# inputs: attrs
def del_attr(o):
    del o.a
    return hasattr(o, "a")


# inputs: attrs, any
def property_set_del(o, v):
    o.q = v
    r = o.q
    del o.q
    r2 = o.q
    del o.q
    return r, r2


# inputs: attrs, any
def method_call(o, x):
    return o.method(x), o.method()


# inputs: any, str
def getattr_builtin(o, name):
    return getattr(o, name, "default"), hasattr(o, name)


# inputs: any
def slots(v):
    s = Slotted()
    s.x = v
    r = s.x
    s.y = 1
    return r


# inputs: any
def class_attr_shadowing(v):
    o = Shadow()
    before = o.k
    o.k = v
    after = o.k
    del o.k
    return before, after, o.k, Shadow.k


# inputs: any
def attr_on_builtin(x):
    return x.real, x.imag


# inputs: str
def str_methods(s):
    return s.upper().strip().split(), s.encode("utf-8", "surrogatepass"), s.encode()


# inputs: any
def store_attr_on_builtin(x):
    x.foo = 1
    return x


# inputs: num, num
def point_methods(a, b):
    p = Point(a, b)
    p.x = p.x + b
    return p.norm1(), p.x, vars(p)
