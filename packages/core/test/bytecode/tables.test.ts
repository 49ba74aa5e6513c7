// Hand-built exception and location tables: every entry form, multi-byte varints, and errors.
// (The dis cross-check covers the tables the compiler really writes.)

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  decodeExceptionTable,
  decodeLineTable,
  ExceptionTableError,
  LineTableError,
  makeCodeObject,
  type ExceptionTableEntry,
} from "../../src/bytecode/index.js";

/** Big-endian 6-bit groups, 0x40 = more follows; `mark` sets 0x80 on the first byte. */
function exceptionVarint(value: number, mark = false): number[] {
  const groups = [value & 63];
  for (let v = value >> 6; v > 0; v >>= 6) groups.unshift(v & 63);
  return groups.map((g, i) => g | (i < groups.length - 1 ? 64 : 0) | (mark && i === 0 ? 128 : 0));
}

function encodeExceptionTable(entries: readonly ExceptionTableEntry[]): Uint8Array {
  return Uint8Array.from(
    entries.flatMap((e) => [
      ...exceptionVarint(e.start / 2, true),
      ...exceptionVarint((e.end - e.start) / 2),
      ...exceptionVarint(e.target / 2),
      ...exceptionVarint(e.depth * 2 + (e.lasti ? 1 : 0)),
    ]),
  );
}

/** Little-endian 6-bit groups, 0x40 = more follows. */
function lineVarint(value: number): number[] {
  const out: number[] = [];
  do {
    const g = value & 63;
    value >>= 6;
    out.push(g | (value > 0 ? 64 : 0));
  } while (value > 0);
  return out;
}
const signedVarint = (v: number): number[] => lineVarint(v < 0 ? (-v << 1) | 1 : v << 1);
const head = (code: number, length: number): number => 0x80 | (code << 3) | (length - 1);

function codeWithLineTable(table: number[], units: number, firstLineNo = 10) {
  return makeCodeObject({
    argCount: 0, posOnlyArgCount: 0, kwOnlyArgCount: 0, stackSize: 0, flags: 0,
    code: new Uint8Array(units * 2), consts: [], names: [], localsPlusNames: [], localsPlusKinds: new Uint8Array(0),
    filename: "<t>", name: "t", qualname: "t", firstLineNo,
    lineTable: Uint8Array.from(table), exceptionTable: new Uint8Array(0),
  });
}

describe("exception table", () => {
  it("decodes entries with multi-byte varints, depth and lasti", () => {
    const entries = [
      { start: 0, end: 8, target: 200, depth: 0, lasti: false },
      { start: 8, end: 400, target: 1000, depth: 3, lasti: true },
      { start: 10000, end: 10002, target: 20000, depth: 100, lasti: true },
    ];
    const table = decodeExceptionTable(encodeExceptionTable(entries));
    expect(table.entries).toEqual(entries);
    expect(table.handlerAt(0)).toEqual(entries[0]);
    expect(table.handlerAt(6)).toEqual(entries[0]);
    expect(table.handlerAt(8)).toEqual(entries[1]);
    expect(table.handlerAt(398)).toEqual(entries[1]);
    expect(table.handlerAt(400)).toBeNull();
    expect(table.handlerAt(10000)).toEqual(entries[2]);
    expect(table.handlerAt(10002)).toBeNull();
    expect(decodeExceptionTable(new Uint8Array(0)).handlerAt(0)).toBeNull();
  });

  it("round-trips random sorted tables", () => {
    const entry = fc.record({
      gap: fc.nat(5000),
      length: fc.integer({ min: 1, max: 5000 }),
      target: fc.nat(100000),
      depth: fc.nat(300),
      lasti: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (raw) => {
        let at = 0;
        const entries = raw.map((e) => {
          const start = at + 2 * e.gap;
          at = start + 2 * e.length;
          return { start, end: at, target: 2 * e.target, depth: e.depth, lasti: e.lasti };
        });
        expect(decodeExceptionTable(encodeExceptionTable(entries)).entries).toEqual(entries);
      }),
    );
  });

  it("rejects truncated, unmarked and overlapping tables", () => {
    const error = (bytes: number[]): ExceptionTableError => {
      try {
        decodeExceptionTable(Uint8Array.from(bytes));
      } catch (e) {
        return e as ExceptionTableError;
      }
      throw new Error("no error");
    };
    expect(error([0x80, 1, 2])).toMatchObject({ name: "ExceptionTableError", offset: 3 });
    expect(error([0x80, 1, 2, 0x43])).toMatchObject({ offset: 4 });
    expect(error([0x00, 1, 2, 3])).toMatchObject({ offset: 0 });
    expect(error([0x82, 2, 2, 0, 0x81, 2, 2, 0]).message).toMatch(/overlap/);
  });
});

describe("location table", () => {
  it("decodes every entry form", () => {
    const table = [
      head(13, 1), ...signedVarint(0), // no columns, line 10
      head(2, 2), (3 << 4) | 5, // short form: column 2*8+3 = 19, end 24, line 10, two units
      head(11, 1), 7, 30, // one-line form: line 11, columns 7..30
      head(15, 1), // no location
      head(14, 3), ...signedVarint(-5), ...lineVarint(2), ...lineVarint(0), ...lineVarint(201), // long: line 6..8, column none, end 200
      head(12, 1), 0, 1, // one-line form: line 8
      head(14, 1), ...signedVarint(300), ...lineVarint(0), ...lineVarint(71), ...lineVarint(0), // line 308, column 70, end none
    ];
    const lines = decodeLineTable(codeWithLineTable(table, 10));
    const p = (line: number | null, endLine: number | null, column: number | null, endColumn: number | null) => ({
      line, endLine, column, endColumn,
    });
    expect(lines.positions).toEqual([
      p(10, 10, null, null),
      p(10, 10, 19, 24),
      p(10, 10, 19, 24),
      p(11, 11, 7, 30),
      p(null, null, null, null),
      p(6, 8, null, 200),
      p(6, 8, null, 200),
      p(6, 8, null, 200),
      p(8, 8, 0, 1),
      p(308, 308, 70, null),
    ]);
    expect(lines.lineAt(8)).toBeNull();
    expect(lines.lineAt(10)).toBe(6);
    expect(lines.positionAt(2)).toEqual(p(10, 10, 19, 24));
    expect(lines.positionAt(100)).toEqual(p(null, null, null, null));
    expect(lines.lines()).toEqual([
      { start: 0, end: 2, line: 10 },
      { start: 2, end: 6, line: 10 },
      { start: 6, end: 8, line: 11 },
      { start: 8, end: 10, line: null },
      { start: 10, end: 16, line: 6 },
      { start: 16, end: 18, line: 8 },
      { start: 18, end: 20, line: 308 },
    ]);
    expect(lines.lineStarts()).toEqual([
      { offset: 0, line: 10 },
      { offset: 6, line: 11 },
      { offset: 10, line: 6 },
      { offset: 16, line: 8 },
      { offset: 18, line: 308 },
    ]);
  });

  it("gives every code unit a position even when the table is short", () => {
    const lines = decodeLineTable(codeWithLineTable([head(13, 1), ...signedVarint(1)], 3));
    expect(lines.positions.map((p) => p.line)).toEqual([11, null, null]);
  });

  it("rejects truncated and unmarked tables", () => {
    expect(() => decodeLineTable(codeWithLineTable([head(11, 1), 7], 1))).toThrow(LineTableError);
    expect(() => decodeLineTable(codeWithLineTable([0x10], 1))).toThrow(/start marker/);
  });
});
