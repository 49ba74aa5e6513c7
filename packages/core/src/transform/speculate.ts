// Speculation, the one way the typed passes do it: a guard placed right before the instruction
// whose bytecode needs the assumption, deoptimizing with that instruction's FrameState (the frame
// before the bytecode instruction runs) so the interpreter redoes the whole instruction when the
// assumption fails. The guard's result is the same object with the narrower type, and the uses it
// dominates are switched to it so every later operation sees the fact.

import type { Cfg } from "../analysis/cfg.js";
import { buildCfg } from "../analysis/cfg.js";
import { computeDominators, type DomTree } from "../analysis/dominators.js";
import type { Func, Inst, ValueId } from "../hir/function.js";
import { opDef } from "../hir/ops.js";
import type { Type } from "../hir/types.js";

export class SpeculationError extends Error {
  override readonly name = "SpeculationError";
}

/**
 * Whether a guard may deoptimize at `at`: it has a FrameState and no earlier instruction of the
 * same bytecode instruction in its block has an effect (the interpreter would redo it).
 */
export function canGuardBefore(f: Func, at: Inst): boolean {
  const fs = at.frameState;
  if (!fs || at.block === null) return false;
  const insts = f.block(at.block).insts;
  for (const id of insts.slice(0, insts.indexOf(at.id))) {
    const prior = f.inst(id);
    if (prior.frameState?.offset === fs.offset && !opDef(prior.op).flags.pure) return false;
  }
  return true;
}

function insertGuard(f: Func, at: Inst, op: "guard_type" | "guard_is", args: ValueId[], imms: unknown[]): ValueId {
  if (!canGuardBefore(f, at)) throw new SpeculationError(`cannot deoptimize before ${at.op} at offset ${at.frameState?.offset}`);
  const fs = at.frameState!;
  const guard = f.insertBefore(at.id, op, args, imms, {
    frameState: { offset: fs.offset, locals: [...fs.locals], stack: [...fs.stack] },
  });
  return guard.results[0]!;
}

/** `guard_type v <t>` before `at`; returns the guarded value (uses are not switched). */
export function guardType(f: Func, at: Inst, v: ValueId, t: Type): ValueId {
  return insertGuard(f, at, "guard_type", [v], [t]);
}

/** `guard_is v, expected` before `at`; returns the guarded value (uses are not switched). */
export function guardIs(f: Func, at: Inst, v: ValueId, expected: ValueId): ValueId {
  return insertGuard(f, at, "guard_is", [v, expected], []);
}

/**
 * Replaces the uses of `v` that `guard` dominates (operands and edge arguments; frame states keep
 * the original, which is the same object) by `guarded`.
 */
export function useGuarded(f: Func, v: ValueId, guarded: ValueId, analyses?: { cfg: Cfg; dom: DomTree }): void {
  const guard = f.defInst(guarded);
  if (!guard || guard.block === null) throw new SpeculationError(`v${guarded} is not an instruction result`);
  const cfg = analyses?.cfg ?? buildCfg(f);
  const dom = analyses?.dom ?? computeDominators(cfg);
  const gBlock = guard.block;
  const gPos = f.block(gBlock).insts.indexOf(guard.id);
  for (const inst of f.instructions()) {
    if (inst.id === guard.id || inst.block === null) continue;
    const dominated =
      inst.block === gBlock ? f.block(gBlock).insts.indexOf(inst.id) > gPos : dom.dominates(gBlock, inst.block);
    if (!dominated) continue;
    inst.args = inst.args.map((a) => (a === v ? guarded : a));
    for (const t of inst.targets) t.args = t.args.map((a) => (a === v ? guarded : a));
    if (inst.unwind) inst.unwind.args = inst.unwind.args.map((a) => (a === v ? guarded : a));
  }
}

/**
 * Where guards on the arguments go: the first instruction with a frame state on the straight line
 * of blocks that starts the function, when a guard may deoptimize before it (the interpreter then
 * runs the function from its start); null otherwise.
 */
export function argumentGuardPoint(f: Func, cfg: Cfg): Inst | null {
  for (let b = f.entry, seen = 0; seen < 100; seen++) {
    const insts = f.block(b).insts.map((id) => f.inst(id));
    const found = insts.find((i) => i.frameState !== null);
    if (found) return canGuardBefore(f, found) ? found : null;
    const last = insts[insts.length - 1];
    if (last?.op !== "jump" || cfg.predecessors(last.targets[0]!.block).length !== 1) return null;
    b = last.targets[0]!.block;
  }
  return null;
}
