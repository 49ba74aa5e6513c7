"""Odd values for differential tests: objects whose dunder methods return odd things or raise.

The arbitraries in `inputs.ts` write Python source such as `EqOdd(3, 1)` or `IterOdd([1, 2], 1)`;
the differential harness evaluates that source in this module's namespace, once per run, so every
run gets fresh objects in the same state.

Every dunder call is appended to `LOG` (the harness clears it before a call and compares it after):
a compiled function must call the same special methods, as often, in the same order, as the
interpreter does. Reprs are deterministic (no addresses) and never raise, except `ReprOdd`'s on
purpose. Nothing here keeps state between calls except `LOG`.
"""

LOG = []
LOG_LIMIT = 10_000


def _log(*parts):
    # A runaway loop driven by an odd object (e.g. the old sequence protocol that never hits
    # IndexError) stops here, deterministically, instead of eating all memory.
    if len(LOG) >= LOG_LIMIT:
        raise RuntimeError(f"zoo: more than {LOG_LIMIT} dunder calls in one call (runaway loop?)")
    LOG.append(" ".join(str(p) for p in parts))


class BoolRaises:
    """`bool(x)` raises RuntimeError."""

    def __bool__(self):
        _log("BoolRaises.bool")
        raise RuntimeError("BoolRaises.__bool__")

    def __repr__(self):
        return "BoolRaises()"


class BoolOdd:
    """`__bool__` returns `v`, which need not be a bool (TypeError for an int or a str)."""

    def __init__(self, v):
        self.v = v

    def __bool__(self):
        _log("BoolOdd.bool", repr(self.v))
        return self.v

    def __repr__(self):
        return f"BoolOdd({self.v!r})"


class EqOdd:
    """Rich comparisons that return non-bools, chosen by `mode`:
    0 a one-item list (truthy), 1 None, 2 NotImplemented, 3 "" (falsy str), 4 raise ValueError,
    5 a BoolRaises (raises when tested for truth)."""

    def __init__(self, v, mode=0):
        self.v = v
        self.mode = mode

    def _cmp(self, op):
        _log("EqOdd." + op, repr(self.v), self.mode)
        m = self.mode
        if m == 0:
            return [self.v]
        if m == 1:
            return None
        if m == 2:
            return NotImplemented
        if m == 3:
            return ""
        if m == 4:
            raise ValueError(f"EqOdd.__{op}__")
        return BoolRaises()

    def __eq__(self, other):
        return self._cmp("eq")

    def __ne__(self, other):
        return self._cmp("ne")

    def __lt__(self, other):
        return self._cmp("lt")

    def __le__(self, other):
        return self._cmp("le")

    def __gt__(self, other):
        return self._cmp("gt")

    def __ge__(self, other):
        return self._cmp("ge")

    def __hash__(self):
        _log("EqOdd.hash")
        return hash(self.v)

    def __repr__(self):
        return f"EqOdd({self.v!r}, {self.mode})"


