// General-purpose and XMM registers as plain data. A register operand carries its width, so `eax`
// and `rax` are different operands of the same register number; the encoder derives the operand size
// (and the 0x66 / REX.W prefixes) from it. The legacy high-byte registers ah/ch/dh/bh are left out:
// they cannot be encoded together with a REX prefix and a JIT never needs them.

/** Width of a general-purpose register operand in bytes. */
export type GprSize = 1 | 2 | 4 | 8;

export interface Gpr {
  readonly kind: "gpr";
  /** Hardware register number 0..15 (rax=0 ... r15=15). */
  readonly num: number;
  readonly size: GprSize;
  /** Name as objdump spells it (`rax`, `r8d`, `sil`, ...). */
  readonly name: string;
}

export interface Xmm {
  readonly kind: "xmm";
  readonly num: number;
  readonly name: string;
}

const LEGACY = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"];
const BYTE_LEGACY = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"];

function gprName(num: number, size: GprSize): string {
  if (num >= 8) return `r${num}${{ 1: "b", 2: "w", 4: "d", 8: "" }[size]}`;
  if (size === 1) return BYTE_LEGACY[num]!;
  return { 2: "", 4: "e", 8: "r" }[size] + LEGACY[num]!;
}

const SIZES: readonly GprSize[] = [1, 2, 4, 8];
const NUMS = Array.from({ length: 16 }, (_, i) => i);
const GPRS: ReadonlyMap<GprSize, readonly Gpr[]> = new Map(
  SIZES.map((size) => [size, NUMS.map((num) => Object.freeze({ kind: "gpr", num, size, name: gprName(num, size) }))]),
);
const XMMS: readonly Xmm[] = NUMS.map((num) => Object.freeze({ kind: "xmm", num, name: `xmm${num}` }));

/** The register `num` (0..15) at width `size`; the same object every time. */
export function gpr(num: number, size: GprSize = 8): Gpr {
  const reg = GPRS.get(size)?.[num];
  if (reg === undefined) throw new RangeError(`no general-purpose register ${num} of size ${size}`);
  return reg;
}

/** The same register at another width (`resize(rax, 4)` is `eax`). */
export function resize(reg: Gpr, size: GprSize): Gpr {
  return gpr(reg.num, size);
}

export function xmm(num: number): Xmm {
  const reg = XMMS[num];
  if (reg === undefined) throw new RangeError(`no register xmm${num}`);
  return reg;
}

/** All 16 registers of one width, in hardware order. */
export function gprs(size: GprSize = 8): readonly Gpr[] {
  return GPRS.get(size)!;
}

export function xmms(): readonly Xmm[] {
  return XMMS;
}

/** spl/bpl/sil/dil are only reachable with a REX prefix (without one they mean ah/ch/dh/bh). */
export function byteRegNeedsRex(reg: Gpr): boolean {
  return reg.size === 1 && reg.num >= 4 && reg.num < 8;
}

export const [rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15] = gprs(8);
export const [eax, ecx, edx, ebx, esp, ebp, esi, edi, r8d, r9d, r10d, r11d, r12d, r13d, r14d, r15d] = gprs(4);
export const [ax, cx, dx, bx, sp, bp, si, di, r8w, r9w, r10w, r11w, r12w, r13w, r14w, r15w] = gprs(2);
export const [al, cl, dl, bl, spl, bpl, sil, dil, r8b, r9b, r10b, r11b, r12b, r13b, r14b, r15b] = gprs(1);
export const [xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7] = XMMS;
export const [xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15] = XMMS.slice(8);
