// Type analysis: the most precise type each value is known to have, as facts (never guesses).
//
// Sources: constants; the declared types of the IR (results of container builders, guards,
// refinements, native operations); result rules of operations on exact builtin operands (the
// methods of exact builtins cannot be overridden, so `int + int` is an exact int); the return
// types of builtins, for calls whose callee is proven to be that builtin (a `guard_is` against a
// `builtin` value, OPT-4); iterators of ranges and lists. Block parameters join what every edge
// passes, to a fixpoint. Everything stays a subtype of the declared type, so writing the result
// back (`applyTypes`) keeps the IR valid.
//
// Speculation (what the profile suggests) is not here: passes turn a suggestion into a guard, and
// the guard's declared type is then a fact this analysis propagates.

import type { Func, Inst, ValueId } from "../hir/function.js";
import type { BinOp } from "../hir/ops.js";
import { parseType, Type, type BuiltinName } from "../hir/types.js";

export interface TypeMap {
  typeOf(v: ValueId): Type;
}

const int = Type.exact("int");
const float = Type.exact("float");
const bool = Type.exact("bool");
const str = Type.exact("str");

/**
 * Return types of builtins by name, for arguments of any type (when they return at all).
 *
 * `str()`, `repr()`, `ascii()` and `format()` return what `__str__`, `__repr__` or `__format__`
 * returned when it is a str, a subclass included (PyObject_Str and friends only check
 * PyUnicode_Check), so they are `str|other`. `int()` and `float()` copy a subclass result into an
 * exact object (PyNumber_Long, PyNumber_Float), and the formatting builtins build their own str.
 */
const STR_OR_SUBCLASS = parseType("str|other");

/**
 * math's functions that return a new exact float whatever their arguments (math_1 and friends end
 * in PyFloat_FromDouble) or raise; of exact ints and floats they read the value with
 * PyFloat_AsDouble, which runs no `__float__` or `__index__`.
 */
export const MATH_FLOAT_FUNCTIONS: readonly string[] = ["sqrt", "exp", "log", "sin", "cos", "tan", "atan", "atan2", "fabs", "hypot"].map((f) => `math.${f}`);

export const BUILTIN_RESULTS: ReadonlyMap<string, Type> = new Map(Object.entries({
  len: int, abs: Type.object, int: int, float: float, str: STR_OR_SUBCLASS, bool: bool,
  list: Type.exact("list"), tuple: Type.exact("tuple"), dict: Type.exact("dict"), set: Type.exact("set"),
  frozenset: Type.exact("frozenset"), range: Type.exact("range"), isinstance: bool, issubclass: bool,
  callable: bool, hash: int, ord: int, chr: str, repr: STR_OR_SUBCLASS, ascii: STR_OR_SUBCLASS, bin: str, oct: str,
  hex: str, id: int, hasattr: bool, sorted: Type.exact("list"), type: Type.object, format: STR_OR_SUBCLASS,
  // Functions of modules ("module.attr", the `builtin` names of their objects).
  ...Object.fromEntries(MATH_FLOAT_FUNCTIONS.map((name) => [name, float])),
}));

/** `abs` of an exact int or float keeps the type (int.__abs__, float.__abs__). */
function builtinResult(name: string, args: readonly Type[]): Type {
  if (name === "abs" && args.length === 1) {
    const a = args[0]!;
    if (a.isExactly("int") || a.isExactly("bool")) return int;
    if (a.isExactly("float")) return float;
  }
  if (name === "round" && args.length === 1 && (args[0]!.isExactly("float") || args[0]!.isExactly("int"))) return int;
  return BUILTIN_RESULTS.get(name) ?? Type.object;
}

const INTEGRAL = Type.union("int", "bool");
const NUMERIC = Type.union("int", "bool", "float");

/**
 * The type of `a OP b` for operands of types `a` and `b`, when the operation returns at all.
 * Checked against CPython on every operator and operand type (test/analysis/arithmetic-types).
 */
