import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import {
  ALL_OPCODES,
  CACHE,
  COMPARE_OPS,
  EXTENDED_ARG,
  FORMAT_VALUE_CONVERSIONS,
  FORMAT_VALUE_FLAGS,
  HAVE_ARGUMENT,
  MAKE_FUNCTION_FLAGS,
  NB,
  NB_OPS,
  opcodeByCode,
  opcodeByName,
} from "../../src/bytecode/index.js";
import { oracle, runPython, SCRIPTS } from "./oracle.js";

interface OpcodeFacts {
  version: string;
  opmap: Record<string, number>;
  baseOpmap: Record<string, number>;
  deopt: Record<string, string>;
  cacheEntries: Record<string, number>;
  hasconst: number[];
  hasname: number[];
  haslocal: number[];
  hasfree: number[];
  hascompare: number[];
  hasjrel: number[];
  hasjabs: number[];
  HAVE_ARGUMENT: number;
  EXTENDED_ARG: number;
  cmpOp: string[];
  nbOps: [string, string][];
  makeFunctionFlags: string[];
  formatValueConverters: string[];
  /** [opname, oparg or null, effect without jump, effect with jump] */
  stackEffects: [string, number | null, number, number][];
}

const facts = oracle<OpcodeFacts>("opcodes.py");

describe("opcode table", () => {
  it("is generated from this CPython and up to date", () => {
    expect(facts.version).toMatch(/^3\.11\./);
    const fresh = runPython([join(SCRIPTS, "gen-opcodes.py"), "--stdout"]);
    const committed = readFileSync(join(SCRIPTS, "../src/bytecode/opcode-table.ts"), "utf-8");
    expect(committed).toBe(fresh);
  });

  it("has exactly CPython's opcodes, names and numbers", () => {
    const ours = Object.fromEntries(ALL_OPCODES.map((op) => [op.name, op.code]));
    expect(ours).toEqual(facts.opmap);
    for (const [name, code] of Object.entries(facts.opmap)) {
      expect(opcodeByName(name)?.code).toBe(code);
      expect(opcodeByCode(code)?.name).toBe(name);
    }
    expect(opcodeByCode(255)).toBeUndefined(); // DO_TRACING is never in bytecode
    expect(opcodeByName("NOT_AN_OPCODE")).toBeUndefined();
    expect(HAVE_ARGUMENT).toBe(facts.HAVE_ARGUMENT);
    expect(EXTENDED_ARG).toBe(facts.EXTENDED_ARG);
    expect(CACHE).toBe(0);
  });

  it("maps specialized opcodes to their base (opcode._specializations)", () => {
    for (const op of ALL_OPCODES) {
      const base = facts.deopt[op.name] ?? op.name;
      expect(op.specialized).toBe(op.name in facts.deopt);
      expect(op.baseName).toBe(base);
      expect(op.deopt).toBe(facts.opmap[base]);
    }
  });

  it("has the inline cache sizes of the base opcode", () => {
    for (const op of ALL_OPCODES) expect(op.cacheEntries, op.name).toBe(facts.cacheEntries[op.baseName]);
  });

  it("has CPython's argument-kind flags", () => {
    const has = (table: number[], code: number): boolean => table.includes(code);
    for (const op of ALL_OPCODES) {
      const d = op.deopt;
      expect([op.name, op.hasConst, op.hasName, op.hasLocal, op.hasFree, op.hasCompare, op.hasArg]).toEqual([
        op.name,
        has(facts.hasconst, d),
        has(facts.hasname, d),
        has(facts.haslocal, d),
        has(facts.hasfree, d),
        has(facts.hascompare, d),
        d >= facts.HAVE_ARGUMENT,
      ]);
    }
  });

  it("classifies jumps as 3.11 does", () => {
    for (const op of ALL_OPCODES) {
      const d = op.deopt;
      const expected = facts.hasjabs.includes(d)
        ? "absolute"
        : facts.hasjrel.includes(d)
          ? op.baseName.includes("JUMP_BACKWARD")
            ? "backward"
            : "forward"
          : "none";
      expect(op.jump, op.name).toBe(expected);
    }
    const unconditional = ALL_OPCODES.filter((op) => op.jump !== "none" && !op.conditional && !op.specialized);
    expect(unconditional.map((op) => op.name).sort()).toEqual([
      "JUMP_BACKWARD",
      "JUMP_BACKWARD_NO_INTERRUPT",
      "JUMP_FORWARD",
    ]);
    const terminators = ALL_OPCODES.filter((op) => op.terminator && !op.specialized).map((op) => op.name);
    expect(terminators.sort()).toEqual([
      "JUMP_BACKWARD",
      "JUMP_BACKWARD_NO_INTERRUPT",
      "JUMP_FORWARD",
      "RAISE_VARARGS",
      "RERAISE",
      "RETURN_VALUE",
    ]);
    expect(opcodeByName("FOR_ITER").conditional).toBe(true);
    expect(opcodeByName("SEND").conditional).toBe(true);
    expect(opcodeByName("JUMP_IF_TRUE_OR_POP").jump).toBe("forward");
    expect(opcodeByName("JUMP_BACKWARD_QUICK").jump).toBe("backward");
  });

  it("exports the oparg tables", () => {
    expect([...COMPARE_OPS]).toEqual(facts.cmpOp);
    expect(NB_OPS.map(([name, sym]) => [name, sym])).toEqual(facts.nbOps);
    expect(NB.NB_ADD).toBe(0);
    expect(NB.NB_INPLACE_XOR).toBe(25);
    expect(NB.NB_TRUE_DIVIDE).toBe(11);
    expect(MAKE_FUNCTION_FLAGS).toEqual({ defaults: 1, kwdefaults: 2, annotations: 4, closure: 8 });
    expect([...FORMAT_VALUE_CONVERSIONS]).toEqual(facts.formatValueConverters);
    expect(FORMAT_VALUE_FLAGS).toMatchObject({ convNone: 0, convStr: 1, convRepr: 2, convAscii: 3, haveSpec: 4 });
  });
});

