// The CFG, dominators and dominance frontiers against brute force on random graphs (fast-check):
// a dominates b iff b cannot be reached from the entry once a is removed.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { buildCfg } from "../../src/analysis/cfg.js";
import { computeDominators } from "../../src/analysis/dominators.js";
import { asBlock, bruteDominance, buildGraph, graphShape, reachable, successorsOf } from "./random-cfg.js";

describe("CFG", () => {
  it("has the function's edges, marks unwind-only edges exceptional, and orders reachable blocks in reverse postorder", () => {
    fc.assert(fc.property(graphShape(), (shape) => {
      const cfg = buildCfg(buildGraph(shape));
      const succ = successorsOf(shape);
      const live = reachable(succ, 0);
      succ.forEach((ss, b) => {
        expect(cfg.successors(asBlock(b)).sort()).toEqual([...ss].sort());
        for (const s of ss) {
          const label = cfg.graph.edge(String(b), String(s)) as { exceptional: boolean };
          const normal = shape.blocks[b]!.targets.slice(0, shape.blocks[b]!.exits).includes(s);
          expect(label.exceptional).toBe(!normal);
        }
      });
      succ.forEach((_, b) => {
        const preds = succ.flatMap((ss, p) => (ss.includes(b) ? [p] : []));
        expect(cfg.predecessors(asBlock(b)).sort()).toEqual(preds.sort());
        expect(cfg.isReachable(asBlock(b))).toBe(live.has(b));
      });
      expect(cfg.rpo[0]).toBe(0);
      expect(new Set(cfg.rpo)).toEqual(new Set([...live].map(asBlock)));
      // Reverse postorder: every edge goes forward, except back edges (to an ancestor in the DFS).
      for (const b of cfg.rpo) {
        for (const s of cfg.successors(b)) {
          if (cfg.rpoIndex.get(s)! <= cfg.rpoIndex.get(b)!) {
            expect(reachable(succ, s).has(b), `retreating edge bb${b} -> bb${s} closes a cycle`).toBe(true);
          }
        }
      }
    }), { numRuns: 1000 });
  });
});

describe("dominators", () => {
  it("agree with brute force on every pair of blocks", () => {
    fc.assert(fc.property(graphShape(), (shape) => {
      const succ = successorsOf(shape);
      const dom = computeDominators(buildCfg(buildGraph(shape)));
      const brute = bruteDominance(succ);
      for (let a = 0; a < succ.length; a++) {
        for (let b = 0; b < succ.length; b++) {
          expect(dom.dominates(asBlock(a), asBlock(b)), `bb${a} dominates bb${b}`).toBe(brute[a]![b]!);
        }
      }
    }), { numRuns: 1500 });
  });

  it("give the closest strict dominator as immediate dominator, and the tree's children", () => {
    fc.assert(fc.property(graphShape(), (shape) => {
      const succ = successorsOf(shape);
      const dom = computeDominators(buildCfg(buildGraph(shape)));
      const brute = bruteDominance(succ);
      const live = reachable(succ, 0);
      expect(dom.idom.get(asBlock(0))).toBe(0);
      for (let b = 0; b < succ.length; b++) {
        if (!live.has(b)) {
          expect(dom.idom.has(asBlock(b)), `unreachable bb${b} has no idom`).toBe(false);
          continue;
        }
        if (b === 0) continue;
        const strict = succ.map((_, a) => a).filter((a) => a !== b && brute[a]![b]);
        // The immediate dominator is the strict dominator every other strict dominator dominates.
        const idom = strict.find((d) => strict.every((o) => brute[o]![d]));
        expect(dom.idom.get(asBlock(b)), `idom of bb${b}`).toBe(idom);
        expect(dom.children(asBlock(idom!))).toContain(b);
      }
      const childCount = succ.reduce((n, _, a) => n + dom.children(asBlock(a)).length, 0);
      expect(childCount).toBe(live.size - 1);
    }), { numRuns: 1000 });
  });

  it("give dominance frontiers: where a's dominance ends", () => {
    // On graphs whose entry has no predecessors, as in valid HIR (the frontier computation relies
    // on that: a self-loop on the entry is not in its own frontier).
    fc.assert(fc.property(graphShape(9, false), (shape) => {
      const succ = successorsOf(shape);
      const dom = computeDominators(buildCfg(buildGraph(shape)));
      const brute = bruteDominance(succ);
      const live = reachable(succ, 0);
      for (const a of live) {
        // DF(a) = { b : a dominates a predecessor of b, and a does not strictly dominate b }.
        const expected = [...live].filter((b) =>
          succ.some((ss, p) => live.has(p) && ss.includes(b) && brute[a]![p]) && !(brute[a]![b] && a !== b));
        expect([...dom.frontier(asBlock(a))].sort(), `DF(bb${a})`).toEqual(expected.map(asBlock).sort());
      }
    }), { numRuns: 1000 });
  });
});
