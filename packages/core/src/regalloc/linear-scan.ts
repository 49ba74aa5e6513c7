// Linear-scan register allocation (Poletto & Sarkar 1999), on intervals with lifetime holes as in
// Wimmer & Mössenböck 2005 but without splitting: every vreg gets one location for its whole life.
//
// Intervals are visited by increasing start. `active` holds the assigned intervals live at the
// current position, `inactive` those that started earlier but are in a hole there. A register is
// free for the current interval when no active interval holds it and no inactive interval holding
// it intersects the current one. If none is free, the cheapest intervals go to memory: per
// candidate register, the intervals that would have to give it up; their spill cost is their use
// density (uses and definitions, a cold block's counting a tenth, per position of their life), so a
// long-lived but rarely used value goes to memory before the frame pointer every call site reads.
// If the cheapest register's conflicts cost less than the current interval, they are evicted to
// spill slots and the current interval takes the register, else the current interval is spilled.
//
// The call rule: an interval live across a call may only get a callee-saved register (and is
// spilled when its class has none, like doubles under System V). Others prefer caller-saved
// registers, leaving callee-saved ones (which cost a save in the prologue) to call-crossing values.
//
// Hints: among the free allowed registers, the allocator first tries the ones the backend hinted
// for the vreg (the ABI register a parameter arrives in, an argument is passed in, a result is
// returned in, `rcx` for a shift count), then the registers of values it is copied from or to
// (`mov`), so that those moves become no-ops. Hints never cause a spill or an eviction.
//
// Spill slots are 8 bytes, shared by both classes, and reused by spilled intervals that do not
// intersect (a first-fit colouring by start position).

import { defsOf, usesOf, type LirFunc, type RegClass, type VReg } from "../lir/lir.js";
import { buildIntervals, covers, firstIntersection, type IntervalSet, type LiveInterval } from "./intervals.js";
import { isCalleeSaved, regKey, validateRegisterFile, type Location, type PhysReg, type RegisterFile } from "./register-file.js";

export interface Allocation {
  /** Location of each vreg, indexed by vreg number; null for a vreg that is never live. */
  readonly locations: readonly (Location | null)[];
  /** 8-byte spill slots the frame must provide. */
  readonly spillSlots: number;
  /** Callee-saved registers assigned to some vreg (the prologue saves them), in register-file order. */
  readonly calleeSavedUsed: readonly PhysReg[];
  readonly intervals: IntervalSet;
  readonly stats: { readonly intervals: number; readonly spilled: number; readonly evicted: number };
}

interface Assigned {
  readonly iv: LiveInterval;
  readonly reg: PhysReg;
}

export interface AllocationOptions {
  /** Registers each vreg would like, best first (a preference only; invalid ones are ignored). */
  readonly hints?: ReadonlyMap<VReg, readonly PhysReg[]>;
}

