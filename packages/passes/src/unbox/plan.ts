// OPT-5's plan: which operations become native, and which block parameters carry native values.
// Nothing here changes the function.

import {
  canDeoptBefore,
  Func,
  type BinOp,
  type BlockId,
  type CompareOp,
  type ConstImm,
  type Inst,
  type NativeCmp,
  type NativeOp,
  type TypeMap,
  type ValueId,
} from "@pyjc/core";

export type Kind = "f64" | "i64";

/** How one operation is computed natively. */
export type Conversion =
  /** fbin/ibin of the operands; `exact`: int operands go through int_to_float_exact (int / int). */
  | { readonly how: "arith"; readonly result: Kind; readonly nop: NativeOp; readonly exact: boolean }
  | { readonly how: "neg"; readonly result: Kind }
  | { readonly how: "invert" }
  | { readonly how: "pos"; readonly result: Kind }
  /** fcmp/icmp; mixed int/float compares convert the int exactly (or deoptimize). */
  | { readonly how: "compare"; readonly float: boolean; readonly ncmp: NativeCmp }
  | { readonly how: "range" }
  /** lst[i] of an exact list by an int: list_get with the int64 index. */
  | { readonly how: "subscript" }
  /** math.sqrt(x) of an exact float or int, through OPT-4's guard on the callee: fsqrt. */
  | { readonly how: "sqrt" };

const FLOAT_OPS: Partial<Record<string, NativeOp>> = {
  add: "add", subtract: "sub", multiply: "mul", true_divide: "div", floor_divide: "floordiv", remainder: "mod", power: "pow",
};
const INT_OPS: Partial<Record<string, NativeOp>> = {
  add: "add", subtract: "sub", multiply: "mul", floor_divide: "floordiv", remainder: "mod",
  and: "and", or: "or", xor: "xor", lshift: "lshift", rshift: "rshift",
};
const CMPS: Record<CompareOp, NativeCmp> = { "<": "lt", "<=": "le", "==": "eq", "!=": "ne", ">": "gt", ">=": "ge" };

/** 2**53: ints up to this magnitude are exact doubles. */
export const EXACT_LIMIT = 2n ** 53n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** The native kind an object value's proven type allows: exact float or exact int (never bool). */
export function kindOf(types: TypeMap, v: ValueId): Kind | null {
  const t = types.typeOf(v);
  if (t.isExactly("float")) return "f64";
  if (t.isExactly("int")) return "i64";
  return null;
}

/**
 * The native kind of a value that is an exact float or int or NULL (a local that may still be
 * unbound), when it may be NULL: OPT-5 carries such a value as a number and a condition.
 */
export function optionalKindOf(types: TypeMap, v: ValueId): Kind | null {
  const t = types.typeOf(v);
  if (!t.mayBeNull || t.isNull) return null;
  const bound = t.withoutNull();
  if (bound.isExactly("float")) return "f64";
  if (bound.isExactly("int")) return "i64";
  return null;
}

/** The constant a `const` instruction defines, if `v` is one. */
export function constantOf(f: Func, v: ValueId): ConstImm["value"] | null {
  const def = f.defInst(v);
  return def?.op === "const" ? (def.imms[0] as ConstImm).value : null;
}

/** An int constant that is a native int64 (not a bool). */
export function i64Constant(f: Func, v: ValueId): bigint | null {
  const c = constantOf(f, v);
  return c?.kind === "int" && c.value >= I64_MIN && c.value <= I64_MAX ? c.value : null;
}

