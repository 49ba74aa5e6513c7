// The 3.11 exception table (co_exceptiontable, Objects/exception_handling_notes.txt).
//
// Each entry is four varints: start, length and target in code units, then (depth << 1) | lasti.
// Varints here are big-endian groups of 6 bits, bit 6 (0x40) meaning "more follows"; bit 7 (0x80)
// marks the first byte of an entry. (The line table's varints are little-endian: do not share.)
//
// Entries are sorted and do not overlap: the compiler flattens nested try blocks, so the handler
// for an instruction is simply the entry whose range contains it. When an exception is raised,
// the interpreter pops the value stack down to `depth` items, pushes the raising instruction's
// offset as a Python int *in code units* if `lasti` is set (RERAISE uses it to restore f_lasti),
// pushes the exception and jumps to `target`.

import type { CodeObject } from "./code-object.js";

export interface ExceptionTableEntry {
  /** First byte offset covered. */
  readonly start: number;
  /** First byte offset no longer covered (exclusive, like dis._ExceptionTableEntry.end). */
  readonly end: number;
  /** Byte offset of the handler. */
  readonly target: number;
  /** Value stack depth the handler starts from, before lasti and the exception are pushed. */
  readonly depth: number;
  /** Whether the offset of the raising instruction is pushed below the exception. */
  readonly lasti: boolean;
}

export interface ExceptionTable {
  readonly entries: readonly ExceptionTableEntry[];
  /** The entry covering the instruction at byte `offset`, or null when an exception there propagates. */
  handlerAt(offset: number): ExceptionTableEntry | null;
}

export class ExceptionTableError extends Error {
  override readonly name = "ExceptionTableError";
  constructor(
    message: string,
    /** Byte offset in co_exceptiontable. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset} of the exception table)`);
  }
}

export function decodeExceptionTable(table: CodeObject | Uint8Array): ExceptionTable {
  const bytes = table instanceof Uint8Array ? table : table.exceptionTable;
  const entries: ExceptionTableEntry[] = [];
  let pos = 0;
  const varint = (): number => {
    if (pos >= bytes.length) throw new ExceptionTableError("truncated entry", pos);
    let b = bytes[pos++]!;
    let value = b & 63;
    while (b & 64) {
      if (pos >= bytes.length) throw new ExceptionTableError("truncated varint", pos);
      b = bytes[pos++]!;
      value = value * 64 + (b & 63);
    }
    return value;
  };
  while (pos < bytes.length) {
    const at = pos;
    if ((bytes[pos]! & 0x80) === 0) throw new ExceptionTableError("entry does not start with a start marker", at);
    const start = varint() * 2;
    const end = start + varint() * 2;
    const target = varint() * 2;
    const depthAndLasti = varint();
    const previous = entries[entries.length - 1];
    if (previous !== undefined && start < previous.end) {
      throw new ExceptionTableError("entries overlap or are out of order", at);
    }
    entries.push({ start, end, target, depth: Math.floor(depthAndLasti / 2), lasti: (depthAndLasti & 1) !== 0 });
  }
  return {
    entries,
    handlerAt(offset: number): ExceptionTableEntry | null {
      let lo = 0;
      let hi = entries.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const entry = entries[mid]!;
        if (offset < entry.start) hi = mid - 1;
        else if (offset >= entry.end) lo = mid + 1;
        else return entry;
      }
      return null;
    },
  };
}
