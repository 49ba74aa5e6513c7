// Each HIR operation in LIR, with the interpreter's semantics: C API functions where CPython's
// ceval calls them, shim helpers (helpers.ts) where ceval's logic is not exported, and short
// inline sequences where ceval does pointer tests (identity, NULL checks, truth of True/False/None,
// fast locals, cells). Reference counting and error paths come from Lowerer.

import type { Inst, ValueId } from "../hir/function.js";
import type { ConstImm } from "../hir/imm.js";
import { BINOPS, CONVERSIONS, opDef, type BinOp, type CompareOp, type Conversion, type UnaryOp } from "../hir/ops.js";
import { LIR_TERMINATORS, type IntCond, type VReg } from "../lir/lir.js";
import type { Lowerer } from "./lowerer.js";
import { LoweringError } from "./lowerer.js";
import { frameObject, needsFrameObject } from "./frame-values.js";
import { cachedEntry, lowerNative } from "./native.js";

const BINOP_FUNCTIONS: Record<BinOp, string> = Object.fromEntries(
  BINOPS.map(([name]) => {
    const inplace = name.startsWith("inplace_");
    const base = inplace ? name.slice(8) : name;
    const c = base.split("_").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
    const special: Record<string, string> = { Lshift: "Lshift", Rshift: "Rshift", MatrixMultiply: "MatrixMultiply" };
    return [name, `PyNumber_${inplace ? "InPlace" : ""}${special[c] ?? c}`];
  }),
) as Record<BinOp, string>;

/**
 * Operations that run no code on their fast path: they store prev_instr only on the paths that
 * need it (the eval breaker's slow path, a store's release, a failed box, an out-of-range list
 * index). Operations that only deoptimize never store it: deoptimization sets its own.
 */
const COLD_PREV_INSTR: ReadonlySet<string> = new Set([
  "check_eval_breaker", "store_local", "box_float", "box_int", "list_item", "list_get", "list_store", "list_store_float",
]);

const COMPARE_IDS: Record<CompareOp, string> = { "<": "Py_LT", "<=": "Py_LE", "==": "Py_EQ", "!=": "Py_NE", ">": "Py_GT", ">=": "Py_GE" };
const UNARY_FUNCTIONS: Record<UnaryOp, string> = { pos: "PyNumber_Positive", neg: "PyNumber_Negative", invert: "PyNumber_Invert" };

