// OPT-3 list-const-index: `lst[k]` and `lst[k] = v` for an exact list and an int constant k as an
// inline, bounds-checked access to the list's item array.
//
//   v5 = const 1 #2                                  v5 = const 1 #2
//   v6 = binary_subscr v4, v5 @14 [...]      ==>     v6 = list_item 1 v4, v5 @14 [...]
//   store_subscr v4, v5, v9 @28 [...]                list_store 1 v4, v5, v9 @28 [...]
//
// `list_item` loads ob_size and ob_item at every execution (a loop may append, pop, slice-assign
// or `del` between two accesses, and the item array moves when the list grows), indexes from the
// end for a negative k, and, out of range, calls the generic PyObject_GetItem with the same int
// object k, which raises BINARY_SUBSCR's own IndexError ("list index out of range"; for the store,
// "list assignment index out of range"). The instruction keeps the frame state and unwind edge of
// the one it replaces, so the exception is raised and handled exactly where it was.
//
// The container must be an *exact* list (a subclass may override __getitem__ / __setitem__): the
// types prove it (build_list, list comprehensions, `list(...)` and `sorted(...)` once OPT-4 has
// proven the builtin, `lst + lst`, ...: the operand is refined, no code), or the profile suggests it
// and a `guard_type <list>` goes right before the access: the interpreter specialized the
// instruction to BINARY_SUBSCR_LIST_INT / STORE_SUBSCR_LIST_INT (3.11 does so for a non-negative
// in-range int index on an exact list), or the container is an argument whose type was list at the
// call that made the function hot. A failing guard deoptimizes, and the interpreter redoes the
// whole subscript. k is a constant (a `const`, or a block parameter every edge passes the same int
// to) of an exact int (never a bool: `lst[True]` stays generic) that fits the native immediate
// (|k| < 2**31; anything larger is out of range for any list that fits in memory, and stays
// generic). Each rewrite is one debug-counter step.

import {
  definePass,
  exactEvidence,
  exactOperand,
  type ConstImm,
  type Func,
  type ValueId,
} from "@pyjc/core";

/** Indexes beyond this magnitude stay generic (the lowering adds k to the size as a 32-bit immediate). */
const MAX_INDEX = 2n ** 31n - 1n;

const REWRITES = {
  binary_subscr: { op: "list_item", specialized: ["BINARY_SUBSCR_LIST_INT"], stat: "load" },
  store_subscr: { op: "list_store", specialized: ["STORE_SUBSCR_LIST_INT"], stat: "store" },
} as const;

export const listConstIndex = definePass({
  id: 3,
  name: "list-const-index",
  level: 1,
  description: "Loads and stores lst[k] for an exact list and an int constant k inline from the item array, bounds-checked",
  requires: ["types", "profile", "cfg", "dominators"],
  run(f, ctx) {
    let changed = false;
    for (const inst of [...f.instructions()]) {
      if (inst.op !== "binary_subscr" && inst.op !== "store_subscr") continue;
      const rewrite = REWRITES[inst.op];
      const [list, key] = inst.args as [ValueId, ValueId];
      const k = intConstant(f, key);
      if (k === null || k < -MAX_INDEX || k > MAX_INDEX) continue;
      const evidence = exactEvidence(f, ctx, inst, list, "list", rewrite.specialized);
      if (evidence === null || !ctx.shouldTransform()) continue;
      const lst = exactOperand(f, ctx, inst, inst.args[0]!, "list", evidence);
      inst.op = rewrite.op;
      inst.imms = [Number(k)];
      inst.args = [lst, key, ...inst.args.slice(2)];
      ctx.stat(`${rewrite.stat}-${evidence === "proven" ? "proven" : "guarded"}`);
      changed = true;
    }
    return changed;
  },
});

/** The int constant a value is known to be (not a bool), or null. */
function intConstant(f: Func, v: ValueId): bigint | null {
  const def = f.defInst(v);
  const t = f.typeOf(v);
  const c = def?.op === "const" ? (def.imms[0] as ConstImm).value : t.isExactly("int") ? t.constant : null;
  return c?.kind === "int" ? c.value : null;
}
