// OPT-2 small-int-compare: `x == k` and `x != k` for an exact int x and a small int constant k
// (-5..256) as a pointer compare with an inline value compare behind it, and no bool object.
//
//   v4 = const 0 #1                                   v4 = const 0 #1
//   v5 = compare_op == v0, v4 @10 [v0 | v0 v4]        v7 = guard_type <int> v0 @10 [v0 | v0 v4]
//   v6 = truth v5 @16 [v0 | v5]               ==>     v8 = small_int_eq 0 v7, v4
//   branch v6, bb2(), bb3()                           v9 = box_bool v8        (dce removes it when unused)
//                                                     branch v8, bb2(), bb3()
//
// `small_int_eq` compares the pointers first (CPython caches -5..256, so an equal int is almost
// always that object), then, when they differ, the value: a one-digit int compares inline, a
// longer one is never equal to a small int. It never calls user code and never fails, which is
// why x must be an *exact* int: a bool (True == 1 is True, but True is not an int here) or an int
// subclass (whose __eq__ may be overridden) keeps the generic compare_op.
//
// x is an exact int when the types prove it (constants, int arithmetic, len(), range loops: the
// operand is refined, no code), or, speculatively, when the profile says so: the interpreter
// specialized this COMPARE_OP to COMPARE_OP_INT_JUMP (both operands were compact ints; only
// compares followed by a conditional jump specialize in 3.11), or x is an argument whose type was
// int at the call that made the function hot. Then a `guard_type <int>` before the compare
// deoptimizes to the interpreter, which redoes the COMPARE_OP, when x is anything else. Without
// either, nothing changes: two unknown objects never get a fast path.
//
// Both orders (`k == x` is `x == k` for exact ints). The result is `box_bool` of the condition
// (through `cbool_not` for `!=`), the Python bool the program sees; a `truth` of it is the
// condition itself. Constants on both sides are const-fold's business. Each rewrite is one
// debug-counter step; a removed compare's unwind edge may leave a landing block unreachable, which
// goes at once.

import {
  definePass,
  exactEvidence,
  exactOperand,
  foldTruthOfBoxedConditions,
  insertBoxedCondition,
  removeUnreachableBlocks,
  replaceInst,
  type CompareOp,
  type ConstImm,
  type Func,
  type Inst,
  type ValueId,
} from "@pyjc/core";

/** CPython's small-int cache (_PY_NSMALLNEGINTS, _PY_NSMALLPOSINTS). */
const SMALL_MIN = -5n;
const SMALL_MAX = 256n;

export const smallIntCompare = definePass({
  id: 2,
  name: "small-int-compare",
  level: 1,
  description: "Compares an exact int with a small int constant (== and !=) by pointer, then inline by value, without calling int.__eq__",
  requires: ["types", "profile", "cfg", "dominators"],
  run(f, ctx) {
    const boxes = new Set<ValueId>();
    let removedUnwind = false;
    for (const inst of [...f.instructions()]) {
      if (inst.op !== "compare_op" || inst.block === null) continue;
      const op = inst.imms[0] as CompareOp;
      if (op !== "==" && op !== "!=") continue;
      const operands = smallIntOperand(f, inst);
      if (operands === null) continue;
      const { x, k } = operands;
      const evidence = exactEvidence(f, ctx, inst, x, "int", ["COMPARE_OP_INT_JUMP"]);
      if (evidence === null || !ctx.shouldTransform()) continue;
      const xi = exactOperand(f, ctx, inst, x, "int", evidence);
      const kobj = smallIntObject(f, inst, k);
      const eq = f.insertBefore(inst.id, "small_int_eq", [xi, kobj], [Number(k.k)]);
      const { boxed } = insertBoxedCondition(f, inst, eq.results[0]!, op === "!=");
      removedUnwind = replaceInst(f, inst, boxed) || removedUnwind;
      boxes.add(boxed);
      ctx.stat(evidence === "proven" ? "proven" : "guarded");
    }
    if (boxes.size === 0) return false;
    const truths = foldTruthOfBoxedConditions(f, (v) => boxes.has(v), () => ctx.shouldTransform());
    if (truths.folded > 0) ctx.stat("truth", truths.folded);
    if (removedUnwind || truths.removedUnwind) removeUnreachableBlocks(f);
    return true;
  },
});

interface SmallInt {
  /** The operand that holds the constant. */
  readonly value: ValueId;
  readonly k: bigint;
}

/** The small int constant a value is known to be, or null. */
function smallIntConstant(f: Func, v: ValueId): SmallInt | null {
  const def = f.defInst(v);
  const c = def?.op === "const" ? (def.imms[0] as ConstImm).value : f.typeOf(v).isExactly("int") ? f.typeOf(v).constant : null;
  if (c?.kind !== "int" || c.value < SMALL_MIN || c.value > SMALL_MAX) return null;
  return { value: v, k: c.value };
}

/** Which operand is the small int constant and which is the other (left first when both are). */
function smallIntOperand(f: Func, inst: Inst): { x: ValueId; k: { value: ValueId; k: bigint } } | null {
  const [a, b] = inst.args as [ValueId, ValueId];
  const kb = smallIntConstant(f, b);
  if (kb !== null) return { x: a, k: { value: b, k: kb.k } };
  const ka = smallIntConstant(f, a);
  if (ka !== null) return { x: b, k: { value: a, k: ka.k } };
  return null;
}

/**
 * The int object k for small_int_eq's second operand: the `const` that defines the operand, or a
 * new `const` when only the operand's type says it is k (a block parameter every edge passes k to).
 */
function smallIntObject(f: Func, at: Inst, k: { value: ValueId; k: bigint }): ValueId {
  if (f.defInst(k.value)?.op === "const") return k.value;
  const imm: ConstImm = { value: { kind: "int", value: k.k }, index: null };
  return f.insertBefore(at.id, "const", [], [imm]).results[0]!;
}
