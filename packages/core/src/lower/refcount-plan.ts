// Who holds which reference: the ownership and liveness facts that let lowering insert exactly
// the reference-count operations CPython's interpreter performs.
//
// Every object value has a root: `refine` and `check_bound` results are the same object as their
// operand and share its reference, so their uses count as uses of the root. A root is *owned* when
// the compiled code holds a strong reference it must release (results of operations that return
// new references, block parameters, and arguments whose frame slot is ever overwritten, which get
// an incref at entry); it is *borrowed* when something else keeps the object alive for as long as
// the value is used (constants, owned by the code object; NULL; True/False; closure cells, owned
// by the function; arguments whose slot is never written, owned by the frame).
//
// Liveness is computed on owned roots over the HIR CFG. Uses are operands and edge arguments,
// unwind arguments included (a value on the value stack below a handler's depth stays alive for
// the whole `try` body, as it does in the interpreter), and frame states: an error or
// deoptimization path gives the frame every value its frame state names that the frame does not
// hold (fast-locals leaves stores out), so those values must still be alive there. The interpreter
// holds them at least as long (in the frame's slots and value stack), so this delays no finalizer.
// Known difference: a value whose last reference in the interpreter is a stack slot dropped by
// POP_TOP is released at its last real use instead, which can run a finalizer a few bytecode
// instructions earlier.

import type { BlockId, Func, Inst, ValueId } from "../hir/function.js";

/** Operations whose results do not carry a reference of their own. */
const BORROWED_RESULTS: ReadonlySet<string> = new Set([
  "const", "builtin", "null", "closure_cell", "load_assertion_error", "is_op", "box_bool", "match_mapping",
  "match_sequence", "contains_op", "unary_not", "bound_float", "bound_int",
]);
/** Operations whose result is their first operand, seen with a more precise type. */
export const ALIAS_OPS: ReadonlySet<string> = new Set(["refine", "check_bound", "guard_type", "guard_is"]);

export class RefcountPlan {
  /** The operand of each alias result (resolved to roots by `root`, whatever the block order). */
  private readonly aliasOf = new Map<ValueId, ValueId>();
  private aliasesByRoot: Map<ValueId, ValueId[]> | null = null;
  private readonly ownedRoots = new Set<ValueId>();
  /** Owned roots live at the start of each block (its own parameters excluded). */
  readonly liveIn = new Map<BlockId, Set<ValueId>>();
  /** Owned roots live at the start of each instruction (its own uses included). */
  private readonly liveBefore = new Map<Inst, Set<ValueId>>();
  /** Owned roots live right after each instruction, on its normal path. */
  private readonly liveAfterInst = new Map<Inst, Set<ValueId>>();
  /** Argument slots the function writes, whose entry values it must own. */
  readonly ownedArgs: ReadonlySet<ValueId>;

  constructor(private readonly f: Func) {
    const stored = new Set<number>();
    for (const inst of f.instructions()) if (inst.op === "store_local") stored.add(inst.imms[0] as number);
    const owned = new Set<ValueId>();
    f.block(f.entry).params.forEach((p, i) => {
      if (stored.has(i)) owned.add(p);
    });
    this.ownedArgs = owned;

    for (const block of f.blocks()) {
      for (const p of block.params) {
        // Native parameters (OPT-5's unboxed loop values) hold no reference.
        if (f.typeOf(p).isObjectLike && (block.id !== f.entry || owned.has(p))) this.ownedRoots.add(p);
      }
      for (const id of block.insts) {
        const inst = f.inst(id);
        if (ALIAS_OPS.has(inst.op)) {
          this.aliasOf.set(inst.results[0]!, inst.args[0]!);
          continue;
        }
        if (BORROWED_RESULTS.has(inst.op)) continue;
        for (const r of inst.results) if (f.typeOf(r).isObjectLike) this.ownedRoots.add(r);
      }
    }
    this.computeLiveness();
  }

  /** The values that are `root` under another name (aliases' results), in no particular order. */
  aliases(root: ValueId): readonly ValueId[] {
    if (!this.aliasesByRoot) {
      this.aliasesByRoot = new Map();
      for (const a of this.aliasOf.keys()) {
        const r = this.root(a);
        if (!this.aliasesByRoot.has(r)) this.aliasesByRoot.set(r, []);
        this.aliasesByRoot.get(r)!.push(a);
      }
    }
    return this.aliasesByRoot.get(root) ?? [];
  }

  root(v: ValueId): ValueId {
    let r = v;
    for (let next = this.aliasOf.get(r); next !== undefined; next = this.aliasOf.get(r)) r = next;
    return r;
  }

  isOwned(v: ValueId): boolean {
    return this.ownedRoots.has(this.root(v));
  }

  /** Owned roots held just before `inst` runs (everything it or later code needs). */
  before(inst: Inst): ReadonlySet<ValueId> {
    return this.liveBefore.get(inst)!;
  }

  /** Owned roots still needed after `inst`, on its normal path. */
  after(inst: Inst): ReadonlySet<ValueId> {
    return this.liveAfterInst.get(inst)!;
  }

  private ownedRootsOf(values: Iterable<ValueId>): ValueId[] {
    const out: ValueId[] = [];
    for (const v of values) {
      const r = this.root(v);
      if (this.ownedRoots.has(r)) out.push(r);
    }
    return out;
  }

  /** What an edge needs live: the target's live-in and the roots of the arguments. */
  private edgeNeeds(block: BlockId, args: readonly ValueId[], into: Set<ValueId>): void {
    for (const r of this.liveIn.get(block) ?? []) into.add(r);
    for (const r of this.ownedRootsOf(args)) into.add(r);
  }

  private computeLiveness(): void {
    const f = this.f;
    for (const b of f.order) this.liveIn.set(b, new Set());
    const order = [...f.order].reverse();
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of order) {
        const live = this.scanBlock(b, false);
        const old = this.liveIn.get(b)!;
        if (live.size !== old.size || [...live].some((x) => !old.has(x))) {
          this.liveIn.set(b, live);
          changed = true;
        }
      }
    }
    for (const b of f.order) this.scanBlock(b, true);
  }

  /** Walks a block backwards; returns its live-in, recording per-instruction sets when asked. */
  private scanBlock(b: BlockId, record: boolean): Set<ValueId> {
    const f = this.f;
    const block = f.block(b);
    const live = new Set<ValueId>();
    for (let i = block.insts.length - 1; i >= 0; i--) {
      const inst = f.inst(block.insts[i]!);
      for (const t of inst.targets) this.edgeNeeds(t.block, t.args, live);
      if (record) this.liveAfterInst.set(inst, new Set(live));
      for (const r of inst.results) live.delete(this.root(r));
      if (inst.unwind) this.edgeNeeds(inst.unwind.block, inst.unwind.args, live);
      for (const r of this.ownedRootsOf(inst.args)) live.add(r);
      if (inst.frameState) for (const r of this.ownedRootsOf([...inst.frameState.locals, ...inst.frameState.stack])) live.add(r);
      if (record) this.liveBefore.set(inst, new Set(live));
    }
    for (const p of block.params) live.delete(p);
    return live;
  }
}
