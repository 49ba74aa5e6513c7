// The IR text form on hand-written functions: the canonical text parses and prints back unchanged,
// every kind of immediate has a text form, and malformed text fails with the line and column.

import { describe, expect, it } from "vitest";

import { funcDifference, funcEquals } from "../../src/hir/equal.js";
import { Func } from "../../src/hir/function.js";
import { funcToDot } from "../../src/hir/dot.js";
import { OPS, type ImmKind } from "../../src/hir/ops.js";
import { IrSyntaxError, parseFunc } from "../../src/hir/parser.js";
import { printFunc, slotName } from "../../src/hir/printer.js";
import { Type } from "../../src/hir/types.js";
import { verifyFunc } from "../../src/hir/verifier.js";
import { dedent, irText } from "../fixtures/ir.js";

/** A valid function using every immediate kind, typed parameters and results, a landing block. */
const CANONICAL = dedent(`
  func 'mod.f' name='f' file='dir/t.py' line=3 flags=0x3 argcount=2 posonly=1 kwonly=0
  slots 'a':0x20 'b':0x20 'weird name':0x20 'b':0x40
  names 'g' 'attr'
  bb0(v0, v1:int):
      v2 = null
      v3 = const 1 #1
      v4 = binary_op add v0, v3 @2 [v0 v1 v2 v2 | v0 v3]
      v5:int = binary_op inplace_floor_divide v4, v1 @4 [v0 v1 v2 v2 | v4 v1]
      v6 = compare_op <= v5, v1 @6 [v0 v1 v2 v2 | v5 v1]
      v7 = unary_op invert v6 @8 [v0 v1 v2 v2 | v6]
      v8 = load_global 'g' @10 [v0 v1 v2 v2 | ]
      v9 = call ('k',) v8, v7, v5 @12 [v0 v1 v2 v2 | v2 v8 v7 v5]
      v10 = call () v8 @14 [v0 v1 v2 v2 | v2 v8]
      v11 = call_method ('x', 'y') v2, v8, v9, v10 @16 [v0 v1 v2 v2 | v2 v8 v9 v10]
      v12 = format_value ascii v11 @18 [v0 v1 v2 v2 | v11]
      store_local $b v12
      store_local $#2 v12
      store_local $#3 v12
      v13 = refine <(int|str)?> v2
      v14 = refine <str['x y']> v12
      v15 = const <code 'mod.f.<locals>.g'> #2
      v16 = make_function 0 v15 @20 [v0 v1 v2 v2 | v15]
      v17 = truth v14 @22 [v0 v1 v2 v2 | v14]
      v18 = load_attr 'attr' v16 @24 [v0 v1 v2 v2 | v16] unwind bb2(v0, v1)
      jump bb1()
  bb1():
      branch v17, bb3(v18), bb3(v5)
  bb2(v20, v21:int):
      v22 = catch_lasti
      v23 = catch
      reraise 1 v23, v22 @26 [v20 v21 v2 v2 | v22 v23]
  bb3(v30):
      v31 = cbool 1
      v32 = box_bool v31
      v33 = const (1, 'two', (None, float('nan'), -0.0), b'\\x00') #0
      v34 = const 3
      return v32
`);

const CONSTS_CODE = { kind: "code", value: { qualname: "mod.f.<locals>.g" } } as const;

/** Two sample values per kind of immediate (edge cases second). */
const IMM_SAMPLES: Readonly<Record<string, readonly unknown[]>> = {
  const: [{ value: { kind: "int", value: 1n }, index: null }, { value: { kind: "str", value: "a'\"\\" }, index: 0 }],
  name: ["attr", "with space'\""],
  local: [0, 2],
  int: [1, 0],
  binop: ["add", "inplace_true_divide"],
  cmp: ["<=", "!="],
  unop: ["neg", "invert"],
  names: [["k"], []],
  conv: ["repr", "none"],
  type: [Type.exact("int"), Type.union("str", "bytes").withNull()],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  f64: [-0, Number.NaN],
  nop: ["mul", "floordiv"],
  ncmp: ["lt", "ne"],
};

