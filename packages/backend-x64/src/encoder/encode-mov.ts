// Data movement: mov in all its forms, movabs, zero/sign extension, lea, cmovcc, setcc, push, pop.
//
// `mov r64, imm` picks the shortest of three encodings: `mov r32, imm32` (0xb8+r, zero-extends,
// so the listing shows the 32-bit register), `mov r64, simm32` (REX.W 0xc7 /0), or
// `movabs r64, imm64` (REX.W 0xb8+r). `movabs` always takes the 10-byte form, so the immediate
// can be patched in place later.

import { type Gpr, type GprSize, resize } from "./registers.js";
import { type MemOperand, sized, isMem } from "./operands.js";
import { type Imm, immValue, fitsSigned, fitsUnsigned, le, isImm } from "./immediates.js";
import { type Inst, inst, rmInst } from "./instruction.js";
import { type Cond, condCode } from "./conditions.js";
import { encodeOpReg } from "./encode-modrm.js";
import { immText, hex, memText } from "./syntax.js";
import {
  type GprRm, expectGprRm, expectGpr, operandSize, sizeBits, needsRex, rmText, fail, isGpr, describe,
} from "./encode-common.js";

export function encodeMov(dstOp: GprRm, srcOp: GprRm | Imm): Inst {
  const dst = expectGprRm("mov", dstOp);
  if (isImm(srcOp)) return isGpr(dst) ? movRegImm(dst, srcOp) : movMemImm(dst, srcOp);
  const src = expectGprRm("mov", srcOp);
  const size = operandSize("mov", [dst, src]);
  const { prefixes, w } = sizeBits(size);
  const wide = size === 1 ? 0 : 1;
  const rex = needsRex(dst, src);
  if (isGpr(src)) return rmInst("mov", [rmText(dst, size), src.name], { prefixes, w, opcode: [0x88 + wide], reg: src.num, rm: dst, rex });
  if (!isGpr(dst)) return fail("mov", "both operands are memory");
  return rmInst("mov", [dst.name, rmText(src, size)], { prefixes, w, opcode: [0x8a + wide], reg: dst.num, rm: src, rex });
}

function movRegImm(dst: Gpr, imm: Imm): Inst {
  const size = dst.size;
  const v = immValue(imm, size * 8, "mov");
  if (size === 8 && !fitsUnsigned(v, 32)) {
    if (!fitsSigned(v, 32)) return encodeMovabs(dst, imm);
    return rmInst("mov", [dst.name, immText(v, 8)], { w: true, opcode: [0xc7], reg: 0, rm: dst, imm: le(v, 4) });
  }
  const opSize = size === 8 ? 4 : size;
  const reg = resize(dst, opSize);
  const { prefixes } = sizeBits(opSize);
  const bytes = encodeOpReg(prefixes, false, opSize === 1 ? 0xb0 : 0xb8, reg.num, needsRex(reg), le(v, opSize));
  return inst("mov", [reg.name, immText(v, opSize)], bytes);
}

function movMemImm(dst: MemOperand, imm: Imm): Inst {
  const size = operandSize("mov", [dst]);
  const v = immValue(imm, size * 8, "mov");
  const { prefixes, w } = sizeBits(size);
  const immBytes = size === 8 ? 4 : size;
  if (!fitsSigned(v, immBytes * 8) && size === 8) fail("mov", `immediate ${hex(v)} does not fit in a sign-extended 32-bit field`);
  return rmInst("mov", [memText(dst, size), immText(v, size)], {
    prefixes, w, opcode: [size === 1 ? 0xc6 : 0xc7], reg: 0, rm: dst, imm: le(v, immBytes),
  });
}

/** `movabs r64, imm64`: always the 10-byte form. */
export function encodeMovabs(dstOp: Gpr, imm: Imm): Inst {
  const dst = expectGpr("movabs", dstOp, [8]);
  const v = immValue(imm, 64, "movabs");
  return inst("movabs", [dst.name, immText(v, 8)], encodeOpReg([], true, 0xb8, dst.num, false, le(v, 8)));
}

function sourceSize(what: string, src: GprRm): GprSize {
  if (src.size === null) return fail(what, "the memory source needs a width (byte/word/dword)");
  if (src.size === 16) return fail(what, "an XMMWORD source is not an integer");
  return src.size;
}

/**
 * Zero-extend an 8/16-bit source (0x0f 0xb6/0xb7). A 32-bit source into a 64-bit register is a
 * plain `mov r32, r/m32`: every write to a 32-bit register clears the upper half.
 */
export function encodeMovzx(dstOp: Gpr, srcOp: GprRm): Inst {
  const dst = expectGpr("movzx", dstOp, [2, 4, 8]);
  const src = expectGprRm("movzx", srcOp);
  const from = sourceSize("movzx", src);
  if (from >= dst.size) fail("movzx", `cannot extend ${describe(src)} into ${dst.name}`);
  if (from === 4) return encodeMov(resize(dst, 4), src);
  const { prefixes, w } = sizeBits(dst.size);
  return rmInst("movzx", [dst.name, rmText(src, from)], {
    prefixes, w, opcode: [0x0f, from === 1 ? 0xb6 : 0xb7], reg: dst.num, rm: src, rex: needsRex(src),
  });
}

