// OPT-1 is-pointer-compare: `is` and `is not` as a pointer compare, and the truth of the result as
// the compare itself.
//
//   v5 = is_op 1 v0, v1                         v7 = test_is v0, v1
//   v6 = truth v5 @16 [v0 v1 | v5]      ==>     v8 = cbool_not v7
//   branch v6, bb2(), bb3()                     v9 = box_bool v8          (dce removes it when unused)
//                                               branch v8, bb2(), bb3()
//
// Identity never calls user code and never fails, so nothing is guarded: every `is_op` becomes
// `box_bool (test_is a, b)` (with `cbool_not` for `is not`), the Python bool the program sees when
// the result is used as a value (stored, returned, kept by a frame state). Then, for every bool
// known to box a native condition (these and any other `box_bool`):
//   - `truth (box_bool c)` is `c` (the truth of True or False cannot fail);
//   - `unary_not (box_bool c)` is `box_bool (cbool_not c)`;
//   - `cbool_not (cbool_not c)` is `c`.
// The removed `truth` and `unary_not` could raise in general, so they may have had an unwind
// edge; a landing block left without one goes at once (the verifier wants every landing block
// entered by some unwind edge).
// An `is_op` whose result nothing reads is left for dce. Each rewrite is one debug-counter step.

import {
  boxedCondition,
  definePass,
  foldTruthOfBoxedConditions,
  insertBoxedCondition,
  removeUnreachableBlocks,
  replaceInst,
  type Func,
  type PassContext,
  type ValueId,
} from "@pyjc/core";

export const isPointerCompare = definePass({
  id: 1,
  name: "is-pointer-compare",
  level: 1,
  description: "Turns is / is not into a pointer compare and branches on it directly, without a bool object",
  run(f, ctx) {
    let changed = false;
    let removedUnwind = false;
    const uses = f.useCounts();
    for (const inst of [...f.instructions()]) {
      if (inst.op !== "is_op" || !uses.has(inst.results[0]!) || !ctx.shouldTransform()) continue;
      const negate = (inst.imms[0] as number) !== 0;
      const test = f.insertBefore(inst.id, "test_is", [inst.args[0]!, inst.args[1]!]);
      const { boxed } = insertBoxedCondition(f, inst, test.results[0]!, negate);
      replaceInst(f, inst, boxed);
      ctx.stat(negate ? "is-not" : "is");
      changed = true;
    }
    const nots = foldNots(f, ctx);
    removedUnwind ||= nots.removedUnwind;
    const truths = foldTruthOfBoxedConditions(f, () => true, () => ctx.shouldTransform());
    if (truths.folded > 0) ctx.stat("truth", truths.folded);
    removedUnwind ||= truths.removedUnwind;
    if (removedUnwind) removeUnreachableBlocks(f);
    return changed || nots.changed || truths.folded > 0;
  },
});

/** `unary_not (box_bool c)` and `cbool_not (cbool_not c)`, in program order (a `not not x` chain folds at once). */
function foldNots(f: Func, ctx: PassContext): { changed: boolean; removedUnwind: boolean } {
  let changed = false;
  let removedUnwind = false;
  for (const inst of [...f.instructions()]) {
    if (inst.block === null) continue;
    if (inst.op === "unary_not") {
      const cond = boxedCondition(f, inst.args[0]!);
      if (cond === null || !ctx.shouldTransform()) continue;
      const inner = doubleNegation(f, cond);
      const { boxed } = inner !== null
        ? { boxed: f.insertBefore(inst.id, "box_bool", [inner]).results[0]! }
        : insertBoxedCondition(f, inst, cond, true);
      removedUnwind = replaceInst(f, inst, boxed) || removedUnwind;
      ctx.stat("not");
      changed = true;
    } else if (inst.op === "cbool_not") {
      const inner = doubleNegation(f, inst.args[0]!);
      if (inner === null || !ctx.shouldTransform()) continue;
      replaceInst(f, inst, inner);
      ctx.stat("double-not");
      changed = true;
    }
  }
  return { changed, removedUnwind };
}

/** `c` when `v` is `cbool_not c`. */
function doubleNegation(f: Func, v: ValueId): ValueId | null {
  const def = f.defInst(v);
  return def?.op === "cbool_not" ? def.args[0]! : null;
}
