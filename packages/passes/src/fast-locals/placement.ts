// Store sinking for fast-locals (06-fast-locals.ts): where the moved `store_local`s go.
//
// Two dataflow problems over the reachable blocks, on tracked slots only.
//
// *Needed* (backward): a slot is needed at a point when some path from there reaches an
// instruction that observes the frame before a store to the slot. Unwind edges and exits
// (deopt, reraise) need nothing: the lowering writes stale slots back on those paths.
//
// *Pending* (forward): for each slot, either the value the frame should hold but may not,
// because the store that would write it has not run yet (pending), or the value the frame is
// known to hold (current; a slot absent from the state is current with a value we cannot name).
// A moved store makes its slot pending with its value (a store it replaces was dead: overwritten
// before anything looked); an instruction that observes the frame gets every pending store written
// right before it, which makes them current; a kept store of a tracked slot makes its slot current;
// an exit drops everything. Along an edge a slot the target does not need is forgotten (a pending
// store there is dead), and a value must stay nameable in the target: it becomes the target's
// parameter that receives the same object, or stays itself when it dominates the target, or, for
// NULL, any NULL. At a join of edges that bring a slot the same value it stays pending when every
// edge brings it pending or a loop's back edge does (the loop's stores then wait for its exits);
// when only edges entering a loop have it pending and the back edges have it current, it is
// current and the entering edges write it (a loop whose body observes the frame has its stores
// written once on the way in, not at the observation on every iteration: writing a native local
// boxes it). Otherwise each predecessor that has it pending writes it on its edge. Per (block,
// slot) the values are ordered unknown (a predecessor not visited yet) > pending(v) > current(v)
// > current, unnamed, and every transfer is monotone, so the round-robin iteration in reverse
// postorder reaches the fixpoint in a few rounds.
//
// So in a loop whose body never observes the frame every local is overwritten before it is
// needed again, the stores die on the back edge, and the last ones are written on the exits:
//
//   bb1(v7:f64, v8:i64):                           bb1(v7:f64, v8:i64):
//       v10 = fbin add v7, v9 @10 [...]                v10 = fbin add v7, v9 @10 [...]
//       v11 = box_float v10 @10 [...]                  v11 = box_float v10 @10 [...]   (boxes.ts
//       store_local $x v11               ==>           ...                              removes it)
//       ...                                            branch v15, bb2(), bb3()
//       branch v15, bb2(), bb3()                   bb3():
//   bb3():                                             v16 = box_float v10 @10 [...]
//       return v11                                     store_local $x v16
//                                                      return v11
//
// Edge stores go before the terminator when every edge out of the block needs the same ones
// (before the instruction with the unwind edge, if the block has one: nothing may sit between it
// and its jump), else on a new block splitting the edge. No path runs more stores than before.
//
// Writing a box (`box_float n` / `box_int n`) somewhere else than the block that made it boxes
// `n` again right there, with the original box's frame state (a MemoryError then reports the line
// that computed the value, with the locals of that moment), so the box in the loop is left to
// frame states only and can go. Only in functions without exception handlers (the new box has no
// unwind edge) and when that frame state's values are available there.

import { BOXES, rebox } from "./boxes.js";
import { opDef, type BlockCall, type BlockId, type Cfg, type ConstImm, type DomTree, type Func, type Inst, type TypeMap, type ValueId } from "@pyjc/core";

/** Pending stores of a point: tracked slot -> value to write (FRESH_NULL: a new NULL). */
type Pending = Map<number, ValueId>;

/** What is known of a tracked slot: the value it should hold, and whether its store is pending. */
interface Slot {
  readonly value: ValueId;
  readonly pending: boolean;
}
/** The dataflow state: slots absent are current with a value not known by name. */
type State = Map<number, Slot>;

const pendingOf = (state: State): Pending => new Map([...state].filter(([, x]) => x.pending).map(([s, x]) => [s, x.value]));

/** NULL (the slot is deleted) where no NULL value of the function is available. */
const FRESH_NULL = -1 as ValueId;

/** Terminators after which the frame is rebuilt from the frame state or never seen again. */
const EXITS: ReadonlySet<string> = new Set(["deopt", "reraise", "unreachable"]);

