// Cross-checks the decoders against CPython's own view of real code: dis.get_instructions(),
// dis._parse_exception_table(), co_positions() and co_lines(), for a sample of the stdlib, a
// fixture with one of each unusual construct, EXTENDED_ARG-heavy code and quickened bytecode.

import { createHash } from "node:crypto";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import {
  cellVars,
  decodeExceptionTable,
  decodeInstructions,
  decodeLineTable,
  freeVars,
  instructionIndexAt,
  opcodeByCode,
  readMarshalCode,
  varNames,
  walkCodeObjects,
  type CodeObject,
} from "../../src/bytecode/index.js";
import { FIXTURES, oracle, stdlibSample } from "./oracle.js";

interface OracleCode {
  qualname: string;
  name: string;
  filename: string;
  firstLineNo: number;
  argCount: number;
  posOnlyArgCount: number;
  kwOnlyArgCount: number;
  stackSize: number;
  flags: number;
  nLocals: number;
  varNames: string[];
  cellVars: string[];
  freeVars: string[];
  names: string[];
  constKinds: string[];
  codeLength: number;
  codeSha256: string;
  lineTableSha256: string;
  exceptionTableSha256: string;
  instructions: [number, string, number | null, number | null][];
  exceptionTable: [number, number, number, number, boolean][];
  positions: [number | null, number | null, number | null, number | null][];
  lines: [number, number, number | null][];
  lineStarts: [number, number][];
}

type OracleFile = { file: string; marshal: string; codes: OracleCode[] } | { file: string; error: string };

interface AdaptiveFunction {
  qualname: string;
  adaptive: string;
  code: string;
  instructions: [number, string, number | null, number | null][];
}

const files = oracle<OracleFile[]>("dis_dump.py", [...stdlibSample(80), join(FIXTURES, "edge_cases.py")]);
const synthetic = oracle<{ extendedArgs: OracleFile[]; adaptive: AdaptiveFunction[] }>("synthetic.py");

const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");
const constKind = (kind: string): string =>
  ({ none: "NoneType", bool: "bool", int: "int", float: "float", complex: "complex", str: "str", bytes: "bytes",
     tuple: "tuple", list: "list", dict: "dict", set: "set", frozenset: "frozenset", ellipsis: "ellipsis",
     stopiteration: "type", code: "code" })[kind] ?? kind;

function pairs(list: OracleFile[]): [CodeObject, OracleCode][] {
  const out: [CodeObject, OracleCode][] = [];
  for (const file of list) {
    if ("error" in file) continue;
    const codes = walkCodeObjects(readMarshalCode(Uint8Array.from(Buffer.from(file.marshal, "base64"))));
    expect(codes.map((c) => c.qualname)).toEqual(file.codes.map((c) => c.qualname));
    codes.forEach((code, i) => out.push([code, file.codes[i]!]));
  }
  return out;
}

function checkAgainstDis(all: [CodeObject, OracleCode][]): void {
  for (const [code, want] of all) {
    const label = `${want.filename}:${want.qualname}`;
    const instructions = decodeInstructions(code);
    expect(
      instructions.map((ins) => [ins.offset, ins.name, ins.info.hasArg ? ins.arg : null, ins.jumpTarget]),
      label,
    ).toEqual(want.instructions);
    for (const ins of instructions) {
      if (!ins.info.hasArg) expect(ins.arg, label).toBe(0);
      if (ins.jumpTarget !== null) expect(instructions[instructionIndexAt(instructions, ins.jumpTarget)]!.start).toBe(ins.jumpTarget);
    }
    const table = decodeExceptionTable(code);
    expect(table.entries.map((e) => [e.start, e.end, e.target, e.depth, e.lasti]), label).toEqual(want.exceptionTable);
    for (const [start, end, target] of want.exceptionTable) {
      expect(table.handlerAt(start)?.target, label).toBe(target);
      expect(table.handlerAt(end - 2)?.target, label).toBe(target);
    }
    const lines = decodeLineTable(code);
    expect(lines.positions.map((p) => [p.line, p.endLine, p.column, p.endColumn]), label).toEqual(want.positions);
    expect(lines.lines().map((r) => [r.start, r.end, r.line]), label).toEqual(want.lines);
    expect(lines.lineStarts().map((s) => [s.offset, s.line]), label).toEqual(want.lineStarts);
  }
}

