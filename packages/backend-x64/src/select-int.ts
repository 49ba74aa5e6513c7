// Instruction selection for constants, moves, memory access and integer arithmetic.
//
// x64 arithmetic is two-address (`op dst, src`), so `d = a op b` becomes `mov t, a; op t, b` with
// t = d's register, or a scratch register when d's register holds b (the allocator lets a result
// share the register of an operand that dies at the instruction). One operand may be memory, so
// a spilled operand is read in place where the instruction allows it; immediates (LIR immediates
// always fit in 32 signed bits) are folded into the instruction.

import type { BinKind, IntCond, LirInst, Operand, VReg } from "@pyjc/core";
import { isImmOperand } from "@pyjc/core";
import {
  type Cond, type Gpr, type Mem, byte, cl, dword, mem, qword, rbp, rcx, resize, rip, word,
} from "./encoder/index.js";
import { SCRATCH0, SCRATCH1 } from "./abi.js";
import type { Ctx } from "./context.js";
import { emitMove } from "./moves.js";

type Inst<K extends LirInst["op"]> = Extract<LirInst, { op: K }>;

export const INT_CONDS: Readonly<Record<IntCond, Cond>> = {
  eq: "e", ne: "ne", slt: "l", sle: "le", sgt: "g", sge: "ge", ult: "b", ule: "be", ugt: "a", uge: "ae",
};

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

export function selectIconst(x: Ctx, i: Inst<"iconst">): void {
  const value = BigInt.asIntN(64, i.value);
  const d = x.gpr(i.dst);
  if (d !== null) {
    if (value === 0n) x.asm.xor(resize(d, 4), resize(d, 4));
    else x.asm.mov(d, value);
  } else if (value >= INT32_MIN && value <= INT32_MAX) {
    x.asm.mov(x.rm(i.dst), value);
  } else {
    x.asm.mov(SCRATCH0, value);
    x.put(i.dst, SCRATCH0);
  }
}

export function selectSym(x: Ctx, i: Inst<"sym">): void {
  // RIP-relative load of the absolute address from the constant pool: position independent.
  const t = x.target(i.dst, []);
  x.asm.mov(t, rip(x.asm.constAddress(x.env.symbol(i.name)), 0, 8));
  x.put(i.dst, t);
}

export function selectMov(x: Ctx, i: Inst<"mov">): void {
  emitMove(x.asm, x.where(i.dst), x.where(i.src));
}

function sizedMem(base: Gpr, offset: number, width: 1 | 2 | 4 | 8): Mem {
  return ({ 1: byte, 2: word, 4: dword, 8: qword } as const)[width](base, offset);
}

export function selectLoad(x: Ctx, i: Inst<"load">): void {
  const base = x.inGpr(i.base);
  if (x.f.classes[i.dst] === "f64") {
    if (i.width !== 8) throw new Error(`x64: f64 load of width ${i.width}`);
    const d = x.xmm(i.dst);
    if (d !== null) {
      x.asm.movsd(d, qword(base, i.offset));
    } else {
      x.asm.mov(SCRATCH1, qword(base, i.offset));
      x.put(i.dst, SCRATCH1);
    }
    return;
  }
  const t = x.target(i.dst, []);
  const src = sizedMem(base, i.offset, i.width);
  if (i.width === 8) x.asm.mov(t, src);
  else if (i.width === 4) i.signed ? x.asm.movsxd(t, src) : x.asm.mov(resize(t, 4), src);
  else i.signed ? x.asm.movsx(t, src) : x.asm.movzx(resize(t, 4), src);
  x.put(i.dst, t);
}

export function selectStore(x: Ctx, i: Inst<"store">): void {
  const base = x.inGpr(i.base);
  const dst = sizedMem(base, i.offset, i.width);
  if (isImmOperand(i.src)) {
    // A narrow store keeps the low bytes of the (sign-extended) immediate.
    x.asm.mov(dst, BigInt.asIntN(i.width * 8, BigInt(i.src.imm)));
  } else if (x.f.classes[i.src] === "f64") {
    if (i.width !== 8) throw new Error(`x64: f64 store of width ${i.width}`);
    const s = x.xmm(i.src);
    if (s !== null) {
      x.asm.movsd(dst, s);
    } else {
      x.get(SCRATCH1, i.src);
      x.asm.mov(dst, SCRATCH1);
    }
  } else {
    x.asm.mov(dst, resize(x.inGpr(i.src, SCRATCH1), i.width));
  }
}

export function selectSlotaddr(x: Ctx, i: Inst<"slotaddr">): void {
  const disp = x.frame.slotDisp[i.slot];
  if (disp === undefined) throw new Error(`x64: no stack slot ${i.slot}`);
  const t = x.target(i.dst, []);
  x.asm.lea(t, mem(rbp, disp));
  x.put(i.dst, t);
}

const ALU: Partial<Record<BinKind, "add" | "sub" | "and" | "or" | "xor">> = { add: "add", sub: "sub", and: "and", or: "or", xor: "xor" };
const COMMUTATIVE = new Set<BinKind>(["add", "mul", "and", "or", "xor"]);

