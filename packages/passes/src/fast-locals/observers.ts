// Where Python code may look at the frame: the instructions before which fast-locals must have
// written every pending local back (see 06-fast-locals.ts).
//
// Python code sees a frame's fast locals through `frame.f_locals` (sys._getframe(n), tracebacks,
// debuggers, locals() of the frame's own code), and it can only do so while it runs: an
// instruction observes the frame when it may run Python code. The rules below say when an
// operation provably runs no Python code, from the operation and the proven types of its
// operands (the methods of exact builtins cannot be overridden); anything not listed may run code.
// Besides the operation itself, the references the lowering releases right after it (dying
// operands, unused results) may run a finalizer (`__del__`, weakref callbacks) when they drop an
// object to zero; an instruction releasing a value whose type may have one observes the frame.
//
// Not observation points: raising and deoptimizing (the lowering writes stale slots back on those
// paths, lower/frame-sync.ts), `check_eval_breaker`, whose slow path may run signal handlers and
// let other threads run but writes stale slots back first, and the releases the lowering does
// after an instruction that has a frame state (their slow path writes stale slots back before
// deallocating: lower/lowerer.ts, decrefObserved; fast-locals gives stores one for that).

import { isFinalizerFree, MATH_FLOAT_FUNCTIONS, RefcountPlan, Type, type Func, type Inst, type TypeMap, type ValueId } from "@pyjc/core";

const NUMERIC = Type.union("int", "bool", "float");
const INTEGRAL = Type.union("int", "bool");
/** Rich comparisons among these only reach int, float, str and bytes' own C slots. */
const COMPARABLE = Type.union("int", "bool", "float", "str", "bytes");
/** PyObject_IsTrue is a C function of the exact type (a length or a value test). */
const TRUTH = Type.union("NoneType", "bool", "int", "float", "complex", "str", "bytes", "tuple", "list", "dict", "set", "frozenset", "range");
const ITERABLE = Type.union("list", "tuple", "range", "str", "bytes", "dict", "set", "frozenset");
const SIZED = Type.union("list", "tuple", "dict", "set", "frozenset", "str", "bytes", "range");
const SEQUENCE = Type.union("list", "tuple");
const INDEXABLE = Type.union("list", "tuple", "str");
const FORMATTABLE = Type.union("str", "int", "bool", "float");
const str = Type.exact("str");

/**
 * Operations that never run Python code whatever their operands: constants, guards and native
 * arithmetic, identity tests, cells, builders that only take references over, landing pads, and
 * control flow. `check_eval_breaker` is here because its slow path writes stale slots back, and
 * `list_store` / `list_store_float` because only the old item's finalizer could run code and the
 * lowering makes the frame current before it (the list is exact; out of range it raises
 * IndexError).
 */
const NEVER_RUN_CODE: ReadonlySet<string> = new Set([
  "const", "null", "cbool", "iconst", "fconst", "builtin", "closure_cell", "load_assertion_error", "refine",
  "check_bound", "make_cell", "load_deref", "is_op", "test_is", "is_null", "box_bool", "catch", "catch_lasti", "list_get",
  "push_exc_info", "match_mapping", "match_sequence", "guard_type", "guard_is", "unbox_float", "unbox_int", "box_float",
  "box_int", "int_to_float", "int_to_float_exact", "ibin", "fbin", "fneg", "fsqrt", "module_attr", "load_global_cached", "icmp", "fcmp", "cbool_not", "list_item", "small_int_eq", "seq_len",
  "range_next", "bound_float", "bound_int", "list_store", "list_store_float", "build_tuple", "build_list", "build_slice", "list_to_tuple", "build_string", "check_eval_breaker",
  "jump", "branch",
]);

/**
 * Builtins whose call runs no Python code given their arguments' types (`guard_is` makes the
 * callee a fact): range() of ints (PyNumber_Index of an int is the int), len() of a sized builtin.
 */
const CODE_FREE_CALLS: Readonly<Record<string, (args: readonly Type[]) => boolean>> = {
  range: (args) => args.length >= 1 && args.length <= 3 && args.every((t) => t.isSubtypeOf(INTEGRAL)),
  len: (args) => args.length === 1 && args[0]!.isSubtypeOf(SIZED),
  // math's float functions of exact ints and floats (types.ts MATH_FLOAT_FUNCTIONS).
  ...Object.fromEntries(MATH_FLOAT_FUNCTIONS.map((name) => [
    name, (args: readonly Type[]) => args.length > 0 && args.every((a) => a.isSubtypeOf(NUMERIC)),
  ])),
};

