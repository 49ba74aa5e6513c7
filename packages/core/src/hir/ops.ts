// The HIR operations, defined once as data.
//
// One HIR operation per Python-level operation of CPython 3.11, with CPython's exact semantics;
// native operations (unboxed arithmetic, guards) are added by the optimization passes that need
// them. Everything else derives from this table: the builder's operand shapes, the printer and
// parser (immediates are printed in table order, then operands), the verifier (operand and result
// counts, which ops end a block, which ops need a FrameState) and the pass utilities (purity for
// dead-code elimination). Adding an operation means adding a row here and its lowering.

import { COMPARE_OPS, FORMAT_VALUE_CONVERSIONS, NB_OPS } from "../bytecode/opcodes.js";
import type { PyValue } from "../bytecode/py-value.js";
import { Type } from "./types.js";

/** The kinds of immediate an operation can carry; each has one text form. */
export type ImmKind =
  | "const" // a Python constant: value and, when it came from co_consts, its index
  | "name" // a co_names entry (or a name a pass introduced)
  | "local" // a fast-locals slot index (localsplus), printed with its name
  | "int" // a count or flag word
  | "binop" // a BINARY_OP operator, by its nb_ name (add, inplace_add, ...)
  | "cmp" // a COMPARE_OP operator: <, <=, ==, !=, >, >=
  | "unop" // pos, neg, invert
  | "names" // a tuple of keyword names (KW_NAMES) or none
  | "conv" // FORMAT_VALUE conversion: none, str, repr, ascii
  | "type" // an HIR type (guards and casts)
  | "i64" // a native integer constant (bigint)
  | "f64" // a native float constant
  | "nop" // a native arithmetic operator: add, sub, mul, floordiv, mod, div, pow, and, or, xor, lshift, rshift
  | "ncmp"; // a native comparison: eq, ne, lt, le, gt, ge

export interface OpFlags {
  /** Can raise a Python exception, so it carries a FrameState and may carry an unwind edge. */
  readonly raises?: boolean;
  /** Ends its block; successors are the instruction's targets. */
  readonly terminator?: boolean;
  /** No observable effect besides its results: removable when they are unused. */
  readonly pure?: boolean;
  /**
   * May deoptimize: when its check fails, the frame is rebuilt from its FrameState and the
   * interpreter resumes at that bytecode instruction, which it runs again from the start. It never
   * raises by itself and has no unwind edge.
   */
  readonly deopts?: boolean;
}

export interface OpDef {
  readonly name: string;
  /** Operand count, or "variadic" for an operand list whose length the immediates imply. */
  readonly operands: number | "variadic";
  readonly imms: readonly ImmKind[];
  /** Result count; a function of the immediates for unpacking operations. */
  readonly results: number | ((imms: readonly unknown[]) => number);
  /** Number of successor edges for terminators (fixed per operation). */
  readonly targets?: number;
  readonly flags: OpFlags;
  /** Result type known from the operation alone (the builder's types; analyses refine them). */
  readonly resultType?: Type | ((imms: readonly unknown[], index: number) => Type);
  /** The bytecode it comes from, or the purpose it serves: shown in `pyjc ir --help-ops`. */
  readonly doc: string;
  /** Types operands must have, one per operand or one for all (default: non-NULL objects). */
  readonly operandTypes?: Type | readonly Type[];
}

const RAISES: OpFlags = { raises: true };
const DEOPTS: OpFlags = { deopts: true };
const PURE: OpFlags = { pure: true };
const EFFECT: OpFlags = {};

const obj = Type.object;
const boolObj = Type.exact("bool");

function typed(def: OpDef, operandTypes: Type | readonly Type[]): OpDef {
  return { ...def, operandTypes };
}

function op(
  name: string,
  operands: number | "variadic",
  imms: readonly ImmKind[],
  results: OpDef["results"],
  flags: OpFlags,
  doc: string,
  resultType?: OpDef["resultType"],
  targets?: number,
): OpDef {
  return { name, operands, imms, results, flags, doc, ...(resultType && { resultType }), ...(targets !== undefined && { targets }) };
}

