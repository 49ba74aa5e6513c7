// From "a parameter for every slot of every block" to minimal SSA.
//
// The translator gives every block a parameter per localsplus slot and stack slot, which is
// trivially correct and mostly redundant. This removes unreachable blocks, then parameters that
// receive one value on every edge (or themselves), to a fixpoint, which leaves parameters only
// where values really merge (Aycock & Horspool's pruning, done on block parameters). Then types
// flow into the remaining parameters, and what they prove is cashed in: a `check_bound` of a value
// that cannot be NULL goes, and a `call_method` whose first operand is NULL is a plain `call`.

import type { Func, ValueId } from "../hir/function.js";
import { Type } from "../hir/types.js";
import { incomingCalls, removeTrivialParams, removeUnreachableBlocks } from "../transform/cfg-edit.js";

export function cleanupSsa(f: Func): void {
  do {
    // Removing a check can remove the last edge into a landing block.
    removeUnreachableBlocks(f);
    removeTrivialParams(f);
    inferParamTypes(f);
  } while (removeProvenChecks(f));
  for (const inst of f.instructions()) {
    if (inst.op !== "call_method") continue;
    // CALL's first slot is NULL (call the second) or a method (call it with the second as self).
    const first = f.typeOf(inst.args[0]!);
    if (first.isNull) {
      inst.op = "call";
      inst.args = inst.args.slice(1);
    } else if (!first.mayBeNull) {
      inst.op = "call";
    }
  }
}

/** Parameter types: the join of what every edge passes, to a fixpoint. */
export function inferParamTypes(f: Func): void {
  const incoming = incomingCalls(f);
  const types = new Map<ValueId, Type>();
  for (const b of f.blocks()) {
    if (b.id !== f.entry) for (const p of b.params) types.set(p, Type.bottom);
  }
  const typeOf = (v: ValueId) => types.get(v) ?? f.typeOf(v);
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of f.blocks()) {
      if (b.id === f.entry) continue;
      for (const call of incoming.get(b.id)!) {
        b.params.forEach((p, i) => {
          const joined = types.get(p)!.join(typeOf(call.args[i]!));
          if (!joined.equals(types.get(p)!)) {
            types.set(p, joined);
            changed = true;
          }
        });
      }
    }
  }
  for (const [p, t] of types) f.value(p).type = t.isBottom ? Type.optObject : t;
}

/** Drops `check_bound` of values that cannot be NULL; returns whether any went. */
function removeProvenChecks(f: Func): boolean {
  const alias = new Map<ValueId, ValueId>();
  const resolve = (v: ValueId): ValueId => {
    while (alias.has(v)) v = alias.get(v)!;
    return v;
  };
  for (const inst of [...f.instructions()]) {
    if (inst.op !== "check_bound") continue;
    const operand = resolve(inst.args[0]!);
    if (!f.typeOf(operand).mayBeNull) {
      alias.set(inst.results[0]!, operand);
      f.remove(inst.id);
    }
  }
  f.substitute(alias);
  return alias.size > 0;
}