/** An operand count the variadic operation accepts with these immediates. */
function variadicOperands(op: string, imms: readonly unknown[]): number {
  switch (op) {
    case "raise": return imms[0] as number;
    case "reraise": return imms[0] ? 2 : 1;
    case "make_function": return 1;
    case "build_slice": return 2;
    case "format_value": return 2;
    case "call": return 1 + (imms[0] as string[]).length;
    case "call_method": return 2 + (imms[0] as string[]).length;
    default: return 2;
  }
}

function parseError(text: string): IrSyntaxError {
  try {
    parseFunc(text);
  } catch (e) {
    if (e instanceof IrSyntaxError) return e;
    throw new Error(`expected an IrSyntaxError, got ${String(e)}`);
  }
  throw new Error("expected an IrSyntaxError, parsed fine");
}

/** Replaces one line (1-based) of the canonical text. */
function withLine(n: number, line: string): string {
  const lines = CANONICAL.split("\n");
  lines[n - 1] = line;
  return lines.join("\n");
}

describe("IR text form", () => {
  it("parses canonical text and prints it back unchanged", () => {
    const f = parseFunc(CANONICAL);
    expect(verifyFunc(f)).toEqual([]);
    expect(printFunc(f)).toBe(CANONICAL);
    expect(funcEquals(parseFunc(printFunc(f)), f)).toBe(true);
  });

  it("covers the Python-level immediate kinds and keeps their values", () => {
    const f = parseFunc(CANONICAL);
    const used = new Set<ImmKind>();
    for (const inst of f.instructions()) for (const k of OPS.get(inst.op)!.imms) used.add(k);
    const pythonLevel: ImmKind[] = ["const", "name", "local", "int", "binop", "cmp", "unop", "names", "conv", "type"];
    expect([...used].sort()).toEqual([...pythonLevel].sort());
    const insts = [...f.instructions()];
    const byResult = (v: number) => insts.find((i) => i.results.includes(v as never))!;
    expect(byResult(3).imms[0]).toEqual({ value: { kind: "int", value: 1n }, index: 1 });
    expect(byResult(5).imms).toEqual(["inplace_floor_divide"]);
    expect(byResult(6).imms).toEqual(["<="]);
    expect(byResult(7).imms).toEqual(["invert"]);
    expect(byResult(9).imms).toEqual([["k"]]);
    expect(byResult(10).imms).toEqual([[]]);
    expect(byResult(11).imms).toEqual([["x", "y"]]);
    expect(byResult(12).imms).toEqual(["ascii"]);
    expect((byResult(13).imms[0] as Type).equals(Type.union("int", "str").withNull())).toBe(true);
    expect(insts.filter((i) => i.op === "store_local").map((i) => i.imms[0])).toEqual([1, 2, 3]);
    expect(byResult(16).imms).toEqual([0]);
    expect(f.code.consts.length).toBe(3);
    expect(f.code.consts[2]).toMatchObject({ kind: "code", value: { qualname: "mod.f.<locals>.g" } });
    expect(f.typeOf(5 as never).toString()).toBe("int");
    expect(f.typeOf(21 as never).toString()).toBe("int");
    expect(f.typeOf(17 as never).toString()).toBe("cbool");
  });

  it("prints and parses every operation of the op table, with every kind of immediate", () => {
    // One instruction per operation, built through the Func API from the table alone: operand and
    // result counts, immediates (a sample per kind), a frame state where the operation raises or
    // deoptimizes, targets for terminators. A new kind of immediate needs a sample here.
    const kinds = new Set([...OPS.values()].flatMap((d) => d.imms));
    const missing = [...kinds].filter((k) => !(k in IMM_SAMPLES));
    expect(missing, "immediate kinds without a sample in this test").toEqual([]);
    for (const def of OPS.values()) {
      for (const sample of [0, 1]) {
        const f = new Func({ ...parseFunc(CANONICAL).code, consts: [] });
        const entry = f.newBlock();
        const params = [0, 1].map(() => f.addParam(entry));
        const target = f.newBlock();
        const imms = def.imms.map((k) => IMM_SAMPLES[k]![sample % IMM_SAMPLES[k]!.length]);
        const operands = def.operands === "variadic" ? variadicOperands(def.name, imms) : def.operands;
        const flags = def.flags as { raises?: boolean; deopts?: boolean; terminator?: boolean };
        const state = flags.raises || flags.deopts ? { offset: 8, locals: [params[0]!, params[1]!, params[0]!, params[1]!], stack: [params[1]!] } : null;
        f.append(entry, def.name, Array.from({ length: operands }, (_, i) => params[i % 2]!), imms, {
          frameState: state,
          targets: Array.from({ length: flags.terminator ? (def.targets ?? 0) : 0 }, () => ({ block: target, args: [] })),
        });
        if (!flags.terminator) f.append(entry, "jump", [], [], { targets: [{ block: target, args: [] }] });
        f.append(target, "return", [params[0]!]);
        const text = printFunc(f);
        const back = parseFunc(text);
        expect(funcDifference(back, f), `${def.name}:\n${text}`).toBeNull();
        expect(printFunc(back)).toBe(text);
      }
    }
  });

  it("names slots by name when that is unambiguous, by index otherwise", () => {
    const f = parseFunc(CANONICAL);
    expect([0, 1, 2, 3].map((i) => slotName(f, i))).toEqual(["$a", "$b", "$#2", "$#3"]);
  });

  it("resolves code constants from co_consts when given", () => {
    const consts = [{ kind: "none" }, { kind: "int", value: 1n }, CONSTS_CODE] as never;
    const f = parseFunc(CANONICAL, { consts });
    expect(f.code.consts[2]).toBe(CONSTS_CODE);
    expect(printFunc(f)).toBe(CANONICAL);
  });

  it("ignores comments, blank lines and spacing", () => {
    const noisy = CANONICAL.replace(/\n/g, "   ; a comment; with 'quotes'\n\n")
      .replace("v4 = binary_op add v0, v3", "v4   =   binary_op   add v0 ,  v3")
      .replace("'attr' v16", "'attr'  v16");
    expect(printFunc(parseFunc(noisy))).toBe(CANONICAL);
    // A `;` inside a string is not a comment.
    const f = parseFunc(irText(`
      bb0(v0):
          v1 = const 'a;b'
          return v1
    `));
    expect(printFunc(f)).toContain("v1 = const 'a;b'");
  });

  it("tells functions apart by their first difference", () => {
    const f = parseFunc(CANONICAL);
    const differ = (n: number, line: string) => funcDifference(parseFunc(withLine(n, line)), f);
    expect(differ(1, "func 'mod.f' name='f' file='dir/t.py' line=4 flags=0x3 argcount=2 posonly=1 kwonly=0")).toBe("firstLineNo: 4 vs 3");
    expect(differ(3, "names 'g' 'other'")).toBe("names differ");
    expect(differ(7, "    v4 = binary_op subtract v0, v3 @2 [v0 v1 v2 v2 | v0 v3]")).toBe("bb0 instruction 2: immediate 0");
    expect(differ(7, "    v4 = binary_op add v0, v3 @4 [v0 v1 v2 v2 | v0 v3]")).toBe("bb0 instruction 2: frame state offset");
    expect(differ(7, "    v4 = binary_op add v0, v3 @2 [v0 v1 v2 v2 | v3 v3]")).toBe("bb0 instruction 2: frame state values");
    expect(differ(7, "    v4:int = binary_op add v0, v3 @2 [v0 v1 v2 v2 | v0 v3]")).toBe("bb0 instruction 2: type of v4");
    expect(differ(27, "    branch v17, bb3(v5), bb3(v5)")).toBe("bb1 instruction 0: targets");
    expect(differ(28, "bb2(v20, v21):")).toBe("type of v21");
  });

  it("reports malformed text with line and column", () => {
    const cases: [string, number, number, RegExp][] = [
      [withLine(7, "    v4 = binary_opp add v0, v3"), 7, 20, /unknown operation 'binary_opp'/],
      [withLine(7, "    v4 = binary_op add v0, x3"), 7, 28, /expected \^v\\d\+/],
      [withLine(28, "bb1(v20, v21:int):"), 28, 4, /block bb1 defined twice/],
      [withLine(28, "bb2(v20, v0):"), 28, 12, /value v0 defined twice/],
      [withLine(7, "    v4 = binary_op add v0, v3 @2 [v0 v1 v2 v2 | v0 v3] extra"), 7, 56, /unexpected text/],
      [withLine(27, "    branch bb3(v18), v17, bb3(v5)"), 27, 22, /operands must come before targets/],
      [withLine(10, "    v8 = load_global 'g @10 [v0 v1 v2 v2 | ]"), 10, 22, /unterminated string/],
      [withLine(1, "func 'mod.f' name='f' file='dir/t.py' flags=0x3"), 1, 39, /expected 'line='/],
      [withLine(4, "    v2 = null"), 4, 5, /instruction outside a block/],
      [withLine(4, "bb0(v0, v1:int)"), 4, 16, /expected ':'/],
      [withLine(7, "    v4 = binary_op add v0, v3 @2 [v0 v1 v2 v2 v0 v3]"), 7, 52, /expected \^v\\d\+/],
      [withLine(8, "    v5:int = binary_op inplace_floor_divide v4, v1 @4 [v0 v1 v2 v2 | v4 v1] unwind bb9("), 8, 88, /expected \^v\\d\+/],
    ];
    for (const [text, line, column, message] of cases) {
      const e = parseError(text);
      expect(e.message, text.split("\n")[line - 1]).toMatch(message);
      expect([e.line, e.column], `${e.message}`).toEqual([line, column]);
      expect(e.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
    }
    expect(parseError("func 'f' name='f' file='t.py' line=1 flags=0x3 argcount=0 posonly=0 kwonly=0\nslots\nnames\n").message).toMatch(/no blocks/);
    expect(parseError("func 'f' name='f'").message).toMatch(/line 1, column 1: unexpected end of input/);
    expect(parseError("func 'f' name='f'\nslots\nnames\nbb0():\n    return v0\n").message).toMatch(/line 1, column 18: expected 'file='/);
  });

  // Regression (fixed): these errors point past the offending token (at the end of the line or of the
  // token), and empty input is reported at line 0. Each expectation is the token's own position.
  it("points the column at the offending token", () => {
    const cases: [string, number, number, RegExp][] = [
      [withLine(7, "    v3 = binary_op add v0, v3 @2 [v0 v1 v2 v2 | v0 v3]"), 7, 5, /value v3 defined twice/],
      [withLine(7, "    v4, v40 = binary_op add v0, v3 @2 [v0 v1 v2 v2 | v0 v3]"), 7, 5, /binary_op has 1 results, 2 written/],
      [withLine(15, "    store_local $c v12"), 15, 17, /no slot named 'c'/],
      [withLine(18, "    v13 = refine <intt> v2"), 18, 19, /unknown type name 'intt'/],
      [withLine(11, "    v9 = call ['k'] v8, v7, v5"), 11, 15, /expected a tuple of names/],
      ["", 1, 1, /unexpected end of input|expected 'func'/],
    ];
    for (const [text, line, column, message] of cases) {
      const e = parseError(text);
      expect(e.message).toMatch(message);
      expect.soft([e.line, e.column], `${e.message}`).toEqual([line, column]);
    }
  });

  it("draws the CFG in DOT with unwind edges dashed", () => {
    const dot = funcToDot(parseFunc(CANONICAL));
    expect(dot.startsWith('digraph "mod.f" {')).toBe(true);
    expect(dot).toContain('label="mod.f (dir/t.py:3)"');
    expect(dot).toContain("bb0 -> bb2 [label=\"v0, v1: int\", style=dashed, color=red, fontcolor=red];");
    expect(dot).toContain('bb1 -> bb3 [label="v18"];');
    expect(dot).toMatch(/bb0 \[label="\{bb0\(v0, v1: int\) entry\|/);
    expect(dot).not.toContain("@2 [");
  });
});
