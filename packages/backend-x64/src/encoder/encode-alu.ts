// Integer arithmetic: the ALU group (add/or/adc/sbb/and/sub/xor/cmp), test, the unary group
// (inc/dec/not/neg/mul/imul/div/idiv), imul's two- and three-operand forms, shifts and rotates,
// and the sign extensions cqo/cdq used before idiv.
//
// The ALU group shares one opcode layout, indexed by its /digit d: 8d+0/1 `op r/m, r`,
// 8d+2/3 `op r, r/m`, 8d+4/5 `op al/eax/rax, imm`, and 0x80 / 0x81 / 0x83 /d `op r/m, imm`
// (imm8, imm16/32, sign-extended imm8). Immediates take the shortest form: the sign-extended imm8
// when it fits, then the accumulator short form, then imm32 (sign-extended to 64 bits).

import { type Gpr } from "./registers.js";
import { type Imm, immValue, fitsSigned, le, isImm } from "./immediates.js";
import { type Inst, inst, rmInst } from "./instruction.js";
import { immText, hex } from "./syntax.js";
import {
  type GprRm, expectGprRm, expectGpr, operandSize, sizeBits, needsRex, rmText, plainBytes, fail, isGpr,
} from "./encode-common.js";

export const ALU_OPS = { add: 0, or: 1, adc: 2, sbb: 3, and: 4, sub: 5, xor: 6, cmp: 7 } as const;
export type AluOp = keyof typeof ALU_OPS;

/** Group 3 (0xf6/0xf7) and group 4/5 (0xfe/0xff) single-operand instructions: [opcode for 8-bit, /digit]. */
export const UNARY_OPS = {
  inc: [0xfe, 0], dec: [0xfe, 1], not: [0xf6, 2], neg: [0xf6, 3], mul: [0xf6, 4], imul: [0xf6, 5], div: [0xf6, 6], idiv: [0xf6, 7],
} as const;
export type UnaryOp = keyof typeof UNARY_OPS;

/** Group 2: 0xd0/0xd1 by 1, 0xd2/0xd3 by cl, 0xc0/0xc1 by imm8; /digit per operation. */
export const SHIFT_OPS = { rol: 0, ror: 1, rcl: 2, rcr: 3, shl: 4, shr: 5, sar: 7 } as const;
export type ShiftOp = keyof typeof SHIFT_OPS;

const isAccumulator = (op: GprRm): boolean => isGpr(op) && op.num === 0;

export function encodeAlu(op: AluOp, dstOp: GprRm, srcOp: GprRm | Imm): Inst {
  const d = ALU_OPS[op];
  const dst = expectGprRm(op, dstOp);
  if (isImm(srcOp)) return aluImm(op, d, dst, srcOp);
  const src = expectGprRm(op, srcOp);
  const size = operandSize(op, [dst, src]);
  const { prefixes, w } = sizeBits(size);
  const wide = size === 1 ? 0 : 1;
  const rex = needsRex(dst, src);
  if (isGpr(src)) {
    return rmInst(op, [rmText(dst, size), src.name], { prefixes, w, opcode: [d * 8 + wide], reg: src.num, rm: dst, rex });
  }
  if (!isGpr(dst)) return fail(op, "both operands are memory");
  return rmInst(op, [dst.name, rmText(src, size)], { prefixes, w, opcode: [d * 8 + 2 + wide], reg: dst.num, rm: src, rex });
}

function aluImm(op: AluOp, d: number, dst: GprRm, imm: Imm): Inst {
  const size = operandSize(op, [dst]);
  const v = immValue(imm, size * 8, op);
  const { prefixes, w } = sizeBits(size);
  const text = [rmText(dst, size), immText(v, size)];
  const rex = needsRex(dst);
  if (size === 1) {
    if (isAccumulator(dst)) return inst(op, text, plainBytes([], false, [d * 8 + 4], le(v, 1)));
    return rmInst(op, text, { opcode: [0x80], reg: d, rm: dst, rex, imm: le(v, 1) });
  }
  if (fitsSigned(v, 8)) return rmInst(op, text, { prefixes, w, opcode: [0x83], reg: d, rm: dst, imm: le(v, 1) });
  const immBytes = size === 2 ? 2 : 4;
  if (!fitsSigned(v, immBytes * 8)) fail(op, `immediate ${hex(v)} does not fit in a sign-extended 32-bit field`);
  if (isAccumulator(dst)) return inst(op, text, plainBytes(prefixes, w, [d * 8 + 5], le(v, immBytes)));
  return rmInst(op, text, { prefixes, w, opcode: [0x81], reg: d, rm: dst, imm: le(v, immBytes) });
}

