// HIR to LIR: the machinery every operation's lowering shares (lower-ops.ts has the operations).
//
// - Values: each HIR value gets a vreg; aliases (`refine`, `check_bound`) share their root's.
// - Blocks: each HIR block gets a LIR block; its parameters become vregs written by moves on the
//   edges into it (parallel copies, through temporaries when an edge permutes them).
// - Reference counts follow the RefcountPlan: an operand whose owned reference dies at an
//   instruction is released right after it; an operation that stores a reference (the frame, a
//   cell, a block parameter, the return value) takes the dying reference over, or gets an incref;
//   unused owned results are released at once; a block parameter nobody reads is released at the
//   block start.
// - Errors: after each operation that can raise, a test branches to a cold error block that adds
//   the traceback entry (unless the operation re-raises), releases every owned reference the
//   instruction held except those the landing block takes over, and either jumps to the landing
//   block (with its parameters moved in) or to the common exit that returns NULL. Error blocks
//   with the same work are shared.
// - `prev_instr` is stored before every operation that can raise (and so run arbitrary code), so
//   tracebacks, warnings and sys._getframe() see the right line.

import type { BlockCall, BlockId, Func, Inst, ValueId } from "../hir/function.js";
import { LirBuilder, type LirBlock, type LirFunc, type Operand, type VReg } from "../lir/lir.js";
import { buildCfg } from "../analysis/cfg.js";
import { computeDominators, type DomTree } from "../analysis/dominators.js";
import { isFinalizerFree } from "../analysis/types.js";
import type { LoweringEnv } from "./env.js";
import { SHIM_HELPERS } from "./helpers.js";
import { FrameSync } from "./frame-sync.js";
import { frameObject, needsFrameObject } from "./frame-values.js";
import { ALIAS_OPS, RefcountPlan } from "./refcount-plan.js";

/** Runtime functions whose C result type is `int` (its upper 32 bits are undefined in rax/x0). */
const INT_RESULTS: ReadonlySet<string> = new Set([
  "PyObject_SetAttr", "PyObject_SetItem", "PyObject_DelItem", "PyDict_SetItem", "PyList_Append", "PySet_Add",
  "PyObject_IsTrue", "PySequence_Contains",
  ...Object.entries(SHIM_HELPERS).filter(([, h]) => h.signature.startsWith("int ")).map(([name]) => name),
]);

export class LoweringError extends Error {
  override readonly name = "LoweringError";
}

export class Lowerer {
  readonly b: LirBuilder;
  readonly plan: RefcountPlan;
  private readonly sync: FrameSync;
  frame!: VReg;
  tstate!: VReg;
  private readonly regs = new Map<ValueId, VReg>();
  private readonly blocks = new Map<BlockId, LirBlock>();
  private readonly errorBlocks = new Map<string, LirBlock>();
  private exitNull: LirBlock | null = null;
  /** The prev_instr offset known to be stored in the frame in the current LIR block. */
  private prevInstr: number | null = null;
  /** Roots whose reference the current instruction has taken over (not to be released after it). */
  private transferred = new Set<ValueId>();
  /** The instruction being lowered. */
  inst!: Inst;
  private dom: DomTree | null = null;

  constructor(readonly f: Func, readonly env: LoweringEnv) {
    this.b = new LirBuilder(f.code.qualname);
    this.plan = new RefcountPlan(f);
    this.sync = new FrameSync(f, this.plan);
  }

  // ---- small helpers -----------------------------------------------------------------------

  layout(name: string): number {
    const v = this.env.layout[name];
    if (v === undefined) throw new LoweringError(`runtime layout has no '${name}'`);
    return v;
  }

  reg(v: ValueId): VReg {
    const root = this.plan.root(v);
    let r = this.regs.get(root);
    if (r === undefined) {
      r = this.b.vreg(this.f.typeOf(root).native === "f64" ? "f64" : "i64");
      this.regs.set(root, r);
    }
    return r;
  }

  /** Makes `r` the vreg of `v` when `v` has none yet (saving a move), else moves `r` into it. */
  bind(v: ValueId, r: VReg): void {
    const root = this.plan.root(v);
    const known = this.regs.get(root);
    if (known === undefined) this.regs.set(root, r);
    else if (known !== r) this.b.emit({ op: "mov", dst: known, src: r });
  }

  emit(inst: Parameters<LirBuilder["emit"]>[0]): void {
    const fs = this.inst?.frameState;
    this.b.emit(fs ? { ...inst, loc: { offset: fs.offset } } : inst);
  }