export function arithmeticResult(op: BinOp, a: Type, b: Type): Type {
  const base = op.startsWith("inplace_") ? (op.slice(8) as BinOp) : op;
  if (a.isBottom || b.isBottom) return Type.bottom;
  if (a.isSubtypeOf(INTEGRAL) && b.isSubtypeOf(INTEGRAL)) {
    switch (base) {
      case "add": case "subtract": case "multiply": case "floor_divide": case "remainder": case "lshift": case "rshift":
        return int;
      case "and": case "or": case "xor":
        // bool OP bool is a bool; any int operand makes an int.
        if (a.isExactly("bool") && b.isExactly("bool")) return bool;
        return a.mayBe("bool") && b.mayBe("bool") ? Type.union("int", "bool") : int;
      case "true_divide": return float;
      case "power": return Type.union("int", "float");
      default: return Type.object;
    }
  }
  if (a.isSubtypeOf(NUMERIC) && b.isSubtypeOf(NUMERIC)) {
    // Mixed int and float gives a float only when one side is surely a float: `x + 1` with x an
    // int|float is an int|float, not a float.
    const surelyFloat = a.isExactly("float") || b.isExactly("float");
    switch (base) {
      case "add": case "subtract": case "multiply": case "floor_divide": case "remainder":
        return surelyFloat ? float : Type.union("int", "float");
      case "true_divide": return float;
      case "power": return surelyFloat ? Type.union("float", "complex") : Type.union("int", "float", "complex");
      default: return Type.object;
    }
  }
  if (a.isExactly("str")) {
    if (base === "remainder") return str;
    if ((base === "add" && b.isExactly("str")) || (base === "multiply" && b.isSubtypeOf(INTEGRAL))) return str;
  }
  if (b.isExactly("str") && base === "multiply" && a.isSubtypeOf(INTEGRAL)) return str;
  for (const seq of ["list", "tuple", "bytes"] as const) {
    if (a.isExactly(seq) && ((base === "add" && b.isExactly(seq)) || (base === "multiply" && b.isSubtypeOf(INTEGRAL)))) return Type.exact(seq);
    if (b.isExactly(seq) && base === "multiply" && a.isSubtypeOf(INTEGRAL)) return Type.exact(seq);
  }
  if (a.isExactly("list") && op === "inplace_add") return Type.exact("list");
  return Type.object;
}

const COMPARABLE = Type.union("int", "bool", "float", "str", "bytes");

const ITERATORS: Partial<Record<BuiltinName, Type>> = {
  // iter() of a range whose start, stop, step or length does not fit a C long is a
  // longrange_iterator (`other`): only a guard proves a range_iterator.
  range: parseType("range_iterator|other"), list: Type.exact("list_iterator"), tuple: Type.exact("tuple_iterator"),
};

/** The type rule of one instruction's result, given its operands' types. */
function resultType(f: Func, inst: Inst, index: number, typeOf: (v: ValueId) => Type): Type {
  const declared = f.typeOf(inst.results[index]!);
  const arg = (i: number) => typeOf(inst.args[i]!);
  let t: Type = declared;
  switch (inst.op) {
    case "refine": case "guard_type": t = arg(0).meet(declared); break;
    case "check_bound": t = arg(0).withoutNull(); break;
    case "guard_is": t = arg(0).withoutNull().meet(arg(1).join(arg(0).withoutNull())); break;
    case "binary_op": t = arithmeticResult(inst.imms[0] as BinOp, arg(0), arg(1)); break;
    case "unary_op": {
      const a = arg(0);
      const op = inst.imms[0] as string;
      if (a.isSubtypeOf(INTEGRAL)) t = op === "pos" && a.isExactly("int") ? int : int;
      else if (a.isExactly("float") && op !== "invert") t = float;
      break;
    }
    case "compare_op": if (arg(0).isSubtypeOf(COMPARABLE) && arg(1).isSubtypeOf(COMPARABLE)) t = bool; break;
    case "get_iter": {
      const it = arg(0).exactBuiltin && ITERATORS[arg(0).exactBuiltin!];
      if (it) t = it;
      break;
    }
    case "for_iter": if (arg(0).isExactly("range_iterator")) t = int.withNull(); break;
    case "call": {
      const callee = f.defInst(inst.args[0]!);
      const target = callee?.op === "guard_is" ? f.defInst(callee.args[1]!) : callee;
      if (target?.op === "builtin" && (inst.imms[0] as readonly string[]).length === 0) {
        t = builtinResult(target.imms[0] as string, inst.args.slice(1).map((v) => typeOf(v)));
      }
      break;
    }
    case "binary_subscr": if (arg(0).isExactly("str") && arg(1).isSubtypeOf(INTEGRAL)) t = str; break;
  }
  return t.isBottom ? t : t.meet(declared).isBottom ? declared : t.meet(declared);
}

