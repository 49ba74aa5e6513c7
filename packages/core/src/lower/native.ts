// Lowering of the operations the typed passes introduce: guards (which deoptimize), unboxed int64
// and double arithmetic with Python's exact semantics (anything the native code cannot do exactly,
// such as an overflow or a zero divisor, deoptimizes so the interpreter does it), and inline
// fast paths on exact builtins with a bounds check and a generic fallback.

import type { Inst } from "../hir/function.js";
import type { NativeCmp, NativeOp } from "../hir/ops.js";
import type { BuiltinName, Type } from "../hir/types.js";
import type { FloatCond, IntCond, LirBlock, VReg } from "../lir/lir.js";
import type { Lowerer } from "./lowerer.js";
import { LoweringError } from "./lowerer.js";

/** The runtime symbol of each exact builtin type a guard can check. */
const TYPE_SYMBOLS: Partial<Record<BuiltinName, string>> = {
  NoneType: "_PyNone_Type", bool: "PyBool_Type", int: "PyLong_Type", float: "PyFloat_Type", complex: "PyComplex_Type",
  str: "PyUnicode_Type", bytes: "PyBytes_Type", tuple: "PyTuple_Type", list: "PyList_Type", dict: "PyDict_Type",
  set: "PySet_Type", frozenset: "PyFrozenSet_Type", slice: "PySlice_Type", range: "PyRange_Type", function: "PyFunction_Type",
  method: "PyMethod_Type", code: "PyCode_Type", cell: "PyCell_Type", type: "PyType_Type", ellipsis: "PyEllipsis_Type",
  NotImplementedType: "_PyNotImplemented_Type", range_iterator: "PyRangeIter_Type", list_iterator: "PyListIter_Type",
  tuple_iterator: "PyTupleIter_Type",
};

const INT_CONDS: Record<NativeCmp, IntCond> = { eq: "eq", ne: "ne", lt: "slt", le: "sle", gt: "sgt", ge: "sge" };
const FLOAT_CONDS: Record<NativeCmp, FloatCond> = { eq: "eq", ne: "ne", lt: "lt", le: "le", gt: "gt", ge: "ge" };
const INT64_MIN = -(2n ** 63n);