  iconst(value: bigint | number): VReg {
    const dst = this.b.vreg();
    this.emit({ op: "iconst", dst, value: BigInt(value) });
    return dst;
  }

  sym(name: string): VReg {
    const dst = this.b.vreg();
    this.emit({ op: "sym", dst, name });
    return dst;
  }

  load(base: VReg, offset: number, width: 1 | 2 | 4 | 8 = 8): VReg {
    const dst = this.b.vreg();
    this.emit({ op: "load", dst, base, offset, width });
    return dst;
  }

  store(base: VReg, offset: number, src: Operand, width: 1 | 2 | 4 | 8 = 8): void {
    this.emit({ op: "store", base, offset, src, width });
  }

  call(target: string, args: (VReg | { imm: number })[], withResult = true): VReg | null {
    const dst = withResult ? this.b.vreg() : null;
    this.emit({ op: "call", dst, target: { sym: target }, args, ...(dst !== null && INT_RESULTS.has(target) && { returns: "i32" as const }) });
    return dst;
  }

  call1(target: string, args: (VReg | { imm: number })[]): VReg {
    return this.call(target, args, true)!;
  }

  /** Stores values into a fresh stack array and returns its address. */
  array(values: readonly VReg[], leading = 0): { base: VReg; slot: number } {
    const slot = this.b.slot(Math.max(1, values.length + leading) * 8);
    const base = this.b.vreg();
    this.emit({ op: "slotaddr", dst: base, slot });
    values.forEach((v, i) => this.store(base, (i + leading) * 8, v));
    return { base, slot };
  }

  /** Starts a new LIR block and continues there. */
  continueIn(block: LirBlock = this.b.block()): LirBlock {
    this.b.at(block);
    this.prevInstr = null;
    return block;
  }

  setPrevInstr(offset: number): void {
    if (this.prevInstr === offset) return;
    const addr = this.iconst(this.env.firstInstr + BigInt(offset));
    this.store(this.frame, this.layout("_PyInterpreterFrame_prev_instr"), addr);
    this.prevInstr = offset;
  }

  // ---- reference counts --------------------------------------------------------------------

  isObject(v: ValueId): boolean {
    return this.f.typeOf(v).isObjectLike;
  }

  private release(root: ValueId): void {
    this.emit({ op: this.f.typeOf(root).mayBeNull ? "xdecref" : "decref", v: this.reg(root) });
  }

  private retain(v: ValueId): void {
    this.emit({ op: this.f.typeOf(v).mayBeNull ? "xincref" : "incref", v: this.reg(v) });
  }

  /**
   * Hands the current instruction a reference to `v` that it keeps (a stealing use): the dying
   * owned reference if there is one, else a new one.
   */
  take(v: ValueId): VReg {
    if (!this.isObject(v)) return this.reg(v);
    const root = this.plan.root(v);
    if (this.plan.isOwned(root) && !this.plan.after(this.inst).has(root) && !this.transferred.has(root)) {
      this.transferred.add(root);
    } else {
      this.retain(v);
    }
    return this.reg(v);
  }

  /**
   * Releases, on the normal path, the owned references whose last use this was (operands first, in
   * order; then values only its frame state or its unwind edge still needed) and results nobody
   * uses. Releases that may run a finalizer go first (`decrefObserved`): their slow path makes the
   * frame current, with new references to values the others may then drop.
   */
  finishInst(inst: Inst): void {
    const after = this.plan.after(inst);
    const done = new Set<ValueId>();
    const dying: ValueId[] = [];
    for (const root of [...inst.args.map((a) => this.plan.root(a)), ...this.plan.before(inst)]) {
      if (done.has(root) || !this.plan.isOwned(root) || after.has(root) || this.transferred.has(root)) continue;
      done.add(root);
      dying.push(root);
    }
    // A value a stale slot names must outlive every sync of the frame (one of them writes it).
    const named = new Set(this.sync.staleSlots(inst).map((i) => this.plan.root(inst.frameState!.locals[i]!)));
    const observed = (r: ValueId) => !this.finalizerFreeAt(r, inst) && !named.has(r);
    for (const r of dying) if (observed(r)) this.releaseObserved(r);
    for (const r of dying) if (!observed(r)) this.release(r);
    if (!ALIAS_OPS.has(inst.op)) {
      for (const r of inst.results) if (this.plan.isOwned(r) && !after.has(r)) this.releaseObserved(r);
    }
    this.transferred = new Set();
  }

