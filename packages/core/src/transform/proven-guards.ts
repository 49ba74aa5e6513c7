// Guards whose fact became a proven type: a `guard_type` placed while its operand's type was
// unknown checks nothing once the types prove it (speculation guarded a loop-carried value that
// the other guards made exact, or a rewrite turned the operand into a `box_float`). Such a guard
// goes and its uses read the operand itself, whose declared type becomes the proven one (all
// proven types are written into the IR first, so edges into narrowed parameters stay well typed);
// where the declared type still does not say as much, the guard becomes a `refine` (no code).
//
//   v12 = box_float v11 @30 [...]                  v12 = box_float v11 @30 [...]
//   v13 = guard_type <float> v12 @38 [...]   ==>   v14 = fbin mul v11, v11 @38 [...]
//   v14 = fbin mul v11, v11 @38 [...]              jump bb2(v12)
//   jump bb2(v13)
//
// Removing the guard also removes its read of the box, so a box only frame states need can go.
// The types stay proven without the guard: its operand had the type before it was removed.

import { applyTypes, type TypeMap } from "../analysis/types.js";
import type { Func } from "../hir/function.js";
import type { Type } from "../hir/types.js";

/** Removes every guard_type that `types` proves; returns how many went. */
export function foldProvenGuards(f: Func, types: TypeMap, approve: () => boolean = () => true): number {
  const proven = [...f.instructions()].filter(
    (inst) => inst.op === "guard_type" && inst.block !== null && types.typeOf(inst.args[0]!).isSubtypeOf(inst.imms[0] as Type) && approve(),
  );
  if (proven.length === 0) return 0;
  applyTypes(f, types);
  for (const inst of proven) {
    const v = inst.args[0]!;
    const result = inst.results[0]!;
    if (f.typeOf(v).isSubtypeOf(f.typeOf(result))) {
      f.replaceAllUses(result, v);
      f.remove(inst.id);
    } else {
      inst.op = "refine";
      inst.frameState = null;
    }
  }
  return proven.length;
}