describe("stack effects", () => {
  // Where ceval and the compiler's bookkeeping differ (see stack-effects.ts): our value, dis's.
  const runtimeTruth: Record<string, (oparg: number) => [number, number]> = {
    PRECALL: (n) => [0, 0 - n],
    CALL: (n) => [-(n + 1), -1],
    RETURN_GENERATOR: () => [1, 0],
  };

  it("pushes - pops equals dis.stack_effect for every base opcode and many opargs", () => {
    const seen = new Set<string>();
    for (const [name, arg, noJump, jump] of facts.stackEffects) {
      const op = opcodeByName(name)!;
      const oparg = arg ?? 0;
      seen.add(name);
      const ours = [op.pushes(oparg, false) - op.pops(oparg), op.pushes(oparg, true) - op.pops(oparg)];
      const exception = runtimeTruth[name];
      if (exception !== undefined) {
        const [mine, theirs] = exception(oparg);
        expect([name, oparg, noJump, jump]).toEqual([name, oparg, theirs, theirs]);
        expect([name, oparg, ...ours]).toEqual([name, oparg, mine, mine]);
      } else {
        expect([name, oparg, ...ours]).toEqual([name, oparg, noJump, jump]);
      }
      expect(op.pops(oparg)).toBeGreaterThanOrEqual(0);
      expect(op.pushes(oparg, false)).toBeGreaterThanOrEqual(0);
      expect(op.pushes(oparg, true)).toBeGreaterThanOrEqual(0);
    }
    expect(seen.size).toBe(Object.keys(facts.baseOpmap).length);
  });

  it("the PRECALL/CALL pair matches the compiler's total", () => {
    for (const n of [0, 1, 2, 5, 300]) {
      const precall = opcodeByName("PRECALL");
      const call = opcodeByName("CALL");
      const total = precall.pushes(n, false) - precall.pops(n) + call.pushes(n, false) - call.pops(n);
      expect(total).toBe(-n - 1);
    }
  });

  it("specialized opcodes share their base's stack effect", () => {
    for (const op of ALL_OPCODES.filter((o) => o.specialized)) {
      const base = opcodeByCode(op.deopt)!;
      for (const n of [0, 1, 3, 257]) {
        expect(op.pops(n)).toBe(base.pops(n));
        expect(op.pushes(n, true)).toBe(base.pushes(n, true));
        expect(op.pushes(n, false)).toBe(base.pushes(n, false));
      }
    }
  });
});
