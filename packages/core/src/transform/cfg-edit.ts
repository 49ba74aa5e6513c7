// CFG and SSA editing that several passes (and the front end) share. Passes keep their own logic;
// anything two of them need lives here, so the invariants the verifier checks are maintained in
// one place.

import type { BlockCall, BlockId, Func, ValueId } from "../hir/function.js";

/** Removes blocks the entry cannot reach; returns whether any went. */
export function removeUnreachableBlocks(f: Func): boolean {
  const seen = new Set<BlockId>([f.entry]);
  const work = [f.entry];
  while (work.length > 0) {
    for (const s of f.successors(work.pop()!)) {
      if (!seen.has(s)) {
        seen.add(s);
        work.push(s);
      }
    }
  }
  const dead = f.order.filter((b) => !seen.has(b));
  for (const b of dead) f.removeBlock(b);
  return dead.length > 0;
}

/** Every edge into each block, normal and exceptional (the BlockCall objects themselves, for editing). */
export function incomingCalls(f: Func): Map<BlockId, BlockCall[]> {
  const incoming = new Map<BlockId, BlockCall[]>();
  for (const b of f.order) incoming.set(b, []);
  for (const inst of f.instructions()) {
    for (const t of inst.targets) incoming.get(t.block)!.push(t);
    if (inst.unwind) incoming.get(inst.unwind.block)!.push(inst.unwind);
  }
  return incoming;
}

/**
 * Removes block parameters that receive the same value on every edge (or themselves), to a
 * fixpoint, replacing them by that value. Returns whether any went.
 */
export function removeTrivialParams(f: Func): boolean {
  const incoming = incomingCalls(f);
  const alias = new Map<ValueId, ValueId>();
  const resolve = (v: ValueId): ValueId => {
    while (alias.has(v)) v = alias.get(v)!;
    return v;
  };
  let removedAny = false;
  for (let changed = true; changed; ) {
    changed = false;
    for (const block of f.blocks()) {
      if (block.id === f.entry) continue;
      const calls = incoming.get(block.id)!;
      for (let i = block.params.length - 1; i >= 0; i--) {
        const p = block.params[i]!;
        let same: ValueId | null = null;
        let trivial = true;
        for (const call of calls) {
          const a = resolve(call.args[i]!);
          if (a === p || a === same) continue;
          if (same !== null) {
            trivial = false;
            break;
          }
          same = a;
        }
        if (!trivial || same === null) continue;
        alias.set(p, same);
        f.removeParam(block.id, i);
        for (const call of calls) call.args.splice(i, 1);
        changed = removedAny = true;
      }
    }
  }
  f.substitute(alias);
  return removedAny;
}