const defs: OpDef[] = [
  // Values that need no computation.
  op("const", 0, ["const"], 1, PURE, "LOAD_CONST: a constant object (borrowed from co_consts or materialized)",
    (imms) => Type.constant((imms[0] as { value: PyValue }).value)),
  op("null", 0, [], 1, PURE, "PUSH_NULL and unbound fast locals: the NULL pointer", Type.null),

  // Fast locals, cells and the frame. Locals are SSA values; store_local keeps the frame's
  // localsplus current, which is what tracebacks, locals() and deoptimization observe.
  op("store_local", 1, ["local"], 0, EFFECT,
    "STORE_FAST / DELETE_FAST: write a fast-locals slot of the frame (NULL deletes; a native double or int64, or a bound_float/bound_int, is boxed first)"),
  op("check_bound", 1, ["local"], 1, RAISES, "LOAD_FAST / DELETE_FAST of a slot that may be unbound: UnboundLocalError on NULL", obj),
  op("make_cell", 1, ["local"], 1, RAISES, "MAKE_CELL: a new cell holding the slot's value (or empty)", Type.exact("cell")),
  op("closure_cell", 0, ["int"], 1, PURE, "COPY_FREE_VARS: cell i of the running function's closure", Type.exact("cell")),
  op("load_deref", 1, ["local"], 1, RAISES, "LOAD_DEREF: a cell's contents; NameError/UnboundLocalError when empty"),
  op("load_classderef", 1, ["local"], 1, RAISES, "LOAD_CLASSDEREF: a class body's free variable (f_locals first, then the cell)"),
  op("store_deref", 2, ["local"], 0, EFFECT, "STORE_DEREF: set a cell's contents (cell, value)"),
  op("delete_deref", 1, ["local"], 0, RAISES, "DELETE_DEREF: empty a cell; error when already empty"),

  // Names: module and class bodies (f_locals), globals and builtins.
  op("load_name", 0, ["name"], 1, RAISES, "LOAD_NAME: f_locals, then globals, then builtins"),
  op("store_name", 1, ["name"], 0, RAISES, "STORE_NAME: f_locals[name] = value"),
  op("delete_name", 0, ["name"], 0, RAISES, "DELETE_NAME"),
  op("load_global", 0, ["name"], 1, RAISES, "LOAD_GLOBAL: globals, then builtins; NameError"),
  op("load_global_cached", 0, ["name", "int"], 1, RAISES,
    "LOAD_GLOBAL reading the entry (immediate: its index) where the interpreter's LOAD_GLOBAL_MODULE found the name in the frame's globals, inline while that entry holds the name; LOAD_GLOBAL's lookup otherwise (the global deleted and re-added, globals replaced)"),
  op("store_global", 1, ["name"], 0, RAISES, "STORE_GLOBAL"),
  op("delete_global", 0, ["name"], 0, RAISES, "DELETE_GLOBAL"),
  op("load_build_class", 0, [], 1, RAISES, "LOAD_BUILD_CLASS: builtins.__build_class__"),
  op("load_assertion_error", 0, [], 1, PURE, "LOAD_ASSERTION_ERROR: the AssertionError type", Type.exact("type")),
  op("setup_annotations", 0, [], 0, RAISES, "SETUP_ANNOTATIONS: __annotations__ in f_locals"),
  op("import_name", 2, ["name"], 1, RAISES, "IMPORT_NAME: __import__(name, globals, locals, fromlist, level) (level, fromlist)"),
  op("import_from", 1, ["name"], 1, RAISES, "IMPORT_FROM: an attribute of a module, or the submodule"),
  op("import_star", 1, [], 0, RAISES, "IMPORT_STAR: from module import * into f_locals"),

  // Attributes and items.
  op("load_attr", 1, ["name"], 1, RAISES, "LOAD_ATTR: getattr(obj, name)"),
  op("load_method", 1, ["name"], 2, RAISES, "LOAD_METHOD: (unbound method, self) or (NULL, attribute)",
    (_imms, index) => (index === 0 ? Type.optObject : obj)),
  op("store_attr", 2, ["name"], 0, RAISES, "STORE_ATTR: setattr(obj, name, value) (obj, value)"),
  op("delete_attr", 1, ["name"], 0, RAISES, "DELETE_ATTR"),
  op("binary_subscr", 2, [], 1, RAISES, "BINARY_SUBSCR: container[key]"),
  op("store_subscr", 3, [], 0, RAISES, "STORE_SUBSCR: container[key] = value (container, key, value)"),
  op("delete_subscr", 2, [], 0, RAISES, "DELETE_SUBSCR: del container[key]"),
  op("build_slice", "variadic", [], 1, RAISES, "BUILD_SLICE: slice(start, stop[, step])", Type.exact("slice")),

  // Operators.
  op("unary_op", 1, ["unop"], 1, RAISES, "UNARY_POSITIVE / UNARY_NEGATIVE / UNARY_INVERT"),
  op("unary_not", 1, [], 1, RAISES, "UNARY_NOT: not value, as a bool object", boolObj),
  op("binary_op", 2, ["binop"], 1, RAISES, "BINARY_OP: a binary or in-place operator"),
  op("compare_op", 2, ["cmp"], 1, RAISES, "COMPARE_OP: a rich comparison"),
  op("is_op", 2, ["int"], 1, PURE, "IS_OP: a is b (1: is not), as a bool object", boolObj),
  op("contains_op", 2, ["int"], 1, RAISES, "CONTAINS_OP: a in b (1: not in), as a bool object", boolObj),
  op("truth", 1, [], 1, RAISES, "The truth of an object (PyObject_IsTrue), as a native condition", Type.cbool),
  op("test_is", 2, [], 1, PURE, "Pointer identity as a native condition (POP_JUMP_IF_NONE and friends)", Type.cbool),
  op("is_null", 1, [], 1, PURE, "Whether a value is NULL, as a native condition", Type.cbool),
  typed(op("box_bool", 1, [], 1, PURE, "A native condition as True or False", boolObj), Type.cbool),
  op("cbool", 0, ["int"], 1, PURE, "A native condition constant: 1 (true) or 0 (false)", Type.cbool),
  op("refine", 1, ["type"], 1, PURE, "The same value, known to have a more precise type (no code is generated)",
    (imms) => imms[0] as Type),

  // Calls and functions.
  op("call", "variadic", ["names"], 1, RAISES, "CALL with a known callable: callable, *args (keyword names last)"),
  op("call_method", "variadic", ["names"], 1, RAISES, "CALL after LOAD_METHOD: (method or NULL, self or callable, *args)"),
  op("call_ex", 3, [], 1, RAISES, "CALL_FUNCTION_EX: func(*args, **kwargs) (func, args, kwargs or NULL)"),
  op("make_function", "variadic", ["int"], 1, RAISES,
    "MAKE_FUNCTION: code, then defaults, kwdefaults, annotations, closure as the flag bits say", Type.exact("function")),

  // Containers.
  op("build_tuple", "variadic", [], 1, RAISES, "BUILD_TUPLE", Type.exact("tuple")),
  op("build_list", "variadic", [], 1, RAISES, "BUILD_LIST", Type.exact("list")),
  op("build_set", "variadic", [], 1, RAISES, "BUILD_SET", Type.exact("set")),
  op("build_map", "variadic", [], 1, RAISES, "BUILD_MAP: key, value, key, value, ...", Type.exact("dict")),
  op("build_const_key_map", "variadic", [], 1, RAISES, "BUILD_CONST_KEY_MAP: values..., keys tuple", Type.exact("dict")),
  op("build_string", "variadic", [], 1, RAISES, "BUILD_STRING: concatenation of strs", Type.exact("str")),
  op("list_to_tuple", 1, [], 1, RAISES, "LIST_TO_TUPLE", Type.exact("tuple")),
  op("list_append", 2, [], 0, RAISES, "LIST_APPEND: list.append(value) (list, value)"),
  op("set_add", 2, [], 0, RAISES, "SET_ADD (set, value)"),
  op("map_add", 3, [], 0, RAISES, "MAP_ADD (dict, key, value)"),
  op("list_extend", 2, [], 0, RAISES, "LIST_EXTEND (list, iterable)"),
  op("set_update", 2, [], 0, RAISES, "SET_UPDATE (set, iterable)"),
  op("dict_update", 2, [], 0, RAISES, "DICT_UPDATE (dict, mapping)"),
  op("dict_merge", 3, [], 0, RAISES, "DICT_MERGE (dict, mapping, the callable, for the error message)"),
  op("format_value", "variadic", ["conv"], 1, RAISES, "FORMAT_VALUE: format(value[, spec]) after a conversion", Type.exact("str")),
  op("print_expr", 1, [], 0, RAISES, "PRINT_EXPR: sys.displayhook(value)"),

  // Iteration and unpacking.
  op("get_iter", 1, [], 1, RAISES, "GET_ITER: iter(value)"),
  op("for_iter", 1, [], 1, RAISES, "FOR_ITER: next(iterator), or NULL when exhausted (StopIteration cleared)", Type.optObject),
  op("get_len", 1, [], 1, RAISES, "GET_LEN: len(value) as an int", Type.exact("int")),
  op("unpack_sequence", 1, ["int"], (imms) => imms[0] as number, RAISES,
    "UNPACK_SEQUENCE: the items of an iterable of exactly n items, first item first"),
  op("unpack_ex", 1, ["int", "int"], (imms) => (imms[0] as number) + 1 + (imms[1] as number), RAISES,
    "UNPACK_EX: before items, a list of the rest, after items, first item first",
    (imms, index) => (index === (imms[0] as number) ? Type.exact("list") : obj)),

  // Structural pattern matching.
  op("match_mapping", 1, [], 1, PURE, "MATCH_MAPPING: whether the subject is a mapping, as a bool object", boolObj),
  op("match_sequence", 1, [], 1, PURE, "MATCH_SEQUENCE: whether the subject is a sequence, as a bool object", boolObj),
  op("match_keys", 2, [], 1, RAISES, "MATCH_KEYS: a tuple of values for the keys, or None (subject, keys)"),
  op("match_class", 3, ["int"], 1, RAISES, "MATCH_CLASS: a tuple of attributes, or None (subject, class, keyword names)"),

  // Exceptions and context managers.
  op("catch", 0, [], 1, EFFECT, "Landing pad: the exception being handled, normalized, with its traceback set"),
  op("catch_lasti", 0, [], 1, PURE, "Landing pad: the offset of the raising instruction, as an int", Type.exact("int")),
  op("push_exc_info", 1, [], 1, EFFECT, "PUSH_EXC_INFO: make value the handled exception; result is the previous one"),
  op("pop_except", 1, [], 0, EFFECT, "POP_EXCEPT: restore the previously handled exception"),
  op("check_exc_match", 2, [], 1, RAISES, "CHECK_EXC_MATCH: isinstance check for except clauses (exception, type)", boolObj),
  op("check_eg_match", 2, [], 2, RAISES, "CHECK_EG_MATCH: split an exception group for except* (rest, match)"),
  op("prep_reraise_star", 2, [], 1, RAISES, "PREP_RERAISE_STAR: the exception group to re-raise after except*"),
  op("before_with", 1, [], 2, RAISES, "BEFORE_WITH: (bound __exit__, result of __enter__)"),
  op("with_except_start", 2, [], 1, RAISES, "WITH_EXCEPT_START: __exit__(type, value, traceback) (exit, exception)"),

  // Speculation. A guard checks what a pass assumed (usually from the interpreter's own
  // specializations) and deoptimizes when the assumption fails: behaviour never changes.
  op("guard_type", 1, ["type"], 1, DEOPTS, "The value, checked to have the type; deoptimizes otherwise", (imms) => imms[0] as Type),
  op("guard_is", 2, [], 1, DEOPTS, "The first value, checked to be the same object as the second; deoptimizes otherwise"),
  op("deopt", 0, [], 0, { terminator: true, deopts: true }, "Resumes the interpreter at this FrameState", undefined, 0),
  op("builtin", 0, ["name"], 1, PURE,
    "The object builtins.<name> was when the function was compiled (what guards compare globals with); a dotted name 'module.attr' is an attribute of sys.modules['module']"),
  op("module_attr", 1, ["name", "int"], 1, DEOPTS,
    "LOAD_ATTR_MODULE as the interpreter specialized it (immediate: the entry index): the attribute of an exact module read from the entry of its dict where the interpreter found it, while that entry holds the name; deoptimizes otherwise (another object, the attribute deleted)"),

  // Native values (unboxed int64 and double, native truth values).
  op("iconst", 0, ["i64"], 1, PURE, "A native int64 constant", Type.i64),
  op("fconst", 0, ["f64"], 1, PURE, "A native double constant", Type.f64),
  typed(op("unbox_float", 1, [], 1, PURE, "The double of an exact float", Type.f64), Type.exact("float")),
  typed(op("unbox_int", 1, [], 1, DEOPTS, "The int64 of an exact int; deoptimizes when it does not fit", Type.i64), Type.exact("int")),
  typed(op("box_float", 1, [], 1, RAISES, "A new float object (MemoryError only)", Type.exact("float")), Type.f64),
  typed(op("box_int", 1, [], 1, RAISES, "An int object for an int64 (MemoryError only)", Type.exact("int")), Type.i64),
  typed(op("int_to_float", 1, [], 1, PURE, "float(i) for an int64 (correctly rounded, as Python's int.__float__)", Type.f64), Type.i64),
  typed(op("int_to_float_exact", 1, [], 1, DEOPTS,
    "float(i) for an int64 of magnitude at most 2**53, which is exact; deoptimizes otherwise (int / int and int-float comparisons are exact only then)",
    Type.f64), Type.i64),
  typed(op("ibin", 2, ["nop"], 1, DEOPTS,
    "Python int arithmetic on int64 (add, sub, mul, floordiv, mod, and, or, xor, lshift, rshift); deoptimizes where the exact result needs a Python int or raises (overflow, zero divisor, negative or large shift)",
    Type.i64), Type.i64),
  typed(op("fbin", 2, ["nop"], 1, DEOPTS,
    "Python float arithmetic on doubles (add, sub, mul, div, floordiv, mod, pow); deoptimizes where Python raises or returns a non-float (zero divisor, pow of a negative base to a fraction, overflow)",
    Type.f64), Type.f64),
  typed(op("fneg", 1, [], 1, PURE, "-x for a double", Type.f64), Type.f64),
  typed(op("fsqrt", 1, [], 1, DEOPTS, "math.sqrt(x) for a double (correctly rounded, NaN for NaN, -0.0 for -0.0); deoptimizes below zero, where math.sqrt raises ValueError", Type.f64), Type.f64),
  typed(op("icmp", 2, ["ncmp"], 1, PURE, "Compare two int64 as Python ints compare", Type.cbool), Type.i64),
  typed(op("fcmp", 2, ["ncmp"], 1, PURE, "Compare two doubles as Python floats compare (NaN unordered)", Type.cbool), Type.f64),
  typed(op("cbool_not", 1, [], 1, PURE, "Logical not of a native condition", Type.cbool), Type.cbool),
  // A local OPT-5 keeps native although it may still be unbound (a loop-carried float or int
  // assigned in the loop body): its value for the frame, never an object the code reads. Only
  // frame states and store_local may read it; the lowering boxes it where the frame is written.
  typed(op("bound_float", 2, ["local"], 1, PURE,
    "The local's value for the frame: a float of the double when the condition holds, else unbound (NULL); read only by frame states and store_local",
    Type.exact("float").withNull()), [Type.cbool, Type.f64]),
  typed(op("bound_int", 2, ["local"], 1, PURE,
    "The local's value for the frame: an int of the int64 when the condition holds, else unbound (NULL); read only by frame states and store_local",
    Type.exact("int").withNull()), [Type.cbool, Type.i64]),

  // Inline fast paths on exact builtins, falling back to the generic operation.
  typed(op("list_item", 2, ["int"], 1, RAISES,
    "lst[k] for an exact list and a constant k, the int object k as second operand (negative counts from the end): an inline bounds-checked load; out of range, BINARY_SUBSCR's IndexError"),
    [Type.exact("list"), Type.exact("int")]),
  typed(op("list_store", 3, ["int"], 0, RAISES,
    "lst[k] = v for an exact list and a constant k (operands: list, the int k, value): an inline bounds-checked store; out of range, STORE_SUBSCR's IndexError"),
    [Type.exact("list"), Type.exact("int"), Type.object]),
  typed(op("list_get", 2, [], 1, RAISES,
    "lst[i] for an exact list and an int64 i: an inline load when 0 <= i < len(lst); otherwise BINARY_SUBSCR's generic path on int(i) (negative indexes, IndexError)"),
    [Type.exact("list"), Type.i64]),
  typed(op("list_store_float", 3, ["int"], 0, RAISES,
    "lst[k] = float(x) for an exact list, a constant k and a double (operands: list, the int k, x): list_store of a new float, except that an exact float item only the list references gets the value in place (no allocation; nothing else can tell, as CPython 3.12's float arithmetic reuses such objects); MemoryError, or out of range STORE_SUBSCR's IndexError"),
    [Type.exact("list"), Type.exact("int"), Type.f64]),
  typed(op("small_int_eq", 2, ["int"], 1, PURE,
    "a == k for an exact int a and a small int k (-5..256, the second operand is its cached object): a pointer compare, then, when the pointers differ, the value compare (inline for one-digit ints)",
    Type.cbool), [Type.exact("int"), Type.exact("int")]),
  typed(op("seq_len", 1, [], 1, PURE, "len() of an exact list, tuple, dict, set, str or bytes, as int64", Type.i64),
    Type.union("list", "tuple", "dict", "set", "frozenset", "str", "bytes")),
  typed(op("range_next", 1, [], 2, EFFECT,
    "FOR_ITER over an exact range iterator: (next value as int64, exhausted) without allocating",
    (_imms, index) => (index === 0 ? Type.i64 : Type.cbool)), Type.exact("range_iterator")),

  // Control flow. Terminators end a block; `raise` and `reraise` have no normal successor.
  op("check_eval_breaker", 0, [], 0, RAISES, "RESUME and JUMP_BACKWARD: signals, pending calls, GIL hand-off"),
  op("jump", 0, [], 0, { terminator: true }, "Unconditional jump (edge arguments travel with the target)", undefined, 1),
  typed(op("branch", 1, [], 0, { terminator: true }, "Two-way branch on a native condition: true target, false target", undefined, 2), Type.cbool),
  op("return", 1, [], 0, { terminator: true }, "RETURN_VALUE"),
  op("raise", "variadic", ["int"], 0, { terminator: true, raises: true }, "RAISE_VARARGS: raise [exc [from cause]]", undefined, 0),
  op("reraise", "variadic", ["int"], 0, { terminator: true, raises: true },
    "RERAISE: re-raise exc; with the flag, restore f_lasti from the lasti operand first", undefined, 0),
  op("unreachable", 0, [], 0, { terminator: true }, "Control cannot reach here"),
];

