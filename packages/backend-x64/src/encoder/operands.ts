// Memory operands as data. `[base + index*scale + disp]` with any part optional, and RIP-relative
// operands that point at a label (constant pool entries, jump tables, code addresses). The
// addressing special cases (SIB for rsp/r12, a zero displacement for rbp/r13, disp32 without a base)
// are resolved when the operand is encoded (encode-modrm.ts), not here: here an operand only has
// to be a valid address.

import { type Gpr } from "./registers.js";
import { type Label } from "./labels.js";
import { EncodeError } from "./errors.js";

/** Width in bytes of a memory access. 16 is an SSE XMMWORD. */
export type MemSize = 1 | 2 | 4 | 8 | 16;
export type Scale = 1 | 2 | 4 | 8;

/** `[base + index*scale + disp]`; `size` null means "take it from the other operand". */
export interface Mem {
  readonly kind: "mem";
  readonly base: Gpr | null;
  readonly index: Gpr | null;
  readonly scale: Scale;
  readonly disp: number;
  readonly size: MemSize | null;
}

/** `[rip + (label + addend - end of instruction)]`: position-independent access to a label. */
export interface RipMem {
  readonly kind: "rip";
  readonly label: Label;
  readonly addend: number;
  readonly size: MemSize | null;
}

export type MemOperand = Mem | RipMem;

export interface Address {
  readonly base?: Gpr | null;
  readonly index?: Gpr | null;
  readonly scale?: Scale;
  readonly disp?: number;
}

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

function checkAddressReg(reg: Gpr, role: string): void {
  if (reg.kind !== "gpr" || reg.size !== 8) throw new EncodeError(`memory ${role} must be a 64-bit register, got ${reg.name}`);
}

function makeMem(address: Address, size: MemSize | null): Mem {
  const base = address.base ?? null;
  const index = address.index ?? null;
  const scale = address.scale ?? 1;
  const disp = address.disp ?? 0;
  if (base !== null) checkAddressReg(base, "base");
  if (index !== null) {
    checkAddressReg(index, "index");
    if (index.num === 4) throw new EncodeError("rsp cannot be an index register");
  }
  if (![1, 2, 4, 8].includes(scale)) throw new EncodeError(`scale must be 1, 2, 4 or 8, got ${scale}`);
  if (index === null && scale !== 1) throw new EncodeError("a scale needs an index register");
  if (!isInt32(disp)) throw new EncodeError(`displacement ${disp} does not fit in a signed 32-bit field`);
  return Object.freeze({ kind: "mem", base, index, scale, disp, size });
}

/** An unsized memory operand; its width comes from the register it is used with. */
export function mem(base: Gpr, disp?: number): Mem;
export function mem(address: Address): Mem;
export function mem(base: Gpr | Address, disp = 0): Mem {
  return makeMem("kind" in base ? { base, disp } : base, null);
}

function sizedConstructor(size: MemSize) {
  function sizedMem(base: Gpr, disp?: number): Mem;
  function sizedMem(address: Address): Mem;
  function sizedMem(base: Gpr | Address, disp = 0): Mem {
    return makeMem("kind" in base ? { base, disp } : base, size);
  }
  return sizedMem;
}

/** `BYTE PTR [...]` */
export const byte = sizedConstructor(1);
/** `WORD PTR [...]` */
export const word = sizedConstructor(2);
/** `DWORD PTR [...]` */
export const dword = sizedConstructor(4);
/** `QWORD PTR [...]` */
export const qword = sizedConstructor(8);
/** `XMMWORD PTR [...]` (16 bytes, SSE) */
export const xmmword = sizedConstructor(16);

/** An absolute address `ds:disp` (sign-extended 32-bit, so only the low and high 2 GiB). */
export function absolute(disp: number, size: MemSize | null = null): Mem {
  return makeMem({ disp }, size);
}

/** `[rip + label + addend]`. */
export function rip(label: Label, addend = 0, size: MemSize | null = null): RipMem {
  if (!isInt32(addend)) throw new EncodeError(`rip addend ${addend} does not fit in 32 bits`);
  return Object.freeze({ kind: "rip", label, addend, size });
}

/** The same memory operand with an explicit access width. */
export function sized<M extends MemOperand>(m: M, size: MemSize): M {
  const copy: M = { ...m, size };
  return Object.freeze(copy);
}

export function isMem(op: unknown): op is MemOperand {
  const kind = (op as { kind?: unknown } | null)?.kind;
  return kind === "mem" || kind === "rip";
}