  /** Releases `root` after the current instruction (`decrefObserved` unless it is finalizer-free). */
  private releaseObserved(root: ValueId): void {
    if (this.finalizerFreeAt(root, this.inst)) this.release(root);
    else this.decrefObserved(this.reg(root), this.f.typeOf(root).mayBeNull, root);
  }

  /**
   * Whether the object `root` names is finalizer-free by its type or by the type of an alias
   * (a guard that passed, a refinement) defined on every path to `at`.
   */
  private finalizerFreeAt(root: ValueId, at: Inst): boolean {
    if (isFinalizerFree(this.f.typeOf(root))) return true;
    return this.plan.aliases(root).some((a) => isFinalizerFree(this.f.typeOf(a)) && this.definedBefore(a, at));
  }

  /** Whether `v`'s definition (an instruction result) dominates instruction `at`. */
  private definedBefore(v: ValueId, at: Inst): boolean {
    const def = this.f.defInst(v);
    if (def === null || def.block === null || at.block === null) return false;
    if (def.block === at.block) {
      const insts = this.f.block(at.block).insts;
      return insts.indexOf(def.id) <= insts.indexOf(at.id);
    }
    this.dom ??= computeDominators(buildCfg(this.f));
    return this.dom.dominates(def.block, at.block);
  }

  /**
   * Py_DECREF (Py_XDECREF when `mayBeNull`) of a reference the current instruction drops, which
   * may run a finalizer (`__del__`, a weakref callback) that looks at this frame: where the frame
   * has stale slots here, the path that deallocates writes them first, as the eval breaker's
   * does. Not when a stale slot names the object itself (`root`): it was finalizer-free by that
   * alias's type, and writing it back would revive it. A box that fails there leaves its slot
   * NULL (stale still) and its MemoryError is cleared: only the finalizer could have seen it.
   * An exact float or int (checked first, being what usually dies) deallocates without a sync.
   */
  decrefObserved(v: VReg, mayBeNull: boolean, root: ValueId | null = null): void {
    const inst = this.inst;
    const stale = this.sync.staleSlots(inst);
    const names = (i: number) => root !== null && this.plan.root(inst.frameState!.locals[i]!) === root;
    if (stale.length === 0 || stale.some(names)) {
      this.emit({ op: mayBeNull ? "xdecref" : "decref", v });
      return;
    }
    const cont = this.b.block();
    if (mayBeNull) {
      const nonNull = this.b.block();
      this.emit({ op: "brcmp", cond: "eq", a: v, b: { imm: 0 }, ifTrue: cont.id, ifFalse: nonNull.id });
      this.continueIn(nonNull);
    }
    const offset = this.layout("PyObject_ob_refcnt");
    const count = this.load(v, offset);
    const dropped = this.b.vreg();
    this.emit({ op: "bin", kind: "sub", dst: dropped, a: count, b: { imm: 1 } });
    this.store(v, offset, dropped);
    const dealloc = this.b.block(true);
    this.emit({ op: "brcmp", cond: "eq", a: dropped, b: { imm: 0 }, ifTrue: dealloc.id, ifFalse: cont.id });
    this.continueIn(dealloc);
    // The usual dying object is a number (a list item replaced by a new float): no code runs.
    const free = this.b.block(true);
    const type = this.load(v, this.layout("PyObject_ob_type"));
    for (const name of ["PyFloat_Type", "PyLong_Type"]) {
      const next = this.b.block(true);
      this.emit({ op: "brcmp", cond: "eq", a: type, b: this.sym(name), ifTrue: free.id, ifFalse: next.id });
      this.continueIn(next);
    }
    this.setPrevInstr(inst.frameState!.offset);
    const failed = this.syncFrameForObservers();
    const clear = this.b.block(true);
    this.emit({ op: "brcmp", cond: "ne", a: failed, b: { imm: 0 }, ifTrue: clear.id, ifFalse: free.id });
    this.continueIn(clear);
    this.call("PyErr_Clear", [], false);
    this.emit({ op: "jump", target: free.id });
    this.continueIn(free);
    this.call("_Py_Dealloc", [v], false);
    this.emit({ op: "jump", target: cont.id });
    this.continueIn(cont);
  }

  // ---- leaving the compiled code: errors and deoptimization --------------------------------

