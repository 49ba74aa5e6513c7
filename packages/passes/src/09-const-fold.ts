// OPT-9 const-fold: folds truth tests, identity tests, comparisons and int/float arithmetic on
// constants when CPython's semantics prove the result.
//
//   v5 = const 2 #1                              v5 = const 2 #1
//   v6 = const 3 #2                              v6 = const 3 #2
//   v7 = binary_op multiply v5, v6 @10 [...]  => v9 = const 6
//   v8 = truth v7 @14 [...]                      v10 = cbool 1
//
// A value is a constant when a `const` instruction defines it or its type carries the constant (a
// block parameter every edge passes the same constant to). What is folded (rules and limits in
// const-fold/evaluate.ts, where each is argued from CPython's source):
//   - truth of None, bool, int, float, complex, str, bytes, tuple, frozenset and Ellipsis constants,
//     whose truth is a C function that cannot fail; truth(box_bool c) is c;
//   - unary_not of those constants; box_bool of a cbool constant;
//   - is_op / test_is: the same SSA value or the same co_consts entry is the same object; two
//     constants with different values, or values whose types share no exact builtin, are different
//     objects; None, True, False and Ellipsis are singletons. Equal non-singleton constants from
//     different sources are left alone: whether 1000 materialized twice is one object is up to
//     the runtime (CPython itself answers both ways);
//   - compare_op on two ints, two floats (NaN included) or two strs without surrogates;
//   - binary_op (and the in-place forms) on two ints, with ast_opt.c's size limits, and on two
//     floats for + - * /; unary neg/invert of ints and neg of floats; unary pos of any exact int or
//     float is the operand itself (int.__pos__ and float.__pos__ return self).
// bool is never an int here, and int and float never mix. A folded instruction that could raise
// is removed only because these operands provably do not raise; operations that would raise
// (division by zero, negative shifts) stay, so the program still raises. A removed unwind edge can
// leave a landing block unreachable; such blocks go at once (the verifier accepts no landing block
// without an unwind edge into it), the jump after the folded instruction stays for simplify-cfg.
// New constants have no co_consts index (`index: null`): the runtime materializes them.

import {
  constantsEqual,
  definePass,
  PY_FALSE,
  PY_TRUE,
  removeUnreachableBlocks,
  type BinOp,
  type BlockId,
  type CompareOp,
  type ConstImm,
  type Func,
  type Inst,
  type PassContext,
  type PyValue,
  type UnaryOp,
  type ValueId,
} from "@pyjc/core";
import { foldCompare, foldFloatBinary, foldIntBinary, foldUnary, isSingleton, truthOf } from "./const-fold/evaluate.js";

export const constFold = definePass({
  id: 9,
  name: "const-fold",
  level: 1,
  description: "Folds truth tests, identity tests, comparisons and int/float arithmetic on constants when CPython semantics prove the result",
  requires: ["cfg"],
  run(f, ctx) {
    const folder = new Folder(f, ctx);
    // Reverse postorder sees definitions before uses except around loops; repeat for those.
    const rpo = ctx.cfg().rpo;
    for (let again = true; again; ) {
      again = false;
      for (const b of rpo) if (folder.foldBlock(b)) again = true;
    }
    return folder.finish();
  },
});

/** Kinds whose distinct values are provably distinct objects (value known exactly). */
const SCALARS: ReadonlySet<PyValue["kind"]> = new Set(["none", "bool", "int", "float", "complex", "str", "bytes", "ellipsis"]);

/** Types with exactly one instance. */
const SINGLETON_TYPES = ["NoneType", "ellipsis", "NotImplementedType"] as const;

class Folder {
  /** Folded results and what replaces them; applied to the whole function once, at the end. */
  private readonly alias = new Map<ValueId, ValueId>();
  private removedUnwind = false;

  constructor(private readonly f: Func, private readonly ctx: PassContext) {}

  private resolve(v: ValueId): ValueId {
    while (this.alias.has(v)) v = this.alias.get(v)!;
    return v;
  }

  /** The constant a value is known to be, if any. */
  private constantOf(v: ValueId): PyValue | null {
    const def = this.f.defInst(v);
    if (def?.op === "const") return (def.imms[0] as ConstImm).value;
    const t = this.f.typeOf(v);
    return t.isNonNullObject && t.exactBuiltin !== null ? t.constant : null;
  }

  foldBlock(b: BlockId): boolean {
    if (!this.f.hasBlock(b)) return false;
    let changed = false;
    for (const id of [...this.f.block(b).insts]) {
      const inst = this.f.inst(id);
      const args = inst.args.map((a) => this.resolve(a));
      if (this.foldInst(inst, args)) changed = true;
    }
    return changed;
  }