/** The conversion of `inst`, when its operand types allow one and it may deoptimize where it is. */
export function conversionOf(f: Func, types: TypeMap, inst: Inst): Conversion | null {
  if (inst.op === "for_iter") {
    return types.typeOf(inst.args[0]!).isExactly("range_iterator") && rangeLoopShape(f, inst) ? { how: "range" } : null;
  }
  if (inst.op === "call") {
    const [callee, x, ...rest] = inst.args;
    const guard = callee === undefined ? null : f.defInst(callee);
    const target = guard?.op === "guard_is" ? f.defInst(guard.args[1]!) : null;
    const ok = target?.op === "builtin" && target.imms[0] === "math.sqrt" && (inst.imms[0] as readonly string[]).length === 0 &&
      x !== undefined && rest.length === 0 && kindOf(types, x) !== null && canDeoptBefore(f, inst);
    return ok ? { how: "sqrt" } : null;
  }
  if (inst.op === "binary_subscr") {
    const [list, index] = inst.args as [ValueId, ValueId];
    const ok = types.typeOf(list).isExactly("list") && kindOf(types, index) === "i64" && canDeoptBefore(f, inst);
    return ok ? { how: "subscript" } : null;
  }
  if (inst.op !== "binary_op" && inst.op !== "compare_op" && inst.op !== "unary_op") return null;
  if (!canDeoptBefore(f, inst)) return null;
  const kinds = inst.args.map((a) => kindOf(types, a));
  if (kinds.some((k) => k === null)) return null;
  // An int constant beyond int64 has no native form (and as a double it may be inexact): generic.
  if (inst.args.some((a) => constantOf(f, a)?.kind === "int" && i64Constant(f, a) === null)) return null;
  const [ka, kb] = kinds as Kind[];
  if (inst.op === "unary_op") {
    const op = inst.imms[0] as string;
    if (op === "neg") return { how: "neg", result: ka! };
    // +x is x itself; a parameter's uses stay as they are (the plan of native parameters counts them).
    if (op === "pos") return f.defInst(inst.args[0]!) !== null ? { how: "pos", result: ka! } : null;
    return ka === "i64" ? { how: "invert" } : null;
  }
  // An int constant beyond 2**53 would always fail int_to_float_exact.
  const inexactConstant = () => inst.args.some((a) => {
    const k = i64Constant(f, a);
    return k !== null && (k > EXACT_LIMIT || k < -EXACT_LIMIT);
  });
  if (inst.op === "compare_op") {
    const ncmp = CMPS[inst.imms[0] as CompareOp];
    if (ka === "i64" && kb === "i64") return { how: "compare", float: false, ncmp };
    // A mixed compare is exact on doubles only for ints of at most 2**53 (checked, or deoptimizes).
    return inexactConstant() ? null : { how: "compare", float: true, ncmp };
  }
  const op = inst.imms[0] as BinOp;
  const base = op.startsWith("inplace_") ? op.slice(8) : op;
  if (ka === "i64" && kb === "i64") {
    if (base === "true_divide") return inexactConstant() ? null : { how: "arith", result: "f64", nop: "div", exact: true };
    const nop = INT_OPS[base];
    return nop ? { how: "arith", result: "i64", nop, exact: false } : null;
  }
  const nop = FLOAT_OPS[base];
  return nop ? { how: "arith", result: "f64", nop, exact: false } : null;
}

/**
 * A FOR_ITER whose result is only tested for exhaustion (`is_null`) and, in the loop body, seen
 * through one `refine`: the shape the front end builds for `for x in ...`.
 */
export function rangeLoopShape(f: Func, forIter: Inst): { isNull: Inst[]; refines: Inst[] } | null {
  const r = forIter.results[0]!;
  const isNull: Inst[] = [];
  const refines: Inst[] = [];
  for (const inst of f.instructions()) {
    if (inst.id === forIter.id) continue;
    const asArg = inst.args.includes(r);
    const elsewhere =
      (inst.frameState && (inst.frameState.locals.includes(r) || inst.frameState.stack.includes(r))) ||
      inst.targets.some((t) => t.args.includes(r)) || (inst.unwind?.args.includes(r) ?? false);
    if (elsewhere) return null;
    if (!asArg) continue;
    if (inst.op === "is_null") isNull.push(inst);
    else if (inst.op === "refine") refines.push(inst);
    else return null;
  }
  return { isNull, refines };
}

/** Every use of a value: the instruction and how it reads it. */
export interface Use {
  readonly inst: Inst;
  /** Operand, frame state, or argument of a normal / unwind edge (with the edge's target). */
  readonly as: "operand" | "state" | "edge" | "unwind";
  readonly target?: BlockId;
  readonly index?: number;
}

export function usesOf(f: Func): Map<ValueId, Use[]> {
  const uses = new Map<ValueId, Use[]>();
  const add = (v: ValueId, u: Use) => {
    let list = uses.get(v);
    if (!list) uses.set(v, (list = []));
    list.push(u);
  };
  for (const inst of f.instructions()) {
    inst.args.forEach((a) => add(a, { inst, as: "operand" }));
    if (inst.frameState) for (const v of [...inst.frameState.locals, ...inst.frameState.stack]) add(v, { inst, as: "state" });
    for (const t of inst.targets) t.args.forEach((a, i) => add(a, { inst, as: "edge", target: t.block, index: i }));
    inst.unwind?.args.forEach((a, i) => add(a, { inst, as: "unwind", target: inst.unwind!.block, index: i }));
  }
  return uses;
}