  /**
   * References handed to the frame or to a landing block on an exit path: a held owned reference
   * is given away once, anything else gets a new one; natives and frame values get a new object
   * (frame-values.ts), one per value however many slots name it (the interpreter had one object
   * there too), and `failed` (0 or 1) says whether one of those boxes failed.
   */
  private giver(held: ReadonlySet<ValueId>, keep: ReadonlySet<ValueId> = new Set()) {
    const given = new Set<ValueId>();
    const boxed = new Map<ValueId, VReg>();
    const failed = this.iconst(0);
    const give = (v: ValueId): VReg => {
      if (needsFrameObject(this, v)) {
        const known = boxed.get(v);
        if (known !== undefined) {
          this.emit({ op: "xincref", v: known });
          return known;
        }
        const made = frameObject(this, v, failed);
        boxed.set(v, made);
        return made;
      }
      const root = this.plan.root(v);
      // A reference the landing block still uses directly is not ours to give away.
      if (held.has(root) && !keep.has(root) && !given.has(root)) given.add(root);
      else this.retain(v);
      return this.reg(v);
    };
    return { give, given, failed };
  }

  /** Whether the frame may not hold some local of the current instruction's frame state. */
  hasStaleSlots(): boolean {
    return this.sync.staleSlots(this.inst).length > 0;
  }

  /**
   * On a path that continues afterwards and may run Python code that looks at this frame (the
   * eval breaker's slow path: signal handlers, other threads), makes the frame's locals current
   * with new references: the compiled code keeps its own. Returns the failure flag of the boxes
   * it made; a failed one left NULL in its slot and a MemoryError set, which the caller raises or
   * clears (the slot stays stale for the frame-sync analysis, so every exit path writes it again).
   */
  syncFrameForObservers(): VReg {
    const { give, failed } = this.giver(new Set());
    this.writeStaleLocals(give);
    return failed;
  }

  /** Writes the frame slots the frame-sync analysis says may be stale at the current instruction. */
  private writeStaleLocals(give: (v: ValueId) => VReg): void {
    const inst = this.inst;
    for (const i of this.sync.staleSlots(inst)) {
      const v = inst.frameState!.locals[i]!;
      const offset = this.layout("_PyInterpreterFrame_localsplus") + 8 * i;
      const value = give(v);
      const old = this.load(this.frame, offset);
      this.store(this.frame, offset, value);
      this.emit({ op: "xdecref", v: old });
    }
  }

  /**
   * The cold block control goes to when the current instruction fails with an exception set.
   * `traceback`: whether to add this frame's traceback entry (everything but re-raises).
   */
  errorBlock(traceback = true): LirBlock {
    const inst = this.inst;
    const held = [...this.plan.before(inst)].sort((a, b) => a - b);
    const stale = this.sync.staleSlots(inst);
    const key = JSON.stringify(["error", traceback, held, stale, stale.map((i) => inst.frameState!.locals[i]), inst.unwind?.block ?? null, inst.unwind?.args ?? null]);
    return this.coldBlock(key, () => {
      const releasing = new Set(held);
      const keep = inst.unwind ? this.plan.liveIn.get(inst.unwind.block)! : new Set<ValueId>();
      const { give, given } = this.giver(releasing, keep);
      // Tracebacks, handlers and debuggers see the frame's locals: make them current first.
      this.writeStaleLocals(give);
      if (traceback) this.call("pyjc_add_traceback", [this.frame], false);
      if (inst.unwind) {
        const params = this.f.block(inst.unwind.block).params;
        const moved = inst.unwind.args.map((a) => {
          if (!this.isObject(a)) return this.reg(a);
          const root = this.plan.root(a);
          if (releasing.has(root) && !keep.has(root) && !given.has(root)) {
            given.add(root);
            return this.reg(a);
          }
          this.retain(a);
          return this.reg(a);
        });
        for (const r of releasing) if (!keep.has(r) && !given.has(r)) this.release(r);
        this.parallelMove(params.map((p) => this.reg(p)), moved);
        this.emit({ op: "jump", target: this.blocks.get(inst.unwind.block)!.id });
      } else {
        const rest = [...releasing].filter((r) => !given.has(r));
        this.emit({ op: "jump", target: this.releaseChain(rest).id });
      }
    });
  }

  /**
   * A cold block that releases `roots` and returns NULL. Releases are chained, newest value first
   * (a raising instruction usually holds what the previous one held plus its own newer values), so
   * each distinct tail of a release list is emitted once for the whole function.
   */
  private releaseChain(roots: readonly ValueId[]): LirBlock {
    const sorted = [...roots].sort((a, b) => b - a);
    const build = (i: number): LirBlock => {
      if (i === sorted.length) return this.exit();
      const key = JSON.stringify(["release", sorted.slice(i)]);
      return this.coldBlock(key, () => {
        this.release(sorted[i]!);
        this.emit({ op: "jump", target: build(i + 1).id });
      });
    };
    return build(0);
  }