  private foldInst(inst: Inst, args: ValueId[]): boolean {
    switch (inst.op) {
      case "truth": {
        const def = this.f.defInst(args[0]!);
        if (def?.op === "box_bool") return this.replace(inst, () => this.resolve(def.args[0]!), "truth-of-box-bool");
        const truth = this.truthOf(args[0]!);
        return truth !== null && this.replaceWith(inst, "cbool", [truth ? 1 : 0], "truth");
      }
      case "unary_not": {
        const truth = this.truthOf(args[0]!);
        return truth !== null && this.replaceWithConst(inst, truth ? PY_FALSE : PY_TRUE, "not");
      }
      case "box_bool": {
        const def = this.f.defInst(args[0]!);
        if (def?.op !== "cbool") return false;
        return this.replaceWithConst(inst, (def.imms[0] as number) !== 0 ? PY_TRUE : PY_FALSE, "box-bool");
      }
      case "test_is": case "is_op": {
        const same = this.identical(args[0]!, args[1]!);
        if (same === null) return false;
        if (inst.op === "test_is") return this.replaceWith(inst, "cbool", [same ? 1 : 0], "identity");
        const result = same !== ((inst.imms[0] as number) !== 0);
        return this.replaceWithConst(inst, result ? PY_TRUE : PY_FALSE, "identity");
      }
      case "compare_op": {
        const [a, b] = [this.constantOf(args[0]!), this.constantOf(args[1]!)];
        const result = a && b ? foldCompare(inst.imms[0] as CompareOp, a, b) : null;
        return result !== null && this.replaceWithConst(inst, result ? PY_TRUE : PY_FALSE, "compare");
      }
      case "binary_op": {
        const [a, b] = [this.constantOf(args[0]!), this.constantOf(args[1]!)];
        const op = inst.imms[0] as BinOp;
        let result: PyValue | null = null;
        if (a?.kind === "int" && b?.kind === "int") result = foldIntBinary(op, a.value, b.value);
        else if (a?.kind === "float" && b?.kind === "float") result = foldFloatBinary(op, a.value, b.value);
        return result !== null && this.replaceWithConst(inst, result, a!.kind === "int" ? "int-arith" : "float-arith");
      }
      case "unary_op": {
        const op = inst.imms[0] as UnaryOp;
        const t = this.f.typeOf(args[0]!);
        if (op === "pos" && (t.isExactly("int") || t.isExactly("float"))) return this.replace(inst, () => args[0]!, "unary");
        const v = this.constantOf(args[0]!);
        const result = v ? foldUnary(op, v) : null;
        return result !== null && this.replaceWithConst(inst, result, "unary");
      }
      default:
        return false;
    }
  }

  private truthOf(v: ValueId): boolean | null {
    const c = this.constantOf(v);
    return c ? truthOf(c) : null;
  }

  /** Whether two values are the same object: true, false, or null when that is not provable. */
  private identical(a: ValueId, b: ValueId): boolean | null {
    if (a === b) return true;
    const [da, db] = [this.f.defInst(a), this.f.defInst(b)];
    if (da?.op === "const" && db?.op === "const") {
      const [ia, ib] = [(da.imms[0] as ConstImm).index, (db.imms[0] as ConstImm).index];
      if (ia !== null && ia === ib) return true; // one co_consts entry, one object
    }
    const [ta, tb] = [this.f.typeOf(a), this.f.typeOf(b)];
    if (ta.isNonNullObject && tb.isNonNullObject && (ta.bits & tb.bits) === 0) return false; // one object, one type
    if (SINGLETON_TYPES.some((t) => ta.isExactly(t) && tb.isExactly(t))) return true;
    const [ca, cb] = [this.constantOf(a), this.constantOf(b)];
    if (ca === null || cb === null || !SCALARS.has(ca.kind) || !SCALARS.has(cb.kind)) return null;
    if (!constantsEqual(ca, cb)) return false; // one object, one value
    return isSingleton(ca) ? true : null;
  }

  /** If the debug counter agrees, uses of the instruction's result become uses of `by()`. */
  private replace(inst: Inst, by: () => ValueId, stat: string): boolean {
    if (!this.ctx.shouldTransform()) return false;
    this.alias.set(inst.results[0]!, by());
    this.removedUnwind ||= inst.unwind !== null;
    this.f.remove(inst.id);
    this.ctx.stat(stat);
    return true;
  }

  /** Replaces the instruction by a new `op` (cbool or const) placed just before it. */
  private replaceWith(inst: Inst, op: "cbool" | "const", imms: unknown[], stat: string): boolean {
    return this.replace(inst, () => this.f.insertBefore(inst.id, op, [], imms).results[0]!, stat);
  }

  private replaceWithConst(inst: Inst, value: PyValue, stat: string): boolean {
    const imm: ConstImm = { value, index: null };
    return this.replaceWith(inst, "const", [imm], stat);
  }

  /** Applies the replacements; removes landing blocks whose last unwind edge went. */
  finish(): boolean {
    if (this.alias.size === 0) return false;
    this.f.substitute(this.alias);
    if (this.removedUnwind) removeUnreachableBlocks(this.f);
    return true;
  }
}