export function lowerOp(l: Lowerer, inst: Inst): void {
  const def = opDef(inst.op);
  if (inst.frameState && !COLD_PREV_INSTR.has(inst.op) && def.flags.raises) l.setPrevInstr(inst.frameState.offset);
  const a = (i: number): VReg => l.reg(inst.args[i]!);
  const result = (r: VReg, index = 0) => l.bind(inst.results[index]!, r);
  const name = (): VReg => l.iconst(l.env.nameAddress(inst.imms[0] as string));
  const bool = (cond: VReg): VReg => {
    const dst = l.b.vreg();
    l.emit({ op: "select", dst, cond, a: l.sym("_Py_TrueStruct"), b: l.sym("_Py_FalseStruct") });
    return dst;
  };
  /** A C API call returning a new reference or NULL. */
  const objectCall = (target: string, args: (VReg | { imm: number })[]) => {
    const r = l.call1(target, args);
    l.checkNull(r);
    result(r);
  };
  /** A C API call returning 0 or -1. */
  const statusCall = (target: string, args: (VReg | { imm: number })[]) => {
    l.checkNegative(l.call1(target, args));
  };
  const local = (index: number) => l.layout("_PyInterpreterFrame_localsplus") + 8 * index;

  switch (inst.op) {
    // Values.
    case "const": result(l.iconst(l.env.constAddress(inst.imms[0] as ConstImm))); break;
    case "null": result(l.iconst(0)); break;
    case "cbool": result(l.iconst(inst.imms[0] as number)); break;
    case "refine": case "bound_float": case "bound_int": break;

    // Fast locals and cells.
    case "store_local": {
      const value = needsFrameObject(l, inst.args[0]!) ? frameObjectOrNull(l, inst.args[0]!) : l.take(inst.args[0]!);
      const old = l.load(l.frame, local(inst.imms[0] as number));
      l.store(l.frame, local(inst.imms[0] as number), value);
      // With a frame state (the locals after the store), the old value's finalizer sees the
      // frame current; without one, fast-locals made every store before it.
      if (inst.frameState) l.decrefObserved(old, true);
      else l.emit({ op: "xdecref", v: old });
      break;
    }
    case "check_bound": {
      const fail = l.b.block(true);
      l.branchOut("eq", a(0), fail);
      const cont = l.b.current!;
      l.continueIn(fail);
      l.setPrevInstr(inst.frameState!.offset);
      l.call("pyjc_unbound_local", [l.frame, { imm: inst.imms[0] as number }], false);
      l.emit({ op: "jump", target: l.errorBlock().id });
      l.continueIn(cont);
      break;
    }
    case "make_cell": objectCall("PyCell_New", [a(0)]); break;
    case "closure_cell": {
      const func = l.load(l.frame, l.layout("_PyInterpreterFrame_f_func"));
      const closure = l.load(func, l.layout("PyFunctionObject_func_closure"));
      result(l.load(closure, l.layout("PyTupleObject_ob_item") + 8 * (inst.imms[0] as number)));
      break;
    }
    case "load_deref": case "delete_deref": {
      const cellRef = l.layout("PyCellObject_ob_ref");
      const value = l.load(a(0), cellRef);
      const fail = l.b.block(true);
      l.branchOut("eq", value, fail);
      const cont = l.b.current!;
      l.continueIn(fail);
      l.setPrevInstr(inst.frameState!.offset);
      l.call("pyjc_unbound_deref", [l.frame, { imm: inst.imms[0] as number }], false);
      l.emit({ op: "jump", target: l.errorBlock().id });
      l.continueIn(cont);
      if (inst.op === "load_deref") {
        l.emit({ op: "incref", v: value });
        result(value);
      } else {
        l.store(a(0), cellRef, { imm: 0 });
        l.emit({ op: "decref", v: value });
      }
      break;
    }
    case "store_deref": {
      const value = l.take(inst.args[1]!);
      const cellRef = l.layout("PyCellObject_ob_ref");
      const old = l.load(a(0), cellRef);
      l.store(a(0), cellRef, value);
      l.emit({ op: "xdecref", v: old });
      break;
    }
    case "load_classderef": objectCall("pyjc_load_classderef", [l.frame, { imm: inst.imms[0] as number }]); break;

    // Names.
    case "load_name": objectCall("pyjc_load_name", [l.frame, name()]); break;
    case "store_name": statusCall("pyjc_store_name", [l.frame, name(), a(0)]); break;
    case "delete_name": statusCall("pyjc_delete_name", [l.frame, name()]); break;
    case "load_global":
      syncUnlessStrDicts(l);
      objectCall("pyjc_load_global", [l.frame, name()]);
      break;
    case "load_global_cached": {
      // The entry the interpreter's LOAD_GLOBAL_MODULE read, inline (native.ts cachedEntry); when
      // it no longer holds the name (a global deleted, the builtins' name), the generic LOAD_GLOBAL
      // out of line, not a deoptimization: a module must not lose its compiled functions to that.
      const out = l.b.vreg();
      const generic = l.b.block(true);
      const join = l.b.block();
      const toGeneric = (cond: IntCond, x: VReg, y: VReg | { imm: number }) => {
        const cont = l.b.block();
        l.emit({ op: "brcmp", cond, a: x, b: y, ifTrue: generic.id, ifFalse: cont.id });
        l.continueIn(cont);
      };
      const dict = l.load(l.frame, l.layout("_PyInterpreterFrame_f_globals"));
      toGeneric("ne", l.load(dict, l.layout("PyObject_ob_type")), l.sym("PyDict_Type"));
      l.emit({ op: "mov", dst: out, src: cachedEntry(l, dict, inst.imms[0] as string, inst.imms[1] as number, toGeneric) });
      l.emit({ op: "jump", target: join.id });
      l.continueIn(generic);
      syncUnlessStrDicts(l);
      const r = l.call1("pyjc_load_global", [l.frame, name()]);
      l.checkNull(r);
      l.emit({ op: "mov", dst: out, src: r });
      l.emit({ op: "jump", target: join.id });
      l.continueIn(join);
      result(out);
      break;
    }
    case "store_global": statusCall("pyjc_store_global", [l.frame, name(), a(0)]); break;
    case "delete_global": statusCall("pyjc_delete_global", [l.frame, name()]); break;
    case "load_build_class": objectCall("pyjc_load_build_class", [l.frame]); break;
    case "load_assertion_error": result(l.sym("PyExc_AssertionError")); break;
    case "setup_annotations": statusCall("pyjc_setup_annotations", [l.frame]); break;
    case "import_name": objectCall("pyjc_import_name", [l.frame, name(), a(1), a(0)]); break;
    case "import_from": objectCall("pyjc_import_from", [a(0), name()]); break;
    case "import_star": statusCall("pyjc_import_star", [l.frame, a(0)]); break;

    // Attributes and items.
    case "load_attr": objectCall("PyObject_GetAttr", [a(0), name()]); break;
    case "load_method": {
      const out = l.array([], 2);
      l.checkNegative(l.call1("pyjc_load_method", [a(0), name(), out.base]));
      result(l.load(out.base, 0), 0);
      result(l.load(out.base, 8), 1);
      break;
    }
    case "store_attr": statusCall("PyObject_SetAttr", [a(0), name(), a(1)]); break;
    case "delete_attr": statusCall("PyObject_SetAttr", [a(0), name(), { imm: 0 }]); break;
    case "binary_subscr": objectCall("PyObject_GetItem", [a(0), a(1)]); break;
    case "store_subscr": statusCall("PyObject_SetItem", [a(0), a(1), a(2)]); break;
    case "delete_subscr": statusCall("PyObject_DelItem", [a(0), a(1)]); break;
    case "build_slice": objectCall("PySlice_New", [a(0), a(1), inst.args.length === 3 ? a(2) : { imm: 0 }]); break;

    // Operators.
    case "unary_op": objectCall(UNARY_FUNCTIONS[inst.imms[0] as UnaryOp], [a(0)]); break;
    case "binary_op": {
      const op = inst.imms[0] as BinOp;
      const args: (VReg | { imm: number })[] = [a(0), a(1)];
      if (op === "power" || op === "inplace_power") args.push(l.sym("_Py_NoneStruct"));
      objectCall(BINOP_FUNCTIONS[op], args);
      break;
    }
    case "compare_op": objectCall("PyObject_RichCompare", [a(0), a(1), { imm: l.layout(COMPARE_IDS[inst.imms[0] as CompareOp]) }]); break;
    case "is_op": {
      const dst = l.b.vreg();
      l.emit({ op: "icmp", cond: inst.imms[0] ? "ne" : "eq", dst, a: a(0), b: a(1) });
      result(bool(dst));
      break;
    }
    case "contains_op": {
      const r = l.call1("PySequence_Contains", [a(1), a(0)]);
      l.checkNegative(r);
      const dst = l.b.vreg();
      l.emit({ op: "icmp", cond: inst.imms[0] ? "eq" : "ne", dst, a: r, b: { imm: 0 } });
      result(bool(dst));
      break;
    }
    case "truth": case "unary_not": {
      const t = truth(l, a(0));
      if (inst.op === "truth") result(t);
      else {
        const dst = l.b.vreg();
        l.emit({ op: "icmp", cond: "eq", dst, a: t, b: { imm: 0 } });
        result(bool(dst));
      }
      break;
    }
    case "test_is": {
      const dst = l.b.vreg();
      l.emit({ op: "icmp", cond: "eq", dst, a: a(0), b: a(1) });
      result(dst);
      break;
    }
    case "is_null": {
      const dst = l.b.vreg();
      l.emit({ op: "icmp", cond: "eq", dst, a: a(0), b: { imm: 0 } });
      result(dst);
      break;
    }
    case "box_bool": result(bool(a(0))); break;

    // Calls and functions.
    case "call": case "call_method": lowerCall(l, inst); break;
    case "call_ex": objectCall("pyjc_call_ex", [a(0), a(1), a(2)]); break;
    case "make_function": {
      const flags = inst.imms[0] as number;
      const extras: VReg[] = [];
      let next = 1;
      for (const bit of [1, 2, 4, 8]) extras.push(flags & bit ? a(next++) : l.iconst(0));
      const arr = l.array(extras);
      objectCall("pyjc_make_function", [l.frame, a(0), { imm: flags }, arr.base]);
      break;
    }

    // Containers.
    case "build_tuple": case "build_list": case "build_set": case "build_string": {
      const arr = l.array(inst.args.map((_, i) => a(i)));
      objectCall(`pyjc_${inst.op}`, [arr.base, { imm: inst.args.length }]);
      break;
    }
    case "build_map": {
      const arr = l.array(inst.args.map((_, i) => a(i)));
      objectCall("pyjc_build_map", [arr.base, { imm: inst.args.length / 2 }]);
      break;
    }
    case "build_const_key_map": {
      const n = inst.args.length - 1;
      const arr = l.array(inst.args.slice(0, n).map((_, i) => a(i)));
      objectCall("pyjc_build_const_key_map", [arr.base, { imm: n }, a(n)]);
      break;
    }
    case "list_to_tuple": objectCall("PyList_AsTuple", [a(0)]); break;
    case "list_append": statusCall("PyList_Append", [a(0), a(1)]); break;
    case "set_add": statusCall("PySet_Add", [a(0), a(1)]); break;
    case "map_add": statusCall("PyDict_SetItem", [a(0), a(1), a(2)]); break;
    case "list_extend": statusCall("pyjc_list_extend", [a(0), a(1)]); break;
    case "set_update": statusCall("pyjc_set_update", [a(0), a(1)]); break;
    case "dict_update": statusCall("pyjc_dict_update", [a(0), a(1)]); break;
    case "dict_merge": statusCall("pyjc_dict_merge", [a(2), a(0), a(1)]); break;
    case "format_value": {
      const conv = CONVERSIONS.indexOf(inst.imms[0] as Conversion);
      objectCall("pyjc_format_value", [a(0), { imm: conv }, inst.args.length === 2 ? a(1) : { imm: 0 }]);
      break;
    }
    case "print_expr": statusCall("pyjc_print_expr", [a(0)]); break;

    // Iteration and unpacking.
    case "get_iter": objectCall("PyObject_GetIter", [a(0)]); break;
    case "for_iter": {
      // NULL is exhaustion unless an exception is set.
      const r = l.call1("pyjc_for_iter", [a(0)]);
      const check = l.b.block(true);
      const done = l.b.block();
      l.emit({ op: "brcmp", cond: "eq", a: r, b: { imm: 0 }, ifTrue: check.id, ifFalse: done.id });
      l.continueIn(check);
      const err = l.call1("PyErr_Occurred", []);
      l.emit({ op: "brcmp", cond: "ne", a: err, b: { imm: 0 }, ifTrue: l.errorBlock().id, ifFalse: done.id });
      l.continueIn(done);
      result(r);
      break;
    }
    case "get_len": objectCall("pyjc_get_len", [a(0)]); break;
    case "unpack_sequence": case "unpack_ex": {
      const n = inst.results.length;
      const out = l.array([], n);
      const args: (VReg | { imm: number })[] =
        inst.op === "unpack_sequence" ? [a(0), { imm: n }, out.base] : [a(0), { imm: inst.imms[0] as number }, { imm: inst.imms[1] as number }, out.base];
      l.checkNegative(l.call1(`pyjc_${inst.op}`, args));
      for (let i = 0; i < n; i++) result(l.load(out.base, 8 * i), i);
      break;
    }

    // Pattern matching.
    case "match_mapping": case "match_sequence": {
      const type = l.load(a(0), l.layout("PyObject_ob_type"));
      const flags = l.load(type, l.layout("PyTypeObject_tp_flags"));
      const masked = l.b.vreg();
      const flag = l.layout(inst.op === "match_mapping" ? "Py_TPFLAGS_MAPPING" : "Py_TPFLAGS_SEQUENCE");
      l.emit({ op: "bin", kind: "and", dst: masked, a: flags, b: { imm: flag } });
      const dst = l.b.vreg();
      l.emit({ op: "icmp", cond: "ne", dst, a: masked, b: { imm: 0 } });
      result(bool(dst));
      break;
    }
    case "match_keys": objectCall("pyjc_match_keys", [a(0), a(1)]); break;
    case "match_class": objectCall("pyjc_match_class", [a(0), a(1), { imm: inst.imms[0] as number }, a(2)]); break;

    // Exceptions and context managers.
    case "catch": result(l.call1("pyjc_catch", [l.tstate])); break;
    case "catch_lasti": result(l.call1("pyjc_lasti", [l.frame])); break;
    case "push_exc_info": result(l.call1("pyjc_push_exc_info", [l.tstate, a(0)])); break;
    case "pop_except": l.call("pyjc_pop_except", [l.tstate, l.take(inst.args[0]!)], false); break;
    case "check_exc_match": objectCall("pyjc_check_exc_match", [a(0), a(1)]); break;
    case "check_eg_match": case "before_with": {
      const out = l.array([], 2);
      l.checkNegative(l.call1(`pyjc_${inst.op}`, [a(0), ...(inst.op === "check_eg_match" ? [a(1)] : []), out.base]));
      result(l.load(out.base, 0), 0);
      result(l.load(out.base, 8), 1);
      break;
    }
    case "prep_reraise_star": objectCall("pyjc_prep_reraise_star", [a(0), a(1)]); break;
    case "with_except_start": objectCall("pyjc_with_except_start", [a(0), a(1)]); break;

    // Control flow.
    case "check_eval_breaker": {
      const flag = l.load(l.sym("eval_breaker"), 0, 4);
      const slow = l.b.block(true);
      const cont = l.b.block();
      l.emit({ op: "brcmp", cond: "ne", a: flag, b: { imm: 0 }, ifTrue: slow.id, ifFalse: cont.id });
      l.continueIn(slow);
      l.setPrevInstr(inst.frameState!.offset);
      // Handlers may look at this frame: its locals are written back here, not on the hot path
      // (a box that fails raises its MemoryError here, as the eval breaker raises anything).
      l.branchOut("ne", l.syncFrameForObservers(), l.errorBlock());
      const r = l.call1("pyjc_handle_eval_breaker", [l.tstate]);
      l.emit({ op: "brcmp", cond: "slt", a: r, b: { imm: 0 }, ifTrue: l.errorBlock().id, ifFalse: cont.id });
      l.continueIn(cont);
      break;
    }
    case "jump": l.jumpTo(inst.targets[0]!); break;
    case "branch": {
      const held = l.plan.before(inst);
      const t = l.edgeTarget(inst.targets[0]!, held);
      const e = l.edgeTarget(inst.targets[1]!, held);
      l.emit({ op: "br", cond: a(0), ifTrue: t.id, ifFalse: e.id });
      break;
    }
    case "return": {
      const v = l.take(inst.args[0]!);
      l.emit({ op: "ret", value: v });
      break;
    }
    case "raise": {
      const exc = inst.args.length >= 1 ? a(0) : l.iconst(0);
      const cause = inst.args.length === 2 ? a(1) : l.iconst(0);
      const bare = l.call1("pyjc_raise", [exc, cause]);
      l.emit({ op: "brcmp", cond: "ne", a: bare, b: { imm: 0 }, ifTrue: l.errorBlock(false).id, ifFalse: l.errorBlock(true).id });
      break;
    }
    case "reraise": {
      l.call("pyjc_reraise", [l.frame, a(0), inst.args.length === 2 ? a(1) : l.iconst(0)], false);
      l.emit({ op: "jump", target: l.errorBlock(false).id });
      break;
    }
    case "unreachable": l.emit({ op: "unreachable" }); break;

    // Speculation and native values (native.ts).
    case "guard_type": case "guard_is": case "deopt": case "builtin": case "iconst": case "fconst": case "unbox_float": case "unbox_int":
    case "box_float": case "box_int": case "int_to_float": case "int_to_float_exact": case "ibin": case "fbin": case "fneg": case "fsqrt": case "icmp": case "fcmp":
    case "module_attr":
    case "cbool_not": case "list_item": case "list_get": case "list_store": case "list_store_float": case "seq_len": case "range_next": case "small_int_eq":
      lowerNative(l, inst);
      break;
    default:
      throw new LoweringError(`no lowering for HIR operation '${inst.op}'`);
  }
  if (!def.flags.terminator) l.finishInst(inst);
  else if (!LIR_TERMINATORS.has(l.b.current!.insts[l.b.current!.insts.length - 1]?.op ?? "unreachable")) {
    throw new LoweringError(`lowering of '${inst.op}' did not end its block`);
  }
}