export function lowerNative(l: Lowerer, inst: Inst): void {
  const a = (i: number): VReg => l.reg(inst.args[i]!);
  const result = (r: VReg, index = 0) => l.bind(inst.results[index]!, r);
  const deoptIf = (cond: IntCond, x: VReg, y: VReg | { imm: number }) => {
    const cont = l.b.block();
    l.emit({ op: "brcmp", cond, a: x, b: y, ifTrue: l.deoptBlock().id, ifFalse: cont.id });
    l.continueIn(cont);
  };
  const vreg = (cls: "i64" | "f64" = "i64") => l.b.vreg(cls);

  switch (inst.op) {
    case "guard_type": guardType(l, a(0), inst.imms[0] as Type, l.f.typeOf(inst.args[0]!)); break;
    case "guard_is": deoptIf("ne", a(0), a(1)); break;
    case "builtin": result(l.iconst(l.env.builtinAddress(inst.imms[0] as string))); break;
    case "deopt": l.emit({ op: "jump", target: l.deoptBlock().id }); break;
    case "iconst": result(l.iconst(inst.imms[0] as bigint)); break;
    case "fconst": {
      const dst = vreg("f64");
      l.emit({ op: "fconst", dst, value: inst.imms[0] as number });
      result(dst);
      break;
    }
    case "unbox_float": {
      const dst = vreg("f64");
      l.emit({ op: "load", dst, base: a(0), offset: l.layout("PyFloatObject_ob_fval"), width: 8 });
      result(dst);
      break;
    }
    case "unbox_int": result(unboxInt(l, a(0))); break;
    case "box_float": case "box_int": {
      const r = l.call1(inst.op === "box_float" ? "PyFloat_FromDouble" : "PyLong_FromLongLong", [a(0)]);
      l.checkNullCold(r);
      result(r);
      break;
    }
    case "int_to_float": {
      const dst = vreg("f64");
      l.emit({ op: "i2f", dst, a: a(0) });
      result(dst);
      break;
    }
    case "int_to_float_exact": {
      // |i| <= 2**53 exactly when i + 2**53, as unsigned, is at most 2**54.
      const biased = vreg();
      l.emit({ op: "bin", kind: "add", dst: biased, a: a(0), b: l.iconst(2n ** 53n) });
      deoptIf("ugt", biased, l.iconst(2n ** 54n));
      const dst = vreg("f64");
      l.emit({ op: "i2f", dst, a: a(0) });
      result(dst);
      break;
    }
    case "ibin": result(intArith(l, inst.imms[0] as NativeOp, a(0), a(1), deoptIf)); break;
    case "fbin": result(floatArith(l, inst.imms[0] as NativeOp, a(0), a(1), deoptIf)); break;
    case "fneg": {
      const dst = vreg("f64");
      l.emit({ op: "fneg", dst, a: a(0) });
      result(dst);
      break;
    }
    case "fsqrt": {
      // math.sqrt raises ValueError below zero; -0.0 and NaN are not below zero (sqrt keeps them).
      const zero = vreg("f64");
      l.emit({ op: "fconst", dst: zero, value: 0 });
      const below = vreg();
      l.emit({ op: "fcmp", cond: "lt", dst: below, a: a(0), b: zero });
      deoptIf("ne", below, { imm: 0 });
      const dst = vreg("f64");
      l.emit({ op: "fsqrt", dst, a: a(0) });
      result(dst);
      break;
    }
    case "module_attr": {
      deoptIf("ne", l.load(a(0), l.layout("PyObject_ob_type")), l.sym("PyModule_Type"));
      const dict = l.load(a(0), l.layout("PyModuleObject_md_dict"));
      deoptIf("eq", dict, { imm: 0 });
      result(cachedEntry(l, dict, inst.imms[0] as string, inst.imms[1] as number, deoptIf));
      break;
    }
    case "icmp": case "fcmp": {
      const dst = vreg();
      const c = inst.imms[0] as NativeCmp;
      if (inst.op === "icmp") l.emit({ op: "icmp", cond: INT_CONDS[c], dst, a: a(0), b: a(1) });
      else l.emit({ op: "fcmp", cond: FLOAT_CONDS[c], dst, a: a(0), b: a(1) });
      result(dst);
      break;
    }
    case "cbool_not": {
      const dst = vreg();
      l.emit({ op: "icmp", cond: "eq", dst, a: a(0), b: { imm: 0 } });
      result(dst);
      break;
    }
    case "list_item": case "list_store": listAccess(l, inst); break;
    case "list_store_float": listStoreFloat(l, inst); break;
    case "list_get": result(listGet(l, inst)); break;
    case "small_int_eq": result(smallIntEq(l, a(0), a(1), inst.imms[0] as number)); break;
    case "seq_len": result(seqLen(l, a(0), l.f.typeOf(inst.args[0]!))); break;
    case "range_next": {
      const it = a(0);
      const [fIndex, fStart, fStep, fLen] = ["index", "start", "step", "len"].map((n) => l.layout(`rangeiterobject_${n}`));
      const value = vreg();
      const done = vreg();
      const index = l.load(it, fIndex!);
      const len = l.load(it, fLen!);
      const more = l.b.block();
      const end = l.b.block();
      const join = l.b.block();
      l.emit({ op: "brcmp", cond: "slt", a: index, b: len, ifTrue: more.id, ifFalse: end.id });
      l.continueIn(more);
      const step = l.load(it, fStep!);
      const product = vreg();
      l.emit({ op: "bin", kind: "mul", dst: product, a: index, b: step });
      l.emit({ op: "bin", kind: "add", dst: value, a: product, b: l.load(it, fStart!) });
      const next = vreg();
      l.emit({ op: "bin", kind: "add", dst: next, a: index, b: { imm: 1 } });
      l.store(it, fIndex!, next);
      l.emit({ op: "iconst", dst: done, value: 0n });
      l.emit({ op: "jump", target: join.id });
      l.continueIn(end);
      l.emit({ op: "iconst", dst: value, value: 0n });
      l.emit({ op: "iconst", dst: done, value: 1n });
      l.emit({ op: "jump", target: join.id });
      l.continueIn(join);
      result(value, 0);
      result(done, 1);
      break;
    }
    default:
      throw new LoweringError(`no native lowering for '${inst.op}'`);
  }
}

