# Class bodies inside functions (their code objects are compiled too): attributes computed from
# arguments, methods, super(), classmethod/staticmethod, properties, metaclass keywords and
# __init_subclass__, comprehensions that cannot see class variables, exceptions in the body,
# del in the class namespace, dataclasses.

import dataclasses


# inputs: any
def class_body_simple(v):
    class C:
        attr = v
        twice = (v, v)

        def get(self):
            return self.attr

        def __repr__(self):
            return "C()"
    c = C()
    return c.get(), C.twice, repr(c), C.__qualname__


# inputs: smallint
def class_comprehension_scope(n):
    class C:
        x = 5
        ys = [x for _ in range(n)]  # noqa: F821 - class variables are not visible here
    return C.ys


# inputs: any
def class_inheritance(v):
    class A:
        def __init__(self, x):
            self.x = x

        def who(self):
            return "A"

        @classmethod
        def build(cls, x):
            return cls(x)

        @staticmethod
        def helper(y):
            return ("helper", y)

    class B(A):
        def __init__(self, x):
            super().__init__([x])

        def who(self):
            return "B>" + super().who()
    b = B.build(v)
    return b.x, b.who(), B.helper(v), isinstance(b, A), [k.__name__ for k in B.__mro__]


# inputs: num, num
def class_dunders(a, b):
    class V:
        def __init__(self, x):
            self.x = x

        def __add__(self, other):
            return V(self.x + (other.x if isinstance(other, V) else other))

        def __eq__(self, other):
            return isinstance(other, V) and self.x == other.x

        __hash__ = None

        def __repr__(self):
            return f"V({self.x!r})"
    return repr(V(a) + V(b)), V(a) == V(a), V(a) + b


# inputs: any
def class_property(v):
    class P:
        def __init__(self):
            self._v = v

        @property
        def v(self):
            if self._v is None:
                raise AttributeError("no v")
            return self._v

        @v.setter
        def v(self, new):
            self._v = (new, "set")
    p = P()
    first = p.v
    p.v = 3
    return first, p.v


# inputs: any
def class_metaclass_keywords(v):
    seen = []

    class Base:
        def __init_subclass__(cls, /, flag=None, **kw):
            seen.append((cls.__name__, flag, sorted(kw)))

    class Child(Base, flag=v, other=1):
        pass
    return seen


# inputs: bool
def class_body_raises(flag):
    class C:
        a = 1
        if flag:
            raise RuntimeError("in class body")
        b = 2
    return C.a + C.b


# inputs: any
def class_namespace_del(x):
    class C:
        a = x
        b = a
        del a
    return C.b, hasattr(C, "a")


# inputs: num, num
def dataclass_in_function(a, b):
    @dataclasses.dataclass(order=True)
    class P:
        x: object
        y: object = 0
    p, q = P(a, b), P(b)
    return repr(p), p == q, dataclasses.astuple(p)
