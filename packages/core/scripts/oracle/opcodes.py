"""Test oracle: CPython 3.11's own opcode facts and dis.stack_effect values, as JSON on stdout.

Used by packages/core/test/bytecode/opcodes.test.ts:
    /usr/bin/python3.11 -I -S packages/core/scripts/oracle/opcodes.py
"""

import dis
import json
import opcode
import sys

# Opargs that exercise every formula: small counts, flag bits, the UNPACK_EX byte split, EXTENDED_ARG sizes.
OPARGS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 255, 256, 257, 258, 0x1FF, 0x300, 0x1234, 0xFFFF]


def effects():
    rows = []
    for name, code in opcode.opmap.items():
        args = OPARGS if code >= opcode.HAVE_ARGUMENT else [None]
        for arg in args:
            rows.append([name, arg, dis.stack_effect(code, arg, jump=False), dis.stack_effect(code, arg, jump=True)])
    return rows


json.dump(
    {
        "version": sys.version.split()[0],
        "opmap": dis._all_opmap,
        "baseOpmap": opcode.opmap,
        "deopt": dis.deoptmap,
        "cacheEntries": {name: opcode._inline_cache_entries[code] for name, code in opcode.opmap.items()},
        "hasconst": opcode.hasconst,
        "hasname": opcode.hasname,
        "haslocal": opcode.haslocal,
        "hasfree": opcode.hasfree,
        "hascompare": opcode.hascompare,
        "hasjrel": opcode.hasjrel,
        "hasjabs": opcode.hasjabs,
        "HAVE_ARGUMENT": opcode.HAVE_ARGUMENT,
        "EXTENDED_ARG": opcode.EXTENDED_ARG,
        "cmpOp": list(opcode.cmp_op),
        "nbOps": dis._nb_ops,
        "makeFunctionFlags": list(dis.MAKE_FUNCTION_FLAGS),
        "formatValueConverters": [r for _, r in dis.FORMAT_VALUE_CONVERTERS],
        "stackEffects": effects(),
    },
    sys.stdout,
)