export function allocateRegisters(f: LirFunc, regs: RegisterFile, options: AllocationOptions = {}): Allocation {
  validateRegisterFile(regs);
  const partners = copyPartners(f);
  const intervals = buildIntervals(f);
  const weight = useWeights(f);
  const cost = (iv: LiveInterval) => (weight[iv.vreg] ?? 0) / Math.max(1, iv.end - iv.start);
  const todo = intervals.intervals.filter((iv): iv is LiveInterval => iv !== null);
  todo.sort((a, b) => a.start - b.start || a.vreg - b.vreg);

  const preference = {
    i64: preferenceOrder(regs, "i64"),
    f64: preferenceOrder(regs, "f64"),
  };
  const crossing = {
    i64: regs.allocatable.i64.filter((r) => isCalleeSaved(regs, r)),
    f64: regs.allocatable.f64.filter((r) => isCalleeSaved(regs, r)),
  };

  const assigned = new Map<number, PhysReg>();
  const spilled: LiveInterval[] = [];
  let active: Assigned[] = [];
  let inactive: Assigned[] = [];
  let evicted = 0;

  for (const cur of todo) {
    const pos = cur.start;
    const stillActive: Assigned[] = [];
    const stillInactive: Assigned[] = [];
    for (const a of [...active, ...inactive]) {
      if (a.iv.end <= pos) continue;
      (covers(a.iv, pos) ? stillActive : stillInactive).push(a);
    }
    active = stillActive;
    inactive = stillInactive;

    const candidates = cur.crossesCall ? crossing[cur.cls] : preference[cur.cls];
    const conflicts = new Map<string, Assigned[]>(candidates.map((r) => [regKey(r), []]));
    for (const a of active) if (a.iv.cls === cur.cls) conflicts.get(regKey(a.reg))?.push(a);
    for (const a of inactive) {
      if (a.iv.cls === cur.cls && firstIntersection(a.iv, cur) !== null) conflicts.get(regKey(a.reg))?.push(a);
    }

    const free = (r: PhysReg) => conflicts.get(regKey(r))?.length === 0;
    const wanted = [
      ...(options.hints?.get(cur.vreg) ?? []),
      ...(partners.get(cur.vreg) ?? []).flatMap((p) => assigned.get(p) ?? []),
    ];
    let chosen = wanted.find((w) => w.cls === cur.cls && free(w))
      ?? candidates.find(free)
      ?? null;
    if (chosen !== null) chosen = candidates.find((r) => regKey(r) === regKey(chosen!)) ?? null;
    if (chosen === null) {
      let cheapest = Infinity;
      for (const r of candidates) {
        const c = conflicts.get(regKey(r))!.reduce((sum, a) => sum + cost(a.iv), 0);
        if (c < cheapest) {
          cheapest = c;
          chosen = r;
        }
      }
      if (chosen !== null && cheapest < cost(cur)) {
        const victims = new Set(conflicts.get(regKey(chosen))!);
        for (const v of victims) {
          assigned.delete(v.iv.vreg);
          spilled.push(v.iv);
          evicted++;
        }
        active = active.filter((a) => !victims.has(a));
        inactive = inactive.filter((a) => !victims.has(a));
      } else {
        chosen = null;
      }
    }
    if (chosen === null) {
      spilled.push(cur);
      continue;
    }
    assigned.set(cur.vreg, chosen);
    active.push({ iv: cur, reg: chosen });
  }

  const slotOf = assignSpillSlots(spilled);
  const locations: (Location | null)[] = intervals.intervals.map((iv) => {
    if (iv === null) return null;
    const reg = assigned.get(iv.vreg);
    return reg !== undefined ? { kind: "reg", reg } : { kind: "spill", slot: slotOf.get(iv.vreg)! };
  });
  const usedKeys = new Set([...assigned.values()].map(regKey));
  const calleeSavedUsed = [...regs.allocatable.i64, ...regs.allocatable.f64].filter(
    (r) => isCalleeSaved(regs, r) && usedKeys.has(regKey(r)),
  );
  return {
    locations,
    spillSlots: slotCount(slotOf),
    calleeSavedUsed,
    intervals,
    stats: { intervals: todo.length, spilled: spilled.length, evicted },
  };
}

/** Vregs related by `mov`, both ways. */
function copyPartners(f: LirFunc): Map<number, VReg[]> {
  const partners = new Map<number, VReg[]>();
  const add = (a: VReg, b: VReg) => {
    const list = partners.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    partners.set(a, list);
  };
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.op === "mov" && i.dst !== i.src) {
        add(i.dst, i.src);
        add(i.src, i.dst);
      }
    }
  }
  return partners;
}

/** Caller-saved registers first (free to use), callee-saved after (each costs a save). */
function preferenceOrder(regs: RegisterFile, cls: RegClass): PhysReg[] {
  const all = regs.allocatable[cls];
  return [...all.filter((r) => !isCalleeSaved(regs, r)), ...all.filter((r) => isCalleeSaved(regs, r))];
}

/** Uses and definitions per vreg; a cold block's count a tenth. */
function useWeights(f: LirFunc): number[] {
  const weight: number[] = new Array(f.classes.length).fill(0);
  for (const b of f.blocks) {
    const w = b.cold ? 0.1 : 1;
    for (const inst of b.insts) {
      for (const v of usesOf(inst)) weight[v] = (weight[v] ?? 0) + w;
      for (const v of defsOf(inst)) weight[v] = (weight[v] ?? 0) + w;
    }
  }
  return weight;
}

function assignSpillSlots(spilled: readonly LiveInterval[]): Map<number, number> {
  const bySlot: LiveInterval[][] = [];
  const slotOf = new Map<number, number>();
  for (const iv of [...spilled].sort((a, b) => a.start - b.start || a.vreg - b.vreg)) {
    let slot = bySlot.findIndex((held) => held.every((h) => firstIntersection(h, iv) === null));
    if (slot < 0) {
      slot = bySlot.length;
      bySlot.push([]);
    }
    bySlot[slot]!.push(iv);
    slotOf.set(iv.vreg, slot);
  }
  return slotOf;
}

function slotCount(slotOf: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const s of slotOf.values()) n = Math.max(n, s + 1);
  return n;
}
