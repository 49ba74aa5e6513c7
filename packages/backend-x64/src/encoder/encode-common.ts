// Operand checks and size handling shared by the general-purpose instruction encoders.

import { type Gpr, type GprSize, byteRegNeedsRex } from "./registers.js";
import { type MemOperand, type MemSize, isMem } from "./operands.js";
import { type TextOperand, memText } from "./syntax.js";
import { EncodeError } from "./errors.js";

/** A general-purpose register or memory operand (an x86 "r/m"). */
export type GprRm = Gpr | MemOperand;

export function isGpr(op: unknown): op is Gpr {
  return (op as { kind?: unknown } | null)?.kind === "gpr";
}

export function describe(op: unknown): string {
  if (isGpr(op)) return op.name;
  if (isMem(op)) return op.size === null ? "memory" : `${op.size * 8}-bit memory`;
  if ((op as { kind?: unknown } | null)?.kind === "xmm") return (op as { name: string }).name;
  return String(op);
}

export function fail(what: string, message: string): never {
  throw new EncodeError(`${what}: ${message}`);
}

export function expectGprRm(what: string, op: unknown): GprRm {
  if (isGpr(op) || isMem(op)) return op;
  return fail(what, `expected a general-purpose register or memory operand, got ${describe(op)}`);
}

export function expectGpr(what: string, op: unknown, sizes: readonly GprSize[] = [1, 2, 4, 8]): Gpr {
  if (!isGpr(op)) return fail(what, `expected a general-purpose register, got ${describe(op)}`);
  if (!sizes.includes(op.size)) return fail(what, `${op.name} has the wrong width (allowed: ${sizes.map((s) => s * 8).join("/")}-bit)`);
  return op;
}

/** The common operand width of `ops`; sizes must agree and at least one must be known. */
export function operandSize(what: string, ops: readonly GprRm[], allowed: readonly GprSize[] = [1, 2, 4, 8]): GprSize {
  let size: MemSize | null = null;
  for (const op of ops) {
    if (op.size === null) continue;
    if (size !== null && op.size !== size) fail(what, `operand sizes differ (${ops.map(describe).join(", ")})`);
    size = op.size;
  }
  if (size === null) return fail(what, "operand size unknown: give the memory operand a width (byte/word/dword/qword)");
  if (!(allowed as readonly number[]).includes(size)) fail(what, `${size * 8}-bit operands are not supported`);
  return size as GprSize;
}

/** Operand-size prefix and REX.W for a general-purpose operation of `size` bytes. */
export function sizeBits(size: GprSize): { prefixes: number[]; w: boolean } {
  return { prefixes: size === 2 ? [0x66] : [], w: size === 8 };
}

/** True if a byte register among `ops` is spl/bpl/sil/dil, which needs a REX prefix. */
export function needsRex(...ops: readonly unknown[]): boolean {
  return ops.some((op) => isGpr(op) && byteRegNeedsRex(op));
}

/** Text of a register or a memory operand accessed with width `size`. */
export function rmText(op: GprRm, size: MemSize): TextOperand {
  return isGpr(op) ? op.name : memText(op, size);
}

/** Bytes of an instruction without ModRM: prefixes, REX.W if `w`, opcode, immediate. */
export function plainBytes(prefixes: readonly number[], w: boolean, opcode: readonly number[], imm: readonly number[] = []): Uint8Array {
  return Uint8Array.from([...prefixes, ...(w ? [0x48] : []), ...opcode, ...imm]);
}
