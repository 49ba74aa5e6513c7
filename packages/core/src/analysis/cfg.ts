// The control-flow graph of an HIR function as a graphlib graph, and the traversal orders every
// analysis starts from. Nodes are block ids as strings (graphlib's node type); an edge's label
// says whether it is exceptional (an unwind edge) or normal.

import { Graph, alg } from "@dagrejs/graphlib";
import type { BlockId, Func } from "../hir/function.js";

export interface EdgeLabel {
  readonly exceptional: boolean;
}

export interface Cfg {
  readonly graph: Graph;
  readonly entry: BlockId;
  /** Blocks reachable from the entry, in reverse postorder (entry first). */
  readonly rpo: readonly BlockId[];
  /** Position of each reachable block in `rpo`. */
  readonly rpoIndex: ReadonlyMap<BlockId, number>;
  successors(b: BlockId): BlockId[];
  predecessors(b: BlockId): BlockId[];
  isReachable(b: BlockId): boolean;
}

const node = (b: BlockId) => String(b);
const block = (n: string) => Number(n) as BlockId;

export function buildCfg(f: Func): Cfg {
  const graph = new Graph({ directed: true, multigraph: false });
  for (const b of f.order) graph.setNode(node(b));
  for (const b of f.order) {
    for (const e of f.edges(b)) {
      const existing = graph.edge(node(b), node(e.call.block)) as EdgeLabel | undefined;
      // An edge that is both (a jump and an unwind to the same block) counts as normal.
      const exceptional = e.exceptional && (existing?.exceptional ?? true);
      graph.setEdge(node(b), node(e.call.block), { exceptional } satisfies EdgeLabel);
    }
  }
  const rpo = alg.postorder(graph, [node(f.entry)]).reverse().map(block);
  const rpoIndex = new Map(rpo.map((b, i) => [b, i]));
  return {
    graph,
    entry: f.entry,
    rpo,
    rpoIndex,
    successors: (b) => (graph.successors(node(b)) ?? []).map(block),
    predecessors: (b) => (graph.predecessors(node(b)) ?? []).map(block),
    isReachable: (b) => rpoIndex.has(b),
  };
}

/** Strongly connected components (Tarjan), each a list of blocks; used to find irreducible regions. */
export function stronglyConnected(cfg: Cfg): BlockId[][] {
  return alg.tarjan(cfg.graph).map((c) => c.map(block));
}
