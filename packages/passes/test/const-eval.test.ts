// Differential test of const-fold's evaluator (src/const-fold/evaluate.ts) against CPython 3.11:
// thousands of generated operand pairs, answered by one python3.11 process. Whenever the
// evaluator folds, CPython must compute exactly that value (same type, same bits for floats) and
// must not raise; for int operators, the evaluator folds exactly when CPython's own AST optimizer
// folds the literal expression (the MAX_INT_SIZE limits), except true division, which it folds
// only on the fast path below 2**53.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { BinOp, CompareOp, PyValue, UnaryOp } from "@pyjc/core";
import { foldCompare, foldFloatBinary, foldIntBinary, foldUnary, truthOf } from "../src/const-fold/evaluate.js";
import { PYTHON } from "./helpers/golden.js";

const ORACLE = fileURLToPath(new URL("./oracle/const_ops.py", import.meta.url));
const SEED = Number(process.env.PYJC_FC_SEED ?? 20240611);

type Operand = bigint | number | string;
interface Case {
  readonly kind: "binary" | "compare" | "unary" | "truth";
  readonly type: "int" | "float" | "str";
  readonly op: string;
  readonly a: Operand;
  readonly b?: Operand;
}
interface Answer {
  readonly ok: boolean;
  readonly type?: string;
  readonly value?: string | boolean;
  readonly error?: string;
  readonly ast_folds?: boolean;
}

function floatBits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  return [...new Uint8Array(view.buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function encodeOperand(type: Case["type"], v: Operand): string {
  return type === "float" ? floatBits(v as number) : String(v);
}

function askCPython(cases: readonly Case[]): Answer[] {
  const input = cases
    .map((c) => JSON.stringify({ ...c, a: encodeOperand(c.type, c.a), ...(c.b !== undefined && { b: encodeOperand(c.type, c.b) }) }))
    .join("\n");
  const child = spawnSync(PYTHON, ["-I", "-S", "-W", "ignore", ORACLE], { input, encoding: "utf-8", maxBuffer: 1 << 28 });
  if (child.status !== 0) throw new Error(child.stderr);
  return child.stdout.trim().split("\n").map((l) => JSON.parse(l) as Answer);
}

const INT_OPS = ["add", "subtract", "multiply", "floor_divide", "remainder", "power", "lshift", "rshift", "and", "or", "xor", "true_divide"] as const;
const FLOAT_OPS = ["add", "subtract", "multiply", "true_divide", "floor_divide", "remainder", "power"] as const;
const COMPARE_OPS = ["<", "<=", "==", "!=", ">", ">="] as const;

const boundary = [0n, 1n, -1n, 2n, 127n, 128n, 129n, 200n, 255n, 256n, -5n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 127n, -(2n ** 127n)];
const anyInt = fc.oneof(
  fc.bigInt({ min: -300n, max: 300n }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  fc.constantFrom(...boundary),
);
const exponent = fc.oneof(fc.bigInt({ min: -3n, max: 140n }), fc.constantFrom(...boundary));
const specialFloats = [0, -0, 1, -1, 0.1, 3, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN, 2 ** 53];
const anyFloat = fc.oneof(fc.double(), fc.constantFrom(...specialFloats));
const anyStr = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 }), fc.constantFrom("", "a", "\uffff", "\u{10000}", "\ud800"));

