# Calls: positional, keyword, defaults, keyword-only, *args/**kwargs, star-calls (CALL_FUNCTION_EX),
# bound methods, builtins, classes (__init__/__new__), lambdas, super(), and every way a call can
# fail (arity, duplicates, non-str keywords, non-callables).


def _pos(a, b, c=3):
    return (a, b, c)


def _kw(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))


def _defaults(x=(1,), y={"k": 1}):  # noqa: B006 - never mutated: the harness does not reset defaults
    return x, y


class Box:
    def __init__(self, v, *, scale=2):
        if v is None:
            raise ValueError("Box(None)")
        self.v = v
        self.scale = scale

    def get(self, extra=0):
        return self.v * self.scale if isinstance(self.v, (int, float)) else (self.v, extra)

    @classmethod
    def make(cls, v):
        return cls(v, scale=3)

    @staticmethod
    def static(a, b=1):
        return (a, b)


class Base:
    def hello(self, x):
        return ("Base", x)


class Derived(Base):
    def hello(self, x):
        return ("Derived", super().hello(x))


class Singleton:
    _made = 0

    def __new__(cls, v):
        if v == 0:
            return "not an instance"
        return super().__new__(cls)

    def __init__(self, v):
        self.v = v


# inputs: any, any
def call_positional(a, b):
    return _pos(a, b), _pos(a, b, a)


# inputs: any, any
def call_keywords(a, b):
    return _kw(a, c=b), _kw(b, a, c=1, e=a), _pos(b=a, a=b)


# inputs: any
def call_defaults(v):
    return _defaults(), _defaults(v), _defaults(y=v), _defaults(v, v)


# inputs: iter, dict
def call_star(xs, d):
    return _kw(*xs, c=1, **d)


# inputs: iter
def call_star_only(xs):
    return _pos(*xs)


# inputs: dict
def call_double_star(d):
    return dict(**d), _pos(1, 2, **d)


# inputs: any
def call_bound_method(o):
    m = o.__repr__
    lst = []
    app = lst.append
    app(o)
    app(m())
    return lst


# inputs: iter
def call_builtins(xs):
    return sorted(xs), len(list(xs)), max([1, 2], default=None), list(map(str, [1, 2]))


# inputs: any
def call_class(v):
    b = Box(v)
    return b.get(), Box.make(v).get(1), Box.static(v), Box.static(a=v, b=v)


# inputs: any
def call_noncallable(x):
    return x()


# inputs: callable, any
def call_callable(f, x):
    return f(x)


# inputs: smallint
def call_wrong_arity(n):
    return _pos(*range(n))


# inputs: any
def call_kwonly_missing(x):
    return _kw(x)


# inputs: any
def call_duplicate_kw(x):
    return _kw(1, a=2, c=x)


# inputs: any
def call_lambda(x):
    f = lambda a, *r, k=3, **kw: (a, r, k, kw)  # noqa: E731
    return f(x), f(x, x, k=x), f(x, z=x)


# inputs: any
def call_super(x):
    return Derived().hello(x), Base().hello(x)


# inputs: smallint
def call_new_returns_other(v):
    s = Singleton(v)
    return type(s).__name__, getattr(s, "v", None)


# inputs: any, any
def varargs(*args):
    return args, len(args)


# inputs: any
def call_unhashable_kwargs(x):
    return _pos(**{x: 1})


# inputs: smallint, smallint
def call_method_chain(a, b):
    return "-".join(str(i) for i in range(a)).split("-")[:b], [1, 2, 3].index(2), "abc".find("c", a)