/**
 * The value of `name` in `dict` read straight from the entry at `index` (where the interpreter's
 * LOAD_GLOBAL_MODULE / LOAD_ATTR_MODULE found it), a new reference; `miss` branches away unless the
 * dict's keys are str-keyed, have that entry, and its key is `name` itself with a value. A dict
 * keeps at most one live entry per key (a deleted one has a NULL key and value), so the entry
 * whose key is the interned name holds its current value; entries keep their index while a dict
 * only grows (insertions, resizes), so unlike the interpreter's keys-version check, this one keeps
 * hitting after a global is added. An equal but not identical key only costs the miss path.
 */
export function cachedEntry(l: Lowerer, dict: VReg, name: string, index: number, miss: (cond: IntCond, x: VReg, y: VReg | { imm: number }) => void): VReg {
  const keys = l.load(dict, l.layout("PyDictObject_ma_keys"));
  miss("ne", l.load(keys, l.layout("PyDictKeysObject_dk_kind"), 1), { imm: l.layout("DICT_KEYS_UNICODE") });
  miss("sle", l.load(keys, l.layout("PyDictKeysObject_dk_nentries")), l.iconst(index));
  // The entries follow the index table, of 1 << dk_log2_index_bytes bytes.
  const indexBytes = l.b.vreg();
  l.emit({ op: "bin", kind: "shl", dst: indexBytes, a: l.iconst(1), b: l.load(keys, l.layout("PyDictKeysObject_dk_log2_index_bytes"), 1) });
  const entries = l.b.vreg();
  l.emit({ op: "bin", kind: "add", dst: entries, a: keys, b: indexBytes });
  const entry = l.layout("PyDictKeysObject_dk_indices") + index * l.layout("sizeof_PyDictUnicodeEntry");
  miss("ne", l.load(entries, entry + l.layout("PyDictUnicodeEntry_me_key")), l.iconst(l.env.nameAddress(name)));
  const value = l.load(entries, entry + l.layout("PyDictUnicodeEntry_me_value"));
  miss("eq", value, { imm: 0 });
  l.emit({ op: "incref", v: value });
  return value;
}

/** Deoptimizes unless `v` has type `t` (a union of exact builtins, maybe with NULL). */
function guardType(l: Lowerer, v: VReg, t: Type, known: Type): void {
  const names = t.builtins();
  const unsupported = names.filter((n) => !TYPE_SYMBOLS[n]);
  if (t.includesOther || unsupported.length > 0 || t.isNative) {
    throw new LoweringError(`guard_type cannot check the type ${t}`);
  }
  const ok = l.b.block();
  const deopt = l.deoptBlock();
  if (known.mayBeNull) {
    const nonNull = l.b.block();
    l.emit({ op: "brcmp", cond: "eq", a: v, b: { imm: 0 }, ifTrue: t.mayBeNull ? ok.id : deopt.id, ifFalse: nonNull.id });
    l.continueIn(nonNull);
  }
  const type = l.load(v, l.layout("PyObject_ob_type"));
  for (const name of names) {
    const next = l.b.block();
    l.emit({ op: "brcmp", cond: "eq", a: type, b: l.sym(TYPE_SYMBOLS[name]!), ifTrue: ok.id, ifFalse: next.id });
    l.continueIn(next);
  }
  l.emit({ op: "jump", target: deopt.id });
  l.continueIn(ok);
}

/** int64 of an exact int: compact ints inline (3.11 stores |value| < 2**30 in one digit), others via the runtime. */
function unboxInt(l: Lowerer, v: VReg): VReg {
  const out = l.b.vreg();
  const size = l.b.vreg();
  l.emit({ op: "load", dst: size, base: v, offset: l.layout("PyVarObject_ob_size"), width: 8, signed: true });
  const biased = l.b.vreg();
  l.emit({ op: "bin", kind: "add", dst: biased, a: size, b: { imm: 1 } });
  const fast = l.b.block();
  const slow = l.b.block(true);
  const join = l.b.block();
  l.emit({ op: "brcmp", cond: "ugt", a: biased, b: { imm: 2 }, ifTrue: slow.id, ifFalse: fast.id });
  l.continueIn(fast);
  const digit = l.b.vreg();
  l.emit({ op: "load", dst: digit, base: v, offset: l.layout("PyLongObject_ob_digit"), width: 4 });
  // size is -1, 0 or 1: value = digit * size.
  l.emit({ op: "bin", kind: "mul", dst: out, a: digit, b: size });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(slow);
  const slot = l.array([], 1);
  const overflow = l.call1("pyjc_unbox_int", [v, slot.base]);
  const loaded = l.b.vreg();
  const cont = l.b.block(true);
  l.emit({ op: "brcmp", cond: "ne", a: overflow, b: { imm: 0 }, ifTrue: l.deoptBlock().id, ifFalse: cont.id });
  l.continueIn(cont);
  l.emit({ op: "load", dst: loaded, base: slot.base, offset: 0, width: 8 });
  l.emit({ op: "mov", dst: out, src: loaded });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(join);
  return out;
}