/** `t = a op b` for the ALU and multiply kinds, in a register chosen by `target`; returns t. */
function arith(x: Ctx, kind: BinKind, dst: VReg, a: VReg, b: Operand, allowLea: boolean): Gpr {
  const asm = x.asm;
  const bReg = isImmOperand(b) ? null : b;
  // d = b op a when d already holds b and op commutes: no copy needed.
  if (bReg !== null && COMMUTATIVE.has(kind) && x.gpr(dst) !== null && x.sameLoc(dst, bReg) && !x.sameLoc(dst, a)) {
    const d = x.gpr(dst)!;
    if (kind === "mul") asm.imul(d, x.rm(a));
    else asm.alu(ALU[kind]!, d, x.rm(a));
    return d;
  }
  const d = x.gpr(dst);
  const aReg = x.gpr(a);
  if (allowLea && kind === "add" && d !== null && aReg !== null && !x.sameLoc(dst, a)) {
    if (bReg === null) {
      asm.lea(d, mem(aReg, (b as { imm: number }).imm));
      return d;
    }
    const bR = x.gpr(bReg);
    if (bR !== null && !x.sameLoc(dst, bReg)) {
      asm.lea(d, mem({ base: aReg, index: bR }));
      return d;
    }
  }
  if (kind === "mul" && bReg === null) {
    const t = x.target(dst, []);
    asm.imul(t, x.rm(a), (b as { imm: number }).imm);
    return t;
  }
  const t = x.target(dst, bReg === null ? [] : [bReg]);
  x.get(t, a);
  const src = bReg === null ? (b as { imm: number }).imm : x.rm(bReg);
  if (kind === "mul") asm.imul(t, x.rm(bReg!));
  else asm.alu(ALU[kind]!, t, src);
  return t;
}

function shift(x: Ctx, kind: "shl" | "shr" | "sar", dst: VReg, a: VReg, b: Operand): Gpr {
  const asm = x.asm;
  if (isImmOperand(b)) {
    const t = x.target(dst, []);
    x.get(t, a);
    // x64, ARM64 and wasm all take 64-bit shift counts modulo 64.
    const count = b.imm & 63;
    if (count !== 0) asm.shift(kind, t, count);
    return t;
  }
  // The count must be in cl: borrow rcx (saved in r11) unless b is already there.
  const d = x.gpr(dst);
  const t = d === null || d.num === rcx.num || x.sameLoc(dst, b) ? SCRATCH0 : d;
  x.get(t, a);
  if (x.gpr(b)?.num === rcx.num) {
    asm.shift(kind, t, cl);
    return t;
  }
  asm.mov(SCRATCH1, rcx);
  x.get(rcx, b);
  asm.shift(kind, t, cl);
  asm.mov(rcx, SCRATCH1);
  return t;
}

export function selectBin(x: Ctx, i: Inst<"bin">): void {
  const t = i.kind === "shl" || i.kind === "shr" || i.kind === "sar" ? shift(x, i.kind, i.dst, i.a, i.b) : arith(x, i.kind, i.dst, i.a, i.b, true);
  x.put(i.dst, t);
}

export function selectBino(x: Ctx, i: Inst<"bino">): void {
  // add/sub/imul set OF exactly on signed 64-bit overflow; movs in between leave the flags alone.
  const t = arith(x, i.kind, i.dst, i.a, i.b, false);
  x.put(i.dst, t);
  const o = x.gpr(i.ovf) ?? SCRATCH1;
  x.asm.setcc("o", resize(o, 1));
  x.asm.movzx(resize(o, 4), resize(o, 1));
  x.put(i.ovf, o);
}

export function selectUnary(x: Ctx, i: Inst<"neg" | "not">): void {
  const t = x.target(i.dst, []);
  x.get(t, i.a);
  x.asm.unary(i.op, t);
  x.put(i.dst, t);
}

/** `cmp a, b` with b folded when it is an immediate; the flags then answer any IntCond. */
export function compare(x: Ctx, a: VReg, b: Operand): void {
  const bOp = isImmOperand(b) ? b.imm : x.rm(b);
  const aOp = x.rm(a);
  // `test r, r` sets ZF and SF like `cmp r, 0` and clears CF and OF like it: same conditions, shorter.
  if (bOp === 0 && aOp.kind === "gpr") return x.asm.test(aOp, aOp);
  x.asm.cmp(aOp.kind === "mem" && typeof bOp !== "number" && bOp.kind === "mem" ? x.inGpr(a) : aOp, bOp);
}

/** Flags for "v != 0". */
export function testNonZero(x: Ctx, v: VReg): void {
  const w = x.rm(v);
  if (w.kind === "gpr") x.asm.test(w, w);
  else x.asm.cmp(w, 0);
}

export function selectIcmp(x: Ctx, i: Inst<"icmp">): void {
  compare(x, i.a, i.b);
  const t = x.gpr(i.dst) ?? SCRATCH1;
  x.asm.setcc(INT_CONDS[i.cond], resize(t, 1));
  x.asm.movzx(resize(t, 4), resize(t, 1));
  x.put(i.dst, t);
}

export function selectSelect(x: Ctx, i: Inst<"select">): void {
  const asm = x.asm;
  testNonZero(x, i.cond);
  if (x.f.classes[i.dst] === "f64") {
    // No conditional move for xmm: load b, and overwrite it with a when cond != 0.
    const t = x.ftarget(i.dst, [i.a]);
    const skip = asm.newLabel(`select${x.labels++}.keep`);
    x.get(t, i.b);
    asm.jcc("e", skip);
    x.get(t, i.a);
    asm.bind(skip);
    x.put(i.dst, t);
    return;
  }
  const d = x.gpr(i.dst);
  if (d !== null && x.sameLoc(i.dst, i.a)) {
    if (!x.sameLoc(i.dst, i.b)) asm.cmovcc("e", d, x.rm(i.b));
    return;
  }
  const t = d ?? SCRATCH0;
  x.get(t, i.b);
  asm.cmovcc("ne", t, x.rm(i.a));
  x.put(i.dst, t);
}
