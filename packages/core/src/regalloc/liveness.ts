// Liveness of vregs over the LIR block graph: the classic backward dataflow
//   liveOut(b) = ∪ liveIn(s) over successors s,   liveIn(b) = upwardUses(b) ∪ (liveOut(b) − defs(b)),
// iterated to its fixpoint. LIR is not SSA, so "defined in b" kills liveness only below the
// definition; upward-exposed uses are computed per block by a reverse walk. A vreg read before
// any definition on some path is live into the entry block; the allocator then keeps a location
// for it from the start of the function (the program reads garbage there, as it asked to).

import { defsOf, successorsOf, usesOf, type LirBlockId, type LirFunc } from "../lir/lir.js";
import { BitSet } from "./bitset.js";

export interface Liveness {
  /** Indexed by the block's position in `f.blocks`. */
  readonly liveIn: readonly BitSet[];
  readonly liveOut: readonly BitSet[];
  readonly succs: readonly (readonly number[])[];
  readonly preds: readonly (readonly number[])[];
}

/** Position in `f.blocks` of each block id; throws on a branch to a block the function lacks. */
export function blockIndexMap(f: LirFunc): Map<LirBlockId, number> {
  const index = new Map<LirBlockId, number>();
  f.blocks.forEach((b, i) => index.set(b.id, i));
  return index;
}

export function blockSuccessors(f: LirFunc): number[][] {
  const index = blockIndexMap(f);
  return f.blocks.map((b) => {
    const last = b.insts[b.insts.length - 1];
    if (last === undefined) throw new Error(`LIR block L${b.id} is empty`);
    return successorsOf(last).map((s) => {
      const i = index.get(s);
      if (i === undefined) throw new Error(`LIR block L${b.id} branches to missing block L${s}`);
      return i;
    });
  });
}

export function computeLiveness(f: LirFunc): Liveness {
  const n = f.classes.length;
  const succs = blockSuccessors(f);
  const preds: number[][] = f.blocks.map(() => []);
  succs.forEach((ss, b) => ss.forEach((s) => preds[s]!.push(b)));

  const upward: BitSet[] = [];
  const defined: BitSet[] = [];
  for (const block of f.blocks) {
    const use = new BitSet(n);
    const def = new BitSet(n);
    for (let k = block.insts.length - 1; k >= 0; k--) {
      const inst = block.insts[k]!;
      for (const d of defsOf(inst)) {
        use.delete(d);
        def.add(d);
      }
      for (const u of usesOf(inst)) use.add(u);
    }
    upward.push(use);
    defined.push(def);
  }

  const liveIn = f.blocks.map((_, b) => upward[b]!.copy());
  const liveOut = f.blocks.map(() => new BitSet(n));
  // Postorder-ish (reverse layout) converges fast for a backward problem; the loop runs to the
  // fixpoint whatever the order.
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = f.blocks.length - 1; b >= 0; b--) {
      const out = liveOut[b]!;
      for (const s of succs[b]!) out.unionWith(liveIn[s]!);
      const next = out.copy();
      for (let w = 0; w < next.words.length; w++) next.words[w] = (next.words[w]! & ~defined[b]!.words[w]!) | upward[b]!.words[w]!;
      if (!next.equals(liveIn[b]!)) {
        liveIn[b] = next;
        changed = true;
      }
    }
  }
  return { liveIn, liveOut, succs, preds };
}
