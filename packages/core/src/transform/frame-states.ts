// Frame states for instructions a pass creates where the front end left none: where deoptimizing
// is legal, the frame state a new raising instruction can carry, and splitting a block so a new
// raising instruction can have an unwind edge.
//
// Every slot of the interpreter's frame is written by `store_local` (the front end's rule), so the
// locals the frame holds at any point are those of the nearest earlier frame state in the block
// with the `store_local`s after it applied; a block without one starts with what every edge into
// it brings (the value itself when all agree, the block parameter it is passed as otherwise).

import type { Cfg } from "../analysis/cfg.js";
import type { DomTree } from "../analysis/dominators.js";
import type { BlockId, FrameState, Func, Inst, ValueId } from "../hir/function.js";
import { opDef } from "../hir/ops.js";

/** An operation that only reads its operands or deoptimizes: nothing to redo after it. */
function effectFree(op: string): boolean {
  const flags = opDef(op).flags;
  return !!flags.pure || (!!flags.deopts && !flags.raises && !flags.terminator);
}

/**
 * Whether an instruction that deoptimizes may go right before `at` with its frame state: `at`
 * has one, and every earlier instruction of the same bytecode instruction in the block is pure or
 * only deoptimizes (guards, unboxing, native arithmetic), so the interpreter redoes nothing that
 * already happened. (speculate.ts's `canGuardBefore` refuses a second guard before the same
 * instruction, which this allows.)
 */
export function canDeoptBefore(f: Func, at: Inst): boolean {
  const fs = at.frameState;
  if (!fs || at.block === null) return false;
  const insts = f.block(at.block).insts;
  for (const id of insts.slice(0, insts.indexOf(at.id))) {
    const prior = f.inst(id);
    if (prior.frameState?.offset === fs.offset && !effectFree(prior.op)) return false;
  }
  return true;
}

export function copyFrameState(fs: FrameState): FrameState {
  return { offset: fs.offset, locals: [...fs.locals], stack: [...fs.stack] };
}

/**
 * Computes the frame's locals at points of a function, for frame states of new instructions that
 * can raise (an allocation that may fail with MemoryError). The offset and value stack are those
 * of the nearest dominating instruction with a frame state: where the exception is reported, and
 * nothing the error path reads. Such a frame state is for raising only: it is not a point where
 * the interpreter could resume.
 */
export class FrameStateFinder {
  private readonly entryLocals = new Map<BlockId, ValueId[] | null>();
  private readonly pending = new Set<BlockId>();

  constructor(private readonly f: Func, private readonly cfg: Cfg, private readonly dom: DomTree) {}

  /** The frame state right before `inst` (an instruction in a block), or null when unknown. */
  before(inst: Inst): FrameState | null {
    if (inst.block === null) return null;
    const insts = this.f.block(inst.block).insts;
    return this.at(inst.block, insts.indexOf(inst.id));
  }

  /** The frame state before position `pos` of `block` (the number of instructions before it). */
  at(block: BlockId, pos: number): FrameState | null {
    const locals = this.localsAt(block, pos);
    const anchor = this.anchor(block, pos);
    if (locals === null || anchor === null) return null;
    return { offset: anchor.offset, locals, stack: [...anchor.stack] };
  }

  private localsAt(block: BlockId, pos: number): ValueId[] | null {
    const insts = this.f.block(block).insts;
    let start = -1;
    let locals: ValueId[] | null = null;
    for (let i = pos - 1; i >= 0; i--) {
      const fs = this.f.inst(insts[i]!).frameState;
      if (fs) {
        start = i;
        locals = [...fs.locals];
        break;
      }
    }
    if (locals === null) {
      const entry = this.atEntry(block);
      if (entry === null) return null;
      locals = [...entry];
    }
    for (let i = start + 1; i < pos; i++) {
      const inst = this.f.inst(insts[i]!);
      if (inst.op === "store_local") locals[inst.imms[0] as number] = inst.args[0]!;
    }
    return locals;
  }

  private atEntry(block: BlockId): ValueId[] | null {
    const f = this.f;
    if (this.entryLocals.has(block)) return this.entryLocals.get(block)!;
    if (block === f.entry || this.pending.has(block)) return null;
    this.pending.add(block);
    const params = f.block(block).params;
    const incoming: { locals: ValueId[]; args: ValueId[] }[] = [];
    let ok = true;
    for (const pred of this.cfg.predecessors(block)) {
      if (!this.cfg.isReachable(pred)) continue;
      const predInsts = f.block(pred).insts;
      const end = this.localsAt(pred, predInsts.length);
      const term = f.inst(predInsts[predInsts.length - 1]!);
      const calls = term.targets.filter((t) => t.block === block);
      // Landing blocks (entered by unwind edges) are not handled.
      if (end === null || calls.length === 0 || predInsts.some((id) => f.inst(id).unwind?.block === block)) {
        ok = false;
        break;
      }
      for (const call of calls) incoming.push({ locals: end, args: call.args });
    }
    let result: ValueId[] | null = null;
    if (ok && incoming.length > 0) {
      const n = incoming[0]!.locals.length;
      const out: ValueId[] = [];
      for (let s = 0; s < n && result === null; s++) {
        const first = incoming[0]!.locals[s]!;
        if (incoming.every((e) => e.locals[s] === first) && !params.includes(first)) {
          out.push(first);
          continue;
        }
        const k = incoming[0]!.args.indexOf(first);
        if (k >= 0 && incoming.every((e) => e.args[k] === e.locals[s])) out.push(params[k]!);
        else break;
      }
      if (out.length === n) result = out;
    }
    this.pending.delete(block);
    this.entryLocals.set(block, result);
    return result;
  }

  /** The nearest instruction with a frame state before (block, pos) or in a dominating block. */
  private anchor(block: BlockId, pos: number): FrameState | null {
    let b: BlockId | undefined = block;
    let limit = pos;
    while (b !== undefined) {
      const insts = this.f.block(b).insts;
      for (let i = limit - 1; i >= 0; i--) {
        const fs = this.f.inst(insts[i]!).frameState;
        if (fs) return fs;
      }
      const up = this.dom.idom.get(b);
      b = up === b ? undefined : up; // the entry is its own immediate dominator
      if (b !== undefined) limit = this.f.block(b).insts.length;
    }
    return null;
  }
}

/**
 * Moves `inst` and everything after it in its block to a new block placed right after it, which
 * the old block now jumps to. Values keep dominating what they dominated. Returns the new block.
 */
export function splitBefore(f: Func, inst: Inst): BlockId {
  const from = inst.block!;
  const insts = f.block(from).insts;
  const at = insts.indexOf(inst.id);
  const moved = insts.splice(at);
  const to = f.newBlock();
  f.order.pop();
  f.order.splice(f.order.indexOf(from) + 1, 0, to);
  for (const id of moved) {
    f.block(to).insts.push(id);
    f.inst(id).block = to;
  }
  f.append(from, "jump", [], [], { targets: [{ block: to, args: [] }] });
  return to;
}
