"""CPython's answer for each constant operation the const-fold tests ask about.

Reads JSON lines {"op": ..., "a": ..., "b": ...} on stdin, where ints are decimal strings, floats
are little-endian IEEE bit patterns in hex and strs are JSON strings; writes one JSON line per case:
{"ok": true, "type": ..., "value": ...} with the result encoded the same way except ints, which
come back as hex() (no digit limit), or {"ok": false, "error": "ZeroDivisionError"}. Powers and
left shifts that would build gigantic ints are not computed ("error": "skipped"). For int binary operators it also says whether
CPython's AST optimizer folds the same expression written with literals ("ast_folds").
"""

import dis
import json
import operator
import struct
import sys

BINARY = {
    "add": ("+", operator.add), "subtract": ("-", operator.sub), "multiply": ("*", operator.mul),
    "floor_divide": ("//", operator.floordiv), "remainder": ("%", operator.mod), "power": ("**", operator.pow),
    "lshift": ("<<", operator.lshift), "rshift": (">>", operator.rshift), "and": ("&", operator.and_),
    "or": ("|", operator.or_), "xor": ("^", operator.xor), "true_divide": ("/", operator.truediv),
}
COMPARE = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">": operator.gt, ">=": operator.ge}
UNARY = {"neg": operator.neg, "invert": operator.invert, "pos": operator.pos}


def decode(kind, text):
    if kind == "int":
        return int(text)
    if kind == "float":
        return struct.unpack("<d", bytes.fromhex(text))[0]
    return text


def encode(value):
    if type(value) is bool:
        return {"ok": True, "type": "bool", "value": value}
    if type(value) is int:
        return {"ok": True, "type": "int", "value": hex(value)}
    if type(value) is float:
        return {"ok": True, "type": "float", "value": struct.pack("<d", value).hex()}
    return {"ok": True, "type": type(value).__name__, "value": repr(value)}


def ast_folds(symbol, a, b):
    code = compile(f"({a!r}) {symbol} ({b!r})", "<case>", "eval")
    return not any(i.opname == "BINARY_OP" for i in dis.get_instructions(code))


def answer(case):
    a = decode(case["type"], case["a"])
    b = decode(case["type"], case["b"]) if "b" in case else None
    kind = case["kind"]
    extra = {}
    try:
        if kind == "binary":
            symbol, fn = BINARY[case["op"]]
            if case["type"] == "int":
                extra["ast_folds"] = ast_folds(symbol, a, b)
                if (case["op"] == "power" and abs(a) > 1 and b > 4096) or (case["op"] == "lshift" and a != 0 and b > 65536):
                    return {"ok": False, "error": "skipped", **extra}
            result = fn(a, b)
        elif kind == "compare":
            result = COMPARE[case["op"]](a, b)
        elif kind == "unary":
            result = UNARY[case["op"]](a)
        else:
            result = bool(a)
    except Exception as e:  # noqa: BLE001 - the exception type is the answer
        return {"ok": False, "error": type(e).__name__, **extra}
    return {**encode(result), **extra}


for line in sys.stdin:
    sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
