// Natural loops: a back edge is an edge whose target dominates its source; the loop is the header
// and every block that reaches the back edge's source without passing the header. Loops that
// share a header are merged, and loops nest by containment. Irreducible cycles (no dominating
// header) are not loops here; `irreducible` lists the blocks in such cycles, so loop passes can
// leave them alone.

import type { BlockId } from "../hir/function.js";
import { stronglyConnected, type Cfg } from "./cfg.js";
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
  const irreducible = new Set<BlockId>();
  for (const scc of stronglyConnected(cfg)) {
    const cyclic = scc.length > 1 || cfg.successors(scc[0]!).includes(scc[0]!);
    if (!cyclic) continue;
    const headers = scc.filter((b) => cfg.predecessors(b).some((p) => !scc.includes(p)));
    if (headers.length > 1) for (const b of scc) irreducible.add(b);
  }
  return { loops, innermost, irreducible };
}