/**
 * The object `store_local` writes for a native or a frame value. Only Python code that looks at
 * the frame sees it, and the frame-sync analysis keeps the slot stale (every exit path writes it
 * again), so a failed box leaves NULL there and its MemoryError is cleared.
 */
function frameObjectOrNull(l: Lowerer, v: ValueId): VReg {
  const failed = l.iconst(0);
  const value = frameObject(l, v, failed);
  const clear = l.b.block(true);
  const cont = l.b.block();
  l.emit({ op: "brcmp", cond: "ne", a: failed, b: { imm: 0 }, ifTrue: clear.id, ifFalse: cont.id });
  l.continueIn(clear);
  l.call("PyErr_Clear", [], false);
  l.emit({ op: "jump", target: cont.id });
  l.continueIn(cont);
  return value;
}

/**
 * LOAD_GLOBAL looks the name up in globals and builtins. When both are exact dicts whose keys are
 * all strs, that lookup compares strs only and runs no Python code; otherwise a key's `__eq__`
 * could look at this frame, so its stale slots are written first (as the eval breaker does; a box
 * that fails raises its MemoryError here).
 */
function syncUnlessStrDicts(l: Lowerer): void {
  if (!l.hasStaleSlots()) return;
  const slow = l.b.block(true);
  const cont = l.b.block();
  for (const field of ["_PyInterpreterFrame_f_globals", "_PyInterpreterFrame_f_builtins"]) {
    const dict = l.load(l.frame, l.layout(field));
    const isDict = l.b.block();
    l.emit({ op: "brcmp", cond: "ne", a: l.load(dict, l.layout("PyObject_ob_type")), b: l.sym("PyDict_Type"), ifTrue: slow.id, ifFalse: isDict.id });
    l.continueIn(isDict);
    const keys = l.load(dict, l.layout("PyDictObject_ma_keys"));
    const kind = l.load(keys, l.layout("PyDictKeysObject_dk_kind"), 1);
    const strKeys = l.b.block();
    l.emit({ op: "brcmp", cond: "ne", a: kind, b: { imm: l.layout("DICT_KEYS_UNICODE") }, ifTrue: slow.id, ifFalse: strKeys.id });
    l.continueIn(strKeys);
  }
  l.emit({ op: "jump", target: cont.id });
  l.continueIn(slow);
  l.branchOut("ne", l.syncFrameForObservers(), l.errorBlock());
  l.emit({ op: "jump", target: cont.id });
  l.continueIn(cont);
}

