// Live intervals over a linear order of the blocks.
//
// Order: the entry block, the other hot blocks in layout order, then the cold ones, which is also
// the order backends emit code in, so a hot value's interval does not stretch across slow paths.
//
// Positions: instruction i of the linear order (counting from 1) reads its operands at 2i and
// writes its results at 2i+1; position 1 is the function entry, where the parameters are
// written. A value that dies at an instruction and the result of that instruction therefore never
// overlap and may share a register; the results of one instruction always overlap each other.
//
// An interval is the set of positions where its vreg is live, built from the dataflow liveness
// (so loops are already accounted for) as sorted, disjoint half-open ranges: the holes between
// ranges (a vreg dead on a cold path, between a redefinition and its last use, ...) are free for
// other intervals. Each vreg has exactly one interval and, after allocation, one location: no
// interval splitting.

import { clobbersCallerSaved, defsOf, usesOf, type LirFunc, type RegClass, type VReg } from "../lir/lir.js";
import { computeLiveness, type Liveness } from "./liveness.js";

export interface LiveInterval {
  readonly vreg: VReg;
  readonly cls: RegClass;
  /** Flat [start0, end0, start1, end1, ...]: sorted, disjoint, non-adjacent, half-open. */
  readonly ranges: readonly number[];
  readonly start: number;
  /** One past the last live position. */
  readonly end: number;
  /** Live across an instruction that clobbers caller-saved registers (live both where it reads and where it writes). */
  readonly crossesCall: boolean;
}

export interface Numbering {
  /** Block indices (into f.blocks) in linear order. */
  readonly order: readonly number[];
  /** Linear index (from 1) of the first instruction of each block, by block index. */
  readonly first: readonly number[];
  /** Read positions (2i) of the calls, ascending. */
  readonly calls: readonly number[];
}

export function linearOrder(f: LirFunc): number[] {
  const hot: number[] = [];
  const cold: number[] = [];
  f.blocks.forEach((b, i) => (i === 0 || !b.cold ? hot : cold).push(i));
  return [...hot, ...cold];
}

export function numberInstructions(f: LirFunc): Numbering {
  const order = linearOrder(f);
  const first: number[] = new Array<number>(f.blocks.length).fill(0);
  const calls: number[] = [];
  let next = 1;
  for (const b of order) {
    first[b] = next;
    for (const inst of f.blocks[b]!.insts) {
      if (clobbersCallerSaved(inst)) calls.push(2 * next);
      next++;
    }
  }
  return { order, first, calls };
}

export interface IntervalSet {
  readonly numbering: Numbering;
  readonly liveness: Liveness;
  /** Indexed by vreg; null for vregs that are never live (never mentioned, or an unused parameter). */
  readonly intervals: readonly (LiveInterval | null)[];
}

export function buildIntervals(f: LirFunc, liveness: Liveness = computeLiveness(f)): IntervalSet {
  const numbering = numberInstructions(f);
  const raw: number[][] = f.classes.map(() => []);
  const addRange = (v: VReg, from: number, to: number) => raw[v]!.push(from, to);
  const end: number[] = new Array<number>(f.classes.length).fill(0);

  for (const b of [...numbering.order].reverse()) {
    const block = f.blocks[b]!;
    const blockStart = 2 * numbering.first[b]!;
    const live = liveness.liveOut[b]!.copy();
    for (const v of live) end[v] = blockStart + 2 * block.insts.length;
    for (let k = block.insts.length - 1; k >= 0; k--) {
      const inst = block.insts[k]!;
      const pos = blockStart + 2 * k;
      for (const d of defsOf(inst)) {
        if (live.has(d)) {
          addRange(d, pos + 1, end[d]!);
          live.delete(d);
        } else {
          addRange(d, pos + 1, pos + 2); // a dead result still needs somewhere to be written
        }
      }
      for (const u of usesOf(inst)) {
        if (!live.has(u)) {
          live.add(u);
          end[u] = pos + 1;
        }
      }
    }
    for (const v of live) addRange(v as VReg, blockStart, end[v]!);
    if (b === 0) for (const p of f.params) if (live.has(p)) addRange(p, 1, blockStart);
  }

  const intervals = raw.map((r, v) => (r.length === 0 ? null : makeInterval(v as VReg, f.classes[v]!, r, numbering.calls)));
  return { numbering, liveness, intervals };
}

function makeInterval(vreg: VReg, cls: RegClass, raw: number[], calls: readonly number[]): LiveInterval {
  const pairs: [number, number][] = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const ranges: number[] = [];
  for (const [s, e] of pairs) {
    const n = ranges.length;
    if (n > 0 && s <= ranges[n - 1]!) ranges[n - 1] = Math.max(ranges[n - 1]!, e);
    else ranges.push(s, e);
  }
  let crossesCall = false;
  for (let i = 0; i < ranges.length && !crossesCall; i += 2) {
    const p = lowerBound(calls, ranges[i]!);
    crossesCall = p < calls.length && calls[p]! + 2 <= ranges[i + 1]!;
  }
  return { vreg, cls, ranges, start: ranges[0]!, end: ranges[ranges.length - 1]!, crossesCall };
}

/** Index of the first element of ascending `xs` that is >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function covers(iv: LiveInterval, pos: number): boolean {
  const r = iv.ranges;
  for (let i = 0; i < r.length && r[i]! <= pos; i += 2) if (pos < r[i + 1]!) return true;
  return false;
}

/** The first position where both intervals are live, or null. */
export function firstIntersection(a: LiveInterval, b: LiveInterval): number | null {
  const x = a.ranges;
  const y = b.ranges;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const s = Math.max(x[i]!, y[j]!);
    const e = Math.min(x[i + 1]!, y[j + 1]!);
    if (s < e) return s;
    if (x[i + 1]! <= y[j + 1]!) i += 2;
    else j += 2;
  }
  return null;
}

export function printInterval(iv: LiveInterval): string {
  const parts: string[] = [];
  for (let i = 0; i < iv.ranges.length; i += 2) parts.push(`[${iv.ranges[i]}, ${iv.ranges[i + 1]})`);
  return `r${iv.vreg} ${iv.cls} ${parts.join(" ")}${iv.crossesCall ? " crosses-call" : ""}`;
}
