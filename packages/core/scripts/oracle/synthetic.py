"""Test oracle: code that the stdlib rarely has, built at run time, for
packages/core/test/bytecode/dis-crosscheck.test.ts:
    /usr/bin/python3.11 -I -S packages/core/scripts/oracle/synthetic.py

- "extendedArgs": modules whose functions need EXTENDED_ARG (opargs > 255, long jumps), described
  exactly as dis_dump.py describes files.
- "adaptive": functions warmed up until the 3.11 specializing interpreter quickened them, with their
  co_code_adaptive bytes and dis.get_instructions(adaptive=True) (specialized opnames).
"""

import base64
import dis
import json
import marshal
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dis_dump import describe, walk  # noqa: E402


def extended_args_source():
    lines = ["def many_locals(flag):"]
    lines += [f"    v{i} = {i * 7 + 1000}" for i in range(300)]  # LOAD_CONST/STORE_FAST > 255
    lines += ["    if flag:"]
    lines += [f"        v{i} = v{i} + v{i + 1}" for i in range(200)]  # forward jump > 255 units
    lines += ["    while flag:"]
    lines += [f"        flag = flag - v{i}" for i in range(200)]  # backward jump > 255 units
    lines += ["    return v0, v299, flag"]
    lines += ["def many_names(o):"]
    lines += [f"    o.attr{i} = g{i}" for i in range(300)]  # STORE_ATTR/LOAD_GLOBAL > 255
    lines += ["    return o"]
    return "\n".join(lines) + "\n"


ADAPTIVE_SOURCE = '''
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

def arithmetic(n):
    total = 0
    f = 0.5
    for i in range(n):
        total = total + i * 2 - 1
        f = f * 1.0001 + 0.5 - f
    return total, f

def containers(items, d):
    out = []
    for i in range(len(items)):
        out.append(items[i])
        d["k"] = items[i]
        a, b = items[i], d["k"]
    return out, d[0] if 0 in d else None, isinstance(out, list)

def attributes(p):
    s = ""
    for _ in range(10):
        p.x = p.x + 1
        s = s + str(p.y)
        if p.x < 100000000:
            s += "a"
    return len(s), Point(1, 2).x

def big_oparg(n):
''' + "".join(f"    w{i} = n + {i}\n" for i in range(270)) + '''    while n > 0:
        n -= 1
    return w0 + w269
'''


def adaptive():
    namespace = {}
    exec(compile(ADAPTIVE_SOURCE, "<adaptive>", "exec"), namespace)
    p = namespace["Point"](1, 2)
    for _ in range(200):
        namespace["arithmetic"](20)
        namespace["containers"]([1, 2, 3], {0: 1})
        namespace["attributes"](p)
        namespace["big_oparg"](3)
    out = []
    for name in ("arithmetic", "containers", "attributes", "big_oparg", "Point"):
        obj = namespace[name]
        code = (obj.__init__ if name == "Point" else obj).__code__
        instructions = []
        for ins in dis.get_instructions(code, adaptive=True):
            base = dis._deoptop(ins.opcode)
            if base == dis.EXTENDED_ARG:
                continue
            target = ins.argval if base in dis.hasjrel or base in dis.hasjabs else None
            instructions.append([ins.offset, ins.opname, ins.arg, target])
        out.append({
            "qualname": code.co_qualname,
            "adaptive": code._co_code_adaptive.hex(),
            "code": code.co_code.hex(),
            "instructions": instructions,
        })
    return out


def main():
    module = compile(extended_args_source(), "<extended-args>", "exec")
    json.dump({
        "extendedArgs": [{
            "file": "<extended-args>",
            "marshal": base64.b64encode(marshal.dumps(module)).decode("ascii"),
            "codes": [describe(c) for c in walk(module)],
        }],
        "adaptive": adaptive(),
    }, sys.stdout)


main()
