"""Test oracle: what CPython 3.11 itself says about compiled modules, for the cross-checks in
packages/core/test/bytecode/dis-crosscheck.test.ts:
    /usr/bin/python3.11 -I -S packages/core/scripts/oracle/dis_dump.py FILE...

For each file (or {"file", "error"} when it does not compile): the marshalled module code object, and for every code object in it (depth-first,
co_consts order) its attributes, dis.get_instructions(), dis._parse_exception_table(),
co_positions() and co_lines(). EXTENDED_ARG pseudo-instructions are dropped, since the decoder
folds them into the instruction they extend. Lists are positional to keep the JSON small:
  instructions: [offset, opname, arg or null, jump target or null]
  exceptionTable: [start, end, target, depth, lasti]
  positions: [line, endLine, column, endColumn]    lines: [start, end, line]    lineStarts: [offset, line]
"""

import base64
import dis
import hashlib
import json
import marshal
import sys


def walk(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from walk(const)


def digest(data):
    return hashlib.sha256(data).hexdigest()


def describe(code):
    instructions = []
    for ins in dis.get_instructions(code):
        if ins.opname == "EXTENDED_ARG":
            continue
        target = ins.argval if ins.opcode in dis.hasjrel or ins.opcode in dis.hasjabs else None
        instructions.append([ins.offset, ins.opname, ins.arg, target])
    return {
        "qualname": code.co_qualname,
        "name": code.co_name,
        "filename": code.co_filename,
        "firstLineNo": code.co_firstlineno,
        "argCount": code.co_argcount,
        "posOnlyArgCount": code.co_posonlyargcount,
        "kwOnlyArgCount": code.co_kwonlyargcount,
        "stackSize": code.co_stacksize,
        "flags": code.co_flags,
        "nLocals": code.co_nlocals,
        "varNames": list(code.co_varnames),
        "cellVars": list(code.co_cellvars),
        "freeVars": list(code.co_freevars),
        "names": list(code.co_names),
        "constKinds": [type(c).__name__ for c in code.co_consts],
        "codeLength": len(code.co_code),
        "codeSha256": digest(code.co_code),
        "lineTableSha256": digest(code.co_linetable),
        "exceptionTableSha256": digest(code.co_exceptiontable),
        "instructions": instructions,
        "exceptionTable": [[e.start, e.end, e.target, e.depth, e.lasti] for e in dis._parse_exception_table(code)],
        "positions": [list(p) for p in code.co_positions()],
        "lines": [list(l) for l in code.co_lines()],
        "lineStarts": [list(s) for s in dis.findlinestarts(code)],
    }


def main():
    files = []
    for path in sys.argv[1:]:
        try:
            with open(path, "rb") as f:
                module = compile(f.read(), path, "exec", dont_inherit=True)
        except (OSError, SyntaxError, ValueError) as e:
            # The stdlib test suite ships deliberately broken files (badsyntax_*.py and friends).
            files.append({"file": path, "error": f"{type(e).__name__}: {e}"})
            continue
        files.append({
            "file": path,
            "marshal": base64.b64encode(marshal.dumps(module)).decode("ascii"),
            "codes": [describe(c) for c in walk(module)],
        })
    json.dump(files, sys.stdout)


if __name__ == "__main__":
    main()
