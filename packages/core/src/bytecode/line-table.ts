// The 3.11 location table (co_linetable, Objects/locations.md; PEP 626 lines, PEP 657 columns).
//
// Entries cover 1..8 code units each. First byte: bit 7 set, bits 3-6 the code, bits 0-2 the
// length - 1. By code:
//   0-9   short form: same line; one more byte: column = code*8 + bits 4-6, end = column + bits 0-3
//   10-12 one-line form: line += code - 10; column and end column as two bytes
//   13    no columns: line += signed varint
//   14    long form: line += signed varint; end line = line + varint; column + 1 and end column + 1
//         as varints (0 meaning "unknown")
//   15    no location at all (line None), the running line unchanged
// Varints are little-endian groups of 6 bits, bit 6 meaning "more follows"; a signed varint keeps
// the sign in bit 0. The running line starts at co_firstlineno.

import type { CodeObject } from "./code-object.js";

export interface SourcePosition {
  readonly line: number | null;
  readonly endLine: number | null;
  /** 0-based UTF-8 byte column, as co_positions() reports it. */
  readonly column: number | null;
  readonly endColumn: number | null;
}

/** One co_lines() item: bytes [start, end) come from `line` (null: no line, e.g. cleanup code). */
export interface LineRange {
  readonly start: number;
  readonly end: number;
  readonly line: number | null;
}

export interface LineTable {
  /** One position per code unit (caches and EXTENDED_ARG units included), like co_positions(). */
  readonly positions: readonly SourcePosition[];
  /** Position of the code unit at byte `offset`; all-null outside the table. */
  positionAt(offset: number): SourcePosition;
  /** Line of the code unit at byte `offset`, or null. */
  lineAt(offset: number): number | null;
  /** One range per table entry, exactly as 3.11's co_lines() yields them (adjacent equal lines not merged). */
  lines(): LineRange[];
  /** Where each new line starts: dis.findlinestarts(), for listings and line events. */
  lineStarts(): { offset: number; line: number }[];
}

export class LineTableError extends Error {
  override readonly name = "LineTableError";
  constructor(
    message: string,
    /** Byte offset in co_linetable. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset} of the line table)`);
  }
}

const CODE_NO_COLUMNS = 13;
const CODE_LONG = 14;
const CODE_NONE = 15;
const NOWHERE: SourcePosition = Object.freeze({ line: null, endLine: null, column: null, endColumn: null });

interface Entry {
  /** Code units covered. */
  readonly length: number;
  readonly position: SourcePosition;
}

function decodeEntries(table: Uint8Array, firstLineNo: number): Entry[] {
  const entries: Entry[] = [];
  let pos = 0;
  const byte = (): number => {
    if (pos >= table.length) throw new LineTableError("truncated entry", pos);
    return table[pos++]!;
  };
  const varint = (): number => {
    let b = byte();
    let value = b & 63;
    let shift = 6;
    while (b & 64) {
      b = byte();
      value += (b & 63) * 2 ** shift;
      shift += 6;
    }
    return value;
  };
  const signedVarint = (): number => {
    const u = varint();
    return u % 2 === 1 ? -Math.floor(u / 2) : u / 2;
  };
  const col = (v: number): number | null => (v < 0 ? null : v);
  let line = firstLineNo;
  while (pos < table.length) {
    const at = pos;
    const first = byte();
    if ((first & 0x80) === 0) throw new LineTableError("entry does not start with a start marker", at);
    const code = (first >> 3) & 15;
    const length = (first & 7) + 1;
    let position: SourcePosition;
    if (code === CODE_NONE) {
      position = NOWHERE;
    } else if (code === CODE_LONG) {
      line += signedVarint();
      const endLine = line + varint();
      const column = varint() - 1;
      const endColumn = varint() - 1;
      position = { line, endLine, column: col(column), endColumn: col(endColumn) };
    } else if (code === CODE_NO_COLUMNS) {
      line += signedVarint();
      position = { line, endLine: line, column: null, endColumn: null };
    } else if (code >= 10) {
      line += code - 10;
      const column = byte();
      const endColumn = byte();
      position = { line, endLine: line, column, endColumn };
    } else {
      const second = byte();
      const column = (code << 3) | ((second >> 4) & 7);
      position = { line, endLine: line, column, endColumn: column + (second & 15) };
    }
    entries.push({ length, position });
  }
  return entries;
}

/** Decodes a code object's location table; `codeUnits` defaults to the length of its co_code. */
export function decodeLineTable(code: CodeObject, codeUnits = code.code.length / 2): LineTable {
  const entries = decodeEntries(code.lineTable, code.firstLineNo);
  const positions: SourcePosition[] = [];
  for (const entry of entries) {
    for (let i = 0; i < entry.length; i++) positions.push(entry.position);
  }
  // co_positions() stops where the table ends; pad so every code unit has a position.
  while (positions.length < codeUnits) positions.push(NOWHERE);
  return {
    positions,
    positionAt(offset: number): SourcePosition {
      return positions[offset >> 1] ?? NOWHERE;
    },
    lineAt(offset: number): number | null {
      return (positions[offset >> 1] ?? NOWHERE).line;
    },
    lines(): LineRange[] {
      const ranges: LineRange[] = [];
      let unit = 0;
      for (const entry of entries) {
        ranges.push({ start: unit * 2, end: (unit + entry.length) * 2, line: entry.position.line });
        unit += entry.length;
      }
      return ranges;
    },
    lineStarts(): { offset: number; line: number }[] {
      const starts: { offset: number; line: number }[] = [];
      let last: number | null = null;
      for (const range of this.lines()) {
        if (range.line !== null && range.line !== last) {
          starts.push({ offset: range.start, line: range.line });
          last = range.line;
        }
      }
      return starts;
    },
  };
}
