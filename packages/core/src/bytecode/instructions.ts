// Decoding 3.11 wordcode into instructions.
//
// A 3.11 instruction is one 2-byte code unit (opcode, oparg byte), preceded by up to three
// EXTENDED_ARG units that supply the higher oparg bytes and followed by the opcode's inline cache
// units (_PyOpcode_Caches). Jumps land on the first EXTENDED_ARG of their target; the interpreter's
// frame->prev_instr (f_lasti) points at the opcode unit itself. Both offsets are kept.

import type { CodeObject } from "./code-object.js";
import { EXTENDED_ARG, opcodeByCode, type BaseOpcodeName, type OpcodeInfo } from "./opcodes.js";

export class BytecodeError extends Error {
  override readonly name = "BytecodeError";
  constructor(
    message: string,
    /** Byte offset in the bytecode. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

export interface Instruction {
  /** Byte offset of the opcode unit, after any EXTENDED_ARG prefixes (what f_lasti points at). */
  readonly offset: number;
  /** Byte offset of the first EXTENDED_ARG prefix, or `offset` without one: where jumps land. */
  readonly start: number;
  /** The base opcode, also for specialized bytecode. */
  readonly opcode: number;
  readonly name: BaseOpcodeName;
  /** Table entry of the base opcode. */
  readonly info: OpcodeInfo;
  /**
   * The specialized opcode found in adaptive bytecode, or null when the bytes hold the base opcode.
   * (After a plain EXTENDED_ARG the interpreter runs the base form regardless.)
   */
  readonly specialized: number | null;
  /** The full oparg, EXTENDED_ARG bytes folded in; the raw oparg byte for opcodes below HAVE_ARGUMENT. */
  readonly arg: number;
  /** Bytes from `start` to `next`: prefixes, the opcode unit and its inline caches. */
  readonly size: number;
  /** Byte offset of the following instruction (its `start`). */
  readonly next: number;
  /** Byte offset where a jump lands (the target's `start`), or null for non-jumps. */
  readonly jumpTarget: number | null;
}

/**
 * Decodes co_code, or adaptive bytecode (co_code_adaptive), into instructions. Throws
 * BytecodeError for unknown opcodes, truncated instructions and jumps that do not land on an
 * instruction boundary.
 */
export function decodeInstructions(code: CodeObject | Uint8Array): Instruction[] {
  const bytes = code instanceof Uint8Array ? code : code.code;
  if (bytes.length % 2 !== 0) throw new BytecodeError("bytecode length is odd", bytes.length - 1);
  const out: Instruction[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    let actual = infoAt(bytes, pos);
    let arg = bytes[pos + 1]!;
    while (actual.deopt === EXTENDED_ARG) {
      pos += 2;
      if (pos >= bytes.length) throw new BytecodeError("EXTENDED_ARG at the end of the bytecode", start);
      actual = infoAt(bytes, pos);
      // As in ceval (oparg is a C int), the shift wraps at 32 bits.
      arg = (arg << 8) | bytes[pos + 1]!;
    }
    const info = actual.specialized ? opcodeByCode(actual.deopt)! : actual;
    const offset = pos;
    const afterCaches = offset + 2 + 2 * info.cacheEntries;
    if (afterCaches > bytes.length) {
      throw new BytecodeError(`${info.name} is missing its ${info.cacheEntries} inline cache entries`, offset);
    }
    out.push({
      offset,
      start,
      opcode: info.code,
      name: info.baseName,
      info,
      specialized: actual.specialized ? actual.code : null,
      arg,
      size: afterCaches - start,
      next: afterCaches,
      jumpTarget: jumpTarget(info, arg, afterCaches),
    });
    pos = afterCaches;
  }
  checkJumpTargets(out);
  return out;
}

function infoAt(bytes: Uint8Array, pos: number): OpcodeInfo {
  const info = opcodeByCode(bytes[pos]!);
  if (info === undefined) throw new BytecodeError(`unknown opcode ${bytes[pos]}`, pos);
  return info;
}

/** Relative jumps count code units from the end of the instruction, caches included. */
function jumpTarget(info: OpcodeInfo, arg: number, afterCaches: number): number | null {
  switch (info.jump) {
    case "none":
      return null;
    case "forward":
      return afterCaches + 2 * arg;
    case "backward":
      return afterCaches - 2 * arg;
    case "absolute":
      return 2 * arg;
  }
}

function checkJumpTargets(instructions: readonly Instruction[]): void {
  const starts = new Set(instructions.map((ins) => ins.start));
  for (const ins of instructions) {
    if (ins.jumpTarget !== null && !starts.has(ins.jumpTarget)) {
      throw new BytecodeError(`${ins.name} jumps to ${ins.jumpTarget}, which is not an instruction start`, ins.offset);
    }
  }
}

/**
 * Index of the instruction whose bytes [start, next) contain `byteOffset`, or -1. Accepts both an
 * instruction's `start` (jump and handler targets) and its `offset` (f_lasti).
 */
export function instructionIndexAt(instructions: readonly Instruction[], byteOffset: number): number {
  let lo = 0;
  let hi = instructions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const ins = instructions[mid]!;
    if (byteOffset < ins.start) hi = mid - 1;
    else if (byteOffset >= ins.next) lo = mid + 1;
    else return mid;
  }
  return -1;
}
