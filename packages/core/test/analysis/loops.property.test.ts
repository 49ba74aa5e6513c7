// Natural loops against brute force on random graphs: a back edge u -> h has h dominating u; the
// loop of h is h plus every block that reaches one of its latches without passing h; loops nest by
// containment. Blocks in irreducible cycles are those on a cycle that survives removing every back
// edge (the graph is reducible exactly when none does).

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { buildCfg } from "../../src/analysis/cfg.js";
import { computeDominators } from "../../src/analysis/dominators.js";
import { findLoops } from "../../src/analysis/loops.js";
import { parseFunc } from "../../src/hir/parser.js";
import { asBlock, bruteDominance, buildGraph, graphShape, reachable, successorsOf, type GraphShape } from "./random-cfg.js";

interface BruteLoop {
  header: number;
  blocks: Set<number>;
  latches: Set<number>;
}

function bruteLoops(succ: readonly number[][]): BruteLoop[] {
  const live = reachable(succ, 0);
  const dom = bruteDominance(succ);
  const preds = succ.map((_, b) => succ.flatMap((ss, p) => (ss.includes(b) && live.has(p) ? [p] : [])));
  const loops = new Map<number, BruteLoop>();
  for (const u of live) {
    for (const h of succ[u]!) {
      if (!dom[h]![u]) continue;
      const loop = loops.get(h) ?? { header: h, blocks: new Set([h]), latches: new Set<number>() };
      loops.set(h, loop);
      loop.latches.add(u);
      // Everything that reaches u backwards without passing h.
      const work = [u];
      while (work.length > 0) {
        const x = work.pop()!;
        if (loop.blocks.has(x)) continue;
        loop.blocks.add(x);
        work.push(...preds[x]!);
      }
    }
  }
  return [...loops.values()];
}

/** Blocks on a cycle of the reachable graph once every back edge is removed. */
function bruteIrreducible(succ: readonly number[][]): Set<number> {
  const live = reachable(succ, 0);
  const dom = bruteDominance(succ);
  const forward = succ.map((ss, u) => (live.has(u) ? ss.filter((h) => live.has(h) && !dom[h]![u]) : []));
  const out = new Set<number>();
  for (const b of live) {
    if (forward[b]!.some((s) => reachable(forward, s).has(b))) out.add(b);
  }
  return out;
}

/** Blocks on some cycle of the whole graph (reachable or not). */
function cyclicBlocks(succ: readonly number[][]): Set<number> {
  return new Set(succ.flatMap((ss, b) => (ss.some((s) => reachable(succ, s).has(b)) ? [b] : [])));
}

const forest = (shape: GraphShape) => {
  const cfg = buildCfg(buildGraph(shape));
  return findLoops(cfg, computeDominators(cfg));
};

describe("loops", () => {
  it("finds the natural loops, their latches and nesting", () => {
    fc.assert(fc.property(graphShape(), (shape) => {
      const succ = successorsOf(shape);
      const found = forest(shape);
      const expected = bruteLoops(succ);
      const show = (l: { header: number; blocks: Iterable<number> }) => `bb${l.header}: {${[...l.blocks].sort()}}`;
      expect(found.loops.map(show).sort()).toEqual(expected.map(show).sort());
      for (const loop of found.loops) {
        const brute = expected.find((l) => l.header === loop.header)!;
        expect(new Set(loop.latches)).toEqual(new Set([...brute.latches].map(asBlock)));
        // The parent is the smallest other loop containing this loop's header.
        const outer = expected.filter((l) => l.header !== loop.header && l.blocks.has(loop.header)).sort((a, b) => a.blocks.size - b.blocks.size);
        expect(loop.parent?.header ?? null, `parent of ${show(loop)}`).toBe(outer[0]?.header ?? null);
        expect(loop.depth).toBe(outer.length + 1);
      }
      for (let b = 0; b < succ.length; b++) {
        const containing = expected.filter((l) => l.blocks.has(b)).sort((x, y) => x.blocks.size - y.blocks.size);
        expect(found.innermost.get(asBlock(b))?.header ?? null, `innermost loop of bb${b}`).toBe(containing[0]?.header ?? null);
      }
    }), { numRuns: 1500 });
  });

  // Regression (fixed): fails on irreducible cycles nested in a larger strongly connected component
  // (see "finds an irreducible cycle inside a natural loop" below for the hand-written case).
  it("marks every block of an irreducible cycle", () => {
    fc.assert(fc.property(graphShape(), (shape) => {
      const succ = successorsOf(shape);
      const marked = new Set(forest(shape).irreducible);
      const brute = bruteIrreducible(succ);
      for (const b of brute) expect(marked.has(asBlock(b)), `bb${b} is on an irreducible cycle`).toBe(true);
    }), { numRuns: 3000 });
  });

  // Regression (fixed): an unreachable block jumping into a loop makes the loop count as entered
  // twice, so reachable blocks of a reducible loop are marked irreducible.
  it("marks nothing in a reducible graph, and only blocks on cycles", () => {
    fc.assert(fc.property(graphShape(), (shape) => {
      const succ = successorsOf(shape);
      const marked = [...forest(shape).irreducible];
      const cyclic = cyclicBlocks(succ);
      for (const b of marked) expect(cyclic.has(b), `bb${b} is on a cycle`).toBe(true);
      if (bruteIrreducible(succ).size === 0) {
        const live = reachable(succ, 0);
        expect(marked.filter((b) => live.has(b)), "reducible graph").toEqual([]);
      }
    }), { numRuns: 3000 });
  });

  // Regression (fixed): an irreducible cycle nested inside a reducible loop is not reported, because
  // only the outermost strongly connected component is checked for several entries.
  it("finds an irreducible cycle inside a natural loop", () => {
    const f = parseFunc(`func 'g' name='g' file='g.py' line=1 flags=0x3 argcount=0 posonly=0 kwonly=0
slots
names
bb0():
    jump bb1()
bb1():
    v0 = cbool 1
    branch v0, bb2(), bb3()
bb2():
    v1 = cbool 1
    branch v1, bb3(), bb1()
bb3():
    jump bb2()
`);
    // bb1 -> bb2 and bb1 -> bb3 enter the cycle bb2 <-> bb3 at two places; bb2 -> bb1 is a back edge.
    const cfg = buildCfg(f);
    const loops = findLoops(cfg, computeDominators(cfg));
    expect(loops.loops.map((l) => l.header)).toEqual([1]);
    expect([...loops.irreducible].sort()).toEqual([2, 3]);
  });
});
