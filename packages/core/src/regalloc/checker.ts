// An independent check of a register allocation against the LIR it was made for (after the
// symbolic checker of Cranelift's regalloc2). It trusts nothing the allocator computed: liveness is
// recomputed here with plain sets, and the program is executed symbolically.
//
// Static checks: every vreg that is read or written has a location of its class, in an
// allocatable register (never a scratch register) or an existing spill slot; every callee-saved
// register in use is reported for the prologue to save; the results of one instruction have
// distinct locations; no two vregs live at the same point share a location (except a `mov`'s
// destination and source, which hold the same value); no value live across a call sits in a
// caller-saved register.
//
// Symbolic execution: the state maps each location to the set of vregs whose current value it
// holds. A definition removes its vreg from every location and puts it in its own (a `mov` copies
// the source location's set); a call empties every caller-saved register. At a block entry the
// states of the predecessors meet: a location holds v if on every incoming path it holds v or v
// was never defined on that path (reading a never-written vreg reads garbage in the original
// program too). The meet runs to its greatest fixpoint over the CFG; then every read of v must
// find v in v's location.

import { clobbersCallerSaved, defsOf, usesOf, type LirFunc, type LirInst, type VReg } from "../lir/lir.js";
import { printLirInst } from "../lir/printer.js";
import { BitSet } from "./bitset.js";
import { blockSuccessors } from "./liveness.js";
import { isCalleeSaved, locationKey, printLocation, regKey, type Location, type PhysReg, type RegisterFile } from "./register-file.js";

export interface AllocationToCheck {
  readonly locations: readonly (Location | null)[];
  readonly spillSlots: number;
  readonly calleeSavedUsed: readonly PhysReg[];
}

interface State {
  readonly holds: Map<string, Set<VReg>>;
  /** Vregs not defined on any path to here (a bit set: it is copied and met at every block). */
  readonly undefinedVregs: BitSet;
}

/** Every violation found (empty when the allocation is valid), each naming block and instruction. */
export function checkAllocation(f: LirFunc, regs: RegisterFile, alloc: AllocationToCheck): string[] {
  const errors: string[] = [];
  const where = (b: number, inst: LirInst | null) => `L${f.blocks[b]!.id}: ${inst ? printLirInst(inst) : "(entry)"}`;
  const locOf = (v: VReg) => alloc.locations[v] ?? null;
  const show = (v: VReg) => `r${v}@${locOf(v) ? printLocation(locOf(v)!) : "nowhere"}`;

  checkLocations(f, regs, alloc, errors);

  const succs = blockSuccessors(f);
  const preds: number[][] = f.blocks.map(() => []);
  succs.forEach((ss, b) => ss.forEach((s) => preds[s]!.push(b)));
  const liveOut = setLiveness(f, succs);

  // Interference and the call rule, instruction by instruction, with live-after sets.
  const entryLive = liveBefore(f, 0, liveOut[0]!);
  const params = f.params.filter((p) => entryLive.has(p));
  params.forEach((p, i) => {
    for (const q of params.slice(i + 1)) {
      if (locOf(p) && locOf(q) && locationKey(locOf(p)!) === locationKey(locOf(q)!)) {
        errors.push(`${where(0, null)}: parameters ${show(p)} and ${show(q)} share a location`);
      }
    }
  });
  f.blocks.forEach((block, b) => {
    const live = new Set(liveOut[b]);
    for (let k = block.insts.length - 1; k >= 0; k--) {
      const inst = block.insts[k]!;
      const defs = defsOf(inst);
      const seen = new Map<string, VReg>();
      for (const d of defs) {
        const l = locOf(d);
        if (l === null) continue;
        const other = seen.get(locationKey(l));
        if (other !== undefined) errors.push(`${where(b, inst)}: results ${show(other)} and ${show(d)} share a location`);
        seen.set(locationKey(l), d);
        for (const v of live) {
          if (v === d || locOf(v) === null || locationKey(locOf(v)!) !== locationKey(l)) continue;
          if (inst.op === "mov" && inst.src === v) continue;
          errors.push(`${where(b, inst)}: writing ${show(d)} clobbers live ${show(v)}`);
        }
      }
      if (clobbersCallerSaved(inst)) {
        for (const v of live) {
          const l = locOf(v);
          if (!defs.includes(v) && l?.kind === "reg" && !isCalleeSaved(regs, l.reg)) {
            errors.push(`${where(b, inst)}: ${show(v)} is live across the call in a caller-saved register`);
          }
        }
      }
      for (const d of defs) live.delete(d);
      for (const u of usesOf(inst)) live.add(u);
    }
  });

  simulate(f, regs, alloc, preds, succs, (b, inst, u, state) => {
    const l = locOf(u);
    if (l === null) {
      errors.push(`${where(b, inst)}: r${u} is read but has no location`);
      return;
    }
    if (state.undefinedVregs.has(u) || state.holds.get(locationKey(l))?.has(u)) return;
    const held = [...(state.holds.get(locationKey(l)) ?? [])].map((v) => `r${v}`).join(", ");
    errors.push(`${where(b, inst)}: reads r${u} from ${printLocation(l)}, which holds {${held}}`);
  });
  return errors;
}