/** Whether the operation itself may run Python code, given its operands' proven types. */
export function mayRunCode(f: Func, inst: Inst, types: TypeMap): boolean {
  if (NEVER_RUN_CODE.has(inst.op)) return false;
  const arg = (i: number): Type => types.typeOf(inst.args[i]!);
  const is = (i: number, t: Type) => arg(i).isSubtypeOf(t);
  switch (inst.op) {
    case "call": {
      const callee = f.defInst(inst.args[0]!);
      const builtin = callee?.op === "guard_is" ? f.defInst(callee.args[1]!) : null;
      const rule = builtin?.op === "builtin" ? CODE_FREE_CALLS[builtin.imms[0] as string] : undefined;
      const names = inst.imms[0] as readonly string[];
      return !(rule && names.length === 0 && rule(inst.args.slice(1).map((a) => types.typeOf(a))));
    }
    // The lowering makes the frame current first unless globals and builtins are exact dicts
    // with str keys only, whose lookups run no code (lower-ops.ts).
    case "load_global": return false;
    case "binary_op": {
      if (is(0, NUMERIC) && is(1, NUMERIC)) return false;
      const op = (inst.imms[0] as string).replace(/^inplace_/, "");
      if (op === "add" && is(0, str) && is(1, str)) return false;
      return !(op === "multiply" && ((is(0, str) && is(1, INTEGRAL)) || (is(0, INTEGRAL) && is(1, str))));
    }
    case "compare_op": return !(is(0, COMPARABLE) && is(1, COMPARABLE));
    case "unary_op": return !is(0, NUMERIC);
    case "unary_not": case "truth": return !is(0, TRUTH);
    case "contains_op": return !(is(0, str) && is(1, str));
    case "get_iter": return !is(0, ITERABLE);
    // A list or tuple iterator drops its sequence when exhausted, which may free it and its items.
    case "for_iter": return !is(0, Type.exact("range_iterator"));
    case "get_len": return !is(0, SIZED);
    case "unpack_sequence": case "unpack_ex": return !is(0, SEQUENCE);
    case "binary_subscr": return !(is(0, INDEXABLE) && is(1, INTEGRAL));
    case "format_value": return !(inst.args.length === 1 && is(0, FORMATTABLE));
    case "list_append": return !is(0, Type.exact("list"));
    default: return true;
  }
}

/**
 * The lowering's reference counting seen from here: which values an instruction releases (so may
 * finalize) right after it runs, computed once on the function as it enters the pass. Moving or
 * removing stores of finalizer-free values, all this pass does, never changes when any other
 * value dies, so the answers stay true after the rewrite.
 */
export class Releases {
  private readonly plan: RefcountPlan;
  private readonly entryParams: ReadonlySet<ValueId>;

  constructor(private readonly f: Func, private readonly types: TypeMap) {
    this.plan = new RefcountPlan(f);
    this.entryParams = new Set(f.block(f.entry).params);
  }

  root(v: ValueId): ValueId {
    return this.plan.root(v);
  }

  /**
   * Whether dropping the compiled code's reference to `root` right after `at` may run a
   * finalizer. Never for arguments: the caller holds its own reference for the whole call (the
   * vectorcall convention), so the frame's or ours is never the last one. Otherwise the object's
   * proven type decides, as seen by the root or by the operand of `at` that names it.
   */
  private mayFinalize(root: ValueId, at: Inst): boolean {
    if (this.entryParams.has(root)) return false;
    if (isFinalizerFree(this.types.typeOf(root))) return false;
    return !at.args.some((a) => this.plan.root(a) === root && isFinalizerFree(this.types.typeOf(a)));
  }

  /** Whether an owned reference dies right after `inst` (normal path) and may run a finalizer. */
  mayFinalizeAfter(inst: Inst): boolean {
    const after = this.plan.after(inst);
    const dying = (r: ValueId) => this.plan.isOwned(r) && !after.has(r) && this.mayFinalize(r, inst);
    if (inst.args.some((a) => dying(this.plan.root(a)))) return true;
    // Results that are aliases of an operand are that operand's reference, not a new one.
    return inst.results.some((r) => this.plan.root(r) === r && this.f.typeOf(r).isObjectLike && dying(r));
  }
}
