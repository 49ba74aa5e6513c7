// OPT-5 unbox-numbers: float and int arithmetic, comparisons and range loops on native doubles
// and int64, with boxes only where a value escapes.
//
//   bb2(v6:int, v7:object?):                       bb2(v7:object?, v40:i64):
//       v22 = for_iter v21 @36 [...]                   v41, v42 = range_next v21
//       v23 = is_null v22                              branch v42, bb4(), bb5()
//       branch v23, bb4(), bb5()                   bb4():
//   bb5():                                  ==>        v45 = box_int v40 @36 [...]
//       v24 = refine <int> v22                         return v45
//       v27 = binary_op multiply v24, v24 @46      bb5():
//       ...                                            v43 = ibin mul v41, v41 @46 [...]
//       v30 = binary_op inplace_add v6, v29 @56        ...
//                                                      v44 = ibin add v40, v29' @56 [...]
//
// Which values: those the types prove exact floats or ints (never bools, never subclasses), after
// speculation (unbox/speculate.ts) has guarded what the interpreter's specializations and the
// argument types suggest. Which operations: + - * / // % ** on floats (ints mixed in converted
// with int_to_float, correctly rounded like CPython's own conversion), + - * // % & | ^ << >> on
// ints, int / int through int_to_float_exact (exact below 2**53, deoptimizing beyond, where
// CPython's correctly rounded quotient may differ from the double division), unary - and ~, the
// six comparisons (mixed int/float ones exact or deoptimizing), OPT-2's small_int_eq when the int
// is native anyway, and FOR_ITER over a range_iterator as `range_next`. The native operations
// deoptimize wherever Python would raise or leave the type (overflow, zero divisors, a negative
// base to a fractional power), so the interpreter produces the exact exception or big int.
//
// Where values go (unbox/rewrite.ts): each converted operation becomes `box <native result>` in
// place, keeping its frame state and unwind edge, so a box that is needed is made exactly where
// the interpreter made the object; boxes that only frame states read are removed (frame states
// read the native value: deoptimization and error paths box it). Block parameters carrying exact
// floats or ints that something reads natively become native parameters (loops keep doubles and
// int64 in registers); what still needs their object (a call, a store, a return, an object
// parameter) gets a box there, with the frame state of the instruction that needs it or, for
// instructions without one (`return`, jumps), one computed from the frame's locals at that
// point. Parameters that reach an exception handler stay objects.
//
// Level 1: every rewrite is exact (checked by property tests against the interpreter), costs
// nothing when its guards hold, and the guards only fire where the interpreter itself saw these
// types.

import { definePass, foldProvenGuards, removeUnreachableBlocks } from "@pyjc/core";
import { rewriteNumbers } from "./unbox/rewrite.js";
import { speculateNumbers } from "./unbox/speculate.js";

export const unboxNumbers = definePass({
  id: 5,
  name: "unbox-numbers",
  level: 1,
  description: "Computes float and int arithmetic, comparisons and range loops on native doubles and int64, boxing only where values escape",
  requires: ["types", "profile", "cfg", "dominators"],
  run(f, ctx) {
    const guards = speculateNumbers(f, ctx);
    if (guards > 0) {
      ctx.stat("guards", guards);
      ctx.invalidate();
    }
    // Guards placed before the others made their operand's type a fact check nothing.
    const proven = foldProvenGuards(f, ctx.types(), () => ctx.shouldTransform());
    if (proven > 0) {
      ctx.stat("proven-guards", proven);
      ctx.invalidate();
    }
    const result = rewriteNumbers(f, ctx, ctx.types());
    ctx.invalidate();
    if (result === null) return guards > 0 || proven > 0;
    const { stats, removedUnwind } = result;
    for (const [name, value] of Object.entries(stats)) {
      if (value > 0) ctx.stat(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), value);
    }
    if (removedUnwind) removeUnreachableBlocks(f);
    return true;
  },
});