/** Sign-extend an 8/16-bit source (0x0f 0xbe/0xbf); a 32-bit source becomes movsxd. */
export function encodeMovsx(dstOp: Gpr, srcOp: GprRm): Inst {
  const dst = expectGpr("movsx", dstOp, [2, 4, 8]);
  const src = expectGprRm("movsx", srcOp);
  const from = sourceSize("movsx", src);
  if (from >= dst.size) fail("movsx", `cannot extend ${describe(src)} into ${dst.name}`);
  if (from === 4) return encodeMovsxd(dst, src);
  const { prefixes, w } = sizeBits(dst.size);
  return rmInst("movsx", [dst.name, rmText(src, from)], {
    prefixes, w, opcode: [0x0f, from === 1 ? 0xbe : 0xbf], reg: dst.num, rm: src, rex: needsRex(src),
  });
}

/** `movsxd r64, r/m32` (REX.W 0x63). */
export function encodeMovsxd(dstOp: Gpr, srcOp: GprRm): Inst {
  const dst = expectGpr("movsxd", dstOp, [8]);
  const src = expectGprRm("movsxd", srcOp);
  if (isGpr(src) && src.size !== 4) fail("movsxd", `source must be 32-bit, got ${src.name}`);
  if (isMem(src) && src.size !== null && src.size !== 4) fail("movsxd", "memory source must be a DWORD");
  return rmInst("movsxd", [dst.name, rmText(src, 4)], { w: true, opcode: [0x63], reg: dst.num, rm: src });
}

/** `lea r, [address]`: the memory operand's width is irrelevant and not printed. */
export function encodeLea(dstOp: Gpr, src: MemOperand): Inst {
  const dst = expectGpr("lea", dstOp, [2, 4, 8]);
  if (!isMem(src)) fail("lea", `expected a memory operand, got ${describe(src)}`);
  const { prefixes, w } = sizeBits(dst.size);
  return rmInst("lea", [dst.name, memText(src, null)], { prefixes, w, opcode: [0x8d], reg: dst.num, rm: src });
}

export function encodeCmov(cond: Cond, dstOp: Gpr, srcOp: GprRm): Inst {
  const mnemonic = `cmov${cond}`;
  const dst = expectGpr(mnemonic, dstOp, [2, 4, 8]);
  const src = expectGprRm(mnemonic, srcOp);
  const size = operandSize(mnemonic, [dst, src], [2, 4, 8]);
  const { prefixes, w } = sizeBits(size);
  return rmInst(mnemonic, [dst.name, rmText(src, size)], { prefixes, w, opcode: [0x0f, 0x40 + condCode(cond)], reg: dst.num, rm: src });
}

/** `setcc r/m8`: writes 0 or 1 to the low byte only; zero-extend it with movzx if needed. */
export function encodeSetcc(cond: Cond, dstOp: GprRm): Inst {
  const mnemonic = `set${cond}`;
  const dst = expectGprRm(mnemonic, dstOp);
  const rm = isMem(dst) && dst.size === null ? sized(dst, 1) : dst;
  operandSize(mnemonic, [rm], [1]);
  return rmInst(mnemonic, [rmText(rm, 1)], { opcode: [0x0f, 0x90 + condCode(cond)], reg: 0, rm, rex: needsRex(rm) });
}

/** push r64 (0x50+r), push QWORD PTR m (0xff /6), push simm8/simm32 (0x6a / 0x68). */
export function encodePush(src: Gpr | MemOperand | Imm): Inst {
  if (isImm(src)) {
    const v = immValue(src, 64, "push");
    if (fitsSigned(v, 8)) return inst("push", [immText(v, 8)], Uint8Array.from([0x6a, ...le(v, 1)]));
    if (!fitsSigned(v, 32)) fail("push", `immediate ${hex(v)} does not fit in a sign-extended 32-bit field`);
    return inst("push", [immText(v, 8)], Uint8Array.from([0x68, ...le(v, 4)]));
  }
  return pushPop("push", src, 0x50, 0xff, 6);
}

/** pop r64 (0x58+r), pop QWORD PTR m (0x8f /0). */
export function encodePop(dst: Gpr | MemOperand): Inst {
  return pushPop("pop", dst, 0x58, 0x8f, 0);
}

function pushPop(what: string, op: GprRm, regOpcode: number, memOpcode: number, digit: number): Inst {
  const rm = expectGprRm(what, op);
  operandSize(what, [isMem(rm) && rm.size === null ? sized(rm, 8) : rm], [8]);
  if (isGpr(rm)) return inst(what, [rm.name], encodeOpReg([], false, regOpcode, rm.num, false));
  return rmInst(what, [memText(rm, 8)], { opcode: [memOpcode], reg: digit, rm });
}