class LenOdd:
    """`__len__` returns `n` (negative: ValueError, >= 2**63: OverflowError, a str: TypeError).
    No `__bool__`, so truth tests go through `__len__` too."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        _log("LenOdd.len", repr(self.n))
        return self.n

    def __repr__(self):
        return f"LenOdd({self.n!r})"


class Idx:
    """An index-like object: `__index__` returns `n` (which may be a non-int: TypeError)."""

    def __init__(self, n):
        self.n = n

    def __index__(self):
        _log("Idx.index", repr(self.n))
        return self.n

    def __repr__(self):
        return f"Idx({self.n!r})"


class HashOdd:
    """`__hash__` returns `h` (a huge int is reduced by Python, a str is a TypeError);
    equal to another HashOdd with the same `h`."""

    def __init__(self, h):
        self.h = h

    def __hash__(self):
        _log("HashOdd.hash", repr(self.h))
        return self.h

    def __eq__(self, other):
        _log("HashOdd.eq")
        return isinstance(other, HashOdd) and self.h == other.h

    def __repr__(self):
        return f"HashOdd({self.h!r})"


class IterOdd:
    """Iterates over `items`, raising ValueError before item number `fail_at` (-1: never)."""

    def __init__(self, items, fail_at=-1):
        self.items = items
        self.fail_at = fail_at

    def __iter__(self):
        _log("IterOdd.iter")
        for i, x in enumerate(self.items):
            if i == self.fail_at:
                raise ValueError(f"IterOdd failed at {i}")
            yield x
        if self.fail_at == len(self.items):
            raise ValueError(f"IterOdd failed at {self.fail_at}")

    def __repr__(self):
        return f"IterOdd({self.items!r}, {self.fail_at!r})"


class SeqOdd:
    """The old sequence protocol: `__getitem__` with ints until IndexError, and `__len__`; no
    `__iter__`. Iteration, `in` and unpacking go through `__getitem__`."""

    def __init__(self, items):
        self.items = list(items)

    def __getitem__(self, i):
        _log("SeqOdd.getitem", repr(i))
        return self.items[i]

    def __len__(self):
        _log("SeqOdd.len")
        return len(self.items)

    def __repr__(self):
        return f"SeqOdd({self.items!r})"


class MapOdd:
    """Subscripts are logged and echoed: `m[k]` is `("got", k)` unless `k` is in `missing`,
    which raises KeyError; stores and deletes are logged and kept. Not iterable (`__iter__` is
    None), so `in` and `for` do not fall back to calling `__getitem__(0), (1), ...` forever."""

    __iter__ = None

    def __init__(self, missing=()):
        self.missing = tuple(missing)
        self.stored = {}

    def __getitem__(self, k):
        _log("MapOdd.getitem", repr(k))
        if k in self.missing:
            raise KeyError(k)
        return ("got", k)

    def __setitem__(self, k, v):
        _log("MapOdd.setitem", repr(k), repr(v))
        self.stored[repr(k)] = v

    def __delitem__(self, k):
        _log("MapOdd.delitem", repr(k))
        if k in self.missing:
            raise KeyError(k)
        self.stored.pop(repr(k), None)

    def __repr__(self):
        return f"MapOdd({self.missing!r})"


class ContainsOdd:
    """`__contains__` returns `r` (not necessarily a bool; a BoolRaises makes `in` raise)."""

    def __init__(self, r):
        self.r = r

    def __contains__(self, x):
        _log("ContainsOdd.contains")
        return self.r

    def __repr__(self):
        return f"ContainsOdd({self.r!r})"


_BINOPS = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "and", "or",
           "xor", "matmul")


class NumOdd:
    """Every binary operator, reflected and in-place form. With v >= 0 it answers
    `("op", v, type of other)`; with v < 0 it returns NotImplemented (so Python tries the other
    side and may raise TypeError); with v == -1 the in-place forms raise ArithmeticError.
    Unary operators answer `("neg", v)` etc."""

    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return f"NumOdd({self.v!r})"

    def __index__(self):
        _log("NumOdd.index")
        return self.v

    def __bool__(self):
        _log("NumOdd.bool")
        return self.v > 0

    def __neg__(self):
        _log("NumOdd.neg")
        return ("neg", self.v)

    def __pos__(self):
        _log("NumOdd.pos")
        return ("pos", self.v)

    def __invert__(self):
        _log("NumOdd.invert")
        return ("invert", self.v)

    def __abs__(self):
        _log("NumOdd.abs")
        return ("abs", self.v)


def _make_binop(name, prefix):
    def op(self, other):
        _log(f"NumOdd.{prefix}{name}", type(other).__name__)
        if self.v < 0:
            if prefix == "i" and self.v == -1:
                raise ArithmeticError(f"NumOdd.__i{name}__")
            return NotImplemented
        return (prefix + name, self.v, type(other).__name__)
    op.__name__ = f"__{prefix}{name}__"
    return op


for _name in _BINOPS:
    for _prefix in ("", "r", "i"):
        setattr(NumOdd, f"__{_prefix}{_name}__", _make_binop(_name, _prefix))
del _name, _prefix


class IntSub(int):
    """A plain int subclass: not an exact int, so no int fast path may apply."""

    def __repr__(self):
        return f"IntSub({int(self)})"


class IntOver(int):
    """An int subclass that overrides `+`, `==` and `<`."""

    def __add__(self, other):
        _log("IntOver.add")
        return ("IntOver.add", int(self), other)

    def __radd__(self, other):
        _log("IntOver.radd")
        return ("IntOver.radd", other, int(self))

    def __eq__(self, other):
        _log("IntOver.eq")
        return "eq"

    def __lt__(self, other):
        _log("IntOver.lt")
        return 0

    __hash__ = int.__hash__

    def __repr__(self):
        return f"IntOver({int(self)})"


class FloatSub(float):
    def __repr__(self):
        return f"FloatSub({float.__repr__(self)})"


class StrSub(str):
    """A str subclass with its own `__eq__`/`__hash__` (case-insensitive) and `__add__`."""

    def __eq__(self, other):
        _log("StrSub.eq")
        return isinstance(other, str) and self.lower() == other.lower()

    def __hash__(self):
        return hash(self.lower())

    def __add__(self, other):
        _log("StrSub.add")
        return StrSub(str.__add__(self, other))

    def __repr__(self):
        return f"StrSub({str.__repr__(self)})"


class ListSub(list):
    """A list subclass whose `__getitem__` and `__len__` are logged (and `__len__` lies)."""

    def __getitem__(self, i):
        _log("ListSub.getitem", repr(i))
        return list.__getitem__(self, i)

    def __len__(self):
        _log("ListSub.len")
        return list.__len__(self) + 1

    def __repr__(self):
        return f"ListSub({list.__repr__(self)})"


class DictSub(dict):
    """A dict subclass with `__missing__` (returns the key doubled, or raises for an int key)."""

    def __missing__(self, k):
        _log("DictSub.missing", repr(k))
        if isinstance(k, int):
            raise LookupError(f"DictSub missing {k!r}")
        return k * 2

    def __repr__(self):
        return f"DictSub({dict.__repr__(self)})"


class ReprOdd:
    """`repr`/`str`/`format` answer `s`; when `s` is not a str they raise TypeError (as Python
    requires), and `format` with the spec "boom" raises ValueError."""

    def __init__(self, s):
        self.s = s

    def __repr__(self):
        return self.s

    def __str__(self):
        _log("ReprOdd.str")
        return self.s

    def __format__(self, spec):
        _log("ReprOdd.format", spec)
        if spec == "boom":
            raise ValueError("ReprOdd: boom")
        return self.s


class Attrs:
    """Attribute traffic: a plain attribute `a`, a property `p` (raises when `a` is negative),
    a settable/deletable property `q`, and `__getattr__` that answers names starting with "dyn"
    and raises AttributeError for the others."""

    def __init__(self, a):
        self.a = a

    @property
    def p(self):
        _log("Attrs.p")
        if isinstance(self.a, int) and self.a < 0:
            raise ValueError("Attrs.p: negative")
        return ("p", self.a)

    @property
    def q(self):
        _log("Attrs.q.get")
        return self.__dict__.get("_q", "unset")

    @q.setter
    def q(self, v):
        _log("Attrs.q.set")
        self.__dict__["_q"] = v

    @q.deleter
    def q(self):
        _log("Attrs.q.del")
        if "_q" not in self.__dict__:
            raise AttributeError("q is not set")
        del self.__dict__["_q"]

    def __getattr__(self, name):
        _log("Attrs.getattr", name)
        if name.startswith("dyn"):
            return ("dyn", name)
        raise AttributeError(f"'Attrs' object has no attribute {name!r}")

    def method(self, x=1):
        return ("method", self.a, x)

    def __repr__(self):
        return f"Attrs({self.a!r})"


class CM:
    """A context manager: `mode` 0 plain, 1 suppresses exceptions (`__exit__` returns a truthy
    non-bool), 2 `__exit__` raises, 3 `__enter__` raises, 4 `__exit__` returns a BoolRaises."""

    def __init__(self, mode=0, tag="cm"):
        self.mode = mode
        self.tag = tag

    def __enter__(self):
        _log("CM.enter", self.tag)
        if self.mode == 3:
            raise OSError(f"CM.__enter__ {self.tag}")
        return self.tag

    def __exit__(self, et, ev, tb):
        _log("CM.exit", self.tag, et.__name__ if et else None)
        if self.mode == 1:
            return "suppressed"
        if self.mode == 2:
            raise KeyError(f"CM.__exit__ {self.tag}")
        if self.mode == 4:
            return BoolRaises()
        return None

    def __repr__(self):
        return f"CM({self.mode}, {self.tag!r})"


class CallOdd:
    """A callable object: returns its arguments, or raises TypeError when `fail`."""

    def __init__(self, fail=False):
        self.fail = fail

    def __call__(self, *args, **kwargs):
        _log("CallOdd.call", len(args), sorted(kwargs))
        if self.fail:
            raise TypeError("CallOdd refuses")
        return ("called", args, kwargs)

    def __repr__(self):
        return f"CallOdd({self.fail!r})"


ALL = (BoolRaises, BoolOdd, EqOdd, LenOdd, Idx, HashOdd, IterOdd, SeqOdd, MapOdd, ContainsOdd, NumOdd,
       IntSub, IntOver, FloatSub, StrSub, ListSub, DictSub, ReprOdd, Attrs, CM, CallOdd)
