// Boxes of native locals (06-fast-locals.ts). Once OPT-5 keeps a local's number native, its
// object is made only for whoever needs one: the frame (a `store_local`), a frame state, an object
// parameter. After the stores left a loop, a box made inside the loop may be needed only on the
// way out; this file moves it there and removes what frame states alone read.
//
// - Reboxing: a box whose store moved to another block, or that a loop exit edge passes on, is
//   made again at that place (`box_float n` with the original box's frame state: a MemoryError
//   then reports the line that computed the value, with the locals of that moment). Only in
//   functions without exception handlers, where the new box needs no unwind edge, and where the
//   frame state's values are available.
// - Frame-state-only boxes go: a frame state may name the native value itself (the lowering
//   boxes it on the way out, as it boxes any native local it writes back):
//
//     v9 = fbin add v7, v8 @30 [...]                 v9 = fbin add v7, v8 @30 [...]
//     v10 = box_float v9 @30 [...]         ==>       v11 = fbin mul v9, v9 @38 [v0 v9 | ...]
//     v11 = fbin mul v9, v9 @38 [v0 v10 | ...]
//
// Identity is the one thing a box carries besides the number: where a frame state names the same
// native twice (`y = x`, or `x * x` on the value stack), the lowering boxes it once for all of
// them, as the interpreter had one object there.

import {
  buildCfg, computeDominators, findLoops, removeUnreachableBlocks, type BlockId, type DomTree, type Func, type Inst, type ValueId,
} from "@pyjc/core";

export const BOXES: ReadonlySet<string> = new Set(["box_float", "box_int"]);

/** Whether any instruction has an unwind edge (a new box could not join its handler). */
export function hasHandlers(f: Func): boolean {
  for (const inst of f.instructions()) if (inst.unwind) return true;
  return false;
}

/**
 * Whether `v` may be used in `block` right before `before` (null: at the block's end). Assumes no
 * unwind edges (results of unwinding instructions exist only on their normal path).
 */
export function availableIn(f: Func, dom: DomTree, v: ValueId, block: BlockId, before: Inst | null): boolean {
  const def = f.value(v).def;
  if (def.kind === "param") return dom.dominates(def.block, block);
  const inst = f.inst(def.inst);
  if (inst.block !== block) return inst.block !== null && dom.dominates(inst.block, block);
  if (before === null) return true;
  const insts = f.block(block).insts;
  return insts.indexOf(inst.id) < insts.indexOf(before.id);
}

/**
 * `box` (a box instruction) made again right before `before`, in `block`, when its frame state's
 * values and its operand are available there; the new value, or null.
 */
export function rebox(f: Func, dom: DomTree, box: Inst, block: BlockId, before: Inst): ValueId | null {
  const fs = box.frameState!;
  const at = before.block === block ? before : null;
  if (![box.args[0]!, ...fs.locals, ...fs.stack].every((v) => availableIn(f, dom, v, block, at))) return null;
  const made = f.insertBefore(before.id, box.op, [box.args[0]!], [], {
    frameState: { offset: fs.offset, locals: [...fs.locals], stack: [...fs.stack] },
  });
  return made.results[0]!;
}

/**
 * Boxes made in a loop whose object only leaves the loop (edge arguments of exit edges; frame
 * states aside) are made on the exit edges instead. Returns how many boxes moved.
 */
export function sinkBoxesToLoopExits(f: Func, approve: () => boolean): number {
  if (hasHandlers(f)) return 0;
  const cfg = buildCfg(f);
  const dom = computeDominators(cfg);
  const loops = findLoops(cfg, dom);
  const boxes = new Map<ValueId, Inst>();
  for (const inst of f.instructions()) {
    if (BOXES.has(inst.op) && inst.block !== null && loops.innermost.has(inst.block)) boxes.set(inst.results[0]!, inst);
  }
  if (boxes.size === 0) return 0;
  const edgeUses = new Map<ValueId, { term: Inst; j: number }[]>();
  const otherUse = new Set<ValueId>();
  for (const inst of f.instructions()) {
    for (const v of inst.args) otherUse.add(v);
    inst.targets.forEach((t, j) => {
      for (const v of new Set(t.args)) if (boxes.has(v)) edgeUses.set(v, [...(edgeUses.get(v) ?? []), { term: inst, j }]);
    });
  }
  // Edge blocks made so far, by edge (a second box leaving on the same edge joins the first).
  const split = new Map<string, Inst>();
  const jumpOf = (term: Inst, j: number): Inst => {
    if (term.targets.length === 1) return term;
    const key = `${term.id}:${j}`;
    let jump = split.get(key);
    if (!jump) {
      const call = term.targets[j]!;
      const edge = f.newBlock();
      jump = f.append(edge, "jump", [], [], { targets: [{ block: call.block, args: call.args }] });
      term.targets[j] = { block: edge, args: [] };
      f.order = f.order.filter((x) => x !== edge);
      f.order.splice(f.order.indexOf(call.block), 0, edge);
      split.set(key, jump);
    }
    return jump;
  };
  let moved = 0;
  for (const [v, box] of boxes) {
    const uses = edgeUses.get(v);
    if (!uses || otherUse.has(v)) continue;
    const loop = loops.innermost.get(box.block!)!;
    // Every use is an edge from inside the loop to outside it, where the frame state is valid.
    const outside = (term: Inst, j: number) => {
      const t = split.get(`${term.id}:${j}`)?.targets[0]!.block ?? term.targets[j]!.block;
      return !loop.blocks.has(t);
    };
    const exits = uses.every(({ term, j }) => loop.blocks.has(term.block!) && outside(term, j));
    const fs = box.frameState!;
    const valid = uses.every(({ term }) => [box.args[0]!, ...fs.locals, ...fs.stack].every((x) => availableIn(f, dom, x, term.block!, null)));
    if (!exits || !valid || !approve()) continue;
    for (const { term, j } of uses) {
      const jump = jumpOf(term, j);
      const made = rebox(f, dom, box, term.block!, jump)!;
      const target = jump.targets[0]!;
      target.args = target.args.map((a) => (a === v ? made : a));
    }
    moved++;
  }
  return moved;
}

/** Removes boxes read only by frame states; returns how many went. */
export function removeFrameStateBoxes(f: Func, approve: () => boolean): number {
  const boxes = new Map<ValueId, Inst>();
  for (const inst of f.instructions()) if (BOXES.has(inst.op)) boxes.set(inst.results[0]!, inst);
  if (boxes.size === 0) return 0;
  const keep = new Set<ValueId>();
  for (const inst of f.instructions()) {
    for (const v of inst.args) keep.add(v);
    for (const call of inst.unwind ? [...inst.targets, inst.unwind] : inst.targets) for (const v of call.args) keep.add(v);
  }
  const natives = new Map<ValueId, ValueId>();
  let removedUnwind = false;
  for (const [v, inst] of boxes) {
    if (keep.has(v) || !approve()) continue;
    natives.set(v, inst.args[0]!);
    removedUnwind ||= inst.unwind !== null;
  }
  if (natives.size === 0) return 0;
  for (const inst of f.instructions()) {
    if (!inst.frameState) continue;
    const fs = inst.frameState;
    fs.locals = fs.locals.map((v) => natives.get(v) ?? v);
    fs.stack = fs.stack.map((v) => natives.get(v) ?? v);
  }
  for (const v of natives.keys()) f.remove(boxes.get(v)!.id);
  // A removed box with an unwind edge may leave its landing block without any edge into it.
  if (removedUnwind) removeUnreachableBlocks(f);
  return natives.size;
}
