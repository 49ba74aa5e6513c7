// OPT-8 simplify-cfg: folds constant branches, merges straight-line blocks, threads jumps through
// empty blocks and removes unreachable blocks.
//
// Four rewrites, repeated until none applies, then trivial block parameters go:
//   - `branch c, T, F` where c is `cbool 1` (or 0) becomes `jump T` (or F); a branch whose two
//     edges are identical becomes a jump too.
//   - A block B whose only predecessor P ends in `jump B(args)` is appended to P, its parameters
//     replaced by the arguments:
//       bb1(v2):                                bb1(v2):
//           v3 = load_attr 'x' v2 @4 [...]          v3 = load_attr 'x' v2 @4 [...]
//           jump bb2(v3)               ==>          v5 = call () v3 @12 [...]
//       bb2(v4):                                    return v5
//           v5 = call () v4 @12 [...]
//           return v5
//     Not when B is the entry or a landing block, and not when P's instruction before the jump has
//     an unwind edge: that instruction must stay last before its block's jump (the verifier's
//     unwind rule), and its results exist only from B on.
//   - An edge into a block that holds nothing but `jump C(args)` goes to C directly, with B's
//     parameters replaced by the edge's arguments in `args`. Not through the entry or a landing
//     block, not when B's parameters are used beyond its own jump (B would no longer dominate those
//     uses), and not out of a block whose jump follows an unwinding instruction whose results are
//     used past B or passed along the edge (they are only available where B's region begins).
//   - Blocks the entry no longer reaches are removed.
// Instructions are moved, never rewritten, so frame states and unwind edges are untouched. The
// debug counter gates each fold, merge and threaded edge; the clean-ups (unreachable blocks,
// trivial parameters) always run.

import {
  definePass,
  Func,
  removeTrivialParams,
  removeUnreachableBlocks,
  type BlockCall,
  type BlockId,
  type Inst,
  type PassContext,
  type ValueId,
} from "@pyjc/core";

export const simplifyCfg = definePass({
  id: 8,
  name: "simplify-cfg",
  level: 1,
  description: "Folds constant branches, merges straight-line blocks, threads jumps through empty blocks and removes unreachable blocks",
  run(f, ctx) {
    let changed = false;
    for (;;) {
      let progress = foldBranches(f, ctx);
      progress = removeUnreachableBlocks(f) || progress;
      progress = mergeBlocks(f, ctx) || progress;
      progress = threadJumps(f, ctx) || progress;
      progress = removeUnreachableBlocks(f) || progress;
      progress = removeTrivialParams(f) || progress;
      if (!progress) return changed;
      changed = true;
    }
  },
});

function sameCall(a: BlockCall, b: BlockCall): boolean {
  return a.block === b.block && a.args.length === b.args.length && a.args.every((v, i) => v === b.args[i]);
}

/** `branch` on a `cbool` constant, or with two identical edges, becomes `jump`. */
function foldBranches(f: Func, ctx: PassContext): boolean {
  let changed = false;
  for (const b of f.order) {
    const term = f.terminator(b);
    if (term?.op !== "branch") continue;
    const cond = f.defInst(term.args[0]!);
    let taken: BlockCall | null = null;
    if (cond?.op === "cbool") taken = term.targets[(cond.imms[0] as number) !== 0 ? 0 : 1]!;
    else if (sameCall(term.targets[0]!, term.targets[1]!)) taken = term.targets[0]!;
    if (taken === null || !ctx.shouldTransform()) continue;
    term.op = "jump";
    term.args = [];
    term.targets = [taken];
    ctx.stat(cond?.op === "cbool" ? "folded-branches" : "branches-to-one-target");
    changed = true;
  }
  return changed;
}

/** Every edge into each block, with the instruction it leaves from (whose `block` stays current). */
function incomingEdges(f: Func): Map<BlockId, { call: BlockCall; from: Inst; exceptional: boolean }[]> {
  const incoming = new Map<BlockId, { call: BlockCall; from: Inst; exceptional: boolean }[]>();
  for (const b of f.order) incoming.set(b, []);
  for (const from of f.instructions()) {
    for (const call of from.targets) incoming.get(call.block)!.push({ call, from, exceptional: false });
    if (from.unwind) incoming.get(from.unwind.block)!.push({ call: from.unwind, from, exceptional: true });
  }
  return incoming;
}

/** The instruction before a block's terminator, if it has an unwind edge. */
function unwindingBeforeJump(f: Func, block: BlockId): Inst | null {
  const insts = f.block(block).insts;
  if (insts.length < 2) return null;
  const inst = f.inst(insts[insts.length - 2]!);
  return inst.unwind ? inst : null;
}