/** The truth of an object as 0/1: True/False/None inline, PyObject_IsTrue otherwise. */
function truth(l: Lowerer, v: VReg): VReg {
  const out = l.b.vreg();
  const isTrue = l.b.vreg();
  l.emit({ op: "icmp", cond: "eq", dst: isTrue, a: v, b: l.sym("_Py_TrueStruct") });
  const isFalse = l.b.vreg();
  l.emit({ op: "icmp", cond: "eq", dst: isFalse, a: v, b: l.sym("_Py_FalseStruct") });
  const isNone = l.b.vreg();
  l.emit({ op: "icmp", cond: "eq", dst: isNone, a: v, b: l.sym("_Py_NoneStruct") });
  const known = l.b.vreg();
  l.emit({ op: "bin", kind: "or", dst: known, a: isTrue, b: isFalse });
  l.emit({ op: "bin", kind: "or", dst: known, a: known, b: isNone });
  const slow = l.b.block();
  const fast = l.b.block();
  const join = l.b.block();
  l.emit({ op: "brcmp", cond: "ne", a: known, b: { imm: 0 }, ifTrue: fast.id, ifFalse: slow.id });
  l.continueIn(fast);
  l.emit({ op: "mov", dst: out, src: isTrue });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(slow);
  const r = l.call1("PyObject_IsTrue", [v]);
  l.checkNegative(r);
  l.emit({ op: "mov", dst: out, src: r });
  l.emit({ op: "jump", target: join.id });
  l.continueIn(join);
  return out;
}