  /**
   * The cold block that deoptimizes at the current instruction: the frame gets the instruction's
   * locals and value stack (owned references, native values boxed), `stacktop`, and `prev_instr`
   * on the code unit before the instruction, and the entry returns the runtime's deopt sentinel so
   * the interpreter runs the instruction again, from its first EXTENDED_ARG.
   */
  deoptBlock(): LirBlock {
    const inst = this.inst;
    const fs = inst.frameState!;
    const held = [...this.plan.before(inst)].sort((a, b) => a - b);
    const stale = this.sync.staleSlots(inst);
    const key = JSON.stringify(["deopt", fs.offset, held, stale, fs.locals, fs.stack]);
    return this.coldBlock(key, () => {
      // Finalizers of the references released here see this instruction's line.
      this.setPrevInstr(fs.offset);
      const releasing = new Set(held);
      const { give, given, failed } = this.giver(releasing);
      this.writeStaleLocals(give);
      const nslots = this.f.code.localsPlusNames.length;
      const base = this.layout("_PyInterpreterFrame_localsplus");
      fs.stack.forEach((v, j) => {
        const isNull = this.f.typeOf(v).isNull;
        this.store(this.frame, base + 8 * (nslots + j), isNull ? { imm: 0 } : give(v));
      });
      for (const r of releasing) if (!given.has(r)) this.release(r);
      this.store(this.frame, this.layout("_PyInterpreterFrame_stacktop"), { imm: nslots + fs.stack.length }, 4);
      // A box that failed left NULL in the frame: the interpreter must not resume on it. The
      // MemoryError is raised at this instruction instead; the frame owns what was written
      // (clearing it releases the value stack up to stacktop).
      const raise = this.b.block(true);
      const resume = this.b.block(true);
      this.emit({ op: "brcmp", cond: "ne", a: failed, b: { imm: 0 }, ifTrue: raise.id, ifFalse: resume.id });
      this.continueIn(raise);
      this.setPrevInstr(fs.offset);
      this.call("pyjc_add_traceback", [this.frame], false);
      this.emit({ op: "jump", target: this.exit().id });
      this.continueIn(resume);
      const at = this.iconst(this.env.firstInstr + BigInt(this.env.instructionStart(fs.offset) - 2));
      this.store(this.frame, this.layout("_PyInterpreterFrame_prev_instr"), at);
      const sentinel = this.iconst(this.layout("deopt_sentinel"));
      this.emit({ op: "ret", value: sentinel });
    });
  }

  private coldBlock(key: string, fill: () => void): LirBlock {
    const known = this.errorBlocks.get(key);
    if (known) return known;
    const saved = this.b.current;
    const savedPrev = this.prevInstr;
    const block = this.continueIn(this.b.block(true));
    this.errorBlocks.set(key, block);
    fill();
    if (saved) this.b.at(saved);
    this.prevInstr = savedPrev;
    return block;
  }

  private exit(): LirBlock {
    if (!this.exitNull) {
      const saved = this.b.current;
      this.exitNull = this.continueIn(this.b.block(true));
      const zero = this.b.vreg();
      this.b.emit({ op: "iconst", dst: zero, value: 0n });
      this.b.emit({ op: "ret", value: zero });
      if (saved) this.b.at(saved);
    }
    return this.exitNull;
  }

  /** Branches to the error block when `r` is NULL (object results). */
  checkNull(r: VReg, traceback = true): void {
    this.branchOut("eq", r, this.errorBlock(traceback));
  }

  /**
   * Branches to the error block when `r` is NULL, storing prev_instr on the way (for operations
   * whose fast path runs no code and so does not store it: boxes, inline list accesses).
   */
  checkNullCold(r: VReg): void {
    const known = this.prevInstr;
    const raise = this.b.block(true);
    this.branchOut("eq", r, raise);
    const cont = this.b.current!;
    this.continueIn(raise);
    this.setPrevInstr(this.inst.frameState!.offset);
    this.emit({ op: "jump", target: this.errorBlock().id });
    this.continueIn(cont);
    this.prevInstr = known;
  }

  /** Branches to the error block when `r` is negative (int results). */
  checkNegative(r: VReg): void {
    this.branchOut("slt", r, this.errorBlock());
  }