function isLanding(f: Func, block: BlockId): boolean {
  const first = f.block(block).insts[0];
  return first !== undefined && ["catch", "catch_lasti"].includes(f.inst(first).op);
}

/** Appends each block to its only predecessor when that predecessor jumps to it. */
function mergeBlocks(f: Func, ctx: PassContext): boolean {
  const blocksBefore = f.order.length;
  const incoming = incomingEdges(f);
  // Parameters are replaced once at the end: f.substitute walks the whole function.
  const replaced = new Map<ValueId, ValueId>();
  for (const b of [...f.order]) {
    if (b === f.entry || !f.hasBlock(b)) continue;
    const edges = incoming.get(b)!;
    if (edges.length !== 1) continue;
    const { call, from: jump, exceptional } = edges[0]!;
    const pred = jump.block;
    if (exceptional || jump.op !== "jump" || pred === null || pred === b || isLanding(f, b)) continue;
    if (unwindingBeforeJump(f, pred) !== null || !ctx.shouldTransform()) continue;
    const block = f.block(b);
    block.params.forEach((p, i) => replaced.set(p, call.args[i]!));
    const moved = block.insts;
    block.insts = [];
    f.remove(jump.id);
    const into = f.block(pred).insts;
    for (const id of moved) {
      f.inst(id).block = pred;
      into.push(id);
    }
    f.removeBlock(b);
    ctx.stat("merged-blocks");
  }
  f.substitute(replaced);
  return f.order.length !== blocksBefore;
}

/** Redirects edges that enter blocks holding only a jump to that jump's target. */
function threadJumps(f: Func, ctx: PassContext): boolean {
  const uses = useSites(f);
  const incoming = incomingEdges(f);
  /** The lone jump of a block that edges may skip, or null. */
  const skippable = (b: BlockId): Inst | null => {
    if (b === f.entry || isLanding(f, b)) return null;
    const block = f.block(b);
    if (block.insts.length !== 1) return null;
    const jump = f.inst(block.insts[0]!);
    if (jump.op !== "jump" || jump.targets[0]!.block === b) return null;
    if (incoming.get(b)!.some((e) => e.exceptional)) return null;
    return block.params.every((p) => (uses.get(p) ?? []).every((u) => u === jump)) ? jump : null;
  };
  let changed = false;
  for (const b of [...f.order]) {
    const term = f.terminator(b);
    if (term === null || (term.op !== "jump" && term.op !== "branch")) continue;
    // Results of an unwinding instruction before this jump exist only from the jump's target on
    // (the verifier's rule). Skipping that target is safe only if they are used nowhere past it
    // and do not travel along the new edge: a parameter that receives them could later turn
    // trivial and be replaced by them in blocks the target no longer dominates.
    const unwinding = term.op === "jump" ? unwindingBeforeJump(f, b) : null;
    term.targets.forEach((call, t) => {
      let current = call;
      const seen = new Set<BlockId>([b]);
      for (let jump = skippable(current.block); jump !== null; jump = skippable(current.block)) {
        if (seen.has(current.block)) return; // a cycle of empty blocks: leave it
        seen.add(current.block);
        const next = substituteParams(f, current, jump.targets[0]!);
        if (unwinding) {
          const confined = unwinding.results.every((r) => (uses.get(r) ?? []).every((u) => u === term || u === jump));
          if (!confined || next.args.some((a) => unwinding.results.includes(a))) break;
        }
        current = next;
      }
      if (current === call || !ctx.shouldTransform()) return;
      for (const v of call.args) dropUse(uses, v, term);
      for (const v of current.args) addUse(uses, v, term);
      term.targets[t] = current;
      ctx.stat("threaded-edges");
      changed = true;
    });
  }
  return changed;
}

/** `next` as seen from the edge `call` into the block that jumps to it. */
function substituteParams(f: Func, call: BlockCall, next: BlockCall): BlockCall {
  const params = f.block(call.block).params;
  return { block: next.block, args: next.args.map((a) => { const i = params.indexOf(a); return i >= 0 ? call.args[i]! : a; }) };
}

/** The instructions that use each value (once per use). */
function useSites(f: Func): Map<ValueId, Inst[]> {
  const uses = new Map<ValueId, Inst[]>();
  for (const inst of f.instructions()) for (const v of Func.usesOf(inst)) addUse(uses, v, inst);
  return uses;
}

function addUse(uses: Map<ValueId, Inst[]>, v: ValueId, inst: Inst): void {
  const list = uses.get(v);
  if (list) list.push(inst);
  else uses.set(v, [inst]);
}

function dropUse(uses: Map<ValueId, Inst[]>, v: ValueId, inst: Inst): void {
  const list = uses.get(v);
  const i = list?.indexOf(inst) ?? -1;
  if (i >= 0) list!.splice(i, 1);
}