describe("code objects against CPython's attributes", () => {
  it("has the fields, counts and bytes CPython reports", () => {
    const all = pairs(files);
    expect(all.length).toBeGreaterThan(1000);
    for (const [code, want] of all) {
      expect(
        {
          qualname: code.qualname,
          name: code.name,
          filename: code.filename,
          firstLineNo: code.firstLineNo,
          argCount: code.argCount,
          posOnlyArgCount: code.posOnlyArgCount,
          kwOnlyArgCount: code.kwOnlyArgCount,
          stackSize: code.stackSize,
          flags: code.flags,
          nLocals: code.nLocals,
          varNames: varNames(code),
          cellVars: cellVars(code),
          freeVars: freeVars(code),
          names: code.names,
          constKinds: code.consts.map((c) => constKind(c.kind)),
          codeLength: code.code.length,
          codeSha256: sha256(code.code),
          lineTableSha256: sha256(code.lineTable),
          exceptionTableSha256: sha256(code.exceptionTable),
        },
        `${want.filename}:${want.qualname}`,
      ).toEqual({ ...want, instructions: undefined, exceptionTable: undefined, positions: undefined, lines: undefined, lineStarts: undefined });
      expect(code.nCellVars).toBe(want.cellVars.length);
      expect(code.nFreeVars).toBe(want.freeVars.length);
      expect(code.nLocalsPlus).toBe(code.nLocals + code.nPlainCellVars + code.nFreeVars);
    }
  });
});

describe("decoders against dis", () => {
  it("match for a stdlib sample and the edge-case fixture", () => {
    const all = pairs(files);
    expect(all.some(([, want]) => want.filename.endsWith("edge_cases.py"))).toBe(true);
    checkAgainstDis(all);
  });

  it("match for code full of EXTENDED_ARG prefixes", () => {
    const all = pairs(synthetic.extendedArgs);
    checkAgainstDis(all);
    const many = decodeInstructions(all.find(([c]) => c.name === "many_locals")![0]);
    const extended = many.filter((ins) => ins.start !== ins.offset);
    expect(extended.length).toBeGreaterThan(50);
    expect(extended.some((ins) => ins.name === "POP_JUMP_FORWARD_IF_FALSE")).toBe(true);
    expect(extended.some((ins) => ins.name === "POP_JUMP_BACKWARD_IF_TRUE" || ins.name === "JUMP_BACKWARD")).toBe(true);
    for (const ins of extended) expect(ins.size).toBe(ins.offset - ins.start + 2 + 2 * ins.info.cacheEntries);
  });

  it("match for quickened bytecode (co_code_adaptive) warmed up by the interpreter", () => {
    let specializedSeen = 0;
    for (const fn of synthetic.adaptive) {
      const adaptive = Uint8Array.from(Buffer.from(fn.adaptive, "hex"));
      const plain = decodeInstructions(Uint8Array.from(Buffer.from(fn.code, "hex")));
      const quick = decodeInstructions(adaptive);
      const actualName = (code: number | null, base: string): string => (code === null ? base : opcodeByCode(code)!.name);
      expect(
        quick.map((ins) => [ins.offset, actualName(ins.specialized, ins.name), ins.info.hasArg ? ins.arg : null, ins.jumpTarget]),
        fn.qualname,
      ).toEqual(fn.instructions);
      // Deoptimized, the adaptive code reads exactly like co_code.
      expect(quick.map((ins) => [ins.start, ins.offset, ins.name, ins.arg, ins.jumpTarget])).toEqual(
        plain.map((ins) => [ins.start, ins.offset, ins.name, ins.arg, ins.jumpTarget]),
      );
      specializedSeen += quick.filter((ins) => ins.specialized !== null).length;
    }
    expect(specializedSeen).toBeGreaterThan(20);
    // EXTENDED_ARG_QUICK prefixes are folded like EXTENDED_ARG.
    const big = synthetic.adaptive.find((fn) => fn.qualname === "big_oparg")!;
    expect(Buffer.from(big.adaptive, "hex").some((b, i) => i % 2 === 0 && b === 34)).toBe(true);
  });
});