/** Infers the types of every value of `f` (the IR is not changed). */
export function inferTypes(f: Func): TypeMap {
  const types = new Map<ValueId, Type>();
  const typeOf = (v: ValueId) => types.get(v) ?? f.typeOf(v);
  const incoming = new Map<number, ValueId[][]>();
  for (const inst of f.instructions()) {
    for (const call of inst.unwind ? [...inst.targets, inst.unwind] : inst.targets) {
      if (!incoming.has(call.block)) incoming.set(call.block, []);
      incoming.get(call.block)!.push(call.args);
    }
  }
  // Optimistic start: everything but the entry's parameters is bottom until a rule gives it a type
  // (a loop-carried value read before its definition's first visit must not start at `object`).
  for (const b of f.blocks()) {
    if (b.id !== f.entry) for (const p of b.params) types.set(p, Type.bottom);
    for (const id of b.insts) for (const r of f.inst(id).results) types.set(r, Type.bottom);
  }
  for (let changed = true, rounds = 0; changed && rounds < 100; rounds++) {
    changed = false;
    const update = (v: ValueId, t: Type) => {
      const old = types.get(v);
      if (!old || !old.equals(t)) {
        types.set(v, t);
        changed = true;
      }
    };
    for (const b of f.blocks()) {
      if (b.id !== f.entry) {
        b.params.forEach((p, i) => {
          let t = Type.bottom;
          for (const args of incoming.get(b.id) ?? []) t = t.join(typeOf(args[i]!));
          update(p, t.isBottom ? Type.bottom : t.meet(f.typeOf(p)));
        });
      }
      for (const id of b.insts) {
        const inst = f.inst(id);
        inst.results.forEach((r, i) => update(r, resultType(f, inst, i, typeOf)));
      }
    }
  }
  return { typeOf: (v) => {
    const t = typeOf(v);
    return t.isBottom ? f.typeOf(v) : t;
  } };
}

/** Writes inferred types into the IR (they only ever narrow); returns whether any changed. */
export function applyTypes(f: Func, types: TypeMap): boolean {
  let changed = false;
  for (const b of f.blocks()) {
    const values = [...b.params, ...b.insts.flatMap((id) => f.inst(id).results)];
    for (const v of values) {
      const t = types.typeOf(v);
      const declared = f.typeOf(v);
      if (!t.equals(declared) && t.isSubtypeOf(declared)) {
        f.value(v).type = t;
        changed = true;
      }
    }
  }
  return changed;
}

/**
 * Objects whose deallocation never runs Python code: they reference no other object that could
 * have a finalizer, have no `__del__` and cannot be weakly referenced. NULL and native values too.
 * Dropping the last reference to one is never a point where Python code could look at a frame.
 */
const FINALIZER_FREE = Type.union(
  "NoneType", "bool", "int", "float", "complex", "str", "bytes", "ellipsis", "NotImplementedType", "range", "range_iterator",
).withNull();

export function isFinalizerFree(t: Type): boolean {
  return t.isNative || t.isSubtypeOf(FINALIZER_FREE);
}
