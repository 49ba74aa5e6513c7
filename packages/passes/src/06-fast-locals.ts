// OPT-6 fast-locals: keeps locals in SSA values (registers and spill slots, unboxed where OPT-5
// made them native) and writes them to the frame only where Python code could look at it.
//
// The front end writes a local to the frame after every assignment (`store_local`), so the frame
// is always what the interpreter's would be. Each write costs a load, a store, an incref and a
// decref, and keeps a boxed value alive for it. Only Python code reads a frame's locals, through
// f_locals, and only while it runs; raising and deoptimizing need no store because the lowering
// writes stale slots back on those paths (lower/frame-sync.ts). So this pass sinks each store to
// the next instruction that may run Python code (fast-locals/observers.ts), drops it when another
// store to the slot comes first on every path, and carries it out of loops whose bodies never run
// Python code, to their exits (fast-locals/placement.ts):
//
//   bb2(v7, v8):                                      bb2(v7, v8):
//       v24 = binary_op add v7, v8 @36 [...]              v24 = binary_op add v7, v8 @36 [...]
//       store_local $x v24                                v29 = binary_op add v8, v28 @56 [...]
//       v29 = binary_op add v8, v28 @56 [...]   ==>       branch v32, bb4(), bb5()
//       store_local $i v29                            bb5():
//       branch v32, bb4(), bb3(v24)                       store_local $i v29
//                                                         jump bb3(v24)
//                                                     bb3(v11):
//   bb3(v11):                                             store_local $x v11
//       return v11                                        return v11
//
// Then boxes left feeding frame states only go (fast-locals/boxes.ts).
//
// Which locals: plain fast locals (not cells or free variables, which closures share through the
// cell) every store of which writes a finalizer-free value (None, bool, int, float, complex, str,
// bytes, range, NULL or a native). Dropping such an object never runs Python code, so moving or
// removing those stores changes neither what finalizers run nor when; stores of any other value
// stay where they are and count as places that observe the frame (their decref may run __del__).
// Functions that look at their own frame (co_names mentions locals, vars, dir, exec, eval,
// _getframe, f_locals, settrace...) are left alone.

import {
  CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL, definePass, FrameStateFinder, isFinalizerFree, type FrameState, type Func, type Inst, type PassContext,
} from "@pyjc/core";
import { removeFrameStateBoxes, sinkBoxesToLoopExits } from "./fast-locals/boxes.js";
import { mayRunCode, Releases } from "./fast-locals/observers.js";
import { StorePlacement } from "./fast-locals/placement.js";
import { guardArguments } from "./fast-locals/speculate.js";
import { forwardTupleUnpacks } from "./fast-locals/tuples.js";

/** Names whose use suggests the code reads its own frame's locals: such functions keep every store. */
export const FRAME_READING_NAMES: ReadonlySet<string> = new Set([
  "locals", "vars", "dir", "exec", "eval", "breakpoint", "_getframe", "currentframe", "f_locals", "f_back", "tb_frame",
  "settrace", "setprofile", "gi_frame",
]);

