// Which of the frame's fast-local slots may be stale at each instruction that can raise or
// deoptimize: the slots whose FrameState value is not known to be what the frame holds.
//
// The builder keeps the frame current with a `store_local` after every assignment, so nothing is
// stale until a pass (OPT-6) removes or sinks those stores. Lowering then writes the stale slots
// back wherever the frame can be observed: on error paths (before the traceback entry, so
// tracebacks, handlers and debuggers see the locals) and on deoptimization (the interpreter
// resumes from the frame).
//
// Forward dataflow: for each slot, the root of the value the frame holds, or UNKNOWN. At entry the
// argument slots hold the entry parameters and the others NULL. `store_local` sets a slot. An SSA
// value names one object per execution of its definition: when an instruction in a loop runs
// again, the frame can only hold the object its previous run made, so the value leaves every
// slot (likewise a block's parameters on the edges into it). Along an edge, a held value passed as
// an argument becomes the target's parameter; a held value not passed stays itself (it is still
// available in the target). Joins keep agreeing slots only. An
// error path writes every stale slot, so after an unwind edge the frame holds exactly the raising
// instruction's locals, which the landing block receives as its first parameters.

import type { BlockCall, BlockId, Func, Inst, ValueId } from "../hir/function.js";
import { FRAME_VALUE_OPS } from "./frame-values.js";
import { ALIAS_OPS, type RefcountPlan } from "./refcount-plan.js";

/** The frame slot holds NULL. */
const NULL_SLOT = -2;
/** The values known to be the object a frame slot holds (null: nothing known). */
type Slot = ReadonlySet<number> | null;

export class FrameSync {
  private readonly stale = new Map<Inst, number[]>();

  constructor(private readonly f: Func, private readonly plan: RefcountPlan) {
    this.compute();
  }

  /** Slots whose FrameState value the frame may not hold at `inst` (empty when all are current). */
  staleSlots(inst: Inst): readonly number[] {
    return this.stale.get(inst) ?? [];
  }

  /** What the frame holds after `store` (a store_local). */
  private storeInto(state: Slot[], store: Inst): void {
    // A native or frame value is boxed on the way in, and the box may fail: never current.
    const v = store.args[0]!;
    const boxed = this.f.typeOf(v).isNative || FRAME_VALUE_OPS.has(this.f.defInst(v)?.op ?? "");
    state[store.imms[0] as number] = boxed ? null : new Set([this.holds(v)]);
  }

  /** The value as a frame slot would hold it: its root, or NULL. */
  private holds(v: ValueId): number {
    const def = this.f.defInst(this.plan.root(v));
    return def?.op === "null" ? NULL_SLOT : this.plan.root(v);
  }

  private compute(): void {
    const f = this.f;
    const n = f.code.localsPlusNames.length;
    const entryParams = f.block(f.entry).params;
    const entryState: Slot[] = Array.from({ length: n }, (_, i) => new Set([entryParams[i] ?? NULL_SLOT]));
    const inState = new Map<BlockId, Slot[]>([[f.entry, entryState]]);
    const work: BlockId[] = [f.entry];
    const queued = new Set(work);
    const same = (a: Slot, b: Slot) => a === b || (a !== null && b !== null && a.size === b.size && [...a].every((x) => b.has(x)));
    const merge = (call: BlockCall, state: readonly Slot[]) => {
      const params = f.block(call.block).params;
      // Along the edge a held value stays available, and every parameter it is passed as holds
      // the same object.
      const mapped = state.map((held): Slot => {
        if (held === null) return null;
        // The target's own parameters take new values along the edge (a loop header's, on the
        // back edge): what they named before is not what they name after.
        const out = new Set([...held].filter((x) => !params.includes(x as ValueId)));
        call.args.forEach((a, k) => {
          if (held.has(this.holds(a))) out.add(params[k]!);
        });
        return out;
      });
      const old = inState.get(call.block);
      const next = old ? old.map((s, i) => (s === null || mapped[i] === null ? null : new Set([...s].filter((x) => mapped[i]!.has(x))))) : mapped;
      if (!old || next.some((s, i) => !same(s, old[i]!))) {
        inState.set(call.block, next);
        if (!queued.has(call.block)) {
          queued.add(call.block);
          work.push(call.block);
        }
      }
    };
    const run = (b: BlockId, record: boolean) => {
      const state = [...inState.get(b)!];
      for (const id of f.block(b).insts) {
        const inst = f.inst(id);
        // A store's frame state is the frame after it: its own slot is written first.
        if (inst.op === "store_local") this.storeInto(state, inst);
        if (inst.frameState) {
          const locals = inst.frameState.locals;
          if (record) {
            const stale: number[] = [];
            locals.forEach((v, i) => {
              if (!state[i]?.has(this.holds(v))) stale.push(i);
            });
            if (stale.length > 0) this.stale.set(inst, stale);
          }
          // After the error path the frame holds exactly these locals.
          if (inst.unwind && !record) merge(inst.unwind, locals.map((v) => new Set([this.holds(v)])));
        }
        // A value defined again (in a loop) is a new object: the frame holds the old one at most.
        if (!ALIAS_OPS.has(inst.op)) {
          for (const r of inst.results) {
            state.forEach((s, i) => {
              if (s?.has(r)) state[i] = new Set([...s].filter((x) => x !== r));
            });
          }
        }
        if (!record) for (const t of inst.targets) merge(t, state);
      }
    };
    while (work.length > 0) {
      const b = work.shift()!;
      queued.delete(b);
      run(b, false);
    }
    for (const b of f.order) if (inState.has(b)) run(b, true);
  }
}