export interface PlacementInput {
  readonly f: Func;
  readonly cfg: Cfg;
  readonly dom: DomTree;
  readonly types: TypeMap;
  /** Tracked slots: every value ever stored there is finalizer-free. */
  readonly tracked: ReadonlySet<number>;
  /** The stores of tracked slots this run may move (the debug counter approved them). */
  readonly moved: ReadonlySet<Inst>;
  /** Instructions before which the frame must be current (not stores, not exits). */
  readonly observes: (inst: Inst) => boolean;
  /** The object a value is (aliases to their operand). */
  readonly root: (v: ValueId) => ValueId;
}

export interface PlacementResult {
  /** Stores written in their new places. */
  readonly placed: number;
  /** Edges split to hold stores. */
  readonly edgeBlocks: number;
  /** Boxes made again where a store of a box moved to. */
  readonly reboxed: number;
}

type Kind = "move" | "kept" | "observe" | "exit" | "none";

/** A slot's value as native values see it (placement's `describe`). */
type Described =
  | { readonly kind: "null" }
  | { readonly kind: "number"; readonly is: (native: ValueId) => boolean }
  | { readonly kind: "frame"; readonly cond: ValueId; readonly native: ValueId };

const FRAME_VALUES: ReadonlySet<string> = new Set(["bound_float", "bound_int"]);

/** Where stores go: before an instruction, or appended to a new edge block. */
type Anchor = { readonly before: Inst } | { readonly edge: BlockId; readonly from: BlockId };

export class StorePlacement {
  private readonly needIn = new Map<BlockId, Set<number>>();
  private readonly inState = new Map<BlockId, State>();
  private readonly outState = new Map<BlockId, State>();
  private readonly preds = new Map<BlockId, { from: BlockId; call: BlockCall }[]>();
  private readonly landing = new Set<BlockId>();
  private readonly frameValues = new Map<BlockId, Inst[]>();
  /** Boxes whose every use besides frame states is a moved store: those may be made again. */
  private readonly reboxable = new Set<ValueId>();
  private placed = 0;
  private edgeBlocks = 0;
  private reboxed = 0;

  constructor(private readonly input: PlacementInput) {
    const { f, cfg, moved } = input;
    for (const b of cfg.rpo) this.preds.set(b, []);
    let handlers = false;
    for (const b of cfg.rpo) {
      for (const id of f.block(b).insts) {
        const inst = f.inst(id);
        for (const call of inst.targets) this.preds.get(call.block)?.push({ from: b, call });
        if (inst.unwind) {
          this.landing.add(inst.unwind.block);
          handlers = true;
        }
      }
    }
    if (!handlers) {
      for (const inst of f.instructions()) if (BOXES.has(inst.op) && !inst.unwind) this.reboxable.add(inst.results[0]!);
      for (const inst of f.instructions()) {
        const uses = [...inst.args, ...inst.targets.flatMap((t) => t.args), ...(inst.unwind?.args ?? [])];
        if (inst.op === "store_local" && moved.has(inst)) continue;
        for (const v of uses) this.reboxable.delete(v);
      }
    }
  }

  run(): PlacementResult {
    this.solveNeeded();
    this.solvePending();
    this.rewrite();
    return { placed: this.placed, edgeBlocks: this.edgeBlocks, reboxed: this.reboxed };
  }

  // ---- analyses ----------------------------------------------------------------------------

  private kind(inst: Inst): Kind {
    const { moved, tracked, observes } = this.input;
    if (inst.op === "store_local") {
      if (moved.has(inst)) return "move";
      if (tracked.has(inst.imms[0] as number)) return "kept";
      // Any other store may drop the last reference to an object with a finalizer; with a frame
      // state the lowering makes the frame current before it can run.
      return inst.frameState ? "none" : "observe";
    }
    if (EXITS.has(inst.op)) return "exit";
    return observes(inst) ? "observe" : "none";
  }

