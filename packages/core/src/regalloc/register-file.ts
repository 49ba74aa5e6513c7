// What the allocator knows about a target: its registers per class, which of them it may hand out,
// which survive calls, and which are kept back for instruction selection. Nothing else about the
// target (encodings, ABI argument order, two-address forms) reaches the allocator: a backend turns
// locations into operands itself and handles fixed-register needs (arguments, shift counts,
// results) with moves around the instruction, using its scratch registers.

import type { RegClass } from "../lir/lir.js";

/** A machine register: its class and its hardware number within the class. */
export interface PhysReg {
  readonly cls: RegClass;
  readonly num: number;
  /** As the target's disassembler spells it (listings, diagnostics). */
  readonly name: string;
}

export interface RegisterFile {
  readonly name: string;
  /** Registers the allocator may assign, per class, in order of preference. */
  readonly allocatable: Readonly<Record<RegClass, readonly PhysReg[]>>;
  /** Registers whose value survives a call (the callee saves them); may include unallocatable ones. */
  readonly calleeSaved: readonly PhysReg[];
  /**
   * Registers never assigned, reserved for instruction selection (spilled operands, memory-to-memory
   * moves, breaking cycles of parallel moves). Caller-saved: a call may clobber them.
   */
  readonly scratch: Readonly<Record<RegClass, readonly PhysReg[]>>;
}

/** Where a vreg lives for its whole lifetime: a register, or an 8-byte spill slot of the frame. */
export type Location = { readonly kind: "reg"; readonly reg: PhysReg } | { readonly kind: "spill"; readonly slot: number };

/** A key that identifies a register across classes (registers of different classes never alias). */
export function regKey(r: PhysReg): string {
  return `${r.cls}:${r.num}`;
}

export function locationKey(l: Location): string {
  return l.kind === "reg" ? regKey(l.reg) : `spill:${l.slot}`;
}

export function sameLocation(a: Location, b: Location): boolean {
  return locationKey(a) === locationKey(b);
}

export function printLocation(l: Location): string {
  return l.kind === "reg" ? l.reg.name : `spill${l.slot}`;
}

export function isCalleeSaved(regs: RegisterFile, r: PhysReg): boolean {
  return regs.calleeSaved.some((c) => c.cls === r.cls && c.num === r.num);
}

/** Checks a register file for contradictions a backend could make by hand. */
export function validateRegisterFile(regs: RegisterFile): void {
  const seen = new Set<string>();
  for (const cls of ["i64", "f64"] as const) {
    for (const r of [...regs.allocatable[cls], ...regs.scratch[cls]]) {
      if (r.cls !== cls) throw new Error(`${regs.name}: ${r.name} is listed as ${cls} but is ${r.cls}`);
      if (seen.has(regKey(r))) throw new Error(`${regs.name}: ${r.name} is listed twice (allocatable and scratch are disjoint)`);
      seen.add(regKey(r));
    }
    if (regs.allocatable[cls].length === 0) throw new Error(`${regs.name}: no allocatable ${cls} register`);
  }
  for (const cls of ["i64", "f64"] as const) {
    if (regs.scratch[cls].some((r) => isCalleeSaved(regs, r))) throw new Error(`${regs.name}: scratch registers must be caller-saved`);
  }
}
