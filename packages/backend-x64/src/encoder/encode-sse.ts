// SSE2 scalar double (plus roundsd from SSE4.1): Python floats are IEEE doubles in xmm registers.
//
// Layout: mandatory prefix (0xf2 scalar double, 0x66 packed double / integer moves), REX, 0x0f,
// opcode, ModRM. Packed operations (movapd, andpd, xorpd, ...) read 16 bytes and fault on an
// unaligned memory operand, which is why the constant pool aligns 16-byte constants.

import { type Xmm, type Gpr } from "./registers.js";
import { type MemOperand, type MemSize, isMem } from "./operands.js";
import { type Inst, rmInst } from "./instruction.js";
import { memText, hex } from "./syntax.js";
import { fail, describe, expectGpr, isGpr } from "./encode-common.js";

interface SseOp {
  readonly prefix: number;
  readonly opcode: readonly number[];
  /** Width of the memory operand the instruction reads. */
  readonly mem: MemSize;
}

const sd = (op: number): SseOp => ({ prefix: 0xf2, opcode: [0x0f, op], mem: 8 });
const pd = (op: number, mem: MemSize = 16): SseOp => ({ prefix: 0x66, opcode: [0x0f, op], mem });

/** `op xmm, xmm/m`: one table for every two-operand form that loads its source. */
export const SSE_OPS = {
  movsd: sd(0x10), sqrtsd: sd(0x51), addsd: sd(0x58), mulsd: sd(0x59), subsd: sd(0x5c),
  minsd: sd(0x5d), divsd: sd(0x5e), maxsd: sd(0x5f),
  ucomisd: pd(0x2e, 8), comisd: pd(0x2f, 8),
  movapd: pd(0x28), andpd: pd(0x54), andnpd: pd(0x55), orpd: pd(0x56), xorpd: pd(0x57),
} as const satisfies Record<string, SseOp>;
export type SseOpName = keyof typeof SSE_OPS;

/** Stores `op m, xmm`. */
const SSE_STORES = { movsd: sd(0x11), movapd: pd(0x29) } as const;

function isXmm(op: unknown): op is Xmm {
  return (op as { kind?: unknown } | null)?.kind === "xmm";
}

function expectXmm(what: string, op: unknown): Xmm {
  if (!isXmm(op)) return fail(what, `expected an xmm register, got ${describe(op)}`);
  return op;
}

function expectXmmOrMem(what: string, op: unknown, size: MemSize): Xmm | MemOperand {
  if (isXmm(op)) return op;
  if (!isMem(op)) return fail(what, `expected an xmm register or memory, got ${describe(op)}`);
  if (op.size !== null && op.size !== size) fail(what, `memory operand must be ${size * 8}-bit`);
  return op;
}

const text = (op: Xmm | Gpr | MemOperand, size: MemSize) => (isMem(op) ? memText(op, size) : op.name);

/** `op dst, src` from SSE_OPS; `movsd`/`movapd` with a memory destination store instead. */
export function encodeSse(op: SseOpName, dstOp: Xmm | MemOperand, srcOp: Xmm | MemOperand): Inst {
  if (isMem(dstOp) && (op === "movsd" || op === "movapd")) {
    const store = SSE_STORES[op];
    const dst = expectXmmOrMem(op, dstOp, store.mem);
    const src = expectXmm(op, srcOp);
    return rmInst(op, [text(dst, store.mem), src.name], { prefixes: [store.prefix], opcode: store.opcode, reg: src.num, rm: dst });
  }
  const spec: SseOp = SSE_OPS[op];
  const dst = expectXmm(op, dstOp);
  const src = expectXmmOrMem(op, srcOp, spec.mem);
  return rmInst(op, [dst.name, text(src, spec.mem)], { prefixes: [spec.prefix], opcode: spec.opcode, reg: dst.num, rm: src });
}

/** Rounding modes for roundsd's immediate; add `ROUND_NO_PRECISION_EXCEPTION` to suppress #P. */
export const ROUND_NEAREST = 0;
export const ROUND_DOWN = 1;
export const ROUND_UP = 2;
export const ROUND_TRUNCATE = 3;
export const ROUND_CURRENT = 4;
export const ROUND_NO_PRECISION_EXCEPTION = 8;

/** `roundsd xmm, xmm/m64, imm8` (66 0f 3a 0b /r ib): needs SSE4.1. */
export function encodeRoundsd(dstOp: Xmm, srcOp: Xmm | MemOperand, mode: number): Inst {
  const dst = expectXmm("roundsd", dstOp);
  const src = expectXmmOrMem("roundsd", srcOp, 8);
  if (!Number.isInteger(mode) || mode < 0 || mode > 15) fail("roundsd", `rounding mode ${mode} is outside 0..15`);
  return rmInst("roundsd", [dst.name, text(src, 8), hex(mode)], {
    prefixes: [0x66], opcode: [0x0f, 0x3a, 0x0b], reg: dst.num, rm: src, imm: [mode],
  }, "sse4.1");
}

/** movq (64-bit) / movd (32-bit) between a general-purpose and an xmm register (66 [W] 0f 6e/7e). */
export function encodeMovGprXmm(what: "movq" | "movd", dst: Gpr | Xmm, src: Gpr | Xmm): Inst {
  const size = what === "movq" ? 8 : 4;
  if (isXmm(dst) && isGpr(src)) return gprXmm(what, 0x6e, dst, expectGpr(what, src, [size]));
  if (isGpr(dst) && isXmm(src)) return gprXmm(what, 0x7e, src, expectGpr(what, dst, [size]));
  return fail(what, `expected one xmm and one general-purpose register, got ${describe(dst)}, ${describe(src)}`);
}

function gprXmm(what: string, opcode: number, x: Xmm, g: Gpr): Inst {
  const operands = opcode === 0x6e ? [x.name, g.name] : [g.name, x.name];
  return rmInst(what, operands, { prefixes: [0x66], w: g.size === 8, opcode: [0x0f, opcode], reg: x.num, rm: g });
}

/** `cvtsi2sd xmm, r/m32|64`: a memory source without a width is read as 64-bit. */
export function encodeCvtsi2sd(dstOp: Xmm, src: Gpr | MemOperand): Inst {
  const dst = expectXmm("cvtsi2sd", dstOp);
  if (!isGpr(src) && !isMem(src)) fail("cvtsi2sd", `expected an integer register or memory, got ${describe(src)}`);
  const size = isGpr(src) ? expectGpr("cvtsi2sd", src, [4, 8]).size : (src.size ?? 8);
  if (size !== 4 && size !== 8) fail("cvtsi2sd", "memory source must be a DWORD or QWORD");
  return rmInst("cvtsi2sd", [dst.name, text(src, size)], {
    prefixes: [0xf2], w: size === 8, opcode: [0x0f, 0x2a], reg: dst.num, rm: src,
  });
}

/** `cvttsd2si r, xmm/m64` (truncating) or `cvtsd2si` (current rounding mode, usually nearest). */
export function encodeCvtsd2si(truncate: boolean, dstOp: Gpr, srcOp: Xmm | MemOperand): Inst {
  const what = truncate ? "cvttsd2si" : "cvtsd2si";
  const dst = expectGpr(what, dstOp, [4, 8]);
  const src = expectXmmOrMem(what, srcOp, 8);
  return rmInst(what, [dst.name, text(src, 8)], {
    prefixes: [0xf2], w: dst.size === 8, opcode: [0x0f, truncate ? 0x2c : 0x2d], reg: dst.num, rm: src,
  });
}