function checkLocations(f: LirFunc, regs: RegisterFile, alloc: AllocationToCheck, errors: string[]): void {
  const mentioned = new Set<VReg>();
  for (const block of f.blocks) for (const inst of block.insts) for (const v of [...defsOf(inst), ...usesOf(inst)]) mentioned.add(v);
  const saved = new Set(alloc.calleeSavedUsed.map(regKey));
  for (const v of mentioned) {
    const l = alloc.locations[v] ?? null;
    const cls = f.classes[v];
    if (l === null) {
      errors.push(`r${v} is used but has no location`);
    } else if (l.kind === "spill") {
      if (!Number.isInteger(l.slot) || l.slot < 0 || l.slot >= alloc.spillSlots) errors.push(`r${v}: spill slot ${l.slot} out of range`);
    } else {
      if (l.reg.cls !== cls) errors.push(`r${v} (${cls}) is in ${l.reg.name}, a ${l.reg.cls} register`);
      if (!regs.allocatable[l.reg.cls].some((r) => r.num === l.reg.num)) errors.push(`r${v} is in ${l.reg.name}, which is not allocatable`);
      if (isCalleeSaved(regs, l.reg) && !saved.has(regKey(l.reg))) errors.push(`r${v} uses ${l.reg.name}, which the prologue would not save`);
    }
  }
}

/** Live-out sets per block, by plain iteration to the fixpoint. */
function setLiveness(f: LirFunc, succs: readonly (readonly number[])[]): Set<VReg>[] {
  const liveIn = f.blocks.map(() => new Set<VReg>());
  const liveOut = f.blocks.map(() => new Set<VReg>());
  for (let changed = true; changed; ) {
    changed = false;
    for (let b = f.blocks.length - 1; b >= 0; b--) {
      for (const s of succs[b]!) for (const v of liveIn[s]!) liveOut[b]!.add(v);
      const inn = liveBefore(f, b, liveOut[b]!);
      if (inn.size !== liveIn[b]!.size) {
        liveIn[b] = inn;
        changed = true;
      }
    }
  }
  return liveOut;
}

function liveBefore(f: LirFunc, b: number, out: ReadonlySet<VReg>): Set<VReg> {
  const live = new Set(out);
  const insts = f.blocks[b]!.insts;
  for (let k = insts.length - 1; k >= 0; k--) {
    for (const d of defsOf(insts[k]!)) live.delete(d);
    for (const u of usesOf(insts[k]!)) live.add(u);
  }
  return live;
}

type UseCheck = (block: number, inst: LirInst, use: VReg, state: State) => void;

