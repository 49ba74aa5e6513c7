"""Generate packages/core/src/bytecode/opcode-table.ts from CPython 3.11's own opcode tables.

Run from the repository root with Debian's interpreter (never a pyenv/venv python, whose opcode
module may belong to another version):

    /usr/bin/python3.11 packages/core/scripts/gen-opcodes.py

With --stdout it prints the file instead of writing it (a test compares that with the committed
file, so a stale table fails the tests).

Everything the generated file states is read from `opcode` and `dis`; the only hand-written
knowledge here is the short list of which jumps are unconditional and which opcodes end a block,
because CPython keeps that in C (compile.c) rather than in a Python table.
"""

import dis
import opcode
import os
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit(f"gen-opcodes.py must run under CPython 3.11, not {sys.version.split()[0]}")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "bytecode", "opcode-table.ts")

# Jumps that always transfer control; every other relative jump is conditional (POP_JUMP_*,
# JUMP_IF_*_OR_POP, FOR_ITER, SEND). Mirrors IS_UNCONDITIONAL_JUMP_OPCODE in compile.c.
UNCONDITIONAL_JUMPS = {"JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT"}
# Opcodes after which control never falls through (IS_SCOPE_EXIT_OPCODE plus unconditional jumps).
TERMINATORS = {"RETURN_VALUE", "RAISE_VARARGS", "RERAISE"} | UNCONDITIONAL_JUMPS


def flags_of(code):
    flags = []
    for flag, table in (
        ("const", opcode.hasconst),
        ("name", opcode.hasname),
        ("local", opcode.haslocal),
        ("free", opcode.hasfree),
        ("compare", opcode.hascompare),
    ):
        if code in table:
            flags.append(flag)
    name = opcode.opname[code]
    if (code in opcode.hasjrel or code in opcode.hasjabs) and name not in UNCONDITIONAL_JUMPS:
        flags.append("conditional")
    if name in TERMINATORS:
        flags.append("terminator")
    return flags


def jump_of(code):
    if code in opcode.hasjabs:
        return "absolute"
    if code in opcode.hasjrel:
        # The same test dis uses (_is_backward_jump): backward jumps subtract their oparg.
        return "backward" if "JUMP_BACKWARD" in opcode.opname[code] else "forward"
    return "none"


def ts_list(items):
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


def main():
    lines = []
    w = lines.append
    w("// GENERATED FILE, do not edit. Regenerate from the repository root with:")
    w("//   /usr/bin/python3.11 packages/core/scripts/gen-opcodes.py")
    w(f"// Source: CPython {sys.version.split()[0]} `opcode` and `dis` modules.")
    w("//")
    w("// Raw facts only; opcodes.ts joins them with the stack effects into OpcodeInfo records.")
    w("")
    w(f"export const HAVE_ARGUMENT = {opcode.HAVE_ARGUMENT};")
    w(f"export const EXTENDED_ARG = {opcode.EXTENDED_ARG};")
    w(f"export const CACHE = {opcode.opmap['CACHE']};")
    w("")
    w("/** Base opcodes: what the compiler emits and what `co_code` holds. */")
    w("export const BASE_OPCODES = [")
    for code, name in enumerate(opcode.opname):
        if name.startswith("<"):
            continue
        w(
            f'  {{ name: "{name}", code: {code}, cacheEntries: {opcode._inline_cache_entries[code]}, '
            f'jump: "{jump_of(code)}", flags: {ts_list(flags_of(code))} }},'
        )
    w("] as const;")
    w("")
    w("/**")
    w(" * Specialized (quickened) opcodes, found only in the adaptive bytecode (`co_code_adaptive`);")
    w(" * `deopt` names the base opcode they stand for (`opcode._specializations`).")
    w(" */")
    w("export const SPECIALIZED_OPCODES = [")
    for name in opcode._specialized_instructions:
        code = dis._all_opmap[name]
        base = dis.deoptmap[name]
        w(f'  {{ name: "{name}", code: {code}, deopt: "{base}" }},')
    w("] as const;")
    w("")
    w("/** COMPARE_OP oparg -> operator (`opcode.cmp_op`). */")
    w(f"export const COMPARE_OPS = {ts_list(opcode.cmp_op)} as const;")
    w("")
    w("/** BINARY_OP oparg -> [NB_* name, operator symbol] (`dis._nb_ops`, NB_ADD = 0). */")
    w("export const NB_OPS = [")
    for name, sym in dis._nb_ops:
        w(f'  ["{name}", "{sym}"],')
    w("] as const;")
    w("")
    w("/** MAKE_FUNCTION oparg bits, in the order of `dis.MAKE_FUNCTION_FLAGS` (bit 0 first). */")
    w(f"export const MAKE_FUNCTION_FLAG_NAMES = {ts_list(dis.MAKE_FUNCTION_FLAGS)} as const;")
    w("")
    w("/** FORMAT_VALUE oparg & 3 -> conversion (`dis.FORMAT_VALUE_CONVERTERS`). */")
    w(f"export const FORMAT_VALUE_CONVERSIONS = {ts_list(r for _, r in dis.FORMAT_VALUE_CONVERTERS)} as const;")
    w("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    if "--stdout" in sys.argv[1:]:
        sys.stdout.write(text)
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.normpath(OUT)}")


main()