  /** `if (r <cond> 0) goto target`, continuing in a fresh block. */
  branchOut(cond: "eq" | "ne" | "slt", r: VReg, target: LirBlock): void {
    const cont = this.b.block();
    this.emit({ op: "brcmp", cond, a: r, b: { imm: 0 }, ifTrue: target.id, ifFalse: cont.id });
    this.continueIn(cont);
  }

  // ---- edges -------------------------------------------------------------------------------

  /**
   * Takes over or adds the references an edge's target parameters need: an owned reference the
   * edge is the last use of moves into the parameter; anything else gets an incref.
   */
  private transferArgs(call: BlockCall, held: Set<ValueId>, keep: ReadonlySet<ValueId>): Set<ValueId> {
    const moved = new Set<ValueId>();
    for (const a of call.args) {
      if (!this.isObject(a)) continue;
      const root = this.plan.root(a);
      if (held.has(root) && !keep.has(root) && !moved.has(root)) moved.add(root);
      else this.retain(a);
    }
    return moved;
  }

  /** Moves edge arguments into the target's parameter vregs, as one parallel copy. */
  private moveArgs(call: BlockCall): void {
    this.parallelMove(this.f.block(call.block).params.map((p) => this.reg(p)), call.args.map((a) => this.reg(a)));
  }

  private parallelMove(params: readonly VReg[], args: readonly VReg[]): void {
    const pending = params.map((p, i) => [p, args[i]!] as const).filter(([p, a]) => p !== a);
    const sources = new Set(pending.map(([, a]) => a));
    if (pending.some(([p]) => sources.has(p))) {
      const temps = pending.map(([, a]) => {
        const t = this.b.vreg(this.b.classOf(a));
        this.emit({ op: "mov", dst: t, src: a });
        return t;
      });
      pending.forEach(([p], i) => this.emit({ op: "mov", dst: p, src: temps[i]! }));
    } else {
      for (const [p, a] of pending) this.emit({ op: "mov", dst: p, src: a });
    }
  }

  /** Emits what an edge needs (reference hand-over and releases, moves) in the current block. */
  private edgeCode(call: BlockCall, held: ReadonlySet<ValueId>): void {
    const keep = this.plan.liveIn.get(call.block)!;
    const releasing = new Set(held);
    const moved = this.transferArgs(call, releasing, keep);
    for (const r of releasing) if (!keep.has(r) && !moved.has(r)) this.release(r);
    this.moveArgs(call);
  }

  /** The LIR target for an edge from a multi-way terminator: the block, or an edge block. */
  edgeTarget(call: BlockCall, held: ReadonlySet<ValueId>): LirBlock {
    const saved = this.b.current!;
    const edge = this.b.block();
    this.b.at(edge);
    this.edgeCode(call, held);
    this.emit({ op: "jump", target: this.blocks.get(call.block)!.id });
    this.b.at(saved);
    return edge;
  }

  jumpTo(call: BlockCall): void {
    this.edgeCode(call, this.plan.before(this.inst));
    this.emit({ op: "jump", target: this.blocks.get(call.block)!.id });
  }

  // ---- driver ------------------------------------------------------------------------------

  run(lowerOp: (l: Lowerer, inst: Inst) => void): LirFunc {
    const f = this.f;
    this.frame = this.b.param();
    this.tstate = this.b.param();
    this.continueIn(this.b.block());
    for (const id of f.order) this.blocks.set(id, this.b.block());

    // Arguments arrive in the frame's localsplus; the ones whose slot is rewritten are owned.
    const localsplus = this.layout("_PyInterpreterFrame_localsplus");
    f.block(f.entry).params.forEach((p, i) => {
      const r = this.reg(p);
      this.b.emit({ op: "load", dst: r, base: this.frame, offset: localsplus + 8 * i, width: 8 });
      if (this.plan.ownedArgs.has(p)) this.b.emit({ op: "incref", v: r });
    });
    this.b.emit({ op: "jump", target: this.blocks.get(f.entry)!.id });

    for (const id of f.order) {
      this.continueIn(this.blocks.get(id)!);
      const block = f.block(id);
      const first = block.insts[0] !== undefined ? f.inst(block.insts[0]) : null;
      const liveAtStart = first ? this.plan.before(first) : new Set<ValueId>();
      for (const p of block.params) {
        if (this.isObject(p) && this.plan.isOwned(p) && !liveAtStart.has(p)) this.release(p);
      }
      for (const iid of block.insts) {
        const inst = f.inst(iid);
        this.inst = inst;
        this.transferred = new Set();
        lowerOp(this, inst);
      }
    }
    return this.b.finish();
  }
}