  private solveNeeded(): void {
    const { f, cfg, tracked } = this.input;
    const order = [...cfg.rpo].reverse();
    for (const b of order) this.needIn.set(b, new Set());
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of order) {
        const need = new Set<number>();
        for (const s of f.successors(b)) {
          if (this.landing.has(s)) continue;
          for (const slot of this.needIn.get(s) ?? []) need.add(slot);
        }
        const insts = f.block(b).insts;
        for (let i = insts.length - 1; i >= 0; i--) {
          const inst = f.inst(insts[i]!);
          switch (this.kind(inst)) {
            case "move": case "kept": need.delete(inst.imms[0] as number); break;
            case "observe": for (const s of tracked) need.add(s); break;
            case "exit": need.clear(); break;
            case "none": break;
          }
        }
        const old = this.needIn.get(b)!;
        if (need.size !== old.size) {
          this.needIn.set(b, need);
          changed = true;
        }
      }
    }
  }

  private isNull(v: ValueId): boolean {
    return v === FRESH_NULL || this.input.types.typeOf(v).isNull;
  }

  /** Whether `v` may be used at the start of `target`, as the same value (not rebound there). */
  private availableAt(v: ValueId, target: BlockId): boolean {
    const { f, dom } = this.input;
    const def = f.value(v).def;
    if (def.kind === "param") return def.block !== target && dom.dominates(def.block, target);
    const inst = f.inst(def.inst);
    if (inst.unwind && !opDef(inst.op).flags.terminator) return dom.dominates(f.terminator(inst.block!)!.targets[0]!.block, target);
    return inst.block !== target && dom.dominates(inst.block!, target);
  }

  /**
   * What slot `slot`'s value at the end of a block is called at the start of the edge's target:
   * the parameter it is passed as, the target's native value or frame value for it, itself when
   * it dominates the target, or any NULL.
   */
  private along(v: ValueId, call: BlockCall, slot: number): ValueId | undefined {
    const { f, root } = this.input;
    // NULL is passed for many parameters: only the slot's own frame value is sure to be this one.
    const native = this.isNull(v) ? this.nativeAlong(v, call, slot) : undefined;
    if (native !== undefined) return native;
    if (v !== FRESH_NULL) {
      const r = root(v);
      const k = call.args.findIndex((a) => root(a) === r);
      if (k >= 0) return f.block(call.block).params[k]!;
    }
    const number = this.isNull(v) ? undefined : this.nativeAlong(v, call, slot);
    if (number !== undefined) return number;
    if (v !== FRESH_NULL && this.availableAt(v, call.block)) return v;
    return this.isNull(v) ? FRESH_NULL : undefined;
  }

  /**
   * A local OPT-5 keeps native travels as its number: a box (or a constant) whose native is
   * passed to a native parameter is that parameter at the target (the frame gets a new box of
   * it), and where the target has a `bound_float`/`bound_int` for the slot, the value is that when
   * the edge's arguments make it equal (the condition false for NULL, true with the same number
   * for a box, the same pair for another frame value).
   */
  private nativeAlong(v: ValueId, call: BlockCall, slot: number): ValueId | undefined {
    const { f } = this.input;
    const d = this.describe(v);
    if (d === null) return undefined;
    const params = f.block(call.block).params;
    for (const o of this.frameValuesAt(call.block)) {
      if (o.imms[0] !== slot) continue;
      const c = call.args[params.indexOf(o.args[0]!)]!;
      const n = call.args[params.indexOf(o.args[1]!)]!;
      const flag = this.cboolConstant(c);
      if ((d.kind === "null" && flag === 0) || (d.kind === "number" && flag === 1 && d.is(n)) || (d.kind === "frame" && c === d.cond && n === d.native)) {
        return o.results[0]!;
      }
    }
    if (d.kind !== "number") return undefined;
    const k = call.args.findIndex((a, i) => d.is(a) && f.typeOf(params[i]!).isNative);
    return k >= 0 ? params[k]! : undefined;
  }

  /** How a slot's value relates to native values: NULL, a number (which native it is), or a frame value. */
  private describe(v: ValueId): Described | null {
    if (this.isNull(v)) return { kind: "null" };
    const { f, root } = this.input;
    if (f.typeOf(v).isNative) return { kind: "number", is: (a) => a === v };
    const def = f.defInst(root(v));
    if (def === null) return null;
    if (BOXES.has(def.op)) return { kind: "number", is: (a) => a === def.args[0] };
    if (FRAME_VALUES.has(def.op)) return { kind: "frame", cond: def.args[0]!, native: def.args[1]! };
    if (def.op === "const") {
      const c = (def.imms[0] as ConstImm).value;
      if (c.kind !== "int" && c.kind !== "float") return null;
      return { kind: "number", is: (a) => this.nativeConstant(a) === c.value };
    }
    return null;
  }

  private nativeConstant(v: ValueId): number | bigint | null {
    const def = this.input.f.defInst(v);
    return def?.op === "iconst" || def?.op === "fconst" ? (def.imms[0] as number | bigint) : null;
  }

  private cboolConstant(v: ValueId): number | null {
    const def = this.input.f.defInst(v);
    return def?.op === "cbool" ? (def.imms[0] as number) : null;
  }

  /** The frame values a block makes of its own parameters (OPT-5 puts them first). */
  private frameValuesAt(b: BlockId): Inst[] {
    let found = this.frameValues.get(b);
    if (!found) {
      const { f } = this.input;
      const params = f.block(b).params;
      found = f.block(b).insts.map((id) => f.inst(id)).filter((i) => FRAME_VALUES.has(i.op) && i.args.every((a) => params.includes(a)));
      this.frameValues.set(b, found);
    }
    return found;
  }

  /** The slots an edge brings that its target needs, named there (absent when they cannot be). */
  private alongAll(state: State, call: BlockCall): State {
    const need = this.needIn.get(call.block)!;
    const out: State = new Map();
    for (const [s, x] of state) {
      if (!need.has(s)) continue;
      const value = this.along(x.value, call, s);
      if (value !== undefined) out.set(s, { value, pending: x.pending });
    }
    return out;
  }

  /** The join of the states the edges into a block bring (`back`: a loop's back edge). */
  private meet(incoming: readonly { state: State; back: boolean }[]): State {
    const out: State = new Map();
    if (incoming.length === 0) return out;
    const states = incoming.map((i) => i.state);
    for (const [s, first] of states[0]!) {
      const all = states.map((st) => st.get(s));
      if (all.some((x) => x === undefined)) continue;
      const pending = all.every((x) => x!.pending) || incoming.some((i) => i.back && i.state.get(s)!.pending);
      if (all.every((x) => x!.value === first.value)) out.set(s, { value: first.value, pending });
      else if (all.every((x) => this.isNull(x!.value))) out.set(s, { value: FRESH_NULL, pending });
    }
    return out;
  }

  /** The state after instruction `inst` (in place). */
  private step(inst: Inst, state: State): void {
    switch (this.kind(inst)) {
      case "move": state.set(inst.imms[0] as number, { value: inst.args[0]!, pending: true }); break;
      case "kept": state.set(inst.imms[0] as number, { value: inst.args[0]!, pending: false }); break;
      case "observe":
        for (const [s, x] of state) if (x.pending) state.set(s, { value: x.value, pending: false });
        break;
      case "exit": state.clear(); break;
      case "none": break;
    }
  }

  /** At entry the frame holds the arguments in their slots and NULL in the others. */
  private entryState(): State {
    const { f, tracked } = this.input;
    const args = f.block(f.entry).params;
    const nul = f.block(f.entry).insts.map((id) => f.inst(id)).find((i) => i.op === "null")?.results[0] ?? FRESH_NULL;
    return new Map([...tracked].map((s) => [s, { value: args[s] ?? nul, pending: false }]));
  }

  private solvePending(): void {
    const { f, cfg } = this.input;
    const same = (a: State | undefined, b: State) =>
      a !== undefined && a.size === b.size && [...b].every(([s, x]) => a.get(s)?.value === x.value && a.get(s)?.pending === x.pending);
    const limit = 4 * cfg.rpo.length + 8;
    for (let changed = true, rounds = 0; changed; rounds++) {
      if (rounds > limit) throw new Error("fast-locals: store placement did not converge");
      changed = false;
      for (const b of cfg.rpo) {
        const incoming = this.landing.has(b)
          ? []
          : this.preds.get(b)!.filter((p) => this.outState.has(p.from))
            .map((p) => ({ state: this.alongAll(this.outState.get(p.from)!, p.call), back: this.input.dom.dominates(b, p.from) }));
        const state = b === f.entry ? this.entryState() : this.meet(incoming);
        this.inState.set(b, new Map(state));
        for (const id of f.block(b).insts) this.step(f.inst(id), state);
        if (!same(this.outState.get(b), state)) {
          this.outState.set(b, state);
          changed = true;
        }
      }
    }
  }

  // ---- rewrite -----------------------------------------------------------------------------

  private rewrite(): void {
    const { f, cfg } = this.input;
    for (const b of cfg.rpo) {
      const state = new Map(this.inState.get(b)!);
      for (const id of [...f.block(b).insts]) {
        const inst = f.inst(id);
        const kind = this.kind(inst);
        if (kind === "observe") this.store({ before: inst }, pendingOf(state));
        this.step(inst, state);
        if (kind === "move") f.remove(inst.id);
      }
      const pending = pendingOf(state);
      if (pending.size > 0) this.storeOnEdges(b, pending);
    }
  }

  /** Writes what is pending at the end of `b`, needed by a successor and not carried into it. */
  private storeOnEdges(b: BlockId, state: Pending): void {
    const { f } = this.input;
    const term = f.terminator(b)!;
    const needs = term.targets.map((call) => {
      const into = this.inState.get(call.block)!;
      const needed = this.needIn.get(call.block)!;
      const out: Pending = new Map();
      for (const [s, v] of state) {
        if (!needed.has(s)) continue;
        const w = this.along(v, call, s);
        const carried = into.get(s);
        if (w === undefined || carried?.value !== w || !carried.pending) out.set(s, v);
      }
      return out;
    });
    if (needs.every((n) => n.size === 0)) return;
    const sameEverywhere = needs.every((n) => n.size === needs[0]!.size && [...n].every(([s, v]) => needs[0]!.get(s) === v));
    if (sameEverywhere) {
      // Nothing may come between an instruction with an unwind edge and its block's jump.
      const insts = f.block(b).insts;
      const before = insts.length >= 2 ? f.inst(insts[insts.length - 2]!) : null;
      this.store({ before: before?.unwind ? before : term }, needs[0]!);
      return;
    }
    needs.forEach((n, j) => {
      if (n.size > 0) this.splitEdge(b, term, j, n);
    });
  }

  /** Moves edge `j` of `term` onto a new block holding the stores, laid out before the target. */
  private splitEdge(from: BlockId, term: Inst, j: number, state: Pending): void {
    const { f } = this.input;
    const call = term.targets[j]!;
    const edge = f.newBlock();
    f.append(edge, "jump", [], [], { targets: [{ block: call.block, args: call.args }] });
    term.targets[j] = { block: edge, args: [] };
    f.order = f.order.filter((x) => x !== edge);
    f.order.splice(f.order.indexOf(call.block), 0, edge);
    this.edgeBlocks++;
    this.store({ edge, from }, state);
  }

  private store(at: Anchor, state: Pending): void {
    const { f } = this.input;
    const before = "before" in at ? at.before : f.terminator(at.edge)!;
    // Values first, then the stores (so a second run finds the group as it left it). Two slots
    // holding one box keep holding one object.
    const made = new Map<ValueId, ValueId>();
    const values = [...state].sort((a, b) => a[0] - b[0]).map(([slot, v]): [number, ValueId] => {
      if (v === FRESH_NULL) return [slot, f.insertBefore(before.id, "null", []).results[0]!];
      if (!made.has(v)) made.set(v, this.reboxable.has(v) ? (this.rebox(v, at) ?? v) : v);
      return [slot, made.get(v)!];
    });
    for (const [slot, value] of values) {
      f.insertBefore(before.id, "store_local", [value], [slot]);
      this.placed++;
    }
  }

  /** `box` made again at `at` when that is another block than the one that made it. */
  private rebox(box: ValueId, at: Anchor): ValueId | null {
    const { f, dom } = this.input;
    const inst = f.defInst(box)!;
    const block = "before" in at ? at.before.block! : at.from;
    if (block === inst.block && "before" in at) return null;
    const made = rebox(f, dom, inst, block, "before" in at ? at.before : f.terminator(at.edge)!);
    if (made !== null) this.reboxed++;
    return made;
  }
}