type DeoptIf = (cond: IntCond, x: VReg, y: VReg | { imm: number }) => void;

function intArith(l: Lowerer, op: NativeOp, x: VReg, y: VReg, deoptIf: DeoptIf): VReg {
  const dst = l.b.vreg();
  switch (op) {
    case "add": case "sub": case "mul": {
      const ovf = l.b.vreg();
      l.emit({ op: "bino", kind: op, dst, ovf, a: x, b: y });
      deoptIf("ne", ovf, { imm: 0 });
      return dst;
    }
    case "and": case "or": case "xor":
      l.emit({ op: "bin", kind: op, dst, a: x, b: y });
      return dst;
    case "lshift": {
      // Negative counts raise; anything that does not round-trip overflowed.
      deoptIf("ugt", y, { imm: 62 });
      l.emit({ op: "bin", kind: "shl", dst, a: x, b: y });
      const back = l.b.vreg();
      l.emit({ op: "bin", kind: "sar", dst: back, a: dst, b: y });
      deoptIf("ne", back, x);
      return dst;
    }
    case "rshift": {
      deoptIf("slt", y, { imm: 0 });
      const big = l.b.vreg();
      l.emit({ op: "icmp", cond: "sgt", dst: big, a: y, b: { imm: 63 } });
      const count = l.b.vreg();
      l.emit({ op: "select", dst: count, cond: big, a: l.iconst(63), b: y });
      l.emit({ op: "bin", kind: "sar", dst, a: x, b: count });
      return dst;
    }
    case "floordiv": case "mod": {
      deoptIf("eq", y, { imm: 0 });
      // INT64_MIN // -1 overflows; INT64_MIN % -1 is 0, but one check covers both.
      const isMin = l.b.vreg();
      l.emit({ op: "icmp", cond: "eq", dst: isMin, a: x, b: l.iconst(INT64_MIN) });
      const isMinusOne = l.b.vreg();
      l.emit({ op: "icmp", cond: "eq", dst: isMinusOne, a: y, b: { imm: -1 } });
      const both = l.b.vreg();
      l.emit({ op: "bin", kind: "and", dst: both, a: isMin, b: isMinusOne });
      deoptIf("ne", both, { imm: 0 });
      return l.call1(op === "floordiv" ? "pyjc_i64_floordiv" : "pyjc_i64_mod", [x, y]);
    }
    default:
      throw new LoweringError(`ibin ${op} is not an int64 operation`);
  }
}

function floatArith(l: Lowerer, op: NativeOp, x: VReg, y: VReg, deoptIf: DeoptIf): VReg {
  const isZero = () => {
    const zero = l.b.vreg("f64");
    l.emit({ op: "fconst", dst: zero, value: 0 });
    const z = l.b.vreg();
    l.emit({ op: "fcmp", cond: "eq", dst: z, a: y, b: zero });
    deoptIf("ne", z, { imm: 0 });
  };
  switch (op) {
    case "add": case "sub": case "mul": {
      const dst = l.b.vreg("f64");
      l.emit({ op: "fbin", kind: op, dst, a: x, b: y });
      return dst;
    }
    case "div": {
      isZero();
      const dst = l.b.vreg("f64");
      l.emit({ op: "fbin", kind: "div", dst, a: x, b: y });
      return dst;
    }
    case "floordiv": case "mod": {
      isZero();
      const r = l.b.vreg("f64");
      l.emit({ op: "call", dst: r, target: { sym: op === "floordiv" ? "pyjc_f64_floordiv" : "pyjc_f64_mod" }, args: [x, y] });
      return r;
    }
    case "pow": {
      const slot = l.array([], 1);
      const status = l.call1("pyjc_f64_pow", [x, y, slot.base]);
      deoptIf("ne", status, { imm: 0 });
      const dst = l.b.vreg("f64");
      l.emit({ op: "load", dst, base: slot.base, offset: 0, width: 8 });
      return dst;
    }
    default:
      throw new LoweringError(`fbin ${op} is not a float operation`);
  }
}

