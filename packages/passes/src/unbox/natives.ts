// Where OPT-5 gets the native value of an object and the object of a native value.
//
// Native values come from the conversions themselves (an fbin's result), from native block
// parameters, from constants (an fconst right after the const), from boxes (box_float n is n), or
// from unboxing: `unbox_float` (pure) right after the value's definition, `unbox_int` (which
// deoptimizes when the int does not fit int64) before the first instruction after the definition
// where deoptimizing is legal, or else right before the instruction that needs it. Each placement
// is reused wherever it dominates.
//
// Objects of native block parameters are boxed where something needs the object (an operand, an
// edge into an object parameter): once per block, with the frame state of the instruction that
// needs it (and its unwind edge, given by splitting the block later), or one the FrameStateFinder
// computes where that instruction has none (a `return`, a `store_local`, a jump).

import {
  canDeoptBefore,
  copyFrameState,
  Type,
  type BlockCall,
  type BlockId,
  type DomTree,
  type FrameState,
  type Func,
  type Inst,
  type TypeMap,
  type ValueId,
} from "@pyjc/core";
import { constantOf, i64Constant, kindOf, type Kind } from "./plan.js";

interface Placed {
  readonly value: ValueId;
  readonly inst: Inst;
}

/** A box that needs the unwind edge of the instruction it was made for (added by splitting later). */
export interface PendingUnwind {
  readonly box: Inst;
  readonly unwind: BlockCall;
}

export class Natives {
  /** Native value of each object value (conversions, native parameters, boxes). */
  readonly of = new Map<ValueId, ValueId>();
  private readonly placed = new Map<ValueId, Placed[]>();
  private readonly boxes = new Map<ValueId, Placed[]>();
  readonly pendingUnwinds: PendingUnwind[] = [];
  unboxCount = 0;
  boxCount = 0;

  constructor(
    private readonly f: Func,
    private readonly types: TypeMap,
    private readonly dom: DomTree,
    /** Frame states computed before the rewrite for uses that have none, by instruction. */
    private readonly synthesized: ReadonlyMap<Inst, FrameState>,
    /** Values replaced during the rewrite (for those frame states). */
    private readonly subst: ReadonlyMap<ValueId, ValueId>,
  ) {}

  /** Whether `a` (an instruction in a block) comes before or dominates position `b`. */
  dominatesInst(a: Inst, b: Inst): boolean {
    if (a.block === b.block) {
      const insts = this.f.block(a.block!).insts;
      return insts.indexOf(a.id) < insts.indexOf(b.id);
    }
    return this.dom.dominates(a.block!, b.block!);
  }

  private reuse(list: Placed[] | undefined, at: Inst): ValueId | null {
    for (const p of list ?? []) if (p.inst.block !== null && this.dominatesInst(p.inst, at)) return p.value;
    return null;
  }

  private remember(map: Map<ValueId, Placed[]>, v: ValueId, value: ValueId, inst: Inst): ValueId {
    let list = map.get(v);
    if (!list) map.set(v, (list = []));
    list.push({ value, inst });
    return value;
  }

  /** The alias root of a value for native purposes (`refine`/`guard_type` see the same object). */
  private root(v: ValueId): ValueId {
    for (;;) {
      if (this.of.has(v)) return v;
      const def = this.f.defInst(v);
      if (def && (def.op === "refine" || def.op === "guard_type" || def.op === "check_bound")) v = def.args[0]!;
      else return v;
    }
  }

