// The checker must reject broken allocations, or the fuzzer proves nothing.

import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  allocateRegisters, blockSuccessors, checkAllocation, firstIntersection, LirBuilder, type Allocation, type LirFunc, type LiveInterval,
  type Location, type PhysReg,
} from "../../src/index.js";
import { buildRandomLir, funcRecipeArb } from "./random-lir.js";
import { SYSV_LIKE, TINY } from "./register-files.js";

function withLocation(alloc: Allocation, v: number, l: Location): Allocation {
  const locations = [...alloc.locations];
  locations[v] = l;
  return { ...alloc, locations };
}

function reachableBlocks(f: LirFunc): Set<number> {
  const succs = blockSuccessors(f);
  const seen = new Set<number>([0]);
  const work = [0];
  while (work.length > 0) for (const s of succs[work.pop()!]!) if (!seen.has(s)) (seen.add(s), work.push(s));
  return seen;
}

function straightLine(): { f: LirFunc; a: number; b: number; across: number } {
  const b = new LirBuilder("s");
  const [x, y, across] = [b.param(), b.param(), b.param()];
  b.at(b.block());
  b.emit({ op: "bin", kind: "add", dst: x, a: x, b: y });
  b.emit({ op: "call", dst: null, target: { sym: "g" }, args: [x] });
  b.emit({ op: "bin", kind: "add", dst: x, a: across, b: y });
  b.emit({ op: "ret", value: x });
  return { f: b.finish(), a: x, b: y, across };
}

describe("checker rejects", () => {
  test("two live values in one register", () => {
    const { f, a, b } = straightLine();
    const alloc = allocateRegisters(f, SYSV_LIKE);
    const bad = withLocation(alloc, b, alloc.locations[a]!);
    expect(checkAllocation(f, SYSV_LIKE, bad).join("\n")).toMatch(/share a location|clobbers|reads r/);
  });

  test("a value live across a call in a caller-saved register", () => {
    const { f, across } = straightLine();
    const alloc = allocateRegisters(f, SYSV_LIKE);
    const free = SYSV_LIKE.allocatable.i64.find((r) => !alloc.locations.some((l) => l?.kind === "reg" && l.reg.num === r.num))!;
    const bad = withLocation(alloc, across, { kind: "reg", reg: free });
    const errors = checkAllocation(f, SYSV_LIKE, bad).join("\n");
    expect(errors).toContain("live across the call in a caller-saved register");
    expect(errors).toContain(`reads r${across}`);
  });

  test("scratch registers, wrong classes, missing slots and unsaved callee-saved registers", () => {
    const { f, a, across } = straightLine();
    const alloc = allocateRegisters(f, SYSV_LIKE);
    const scratch: PhysReg = SYSV_LIKE.scratch.i64[0]!;
    expect(checkAllocation(f, SYSV_LIKE, withLocation(alloc, a, { kind: "reg", reg: scratch })).join()).toContain("not allocatable");
    expect(checkAllocation(f, SYSV_LIKE, withLocation(alloc, a, { kind: "reg", reg: SYSV_LIKE.allocatable.f64[0]! })).join())
      .toContain("a f64 register");
    expect(checkAllocation(f, SYSV_LIKE, withLocation(alloc, a, { kind: "spill", slot: 3 })).join()).toContain("out of range");
    expect(alloc.locations[across]?.kind).toBe("reg");
    expect(checkAllocation(f, SYSV_LIKE, { ...alloc, calleeSavedUsed: [] }).join()).toContain("would not save");
  });

  test("a value read from a location another path overwrote", () => {
    // x is written on one path only; in the join both paths must agree on where x is.
    const b = new LirBuilder("join");
    const [c, x] = [b.param(), b.param()];
    const y = b.vreg();
    const [entry, left, right, join] = [b.block(), b.block(), b.block(), b.block()];
    b.at(entry);
    b.emit({ op: "br", cond: c, ifTrue: left.id, ifFalse: right.id });
    b.at(left);
    b.emit({ op: "iconst", dst: y, value: 1n });
    b.emit({ op: "jump", target: join.id });
    b.at(right);
    b.emit({ op: "iconst", dst: y, value: 2n });
    b.emit({ op: "jump", target: join.id });
    b.at(join);
    b.emit({ op: "bin", kind: "add", dst: y, a: y, b: x });
    b.emit({ op: "ret", value: y });
    const f = b.finish();
    const alloc = allocateRegisters(f, TINY);
    expect(checkAllocation(f, TINY, alloc)).toEqual([]);
    const bad = withLocation(alloc, y, alloc.locations[x]!);
    expect(checkAllocation(f, TINY, bad).length).toBeGreaterThan(0);
  });

  test("random programs: merging the locations of any two overlapping intervals is caught", () => {
    fc.assert(
      fc.property(funcRecipeArb({ maxBlocks: 5, maxInsts: 8 }), fc.nat(), fc.nat(), (recipe, i, j) => {
        const f = buildRandomLir({ ...recipe, initAll: true }, { noMov: true });
        const alloc = allocateRegisters(f, SYSV_LIKE);
        const ivs = alloc.intervals.intervals.filter((iv) => iv !== null);
        // Overlaps in unreachable blocks are harmless (never executed), and invisible to the checker.
        const reachable = reachableBlocks(f);
        const { order, first } = alloc.intervals.numbering;
        const blockAt = (pos: number) => order.filter((b) => 2 * first[b]! <= pos).at(-1) ?? 0;
        const overlapRuns = (p: LiveInterval, q: LiveInterval) => {
          const at = firstIntersection(p, q);
          return at !== null && reachable.has(blockAt(at));
        };
        const pairs = ivs.flatMap((p) => ivs.filter((q) => q.vreg < p.vreg && q.cls === p.cls && overlapRuns(p, q)).map((q) => [p, q] as const));
        fc.pre(pairs.length > 0);
        const [p, q] = pairs[(i + j) % pairs.length]!;
        const bad = withLocation(alloc, p.vreg, alloc.locations[q.vreg]!);
        expect(checkAllocation(f, SYSV_LIKE, bad)).not.toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