/** `lst[k]` and `lst[k] = v` with an inline bounds check; out of range, the generic operation raises. */
/**
 * The bounds check of `lst[k]` for a constant k (negative counts from the end): continues in the
 * in-range block and returns the address of the item's slot, with the out-of-range (cold) block
 * and the block both paths join in.
 */
function constantIndexSlot(l: Lowerer, list: VReg, k: number): { addr: VReg; slow: LirBlock; join: LirBlock } {
  const size = l.load(list, l.layout("PyVarObject_ob_size"));
  let index: VReg;
  if (k >= 0) index = l.iconst(k);
  else {
    index = l.b.vreg();
    l.emit({ op: "bin", kind: "add", dst: index, a: size, b: { imm: k } });
  }
  const fast = l.b.block();
  const slow = l.b.block(true);
  const join = l.b.block();
  l.emit({ op: "brcmp", cond: "uge", a: index, b: size, ifTrue: slow.id, ifFalse: fast.id });
  l.continueIn(fast);
  const items = l.load(list, l.layout("PyListObject_ob_item"));
  const scaled = l.b.vreg();
  l.emit({ op: "bin", kind: "shl", dst: scaled, a: index, b: { imm: 3 } });
  const addr = l.b.vreg();
  l.emit({ op: "bin", kind: "add", dst: addr, a: items, b: scaled });
  return { addr, slow, join };
}

function listAccess(l: Lowerer, inst: Inst): void {
  const list = l.reg(inst.args[0]!);
  const key = l.reg(inst.args[1]!);
  const { addr, slow, join } = constantIndexSlot(l, list, inst.imms[0] as number);
  if (inst.op === "list_item") {
    const out = l.b.vreg();
    l.emit({ op: "load", dst: out, base: addr, offset: 0, width: 8 });
    l.emit({ op: "incref", v: out });
    l.emit({ op: "jump", target: join.id });
    l.continueIn(slow);
    l.setPrevInstr(inst.frameState!.offset);
    const r = l.call1("PyObject_GetItem", [list, key]);
    l.checkNull(r);
    l.emit({ op: "mov", dst: out, src: r });
    l.emit({ op: "jump", target: join.id });
    l.continueIn(join);
    l.bind(inst.results[0]!, out);
  } else {
    // The list takes a reference of its own, as PyList_SET_ITEM after an incref would.
    const value = l.reg(inst.args[2]!);
    l.emit({ op: "incref", v: value });
    const old = l.load(addr, 0);
    l.store(addr, 0, value);
    // The old item's finalizer may look at this frame (STORE_SUBSCR's own decref in ceval).
    l.decrefObserved(old, false);
    l.emit({ op: "jump", target: join.id });
    l.continueIn(slow);
    l.setPrevInstr(inst.frameState!.offset);
    l.checkNegative(l.call1("PyObject_SetItem", [list, key, value]));
    l.emit({ op: "jump", target: join.id });
    l.continueIn(join);
  }
}

/** `lst[i]` for a native index: inline in range, the generic BINARY_SUBSCR on int(i) otherwise. */
function listGet(l: Lowerer, inst: Inst): VReg {
  const list = l.reg(inst.args[0]!);
  const index = l.reg(inst.args[1]!);
  const out = l.b.vreg();
  const fast = l.b.block();
  const slow = l.b.block(true);
  const join = l.b.block();
  l.emit({ op: "brcmp", cond: "uge", a: index, b: l.load(list, l.layout("PyVarObject_ob_size")), ifTrue: slow.id, ifFalse: fast.id });
  l.continueIn(fast);
  const scaled = l.b.vreg();
  l.emit({ op: "bin", kind: "shl", dst: scaled, a: index, b: { imm: 3 } });
  const addr = l.b.vreg();
  l.emit({ op: "bin", kind: "add", dst: addr, a: l.load(list, l.layout("PyListObject_ob_item")), b: scaled });
  l.emit({ op: "load", dst: out, base: addr, offset: 0, width: 8 });
  l.emit({ op: "incref", v: out });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(slow);
  l.setPrevInstr(inst.frameState!.offset);
  const key = l.call1("PyLong_FromLongLong", [index]);
  l.checkNull(key);
  const r = l.call1("PyObject_GetItem", [list, key]);
  l.emit({ op: "decref", v: key });
  l.checkNull(r);
  l.emit({ op: "mov", dst: out, src: r });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(join);
  return out;
}

