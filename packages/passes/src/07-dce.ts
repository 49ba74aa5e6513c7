// OPT-7 dce: removes pure instructions whose results are unused and block parameters that only
// feed dead parameters.
//
// Mark and sweep over values. Roots are every use by an instruction that must stay: operands and
// frame states of instructions that are not pure (effects, raising operations, terminators). A
// live result makes its pure instruction live; a live block parameter makes the matching argument
// of every edge into its block live. What is never marked goes: pure instructions, and the
// parameters of blocks other than the entry together with their edge arguments, so a loop-carried
// value that nothing reads disappears with the whole cycle that carries it.
//
//   bb1(v3, v4):                              bb1(v3):
//       v5 = const None #0                        v7 = call () v3 @10 [...]
//       v6 = is_op 0 v3, v5            ==>        jump bb2()
//       v7 = call () v3 @10 [...]
//       jump bb2(v6)                  (bb2's parameter v8 was only passed back to bb1 as v4)
//
// Frame states count as uses: a value the interpreter would need to resume after a deoptimization
// is live. The debug counter gates each removal; a refused removal becomes a root, which keeps
// whatever it reads.

import { definePass, incomingCalls, opDef, type BlockId, type Func, type Inst, type ValueId } from "@pyjc/core";

export const dce = definePass({
  id: 7,
  name: "dce",
  level: 1,
  description: "Removes pure instructions whose results are unused and block parameters that only feed dead parameters",
  run(f, ctx) {
    // Each candidate is asked once; after the first refusal the counter refuses every later one.
    const decided = new Map<Inst | ValueId, boolean>();
    const approve = (key: Inst | ValueId): boolean => {
      let ok = decided.get(key);
      if (ok === undefined) decided.set(key, (ok = ctx.shouldTransform()));
      return ok;
    };
    let dead: Dead;
    for (;;) {
      const refused = new Set([...decided].filter(([, ok]) => !ok).map(([key]) => key));
      dead = findDead(f, refused);
      let refusedMore = false;
      for (const item of [...dead.params.map((p) => p.value), ...dead.insts]) {
        if (!approve(item)) refusedMore = true;
      }
      if (!refusedMore) break;
    }
    removeParams(f, dead.params);
    for (const inst of dead.insts) f.remove(inst.id);
    if (dead.insts.length > 0) ctx.stat("removed-instructions", dead.insts.length);
    if (dead.params.length > 0) ctx.stat("removed-params", dead.params.length);
    return dead.insts.length > 0 || dead.params.length > 0;
  },
});

interface DeadParam {
  readonly block: BlockId;
  readonly value: ValueId;
}

interface Dead {
  readonly insts: Inst[];
  readonly params: DeadParam[];
}

/** Everything no root reaches; `keep` holds instructions and parameters to treat as roots. */
function findDead(f: Func, keep: ReadonlySet<Inst | ValueId>): Dead {
  const incoming = incomingCalls(f);

  const live = new Set<ValueId>();
  const liveInsts = new Set<Inst>();
  const work: ValueId[] = [];
  const mark = (v: ValueId) => {
    if (!live.has(v)) {
      live.add(v);
      work.push(v);
    }
  };
  const markInst = (inst: Inst) => {
    if (liveInsts.has(inst)) return;
    liveInsts.add(inst);
    inst.args.forEach(mark);
    if (inst.frameState) {
      inst.frameState.locals.forEach(mark);
      inst.frameState.stack.forEach(mark);
    }
    // Edge arguments become live only through the parameters they feed.
  };

  for (const inst of f.instructions()) if (!opDef(inst.op).flags.pure || keep.has(inst)) markInst(inst);
  for (const b of f.blocks()) for (const p of b.params) if (b.id === f.entry || keep.has(p)) mark(p);
  while (work.length > 0) {
    const v = work.pop()!;
    const def = f.value(v).def;
    if (def.kind === "result") markInst(f.inst(def.inst));
    else if (def.block !== f.entry) for (const call of incoming.get(def.block)!) mark(call.args[def.index]!);
  }

  const insts: Inst[] = [];
  const params: DeadParam[] = [];
  for (const b of f.blocks()) {
    for (const p of b.params) if (!live.has(p)) params.push({ block: b.id, value: p });
    for (const id of b.insts) {
      const inst = f.inst(id);
      if (!liveInsts.has(inst)) insts.push(inst);
    }
  }
  return { insts, params };
}

/** Removes parameters and the matching argument of every edge into their blocks. */
function removeParams(f: Func, dead: readonly DeadParam[]): void {
  if (dead.length === 0) return;
  const byBlock = new Map<BlockId, Set<ValueId>>();
  for (const { block, value } of dead) {
    if (!byBlock.has(block)) byBlock.set(block, new Set());
    byBlock.get(block)!.add(value);
  }
  const incoming = incomingCalls(f);
  for (const [block, values] of byBlock) {
    const params = f.block(block).params;
    for (let i = params.length - 1; i >= 0; i--) {
      if (!values.has(params[i]!)) continue;
      f.removeParam(block, i);
      for (const call of incoming.get(block)!) call.args.splice(i, 1);
    }
  }
}