function simulate(
  f: LirFunc, regs: RegisterFile, alloc: AllocationToCheck,
  preds: readonly (readonly number[])[], succs: readonly (readonly number[])[], check: UseCheck,
): void {
  const entry: State = { holds: new Map(), undefinedVregs: new BitSet(f.classes.length) };
  f.classes.forEach((_, v) => {
    if (!f.params.includes(v as VReg)) entry.undefinedVregs.add(v as VReg);
  });
  for (const p of f.params) {
    const l = alloc.locations[p];
    if (l) entry.holds.set(locationKey(l), new Set([...(entry.holds.get(locationKey(l)) ?? []), p]));
  }

  const outs: (State | null)[] = f.blocks.map(() => null);
  const inOf = (b: number): State | null => {
    const incoming = preds[b]!.map((p) => outs[p]).filter((s): s is State => s !== null);
    if (b === 0) incoming.push(entry);
    return incoming.length === 0 ? null : meet(incoming);
  };
  const run = (b: number, state: State, onUse: UseCheck | null): State => {
    for (const inst of f.blocks[b]!.insts) {
      if (onUse) for (const u of usesOf(inst)) onUse(b, inst, u, state);
      transfer(inst, state, regs, alloc);
    }
    return state;
  };

  const work = new Set<number>([0]);
  f.blocks.forEach((_, b) => work.add(b));
  while (work.size > 0) {
    const b = work.values().next().value!;
    work.delete(b);
    const inn = inOf(b);
    if (inn === null) continue;
    const out = run(b, inn, null);
    if (outs[b] === null || !sameState(outs[b]!, out)) {
      outs[b] = out;
      for (const s of succs[b]!) work.add(s);
    }
  }
  f.blocks.forEach((_, b) => {
    const inn = inOf(b);
    if (inn !== null) run(b, inn, check);
  });
}

function transfer(inst: LirInst, state: State, regs: RegisterFile, alloc: AllocationToCheck): void {
  if (clobbersCallerSaved(inst)) {
    for (const key of [...state.holds.keys()]) {
      const reg = regFromKey(key);
      if (reg !== null && !isCalleeSaved(regs, reg)) state.holds.delete(key);
    }
  }
  for (const d of defsOf(inst)) {
    const l = alloc.locations[d];
    let value = new Set<VReg>();
    if (inst.op === "mov") {
      const src = alloc.locations[inst.src];
      if (state.undefinedVregs.has(inst.src) && inst.src !== d) {
        for (const held of state.holds.values()) held.delete(d);
        state.undefinedVregs.add(d);
        continue;
      }
      value = new Set(src ? state.holds.get(locationKey(src)) ?? [] : []);
    }
    for (const held of state.holds.values()) held.delete(d);
    value.delete(d);
    value.add(d);
    state.undefinedVregs.delete(d);
    if (l) state.holds.set(locationKey(l), value);
  }
}

function regFromKey(key: string): PhysReg | null {
  const [cls, num] = key.split(":");
  if (cls !== "i64" && cls !== "f64") return null;
  return { cls, num: Number(num), name: key };
}

function meet(states: readonly State[]): State {
  const keys = new Set<string>();
  for (const s of states) for (const k of s.holds.keys()) keys.add(k);
  const undefinedVregs = states[0]!.undefinedVregs.copy();
  for (const s of states.slice(1)) undefinedVregs.intersectWith(s.undefinedVregs);
  const holds = new Map<string, Set<VReg>>();
  for (const k of keys) {
    // v stays in k if every state holds it there or never defined it. A vreg no state holds in k
    // could only stay by being undefined everywhere, which `undefinedVregs` covers: so only the
    // vregs some state holds in k are candidates (not every undefined vreg, which made this
    // quadratic in the function's size).
    const candidates = new Set<VReg>();
    for (const s of states) for (const v of s.holds.get(k) ?? []) candidates.add(v);
    // Vregs undefined everywhere need not be listed per location: `undefinedVregs` covers them.
    const kept = [...candidates].filter((v) => !undefinedVregs.has(v) && states.every((s) => s.holds.get(k)?.has(v) || s.undefinedVregs.has(v)));
    if (kept.length > 0) holds.set(k, new Set(kept));
  }
  return { holds, undefinedVregs };
}

function sameState(a: State, b: State): boolean {
  if (!a.undefinedVregs.equals(b.undefinedVregs) || a.holds.size !== b.holds.size) return false;
  for (const [k, s] of a.holds) {
    const t = b.holds.get(k);
    if (t === undefined || t.size !== s.size || [...s].some((v) => !t.has(v))) return false;
  }
  return true;
}
