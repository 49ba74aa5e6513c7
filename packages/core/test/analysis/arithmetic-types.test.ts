// The result rules of binary operators, checked against CPython: for every operator and every
// combination of operand types the analysis reasons about (exact int, bool, float and their
// unions), each concrete result python3.11 produces must be a member of the inferred type. A rule
// that is too narrow is a wrong answer waiting for OPT-5 (it unboxes by these types).
//
// Exhaustive rather than random: operators x operand types x edge values is small.

import { spawnSync } from "node:child_process";

import { describe, expect, it } from "vitest";

import { arithmeticResult } from "../../src/analysis/types.js";
import { BINOPS } from "../../src/hir/ops.js";
import { Type, type BuiltinName } from "../../src/hir/types.js";
import { PYTHON } from "../fixtures/python.js";

/** Concrete operands of each builtin type, edge cases included. */
const VALUES: Record<"int" | "bool" | "float", readonly string[]> = {
  int: ["0", "1", "-3", "7", "2**63", "-(2**64)"],
  bool: ["True", "False"],
  float: ["0.0", "-0.0", "2.5", "-1.5", "float('inf')", "float('nan')"],
};

const OPERAND_TYPES: readonly (readonly ("int" | "bool" | "float")[])[] = [
  ["int"], ["bool"], ["float"], ["int", "bool"], ["int", "float"], ["bool", "float"], ["int", "bool", "float"],
];

interface Case {
  readonly op: string;
  readonly symbol: string;
  readonly a: string;
  readonly b: string;
}

/** What python3.11 returns for each case: the result's type name, or null when it raises. */
function pythonResultTypes(cases: readonly Case[]): (string | null)[] {
  const script = `
import json, sys, warnings
warnings.simplefilter("ignore")
out = []
for symbol, a, b in json.load(sys.stdin):
    if symbol == "**" and abs(eval(b)) > 64:  # 7 ** 2**63 would not finish
        out.append(None)
        continue
    try:
        out.append(type(eval(f"({a}) {symbol} ({b})")).__name__)
    except Exception:
        out.append(None)
print(json.dumps(out))
`;
  const input = JSON.stringify(cases.map((c) => [c.symbol, c.a, c.b]));
  const child = spawnSync(PYTHON, ["-I", "-S", "-c", script], { input, encoding: "utf-8", maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`python3.11 failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as (string | null)[];
}

describe("arithmeticResult agrees with CPython", () => {
  // In-place operators on immutable numbers behave as the plain ones.
  const ops = BINOPS.filter(([op]) => !op.startsWith("inplace_"));

  for (const aTypes of OPERAND_TYPES) {
    for (const bTypes of OPERAND_TYPES) {
      it(`${aTypes.join("|")} OP ${bTypes.join("|")}`, () => {
        const aType = Type.union(...(aTypes as BuiltinName[]));
        const bType = Type.union(...(bTypes as BuiltinName[]));
        const cases: Case[] = [];
        for (const [op, symbol] of ops) {
          for (const ta of aTypes) for (const a of VALUES[ta]) for (const tb of bTypes) for (const b of VALUES[tb]) cases.push({ op, symbol, a, b });
        }
        const results = pythonResultTypes(cases);
        const wrong: string[] = [];
        cases.forEach((c, i) => {
          const actual = results[i];
          if (actual === null || actual === undefined) return;
          const inferred = arithmeticResult(c.op as never, aType, bType);
          const admitted = (BUILTIN_NAMES.has(actual) && inferred.mayBe(actual as BuiltinName)) || (!BUILTIN_NAMES.has(actual) && inferred.includesOther);
          if (!admitted) wrong.push(`(${c.a}) ${c.symbol} (${c.b}) is a ${actual}; inferred ${inferred.toString()}`);
        });
        expect(wrong).toEqual([]);
      });
    }
  }
});

const BUILTIN_NAMES = new Set<string>(["int", "bool", "float", "complex", "str", "list", "tuple", "bytes"]);