export const fastLocals = definePass({
  id: 6,
  name: "fast-locals",
  level: 1,
  description: "Keeps locals in SSA values and writes them to the frame only before code that may look at it",
  requires: ["cfg", "dominators", "types", "profile"],
  run(f, ctx) {
    if (f.code.names.some((n) => FRAME_READING_NAMES.has(n))) {
      ctx.stat("skipped-reads-frame");
      return false;
    }
    const before = snapshot(f);
    const tuples = forwardTupleUnpacks(f, () => ctx.shouldTransform());
    if (tuples > 0) {
      ctx.stat("tuples-forwarded", tuples);
      ctx.invalidate();
    }
    const tracked = trackedSlots(f, ctx);
    const moved = new Set<Inst>();
    const reachable = (inst: Inst) => inst.block !== null && ctx.cfg().isReachable(inst.block);
    for (const inst of f.instructions()) {
      if (inst.op === "store_local" && tracked.has(inst.imms[0] as number) && reachable(inst) && ctx.shouldTransform()) moved.add(inst);
    }
    let placed = 0;
    let stated = 0;
    if (moved.size > 0) {
      const guards = guardArguments(f, ctx);
      if (guards > 0) {
        ctx.stat("argument-guards", guards);
        ctx.invalidate();
      }
      stated = giveStoresFrameStates(f, ctx, tracked);
      if (stated > 0) ctx.stat("stores-with-frame-states", stated);
      // The lowering makes the frame current before a release it does after an instruction with a
      // frame state can run a finalizer (lower/lowerer.ts, decrefObserved).
      const known = ctx.types();
      const releases = new Releases(f, known);
      const result = new StorePlacement({
        f, cfg: ctx.cfg(), dom: ctx.dominators(), types: known, tracked, moved,
        observes: (inst) => mayRunCode(f, inst, known) || (inst.frameState === null && releases.mayFinalizeAfter(inst)),
        root: (v) => releases.root(v),
      }).run();
      placed = result.placed;
      ctx.stat("stores-moved", moved.size);
      ctx.stat("stores-placed", result.placed);
      if (result.edgeBlocks > 0) ctx.stat("edges-split", result.edgeBlocks);
      if (result.reboxed > 0) ctx.stat("reboxed", result.reboxed);
    }
    const sunk = sinkBoxesToLoopExits(f, () => ctx.shouldTransform());
    if (sunk > 0) ctx.stat("boxes-to-exits", sunk);
    const boxes = removeFrameStateBoxes(f, () => ctx.shouldTransform());
    if (boxes > 0) ctx.stat("boxes-removed", boxes);
    if (moved.size > placed) ctx.log(`${moved.size - placed} fewer stores`);
    return stated > 0 || boxes > 0 || sunk > 0 || snapshot(f) !== before;
  },
});

/**
 * Gives the stores of other slots (whose old value's release may run a finalizer) the frame
 * state after them: the locals the frame state before them computes, with the stored one. The
 * lowering makes the frame current from it on the release's slow path, so such a store is no
 * place where Python code looks at the frame. Runs before any store moves (the computation reads
 * the stores). Returns how many stores got one.
 */
function giveStoresFrameStates(f: Func, ctx: PassContext, tracked: ReadonlySet<number>): number {
  const finder = new FrameStateFinder(f, ctx.cfg(), ctx.dominators());
  const states = new Map<Inst, FrameState>();
  for (const inst of f.instructions()) {
    const slot = inst.imms[0] as number;
    if (inst.op !== "store_local" || inst.frameState || tracked.has(slot) || !ctx.cfg().isReachable(inst.block!)) continue;
    const before = finder.before(inst);
    if (before === null || !ctx.shouldTransform()) continue;
    const locals = [...before.locals];
    locals[slot] = inst.args[0]!;
    states.set(inst, { offset: before.offset, locals, stack: [] });
  }
  for (const [inst, fs] of states) inst.frameState = fs;
  return states.size;
}

/** Plain locals whose every store writes a finalizer-free value. */
function trackedSlots(f: Func, ctx: PassContext): Set<number> {
  const types = ctx.types();
  const tracked = new Set<number>();
  f.code.localsPlusKinds.forEach((kind, i) => {
    if (kind & CO_FAST_LOCAL && !(kind & (CO_FAST_CELL | CO_FAST_FREE))) tracked.add(i);
  });
  for (const inst of f.instructions()) {
    if (inst.op === "store_local" && !isFinalizerFree(types.typeOf(inst.args[0]!))) tracked.delete(inst.imms[0] as number);
  }
  return tracked;
}

/**
 * The parts of the IR this pass edits, to report a change exactly when the printed IR changed:
 * the blocks, their instructions, and each store's slot and value.
 */
function snapshot(f: Func): string {
  return f.order
    .map((b) => `${b}:${f.block(b).insts.map((id) => {
      const inst = f.inst(id);
      return inst.op === "store_local" ? `s${inst.imms[0] as number}=${inst.args[0]}` : `#${id}`;
    }).join(",")}`)
    .join(";");
}
