// Operand combinations for the objdump tests: every register, every addressing special case,
// immediates at the edges of each field width.

import {
  type Gpr, type GprSize, type Mem, type MemSize, type MemOperand, type Label, type Scale,
  gprs, mem, sized, rip, absolute,
} from "../../src/encoder/index.js";

export const SIZES: readonly GprSize[] = [1, 2, 4, 8];
export const R64 = gprs(8);

const DISPS = [0, 1, -1, 0x7f, 0x80, -0x80, -0x81, 0x7fff_ffff, -0x8000_0000];
const SCALES: readonly Scale[] = [1, 2, 4, 8];

/** Every base with every displacement edge, every base/index pair, no-base forms, absolutes. */
export function memCases(): Mem[] {
  const out: Mem[] = [];
  for (const base of R64) for (const disp of DISPS) out.push(mem({ base, disp }));
  for (const base of R64) {
    for (const index of R64) {
      if (index.num === 4) continue;
      const k = base.num + index.num;
      out.push(mem({ base, index, scale: SCALES[k % 4], disp: DISPS[k % DISPS.length] }));
    }
  }
  for (const index of R64) {
    if (index.num === 4) continue;
    for (const scale of SCALES) out.push(mem({ index, scale, disp: DISPS[(index.num + scale) % DISPS.length] }));
  }
  for (const disp of [0, 0x10, -0x10, 0x7fff_ffff, -0x8000_0000]) out.push(absolute(disp));
  return out;
}

/** memCases plus RIP-relative references to `label`, all with access width `size`. */
export function memOperands(size: MemSize | null, label: Label): MemOperand[] {
  const cases: MemOperand[] = [...memCases(), rip(label), rip(label, 8), rip(label, -4)];
  return size === null ? cases : cases.map((m) => sized(m, size));
}

/** Registers to pair with the n-th memory case, cycling so every register is used. */
export const cycle = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

export const IMMS: readonly bigint[] = [
  0n, 1n, -1n, 0x7fn, 0x80n, -0x80n, -0x81n, 0xffn, 0x100n, 0x7fffn, 0x8000n, -0x8000n, -0x8001n, 0xffffn,
  0x7fff_ffffn, -0x8000_0000n, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, -0x8000_0001n,
  0x7fff_ffff_ffff_ffffn, -0x8000_0000_0000_0000n, 0xffff_ffff_ffff_ffffn, 0x1234_5678_9abc_def0n,
];

/** Immediates valid for a `size`-byte operation whose field is at most `fieldBits` sign-extended. */
export function immsFor(size: GprSize, fieldBits = 32): bigint[] {
  const bits = BigInt(size * 8);
  return IMMS.filter((v) => {
    if (v < -(1n << (bits - 1n)) || v >= 1n << bits) return false;
    const pattern = BigInt.asIntN(Number(bits), v);
    return size < 8 || pattern === BigInt.asIntN(fieldBits, pattern);
  });
}

export function regsOf(size: GprSize): readonly Gpr[] {
  return gprs(size);
}