/** `test a, b`; the operands commute, so a memory operand may come second. */
export function encodeTest(aOp: GprRm, bOp: GprRm | Imm): Inst {
  let a = expectGprRm("test", aOp);
  if (isImm(bOp)) {
    const size = operandSize("test", [a]);
    const v = immValue(bOp, size * 8, "test");
    const { prefixes, w } = sizeBits(size);
    const immBytes = size === 1 ? 1 : size === 2 ? 2 : 4;
    if (!fitsSigned(v, immBytes * 8)) fail("test", `immediate ${hex(v)} does not fit in a sign-extended 32-bit field`);
    const text = [rmText(a, size), immText(v, size)];
    if (isAccumulator(a)) return inst("test", text, plainBytes(prefixes, w, [size === 1 ? 0xa8 : 0xa9], le(v, immBytes)));
    const opcode = [size === 1 ? 0xf6 : 0xf7];
    return rmInst("test", text, { prefixes, w, opcode, reg: 0, rm: a, rex: needsRex(a), imm: le(v, immBytes) });
  }
  let b = expectGprRm("test", bOp);
  if (!isGpr(b)) {
    if (!isGpr(a)) return fail("test", "both operands are memory");
    [a, b] = [b, a];
  }
  const size = operandSize("test", [a, b]);
  const { prefixes, w } = sizeBits(size);
  const reg = b as Gpr;
  return rmInst("test", [rmText(a, size), reg.name], {
    prefixes, w, opcode: [size === 1 ? 0x84 : 0x85], reg: reg.num, rm: a, rex: needsRex(a, b),
  });
}

export function encodeUnary(op: UnaryOp, operand: GprRm): Inst {
  const rm = expectGprRm(op, operand);
  const size = operandSize(op, [rm]);
  const [opcode8, digit] = UNARY_OPS[op];
  const { prefixes, w } = sizeBits(size);
  const opcode = size === 1 ? opcode8 : opcode8 + 1;
  return rmInst(op, [rmText(rm, size)], { prefixes, w, opcode: [opcode], reg: digit, rm, rex: needsRex(rm) });
}

/** `imul dst, src` (0x0f 0xaf) or `imul dst, src, imm` (0x6b imm8 / 0x69 imm16/32). */
export function encodeImul(dstOp: Gpr, srcOp: GprRm, imm?: Imm): Inst {
  const dst = expectGpr("imul", dstOp, [2, 4, 8]);
  const src = expectGprRm("imul", srcOp);
  const size = operandSize("imul", [dst, src], [2, 4, 8]);
  const { prefixes, w } = sizeBits(size);
  if (imm === undefined) {
    return rmInst("imul", [dst.name, rmText(src, size)], { prefixes, w, opcode: [0x0f, 0xaf], reg: dst.num, rm: src });
  }
  const v = immValue(imm, size * 8, "imul");
  const text = [dst.name, rmText(src, size), immText(v, size)];
  if (fitsSigned(v, 8)) return rmInst("imul", text, { prefixes, w, opcode: [0x6b], reg: dst.num, rm: src, imm: le(v, 1) });
  const immBytes = size === 2 ? 2 : 4;
  if (!fitsSigned(v, immBytes * 8)) fail("imul", `immediate ${hex(v)} does not fit in a sign-extended 32-bit field`);
  return rmInst("imul", text, { prefixes, w, opcode: [0x69], reg: dst.num, rm: src, imm: le(v, immBytes) });
}

/**
 * Shift or rotate by an immediate count or by `cl`. The CPU masks the count to 5 bits (6 for
 * 64-bit operands), so larger immediates are rejected as the bugs they are.
 */
export function encodeShift(op: ShiftOp, dstOp: GprRm, count: number | Gpr): Inst {
  const d = SHIFT_OPS[op];
  const dst = expectGprRm(op, dstOp);
  const size = operandSize(op, [dst]);
  const { prefixes, w } = sizeBits(size);
  const wide = size === 1 ? 0 : 1;
  const rex = needsRex(dst);
  const target = rmText(dst, size);
  if (typeof count !== "number") {
    if (!isGpr(count) || count.num !== 1 || count.size !== 1) fail(op, `a variable count must be in cl, got ${count.name}`);
    return rmInst(op, [target, "cl"], { prefixes, w, opcode: [0xd2 + wide], reg: d, rm: dst, rex });
  }
  const max = size === 8 ? 63 : 31;
  if (!Number.isInteger(count) || count < 0 || count > max) fail(op, `shift count ${count} is outside 0..${max}`);
  if (count === 1) return rmInst(op, [target, "1"], { prefixes, w, opcode: [0xd0 + wide], reg: d, rm: dst, rex });
  return rmInst(op, [target, hex(count)], { prefixes, w, opcode: [0xc0 + wide], reg: d, rm: dst, rex, imm: [count] });
}

/** Sign-extend rax into rdx:rax (before a 64-bit idiv). */
export function encodeCqo(): Inst {
  return inst("cqo", [], plainBytes([], true, [0x99]));
}

/** Sign-extend eax into edx:eax (before a 32-bit idiv). */
export function encodeCdq(): Inst {
  return inst("cdq", [], plainBytes([], false, [0x99]));
}