export const OPS: ReadonlyMap<string, OpDef> = new Map(defs.map((d) => [d.name, d]));
export type OpName = string;

export function opDef(name: string): OpDef {
  const def = OPS.get(name);
  if (!def) throw new Error(`unknown HIR operation '${name}'`);
  return def;
}

export function resultCount(def: OpDef, imms: readonly unknown[]): number {
  return typeof def.results === "number" ? def.results : def.results(imms);
}

export function defaultResultType(def: OpDef, imms: readonly unknown[], index: number): Type {
  const rt = def.resultType;
  if (rt === undefined) return Type.object;
  return rt instanceof Type ? rt : rt(imms, index);
}

// Operator immediates are derived from the opcode table (defined once, in bytecode/).

type NbName = (typeof NB_OPS)[number][0];
type Lower<S extends string> = S extends `NB_${infer R}` ? Lowercase<R> : never;
export type BinOp = Lower<NbName>;
/** BINARY_OP operators in oparg order, by the nb_ slot name (`add`, `inplace_add`, ...), with symbols. */
export const BINOPS: readonly (readonly [BinOp, string])[] = NB_OPS.map(
  ([name, symbol]) => [name.slice(3).toLowerCase() as BinOp, symbol] as const,
);
export type CompareOp = (typeof COMPARE_OPS)[number];
export const UNARY_OPS = ["pos", "neg", "invert"] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];
/** FORMAT_VALUE conversions in flag order; `none` is the table's "". */
export const CONVERSIONS = FORMAT_VALUE_CONVERSIONS.map((c) => c || "none") as readonly Conversion[];
export type Conversion = "none" | "str" | "repr" | "ascii";
/** Native arithmetic operators (the `nop` immediate). */
export const NATIVE_OPS = ["add", "sub", "mul", "div", "floordiv", "mod", "pow", "and", "or", "xor", "lshift", "rshift"] as const;
export type NativeOp = (typeof NATIVE_OPS)[number];
/** Native comparisons (the `ncmp` immediate). */
export const NATIVE_CMPS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;
export type NativeCmp = (typeof NATIVE_CMPS)[number];
