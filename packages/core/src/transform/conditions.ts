// Native conditions in place of Python bools, the way the typed passes share: a pass that knows how
// to compute a comparison as a machine condition (`test_is`, `small_int_eq`, ...) replaces the
// operation by `box_bool <cond>`, which is the Python-level result (True or False, never a new
// object), and every `truth` of that result is the condition itself, so a branch reads the machine
// condition directly and the bool object is never looked at (dce removes it when nothing else
// reads it: a frame state that would resume the interpreter still does).
//
//   v9 = compare_op == v3, v4 @10 [...]            v11 = small_int_eq 0 v3, v4
//   v10 = truth v9 @16 [...]               ==>     v12 = box_bool v11        (frame states, values)
//   branch v10, bb2(), bb3()                       branch v11, bb2(), bb3()
//
// Removing an instruction that had an unwind edge removes the edge; the landing block it entered
// may be left without any, which the verifier rejects, so callers run `removeUnreachableBlocks`
// once they are done (the block is unreachable then).

import type { Func, Inst, ValueId } from "../hir/function.js";

/**
 * Replaces the single result of `inst` by `value` in every use (operands, frame states, edge
 * arguments) and removes `inst`. Returns whether an unwind edge went with it.
 */
export function replaceInst(f: Func, inst: Inst, value: ValueId): boolean {
  const hadUnwind = inst.unwind !== null;
  f.replaceAllUses(inst.results[0]!, value);
  f.remove(inst.id);
  return hadUnwind;
}

/**
 * Inserts, before `at`, the Python bool of a native condition: `box_bool cond`, or
 * `box_bool (cbool_not cond)` when `negate`. Returns the bool value and the condition it boxes.
 */
export function insertBoxedCondition(f: Func, at: Inst, cond: ValueId, negate: boolean): { boxed: ValueId; cond: ValueId } {
  const c = negate ? f.insertBefore(at.id, "cbool_not", [cond]).results[0]! : cond;
  return { boxed: f.insertBefore(at.id, "box_bool", [c]).results[0]!, cond: c };
}

/**
 * The native condition a Python bool value is known to box (`box_bool c` defines it), or null.
 * `truth` of such a value is `c`: the truth of True or False cannot fail or run code.
 */
export function boxedCondition(f: Func, v: ValueId): ValueId | null {
  const def = f.defInst(v);
  return def?.op === "box_bool" ? def.args[0]! : null;
}

export interface TruthFolds {
  /** How many `truth` instructions went. */
  readonly folded: number;
  /** Whether any of them had an unwind edge (run `removeUnreachableBlocks` then). */
  readonly removedUnwind: boolean;
}

/**
 * Replaces every `truth (box_bool c)` by `c`, for the boxed values `select` accepts, each only if
 * `approve` agrees (the pass's debug counter).
 */
export function foldTruthOfBoxedConditions(
  f: Func,
  select: (boxed: ValueId) => boolean = () => true,
  approve: () => boolean = () => true,
): TruthFolds {
  let folded = 0;
  let removedUnwind = false;
  for (const inst of [...f.instructions()]) {
    if (inst.op !== "truth") continue;
    const boxed = inst.args[0]!;
    const cond = boxedCondition(f, boxed);
    if (cond === null || !select(boxed) || !approve()) continue;
    removedUnwind = replaceInst(f, inst, cond) || removedUnwind;
    folded++;
  }
  return { folded, removedUnwind };
}