  /**
   * Where a native of `v` (of `kind`) available before `at` would be made, without making it:
   * "have" when it exists or needs no placement decision, an instruction to insert before (with
   * the frame state to give an unbox_int), or null when it cannot be made there.
   */
  private placement(v: ValueId, kind: Kind, at: Inst): "have" | { before: Inst; fs: FrameState | null } | null {
    const f = this.f;
    const r = this.root(v);
    if (this.of.has(r) || this.reuse(this.placed.get(v), at) !== null) return "have";
    const def = f.defInst(v);
    if (def?.op === "box_float" || def?.op === "box_int") return "have";
    const c = constantOf(f, v);
    if (c !== null) return (c.kind === "float" && kind === "f64") || (i64Constant(f, v) !== null && kind === "i64") ? "have" : null;
    if (kindOf(this.types, v) !== kind) return null;
    // Right after the definition: its block and the position after it.
    let block: BlockId;
    let start: number;
    if (def) {
      if (def.block === null || def.unwind) return this.beforeUse(kind, at);
      block = def.block;
      start = f.block(block).insts.indexOf(def.id) + 1;
    } else {
      const param = f.value(v).def as { block: BlockId };
      block = param.block;
      const first = f.block(block).insts[0] !== undefined ? f.inst(f.block(block).insts[0]!) : null;
      if (first?.op === "catch" || first?.op === "catch_lasti") return this.beforeUse(kind, at);
      start = 0;
    }
    const insts = f.block(block).insts.map((id) => f.inst(id));
    if (kind === "f64") return { before: insts[start]!, fs: null };
    for (let i = start; i < insts.length; i++) {
      const inst = insts[i]!;
      if (inst.frameState && canDeoptBefore(f, inst)) return { before: inst, fs: inst.frameState };
      if (inst.id === at.id) break;
    }
    return this.beforeUse(kind, at);
  }

  private beforeUse(kind: Kind, at: Inst): { before: Inst; fs: FrameState | null } | null {
    if (kind === "f64") return { before: at, fs: null };
    return at.frameState && canDeoptBefore(this.f, at) ? { before: at, fs: at.frameState } : null;
  }

  /** Whether `v` already has a native value (nothing needs to be unboxed). */
  has(v: ValueId): boolean {
    return this.of.has(this.root(v));
  }

  /** The native value of `v` (an object of `kind`'s exact type) available right before `at`. */
  get(v: ValueId, kind: Kind, at: Inst): ValueId {
    const f = this.f;
    const r = this.root(v);
    const known = this.of.get(r) ?? this.reuse(this.placed.get(v), at);
    if (known !== null && known !== undefined) return known;
    const def = f.defInst(v);
    if (def?.op === "box_float" || def?.op === "box_int") return def.args[0]!;
    const c = constantOf(f, v);
    if (c !== null) {
      const k = kind === "f64"
        ? f.insertBefore(nextOf(f, def!).id, "fconst", [], [(c as { value: number }).value])
        : f.insertBefore(nextOf(f, def!).id, "iconst", [], [i64Constant(f, v)!]);
      this.of.set(v, k.results[0]!);
      return k.results[0]!;
    }
    const where = this.placement(v, kind, at);
    if (where === null || where === "have") throw new Error(`unbox-numbers: no native of v${v} before #${at.id}`);
    const unbox = kind === "f64"
      ? f.insertBefore(where.before.id, "unbox_float", [v])
      : f.insertBefore(where.before.id, "unbox_int", [v], [], { frameState: copyFrameState(where.fs!) });
    this.unboxCount++;
    return this.remember(this.placed, v, unbox.results[0]!, unbox);
  }

  /**
   * The object of native `n` (a native block parameter) for a use by `at` (an operand, or an edge
   * argument of the terminator `at`): a box before `at`, shared by the uses it dominates.
   */
  box(n: ValueId, at: Inst): ValueId {
    const known = this.reuse(this.boxes.get(n), at);
    if (known !== null) return known;
    const f = this.f;
    const own = at.frameState;
    let fs: FrameState;
    if (own) fs = copyFrameState(own);
    else {
      const s = this.synthesized.get(at);
      if (!s) throw new Error(`unbox-numbers: no frame state for a box before #${at.id}`);
      const map = (v: ValueId) => this.subst.get(v) ?? v;
      fs = { offset: s.offset, locals: s.locals.map(map), stack: s.stack.map(map) };
    }
    const float = f.typeOf(n).native === "f64";
    const box = f.insertBefore(at.id, float ? "box_float" : "box_int", [n], [], {
      frameState: fs,
      types: [Type.exact(float ? "float" : "int")],
    });
    if (own && at.unwind) this.pendingUnwinds.push({ box, unwind: { block: at.unwind.block, args: [...at.unwind.args] } });
    this.boxCount++;
    return this.remember(this.boxes, n, box.results[0]!, box);
  }
}

/** The instruction after `inst` in its block. */
function nextOf(f: Func, inst: Inst): Inst {
  const insts = f.block(inst.block!).insts;
  return f.inst(insts[insts.indexOf(inst.id) + 1]!);
}
