// The parallel-move sequentializer against a reference simulation of the simultaneous moves.

import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { sequentializeMoves, type Move } from "../../src/index.js";

// Locations: registers r0..r7 and f0..f3 (two classes), stack slots s0..s3 (either class).
type Loc = string;
const options = { key: (l: Loc) => l, scratchFor: (l: Loc) => (l.startsWith("f") ? "fs" : "rs") };

function run(moves: readonly Move<Loc>[], initial: ReadonlyMap<Loc, number>): Map<Loc, number> {
  const state = new Map(initial);
  for (const m of moves) state.set(m.dst, state.get(m.src)!);
  return state;
}

function reference(moves: readonly Move<Loc>[], initial: ReadonlyMap<Loc, number>): Map<Loc, number> {
  const state = new Map(initial);
  for (const m of moves) state.set(m.dst, initial.get(m.src)!);
  return state;
}

const ints = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "s0", "s1", "s2", "s3"];
const floats = ["f0", "f1", "f2", "f3", "s0", "s1", "s2", "s3"];

/** Random parallel moves: distinct destinations, any sources, within one class each. */
const movesArb: fc.Arbitrary<Move<Loc>[]> = fc
  .tuple(fc.subarray(ints), fc.subarray(floats.slice(0, 4)), fc.array(fc.nat(), { minLength: 16, maxLength: 16 }))
  .map(([intDsts, floatDsts, picks]) => [
    ...intDsts.map((dst, i) => ({ dst, src: ints[picks[i]! % ints.length]! })),
    ...floatDsts.map((dst, i) => ({ dst, src: floats.slice(0, 4)[picks[i + 12]! % 4]! })),
  ]);

describe("parallel moves", () => {
  test("sequentialized moves have the effect of the simultaneous ones", () => {
    fc.assert(
      fc.property(movesArb, (moves) => {
        const initial = new Map([...ints, ...floats, "rs", "fs"].map((l, i) => [l, i * 10]));
        const seq = sequentializeMoves(moves, options);
        const got = run(seq, initial);
        const want = reference(moves, initial);
        for (const l of [...ints, ...floats]) expect(got.get(l), l).toBe(want.get(l));
        // Each class breaks its cycles with its own scratch.
        for (const m of seq) {
          if (m.dst === "rs" || m.src === "rs") expect(m.dst.startsWith("f") || m.src.startsWith("f")).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("no more moves than needed: one per real move, plus one per cycle", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5), { minLength: 6, maxLength: 6 }), (perm) => {
        // A permutation of r0..r5 (duplicates removed): n real moves, one extra per cycle.
        const seen = new Set<number>();
        const targets = perm.filter((p) => !seen.has(p) && (seen.add(p), true));
        const moves = targets.map((t, i) => ({ dst: `r${t}`, src: `r${targets[(i + 1) % targets.length]}` }));
        const real = moves.filter((m) => m.dst !== m.src);
        const seq = sequentializeMoves(moves, options);
        expect(seq.length).toBeLessThanOrEqual(real.length + (real.length > 0 ? 1 : 0));
      }),
    );
  });

  test("swaps, rotations, fan-out and self-moves", () => {
    const initial = new Map(["r0", "r1", "r2", "rs"].map((l, i) => [l, i]));
    const swap = sequentializeMoves([{ dst: "r0", src: "r1" }, { dst: "r1", src: "r0" }], options);
    expect(swap).toHaveLength(3);
    expect(run(swap, initial).get("r0")).toBe(1);
    expect(run(swap, initial).get("r1")).toBe(0);
    const fan = sequentializeMoves([{ dst: "r1", src: "r0" }, { dst: "r2", src: "r0" }, { dst: "r0", src: "r0" }], options);
    expect(fan).toHaveLength(2);
    expect(sequentializeMoves([], options)).toEqual([]);
  });

  test("rejects two writes to one location and moves that use the scratch", () => {
    expect(() => sequentializeMoves([{ dst: "r0", src: "r1" }, { dst: "r0", src: "r2" }], options)).toThrow(/twice/);
    expect(() => sequentializeMoves([{ dst: "r0", src: "rs" }], options)).toThrow(/scratch/);
  });
});
