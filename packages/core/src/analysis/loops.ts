// Natural loops: a back edge is an edge whose target dominates its source; the loop is the header
// and every block that reaches the back edge's source without passing the header. Loops that
// share a header are merged, and loops nest by containment. Irreducible cycles (no dominating
// header) are not loops here; `irreducible` lists the blocks in such cycles, so loop passes can
// leave them alone.

import type { BlockId } from "../hir/function.js";
import type { Cfg } from "./cfg.js";
import type { DomTree } from "./dominators.js";

export interface Loop {
  readonly header: BlockId;
  readonly blocks: ReadonlySet<BlockId>;
  /** Sources of the back edges. */
  readonly latches: readonly BlockId[];
  /** The innermost loop containing this one, if any. */
  parent: Loop | null;
  depth: number;
}

export interface LoopForest {
  readonly loops: readonly Loop[];
  /** The innermost loop of each block in a loop. */
  readonly innermost: ReadonlyMap<BlockId, Loop>;
  readonly irreducible: ReadonlySet<BlockId>;
}

export function findLoops(cfg: Cfg, dom: DomTree): LoopForest {
  const byHeader = new Map<BlockId, { blocks: Set<BlockId>; latches: BlockId[] }>();
  for (const b of cfg.rpo) {
    for (const s of cfg.successors(b)) {
      if (!dom.dominates(s, b)) continue;
      let loop = byHeader.get(s);
      if (!loop) byHeader.set(s, (loop = { blocks: new Set([s]), latches: [] }));
      loop.latches.push(b);
      const work = [b];
      while (work.length > 0) {
        const x = work.pop()!;
        if (loop.blocks.has(x)) continue;
        loop.blocks.add(x);
        for (const p of cfg.predecessors(x)) if (cfg.isReachable(p)) work.push(p);
      }
    }
  }
  const loops: Loop[] = [...byHeader].map(([header, l]) => ({ header, blocks: l.blocks, latches: l.latches, parent: null, depth: 1 }));
  // Larger loops first, so the last containing loop seen is the innermost.
  loops.sort((a, b) => b.blocks.size - a.blocks.size);
  const innermost = new Map<BlockId, Loop>();
  for (const loop of loops) {
    for (const b of loop.blocks) {
      const outer = innermost.get(b);
      if (b === loop.header && outer) {
        loop.parent = outer;
        loop.depth = outer.depth + 1;
      }
      innermost.set(b, loop);
    }
  }
  // A retreating edge (to a block no later in reverse postorder) whose target does not dominate
  // its source closes a cycle with two entries. Every block on a path from the target back to the
  // source (within the reachable graph) is in such a cycle; that marks nested irreducible cycles
  // too, and dead blocks never count.
  const irreducible = new Set<BlockId>();
  const reach = (from: BlockId, next: (b: BlockId) => BlockId[], outside: (b: BlockId) => boolean): Set<BlockId> => {
    const seen = new Set<BlockId>([from]);
    const work = [from];
    while (work.length > 0) {
      for (const n of next(work.pop()!)) {
        if (cfg.isReachable(n) && !outside(n) && !seen.has(n)) {
          seen.add(n);
          work.push(n);
        }
      }
    }
    return seen;
  };
  for (const u of cfg.rpo) {
    for (const v of cfg.successors(u)) {
      if (cfg.rpoIndex.get(v)! > cfg.rpoIndex.get(u)! || dom.dominates(v, u)) continue;
      // Blocks that dominate the cycle's entry (headers of enclosing loops) are outside it.
      const outside = (b: BlockId) => b !== v && dom.dominates(b, v);
      const forward = reach(v, (b) => cfg.successors(b), outside);
      for (const b of reach(u, (x) => cfg.predecessors(x), outside)) if (forward.has(b)) irreducible.add(b);
    }
  }
  return { loops, innermost, irreducible };
}
