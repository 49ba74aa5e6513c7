// Assignments through a tuple built in place (`ax, ay, az, am = a[0], a[1], a[2], a[6]`, which the
// compiler only turns into stack swaps for two or three names): the unpacked values are the values
// the tuple was built from, so the locals take them directly and the tuple is never made.
//
//   v16 = build_tuple v9, v11, v13, v15 @176 [...]
//   v17, v18, v19, v20 = unpack_sequence 4 v16 @178 [...]     ==>   (gone; v17 is v9, ...)
//
// Besides the allocation, this saves the tuple's release, which the lowering must treat as a
// place where a finalizer could run (its items' types are unknown). Only the unpacking reads the
// tuple (its frame state has it on the value stack), and unpacking an exact tuple of the right
// length cannot fail; building it could only fail with MemoryError, which is not promised.

import { Func, removeUnreachableBlocks, type Inst, type ValueId } from "@pyjc/core";

/** Forwards every such tuple; returns how many went. */
export function forwardTupleUnpacks(f: Func, approve: () => boolean): number {
  let forwarded = 0;
  let removedUnwind = false;
  for (const unpack of [...f.instructions()]) {
    if (unpack.op !== "unpack_sequence" || unpack.block === null) continue;
    const tuple = unpack.args[0]!;
    const build = f.defInst(tuple);
    if (build?.op !== "build_tuple" || build.args.length !== unpack.results.length || build.block !== unpack.block) continue;
    if (!onlyUnpacked(f, tuple, unpack) || !approve()) continue;
    unpack.results.forEach((r, i) => f.replaceAllUses(r, build.args[i]!));
    removedUnwind = removedUnwind || unpack.unwind !== null || build.unwind !== null;
    f.remove(unpack.id);
    f.remove(build.id);
    forwarded++;
  }
  if (removedUnwind) removeUnreachableBlocks(f);
  return forwarded;
}

/** Whether `unpack` (with its frame state) is the only reader of `tuple`. */
function onlyUnpacked(f: Func, tuple: ValueId, unpack: Inst): boolean {
  for (const inst of f.instructions()) {
    if (inst !== unpack && [...Func.usesOf(inst)].includes(tuple)) return false;
  }
  return true;
}
