// Objects for the interpreter's frame made from values that are not objects in compiled code: a
// native double or int64 is boxed, a `bound_float` / `bound_int` (a local OPT-5 keeps native while
// it may still be unbound) is boxed when its condition holds and is NULL otherwise, and a native
// condition is True or False. The lowering writes these wherever it makes the frame current
// (error paths, deoptimization, observers, `store_local` of a native).
//
// A box can fail (MemoryError): the slot then gets NULL and the caller learns of it through the
// `failed` flag it passed, which it ORs with every box's NULL test. What a failure means is the
// caller's decision (Lowerer: an error path keeps the MemoryError, deoptimization raises it at the
// instruction instead of resuming, an observer clears it and the slot stays stale).

import type { ValueId } from "../hir/function.js";
import type { VReg } from "../lir/lir.js";
import type { Lowerer } from "./lowerer.js";

/** Operations whose result is a local's value for the frame: (condition, native). */
export const FRAME_VALUE_OPS: ReadonlySet<string> = new Set(["bound_float", "bound_int"]);

/** Whether `v` is something `frameObject` makes (not an object the compiled code holds). */
export function needsFrameObject(l: Lowerer, v: ValueId): boolean {
  return l.f.typeOf(v).isNative || FRAME_VALUE_OPS.has(l.f.defInst(v)?.op ?? "");
}

/**
 * A new reference (or NULL) to the object the frame holds for `v`, a native or a frame value
 * (`needsFrameObject`). `failed` (an i64 vreg holding 0 or 1) records a failed box.
 */
export function frameObject(l: Lowerer, v: ValueId, failed: VReg): VReg {
  const def = l.f.defInst(v);
  if (def && FRAME_VALUE_OPS.has(def.op)) {
    const [cond, native] = def.args as [ValueId, ValueId];
    const out = l.b.vreg();
    l.emit({ op: "iconst", dst: out, value: 0n });
    const bound = l.b.block(true);
    const join = l.b.block(true);
    l.emit({ op: "brcmp", cond: "ne", a: l.reg(cond), b: { imm: 0 }, ifTrue: bound.id, ifFalse: join.id });
    l.continueIn(bound);
    l.emit({ op: "mov", dst: out, src: box(l, native, failed) });
    l.emit({ op: "jump", target: join.id });
    l.continueIn(join);
    return out;
  }
  const t = l.f.typeOf(v);
  if (t.native === "cbool") {
    const dst = l.b.vreg();
    l.emit({ op: "select", dst, cond: l.reg(v), a: l.sym("_Py_TrueStruct"), b: l.sym("_Py_FalseStruct") });
    l.emit({ op: "incref", v: dst });
    return dst;
  }
  return box(l, v, failed);
}

/** PyFloat_FromDouble / PyLong_FromLongLong of a native, ORing its failure into `failed`. */
function box(l: Lowerer, native: ValueId, failed: VReg): VReg {
  const r = l.call1(l.f.typeOf(native).native === "f64" ? "PyFloat_FromDouble" : "PyLong_FromLongLong", [l.reg(native)]);
  const isNull = l.b.vreg();
  l.emit({ op: "icmp", cond: "eq", dst: isNull, a: r, b: { imm: 0 } });
  l.emit({ op: "bin", kind: "or", dst: failed, a: failed, b: isNull });
  return r;
}