const caseArb: fc.Arbitrary<Case> = fc.oneof(
  fc.record({ kind: fc.constant("binary" as const), type: fc.constant("int" as const), op: fc.constantFrom(...INT_OPS), a: anyInt, b: anyInt }),
  fc.record({ kind: fc.constant("binary" as const), type: fc.constant("int" as const), op: fc.constantFrom("power", "lshift", "rshift"), a: anyInt, b: exponent }),
  fc.record({ kind: fc.constant("binary" as const), type: fc.constant("float" as const), op: fc.constantFrom(...FLOAT_OPS), a: anyFloat, b: anyFloat }),
  fc.record({ kind: fc.constant("compare" as const), type: fc.constant("int" as const), op: fc.constantFrom(...COMPARE_OPS), a: anyInt, b: anyInt }),
  fc.record({ kind: fc.constant("compare" as const), type: fc.constant("float" as const), op: fc.constantFrom(...COMPARE_OPS), a: anyFloat, b: anyFloat }),
  fc.record({ kind: fc.constant("compare" as const), type: fc.constant("str" as const), op: fc.constantFrom(...COMPARE_OPS), a: anyStr, b: anyStr }),
  fc.record({ kind: fc.constant("unary" as const), type: fc.constant("int" as const), op: fc.constantFrom("neg", "invert"), a: anyInt }),
  fc.record({ kind: fc.constant("unary" as const), type: fc.constant("float" as const), op: fc.constant("neg"), a: anyFloat }),
  fc.record({ kind: fc.constant("truth" as const), type: fc.constant("int" as const), op: fc.constant(""), a: anyInt }),
  fc.record({ kind: fc.constant("truth" as const), type: fc.constant("float" as const), op: fc.constant(""), a: anyFloat }),
  fc.record({ kind: fc.constant("truth" as const), type: fc.constant("str" as const), op: fc.constant(""), a: anyStr }),
);

function pyValue(v: Operand): PyValue {
  if (typeof v === "bigint") return { kind: "int", value: v };
  if (typeof v === "number") return { kind: "float", value: v };
  return { kind: "str", value: v };
}

/** What the evaluator says, in the oracle's encoding, or null when it does not fold. */
function evaluate(c: Case): Answer | null {
  const a = pyValue(c.a);
  const b = c.b === undefined ? null : pyValue(c.b);
  let result: PyValue | boolean | null;
  switch (c.kind) {
    case "binary":
      result = a.kind === "int" && b?.kind === "int" ? foldIntBinary(c.op as BinOp, a.value, b.value)
        : a.kind === "float" && b?.kind === "float" ? foldFloatBinary(c.op as BinOp, a.value, b.value) : null;
      break;
    case "compare": result = foldCompare(c.op as CompareOp, a, b!); break;
    case "unary": result = foldUnary(c.op as UnaryOp, a); break;
    case "truth": result = truthOf(a); break;
  }
  if (result === null) return null;
  if (typeof result === "boolean") return { ok: true, type: "bool", value: result };
  if (result.kind === "int") {
    const v = result.value;
    return { ok: true, type: "int", value: v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}` };
  }
  if (result.kind === "float") return { ok: true, type: "float", value: floatBits(result.value) };
  throw new Error(`unexpected result kind ${result.kind}`);
}

describe("const-fold's evaluator against CPython 3.11", () => {
  const cases = fc.sample(caseArb, { numRuns: 6000, seed: SEED });
  for (const op of INT_OPS) for (const a of boundary) for (const b of boundary) cases.push({ kind: "binary", type: "int", op, a, b });
  for (const op of FLOAT_OPS) for (const a of specialFloats) for (const b of specialFloats) cases.push({ kind: "binary", type: "float", op, a, b });
  const answers = askCPython(cases);

  it("folds only to the value CPython computes", () => {
    const wrong: string[] = [];
    cases.forEach((c, i) => {
      const ours = evaluate(c);
      const theirs = answers[i]!;
      if (ours === null) return;
      if (!theirs.ok || theirs.type !== ours.type || theirs.value !== ours.value) {
        wrong.push(`${c.kind} ${c.op} ${String(c.a)} ${String(c.b)}: folded to ${JSON.stringify(ours)}, CPython says ${JSON.stringify(theirs)}`);
      }
    });
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("folds int operators exactly when CPython's AST optimizer does", () => {
    const differ: string[] = [];
    cases.forEach((c, i) => {
      if (c.kind !== "binary" || c.type !== "int" || c.op === "true_divide") return;
      if (c.op === "power" && (c.b as bigint) < 0n) return; // a float result: not folded here
      const ours = evaluate(c) !== null;
      if (ours !== answers[i]!.ast_folds) differ.push(`${String(c.a)} ${c.op} ${String(c.b)}: ours ${ours}, ast_opt ${answers[i]!.ast_folds}`);
    });
    expect(differ.slice(0, 10)).toEqual([]);
  });

  it("folds a useful share of the cases (the test is not vacuous)", () => {
    const folded = cases.filter((c) => evaluate(c) !== null).length;
    expect(folded).toBeGreaterThan(cases.length / 2);
  });
});
