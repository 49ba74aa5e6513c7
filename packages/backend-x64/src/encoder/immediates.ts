// Immediates. A caller passes a number (safe integer) or a bigint, signed or unsigned: for an
// operation of width w bits any value in [-2^(w-1), 2^w) is accepted and means its w-bit pattern,
// so `add(eax, 0xffffffff)` and `add(eax, -1)` are the same instruction. The encoder then picks
// the shortest immediate field the instruction has that sign- or zero-extends back to that pattern.

import { EncodeError } from "./errors.js";

export type Imm = number | bigint;

export function isImm(op: unknown): op is Imm {
  return typeof op === "number" || typeof op === "bigint";
}

function toBigInt(imm: Imm, what: string): bigint {
  if (typeof imm === "bigint") return imm;
  if (!Number.isSafeInteger(imm)) throw new EncodeError(`${what}: immediate ${imm} is not a safe integer (pass a bigint)`);
  return BigInt(imm);
}

/** The `bits`-wide pattern of `imm` as a signed value; throws if `imm` does not fit in `bits`. */
export function immValue(imm: Imm, bits: number, what: string): bigint {
  const v = toBigInt(imm, what);
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(bits)) - 1n;
  if (v < min || v > max) throw new EncodeError(`${what}: immediate ${imm} does not fit in ${bits} bits`);
  return BigInt.asIntN(bits, v);
}

export function fitsSigned(v: bigint, bits: number): boolean {
  return v === BigInt.asIntN(bits, v);
}

export function fitsUnsigned(v: bigint, bits: number): boolean {
  return v >= 0n && v === BigInt.asUintN(bits, v);
}

/** Little-endian bytes of the low `n` bytes of `v`. */
export function le(v: bigint | number, n: number): number[] {
  let x = BigInt.asUintN(n * 8, BigInt(v));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}