/**
 * `lst[k] = float(x)`: an exact float item with a reference count of one (the list's) takes the
 * value in place; anything else is replaced by a new float as `list_store` does. Out of range,
 * the generic STORE_SUBSCR raises with a new float.
 */
function listStoreFloat(l: Lowerer, inst: Inst): void {
  const list = l.reg(inst.args[0]!);
  const key = l.reg(inst.args[1]!);
  const x = l.reg(inst.args[2]!);
  const { addr, slow, join } = constantIndexSlot(l, list, inst.imms[0] as number);
  const old = l.load(addr, 0);
  const isFloat = l.b.block();
  const inPlace = l.b.block();
  const replace = l.b.block();
  const type = l.load(old, l.layout("PyObject_ob_type"));
  l.emit({ op: "brcmp", cond: "eq", a: type, b: l.sym("PyFloat_Type"), ifTrue: isFloat.id, ifFalse: replace.id });
  l.continueIn(isFloat);
  const count = l.load(old, l.layout("PyObject_ob_refcnt"));
  l.emit({ op: "brcmp", cond: "eq", a: count, b: { imm: 1 }, ifTrue: inPlace.id, ifFalse: replace.id });
  l.continueIn(inPlace);
  l.store(old, l.layout("PyFloatObject_ob_fval"), x);
  l.emit({ op: "jump", target: join.id });
  l.continueIn(replace);
  const boxed = l.call1("PyFloat_FromDouble", [x]);
  l.checkNullCold(boxed);
  l.store(addr, 0, boxed);
  // The old item's finalizer may look at this frame (STORE_SUBSCR's own decref in ceval).
  l.decrefObserved(old, false);
  l.emit({ op: "jump", target: join.id });
  l.continueIn(slow);
  l.setPrevInstr(inst.frameState!.offset);
  const value = l.call1("PyFloat_FromDouble", [x]);
  l.checkNull(value);
  const status = l.call1("PyObject_SetItem", [list, key, value]);
  l.emit({ op: "decref", v: value });
  l.checkNegative(status);
  l.emit({ op: "jump", target: join.id });
  l.continueIn(join);
}

/**
 * `a == k` for an exact int `a` and a small int `k` whose cached object is `kobj`. CPython does not
 * promise every int equal to k is the cached object, so a pointer mismatch falls back to the value:
 * ints of one digit (|a| < 2**30) compare inline; longer ints are never equal to a small int.
 */
function smallIntEq(l: Lowerer, a: VReg, kobj: VReg, k: number): VReg {
  const out = l.b.vreg();
  const same = l.b.block();
  const differ = l.b.block();
  const join = l.b.block();
  l.emit({ op: "brcmp", cond: "eq", a, b: kobj, ifTrue: same.id, ifFalse: differ.id });
  l.continueIn(same);
  l.emit({ op: "iconst", dst: out, value: 1n });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(differ);
  const size = l.b.vreg();
  l.emit({ op: "load", dst: size, base: a, offset: l.layout("PyVarObject_ob_size"), width: 8, signed: true });
  const digit = l.b.vreg();
  l.emit({ op: "load", dst: digit, base: a, offset: l.layout("PyLongObject_ob_digit"), width: 4 });
  // One digit or zero: value = digit * size; otherwise |a| >= 2**30 and the size check fails.
  const value = l.b.vreg();
  l.emit({ op: "bin", kind: "mul", dst: value, a: digit, b: size });
  const biased = l.b.vreg();
  l.emit({ op: "bin", kind: "add", dst: biased, a: size, b: { imm: 1 } });
  const small = l.b.vreg();
  l.emit({ op: "icmp", cond: "ule", dst: small, a: biased, b: { imm: 2 } });
  const equal = l.b.vreg();
  l.emit({ op: "icmp", cond: "eq", dst: equal, a: value, b: { imm: k } });
  l.emit({ op: "bin", kind: "and", dst: out, a: small, b: equal });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(join);
  return out;
}

function seqLen(l: Lowerer, v: VReg, t: Type): VReg {
  const exact = t.exactBuiltin;
  if (exact === "list" || exact === "tuple" || exact === "bytes") return l.load(v, l.layout("PyVarObject_ob_size"));
  if (exact === "dict") return l.load(v, l.layout("PyDictObject_ma_used"));
  if (exact === "str") return l.load(v, l.layout("PyASCIIObject_length"));
  // Sets, or a union of the above: the C API cannot fail for these exact types.
  return l.call1("PyObject_Size", [v]);
}
