// Prefixes, REX, ModRM, SIB and displacement: the part of an x86-64 encoding shared by every
// instruction with a register-or-memory operand (Intel SDM vol. 2, 2.1-2.2).
//
// Order: legacy prefixes (0x66 operand size or the SSE mandatory 0x66/0xf2/0xf3), REX, opcode,
// ModRM, SIB, displacement, immediate. REX = 0100WRXB: W 64-bit operand size, R extends
// ModRM.reg, X extends SIB.index, B extends ModRM.rm / SIB.base / the opcode register.
//
// Memory special cases (all in `memForm`):
// - rm=100 means "a SIB byte follows", so rsp and r12 as base always need a SIB (index=100: none).
// - mod=00 rm=101 means RIP+disp32 in 64-bit mode, so rbp and r13 as base need mod=01 with disp8 0.
// - SIB base=101 with mod=00 means "no base, disp32": that is how [index*scale+disp] and a plain
//   absolute address are encoded (the latter with index=100).
// - SIB index=100 means "no index", so rsp can never be an index (r12, with REX.X, can).
// - A displacement in [-128, 127] takes disp8 (mod=01), otherwise disp32 (mod=10); 0 takes none.

import { type Gpr, type Xmm } from "./registers.js";
import { type Mem, type MemOperand } from "./operands.js";

export type RmOperand = Gpr | Xmm | MemOperand;

export interface MemForm {
  readonly mod: 0 | 1 | 2;
  readonly sib: boolean;
  readonly dispBytes: 0 | 1 | 4;
}

export function memForm(m: Mem): MemForm {
  if (m.base === null) return { mod: 0, sib: true, dispBytes: 4 };
  const sib = m.index !== null || (m.base.num & 7) === 4;
  if (m.disp === 0 && (m.base.num & 7) !== 5) return { mod: 0, sib, dispBytes: 0 };
  if (m.disp >= -0x80 && m.disp <= 0x7f) return { mod: 1, sib, dispBytes: 1 };
  return { mod: 2, sib, dispBytes: 4 };
}

export interface RmSpec {
  /** Legacy prefixes in order (0x66 for 16-bit operands, or an SSE mandatory prefix). */
  readonly prefixes?: readonly number[];
  /** REX.W: 64-bit operand size. */
  readonly w?: boolean;
  readonly opcode: readonly number[];
  /** ModRM.reg: a register number or the opcode extension (/digit). */
  readonly reg: number;
  readonly rm: RmOperand;
  /** Emit a REX prefix even if all its bits are 0 (for spl/bpl/sil/dil). */
  readonly rex?: boolean;
  /** Immediate bytes after the displacement. */
  readonly imm?: readonly number[];
}

export interface RmBytes {
  readonly bytes: Uint8Array;
  /** Offset of the RIP-relative disp32 field to patch, or -1. */
  readonly ripAt: number;
}

function rexByte(w: boolean, r: number, x: number, b: number): number {
  return 0x40 | (w ? 8 : 0) | ((r >> 3) << 2) | ((x >> 3) << 1) | (b >> 3);
}

function pushLe32(out: number[], v: number): void {
  out.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
}

export function encodeRm(spec: RmSpec): RmBytes {
  const out: number[] = [...(spec.prefixes ?? [])];
  const w = spec.w ?? false;
  const reg = spec.reg;
  const rm = spec.rm;
  let x = 0;
  let b = 0;
  const tail: number[] = [];
  let ripAt = -1;
  if (rm.kind === "gpr" || rm.kind === "xmm") {
    b = rm.num;
    tail.push(0xc0 | ((reg & 7) << 3) | (rm.num & 7));
  } else if (rm.kind === "rip") {
    tail.push(0x05 | ((reg & 7) << 3));
    ripAt = tail.length;
    pushLe32(tail, 0);
  } else {
    const form = memForm(rm);
    const baseLow = rm.base === null ? 5 : rm.base.num & 7;
    b = rm.base?.num ?? 0;
    x = rm.index?.num ?? 0;
    if (form.sib) {
      tail.push((form.mod << 6) | ((reg & 7) << 3) | 4);
      const indexLow = rm.index === null ? 4 : rm.index.num & 7;
      tail.push((Math.log2(rm.scale) << 6) | (indexLow << 3) | baseLow);
    } else {
      tail.push((form.mod << 6) | ((reg & 7) << 3) | baseLow);
    }
    if (form.dispBytes === 1) tail.push(rm.disp & 0xff);
    else if (form.dispBytes === 4) pushLe32(tail, rm.disp);
  }
  const rex = rexByte(w, reg, x, b);
  if (rex !== 0x40 || spec.rex === true) out.push(rex);
  out.push(...spec.opcode);
  if (ripAt >= 0) ripAt += out.length;
  out.push(...tail, ...(spec.imm ?? []));
  return { bytes: Uint8Array.from(out), ripAt };
}

/** Instructions that encode their register in the opcode's low 3 bits (push, pop, mov r, imm). */
export function encodeOpReg(
  prefixes: readonly number[],
  w: boolean,
  opcode: number,
  regNum: number,
  forceRex: boolean,
  imm: readonly number[] = [],
): Uint8Array {
  const out: number[] = [...prefixes];
  const rex = rexByte(w, 0, 0, regNum);
  if (rex !== 0x40 || forceRex) out.push(rex);
  out.push(opcode | (regNum & 7), ...imm);
  return Uint8Array.from(out);
}
