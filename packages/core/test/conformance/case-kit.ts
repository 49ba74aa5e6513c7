// Shared vocabulary of the conformance cases: what a case is, how results compare, and small
// builders for one-block functions and argument grids.

import { LirBuilder, type LirFunc, type RegClass, type VReg } from "../../src/index.js";
import type { Value } from "./interpret.js";

export interface ConformanceRun {
  readonly args: readonly Value[];
  readonly expect: Value;
}

export interface ConformanceCase {
  readonly name: string;
  readonly func: LirFunc;
  readonly callees?: readonly (readonly [string, LirFunc])[];
  readonly runs: readonly ConformanceRun[];
}

export const I64_MAX = 2n ** 63n - 1n;
export const I64_MIN = -(2n ** 63n);
export const wrap = (v: bigint) => BigInt.asIntN(64, v);

/** Results compare bit-exactly for i64; for f64 by value, with -0.0 ≠ 0.0 and any NaN = NaN. */
export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === "bigint" || typeof b === "bigint") return typeof a === typeof b && a === b;
  return Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b);
}

export function showValue(v: Value): string {
  return typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0.0" : String(v);
}

export type Body = (b: LirBuilder, params: VReg[]) => VReg;

/** A one-block-or-more function: `body` emits into the entry block and returns the result. */
export function fn(name: string, params: readonly RegClass[], body: Body): LirFunc {
  const b = new LirBuilder(name);
  const ps = params.map((c) => b.param(c));
  b.at(b.block());
  const r = body(b, ps);
  b.emit({ op: "ret", value: r });
  return b.finish();
}

export const runs = (args: readonly (readonly Value[])[], ref: (...a: any[]) => Value): ConformanceRun[] =>
  args.map((a) => ({ args: a, expect: ref(...a) }));

export const cross = <T>(xs: readonly T[], ys: readonly T[] = xs): [T, T][] => xs.flatMap((x) => ys.map((y) => [x, y] as [T, T]));

export const INTERESTING: bigint[] = [0n, 1n, -1n, 2n, 7n, -9n, 63n, 64n, 0x7fff_ffffn, -(2n ** 31n), 2n ** 32n, 0x0123_4567_89ab_cdefn, I64_MAX, I64_MIN];
export const SHIFT_COUNTS: bigint[] = [0n, 1n, 7n, 31n, 32n, 63n, 64n, 65n, -1n];
export const FLOATS: number[] = [0, -0, 1, -1.5, 2.5, 1e308, -1e-308, 5e-324, Infinity, -Infinity, NaN];
