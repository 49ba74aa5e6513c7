// Dominators by Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast Dominance
// Algorithm", 2001) over the reverse postorder of the graphlib CFG. Unreachable blocks have no
// immediate dominator and dominate nothing.

import type { BlockId } from "../hir/function.js";
import type { Cfg } from "./cfg.js";

export interface DomTree {
  /** Immediate dominator; the entry maps to itself; unreachable blocks are absent. */
  readonly idom: ReadonlyMap<BlockId, BlockId>;
  dominates(a: BlockId, b: BlockId): boolean;
  /** Children in the dominator tree, in reverse postorder. */
  children(b: BlockId): BlockId[];
  /** Dominance frontier of each block (Cytron et al.), for passes that place block parameters. */
  frontier(b: BlockId): ReadonlySet<BlockId>;
}

export function computeDominators(cfg: Cfg): DomTree {
  const { rpo, rpoIndex } = cfg;
  const idom = new Map<BlockId, BlockId>([[cfg.entry, cfg.entry]]);
  const intersect = (a: BlockId, b: BlockId): BlockId => {
    while (a !== b) {
      while (rpoIndex.get(a)! > rpoIndex.get(b)!) a = idom.get(a)!;
      while (rpoIndex.get(b)! > rpoIndex.get(a)!) b = idom.get(b)!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of rpo) {
      if (b === cfg.entry) continue;
      let next: BlockId | undefined;
      for (const p of cfg.predecessors(b)) {
        if (!idom.has(p)) continue;
        next = next === undefined ? p : intersect(p, next);
      }
      if (next !== undefined && idom.get(b) !== next) {
        idom.set(b, next);
        changed = true;
      }
    }
  }

  const kids = new Map<BlockId, BlockId[]>();
  for (const b of rpo) {
    if (b !== cfg.entry) {
      const p = idom.get(b)!;
      if (!kids.has(p)) kids.set(p, []);
      kids.get(p)!.push(b);
    }
  }
  // Pre/post numbering of the tree makes `dominates` O(1).
  const pre = new Map<BlockId, number>();
  const post = new Map<BlockId, number>();
  let clock = 0;
  const stack: [BlockId, number][] = [[cfg.entry, 0]];
  pre.set(cfg.entry, clock++);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const children = kids.get(top[0]) ?? [];
    if (top[1] < children.length) {
      const c = children[top[1]++]!;
      pre.set(c, clock++);
      stack.push([c, 0]);
    } else {
      post.set(top[0], clock++);
      stack.pop();
    }
  }

  let frontiers: Map<BlockId, Set<BlockId>> | null = null;
  const computeFrontiers = () => {
    const df = new Map<BlockId, Set<BlockId>>(rpo.map((b) => [b, new Set<BlockId>()]));
    for (const b of rpo) {
      const preds = cfg.predecessors(b).filter((p) => idom.has(p));
      if (preds.length < 2) continue;
      for (const p of preds) {
        for (let runner = p; runner !== idom.get(b); runner = idom.get(runner)!) {
          df.get(runner)!.add(b);
          if (runner === cfg.entry) break;
        }
      }
    }
    return df;
  };

  return {
    idom,
    dominates: (a, b) => {
      const pa = pre.get(a);
      const pb = pre.get(b);
      if (pa === undefined || pb === undefined) return false;
      return pa <= pb && post.get(b)! <= post.get(a)!;
    },
    children: (b) => kids.get(b) ?? [],
    frontier: (b) => (frontiers ??= computeFrontiers()).get(b) ?? new Set(),
  };
}
