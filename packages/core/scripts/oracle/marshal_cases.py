"""Test oracle: real marshal.dumps() output for values of every kind, with a JSON description of
each value, for packages/core/test/bytecode/marshal.test.ts:
    /usr/bin/python3.11 -I -S packages/core/scripts/oracle/marshal_cases.py

Values are described so that JS can compare exactly: ints as decimal strings, floats as repr(),
strings as their UTF-16 code units (so lone surrogates are unambiguous), bytes as hex.
"""

import json
import marshal
import sys


def describe(v):
    if v is None:
        return {"k": "none"}
    if v is Ellipsis:
        return {"k": "ellipsis"}
    if v is StopIteration:
        return {"k": "stopiteration"}
    if isinstance(v, bool):
        return {"k": "bool", "v": v}
    if isinstance(v, int):
        return {"k": "int", "v": str(v)}
    if isinstance(v, float):
        return {"k": "float", "v": repr(v)}
    if isinstance(v, complex):
        return {"k": "complex", "re": repr(v.real), "im": repr(v.imag)}
    if isinstance(v, str):
        units = v.encode("utf-16-le", "surrogatepass")
        return {"k": "str", "u": [int.from_bytes(units[i:i + 2], "little") for i in range(0, len(units), 2)]}
    if isinstance(v, bytes):
        return {"k": "bytes", "hex": v.hex()}
    if isinstance(v, tuple):
        return {"k": "tuple", "items": [describe(x) for x in v]}
    if isinstance(v, list):
        return {"k": "list", "items": [describe(x) for x in v]}
    if isinstance(v, frozenset):
        return {"k": "frozenset", "items": [describe(x) for x in v]}
    if isinstance(v, set):
        return {"k": "set", "items": [describe(x) for x in v]}
    if isinstance(v, dict):
        return {"k": "dict", "entries": [[describe(k), describe(x)] for k, x in v.items()]}
    if hasattr(v, "co_code"):
        return {"k": "code", "qualname": v.co_qualname}
    raise TypeError(type(v))


def fresh(s):
    """The same text as a new, non-interned str object."""
    return "".join(list(s))


VALUES = [
    ("None", None), ("True", True), ("False", False), ("StopIteration", StopIteration), ("Ellipsis", ...),
    ("int 0", 0), ("int 1", 1), ("int -1", -1), ("int max32", 2**31 - 1), ("int min32", -2**31),
    ("long 2**31", 2**31), ("long -2**31-1", -2**31 - 1), ("long 2**45-1", 2**45 - 1),
    ("long -(2**45-1)", -(2**45 - 1)), ("long 2**45", 2**45), ("long 2**60", 2**60),
    ("long -2**60", -2**60), ("long 2**64+1", 2**64 + 1), ("long 10**100", 10**100),
    ("long -10**100", -10**100), ("long 2**1000-1", 2**1000 - 1),
    ("float 0.0", 0.0), ("float -0.0", -0.0), ("float 1.5", 1.5), ("float -2.25", -2.25), ("float 0.1", 0.1),
    ("float 1e300", 1e300), ("float 5e-324", 5e-324), ("float inf", float("inf")),
    ("float -inf", float("-inf")), ("float nan", float("nan")),
    ("complex 1+2j", 1 + 2j), ("complex -0.0+infj", complex(-0.0, float("inf"))),
    ("complex nan-0.0j", complex(float("nan"), -0.0)), ("complex 1e-300j", 1e-300j),
    ("bytes empty", b""), ("bytes 00ff", b"\x00\xff"), ("bytes 0..255", bytes(range(256))),
    ("bytes 100k", bytes(i % 251 for i in range(100_000))),
    ("str empty", fresh("")), ("str ascii", fresh("hello world")), ("str ascii 300", fresh("ab" * 150)),
    ("str interned short", sys.intern("interned_name")), ("str interned long", sys.intern("n" * 300)),
    ("str interned non-ascii", sys.intern("caf\u00e9")),
    ("str latin1", fresh("caf\u00e9")), ("str cjk", fresh("\u65e5\u672c\u8a9e")),
    ("str astral", fresh("\U0001F600 \U0010FFFF")), ("str lone high", fresh("\ud800")),
    ("str lone low", fresh("\udfff")), ("str lone inside", fresh("a\udc80b")),
    ("str surrogate pair as two code points", fresh("\ud83d\ude00")),
    ("str leading bom", fresh("\ufeffx")), ("str nul", fresh("a\x00b")),
    ("str long non-ascii", fresh("\u00e9\u20ac" * 5000)),
    ("tuple empty", ()), ("tuple 1", (1,)), ("tuple nested", (1, (2.5, (fresh("x"), ())), [None])),
    ("tuple 300", tuple(range(300))),
    ("list empty", []), ("list nested", [1, [2, []], (3,)]),
    ("dict empty", {}), ("dict mixed", {1: 2, fresh("a"): [None], (1, 2): {fresh("b"): b"c"}}),
    ("set empty", set()), ("set small", {1, 2, 3}), ("set strs", {fresh("x"), fresh("y")}),
    ("frozenset empty", frozenset()), ("frozenset nested", frozenset({1, frozenset({2, 3})})),
    ("code", compile("def f(x):\n    return x + 1\n", "<case>", "exec")),
]


def cases():
    out = []
    for name, value in VALUES:
        for version in range(5):
            try:
                data = marshal.dumps(value, version)
            except ValueError:
                continue  # e.g. older versions cannot write some kinds
            out.append({"name": name, "version": version, "hex": data.hex(), "top": chr(data[0] & 0x7F),
                        "expect": describe(value)})
    return out


def ref_cases():
    """Values whose marshal data uses TYPE_REF, with how the identities should come back."""
    s = fresh("shared string")
    lst = [1]
    shared = (s, s, lst, lst)
    cyclic = []
    cyclic.append(cyclic)
    return {
        "shared": marshal.dumps(shared).hex(),
        "cyclic": marshal.dumps(cyclic).hex(),
        "sharedCode": marshal.dumps(compile("a = 'x' * 3\nb = 'x' * 3\n", "<refs>", "exec")).hex(),
    }


json.dump({"cases": cases(), "refs": ref_cases()}, sys.stdout)