/**
 * CALL: PyObject_Vectorcall with PY_VECTORCALL_ARGUMENTS_OFFSET (a free slot before the
 * arguments lets callees prepend `self` without copying). `call_method` decides at run time
 * whether the first operand is a method to call with the second as self, as CALL does.
 */
function lowerCall(l: Lowerer, inst: Inst): void {
  const names = inst.imms[0] as readonly string[];
  const kwnames = names.length > 0 ? l.iconst(l.env.kwnamesAddress(names)) : l.iconst(0);
  const offsetFlag = 1n << BigInt(l.layout("PY_VECTORCALL_ARGUMENTS_OFFSET_bit"));
  const regs = inst.args.map((v) => l.reg(v));
  let callable: VReg;
  let argsPtr: VReg;
  let nargsf: VReg;
  if (inst.op === "call") {
    const args = regs.slice(1);
    const arr = l.array(args, 1);
    callable = regs[0]!;
    argsPtr = l.b.vreg();
    l.emit({ op: "bin", kind: "add", dst: argsPtr, a: arr.base, b: { imm: 8 } });
    nargsf = l.iconst(offsetFlag | BigInt(args.length - names.length));
  } else {
    // [pad, self_or_callable, args...]: with a method, call it on [self, args...].
    const [method, selfOrCallable, ...args] = regs;
    const arr = l.array([selfOrCallable!, ...args], 1);
    const isNull = l.b.vreg();
    l.emit({ op: "icmp", cond: "eq", dst: isNull, a: method!, b: { imm: 0 } });
    callable = l.b.vreg();
    l.emit({ op: "select", dst: callable, cond: isNull, a: selfOrCallable!, b: method! });
    const skip = l.b.vreg();
    l.emit({ op: "bin", kind: "shl", dst: skip, a: isNull, b: { imm: 3 } });
    argsPtr = l.b.vreg();
    l.emit({ op: "bin", kind: "add", dst: argsPtr, a: arr.base, b: { imm: 8 } });
    l.emit({ op: "bin", kind: "add", dst: argsPtr, a: argsPtr, b: skip });
    nargsf = l.iconst(offsetFlag | BigInt(args.length + 1 - names.length));
    l.emit({ op: "bin", kind: "sub", dst: nargsf, a: nargsf, b: isNull });
  }
  const r = l.call1("PyObject_Vectorcall", [callable, argsPtr, nargsf, kwnames]);
  l.checkNull(r);
  l.bind(inst.results[0]!, r);
}
