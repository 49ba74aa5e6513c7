// What every instruction-selection rule works with: the assembler, the allocation turned into
// operands, and a few helpers for the recurring shapes (read an operand into a register, compute
// into the destination unless that would clobber a source still to be read, write a result back).

import type { Allocation, LirFunc, Location, TargetEnv, VReg } from "@pyjc/core";
import { type Assembler, type Gpr, type Label, type Mem, qword, rsp, type Xmm } from "./encoder/index.js";
import { CALLEE_SAVED_GPRS, FSCRATCH, gprOf, SCRATCH0, X64_REGISTERS, xmmOf } from "./abi.js";
import { type Frame, spillSlot } from "./frame.js";
import { emitMove, moveKey, type MoveLoc } from "./moves.js";

/** The allocatable registers a call may clobber: what a call that `preserves` keeps. */
export const SAVED_GPRS: readonly Gpr[] = X64_REGISTERS.allocatable.i64.filter((p) => !CALLEE_SAVED_GPRS.some((c) => c.num === p.num)).map((p) => gprOf(p));
export const SAVED_XMMS: readonly Xmm[] = X64_REGISTERS.allocatable.f64.map((p) => xmmOf(p));
/** Their save area, a multiple of 16 bytes so that calls keep the body's stack alignment. */
export const SAVE_AREA_BYTES = Math.ceil((SAVED_GPRS.length + SAVED_XMMS.length) / 2) * 16;

/** An out-of-line slow path, emitted after all blocks. */
export interface Stub {
  readonly label: Label;
  emit(asm: Assembler): void;
}

export class Ctx {
  readonly stubs: Stub[] = [];
  /** Counter for readable names of local labels. */
  labels = 0;
  private saver: { save: Label; restore: Label } | null = null;

  constructor(
    readonly asm: Assembler,
    readonly f: LirFunc,
    readonly env: TargetEnv,
    readonly alloc: Allocation,
    readonly frame: Frame,
  ) {}

  /**
   * The function's two local subroutines that store and reload every allocatable caller-saved
   * register (SAVED_GPRS, SAVED_XMMS) in a save area of SAVE_AREA_BYTES the caller reserved right
   * above the return address (`sub rsp, SAVE_AREA_BYTES; call save`). Emitted once, after the body.
   */
  registerSaver(): { save: Label; restore: Label } {
    if (this.saver === null) {
      const saver = { save: this.asm.newLabel("save_caller_saved"), restore: this.asm.newLabel("restore_caller_saved") };
      const slot = (k: number) => qword(rsp, 8 + 8 * k);
      this.stubs.push({
        label: saver.save,
        emit: (a) => {
          SAVED_GPRS.forEach((g, k) => a.mov(slot(k), g));
          SAVED_XMMS.forEach((v, k) => a.movsd(slot(SAVED_GPRS.length + k), v));
          a.ret();
        },
      });
      this.stubs.push({
        label: saver.restore,
        emit: (a) => {
          SAVED_GPRS.forEach((g, k) => a.mov(g, slot(k)));
          SAVED_XMMS.forEach((v, k) => a.movsd(v, slot(SAVED_GPRS.length + k)));
          a.ret();
        },
      });
      this.saver = saver;
    }
    return this.saver;
  }

  location(v: VReg): Location {
    const l = this.alloc.locations[v];
    if (l == null) throw new Error(`x64: r${v} has no location (used but never live?)`);
    return l;
  }

  /** Where v lives, as an operand: its register or its spill slot (QWORD). */
  where(v: VReg): MoveLoc {
    const l = this.location(v);
    if (l.kind === "spill") return spillSlot(this.frame, l.slot);
    return l.reg.cls === "i64" ? gprOf(l.reg) : xmmOf(l.reg);
  }

  /** v's GPR, or null when v is spilled. */
  gpr(v: VReg): Gpr | null {
    const w = this.where(v);
    return w.kind === "gpr" ? w : null;
  }

  xmm(v: VReg): Xmm | null {
    const w = this.where(v);
    return w.kind === "xmm" ? w : null;
  }

  /** v as a GPR or memory operand (i64 vregs). */
  rm(v: VReg): Gpr | Mem {
    const w = this.where(v);
    if (w.kind === "xmm") throw new Error(`x64: r${v} is an f64 where an i64 is expected`);
    return w;
  }

  /** v as an xmm or memory operand (f64 vregs). */
  xm(v: VReg): Xmm | Mem {
    const w = this.where(v);
    if (w.kind === "gpr") throw new Error(`x64: r${v} is an i64 where an f64 is expected`);
    return w;
  }

  /** v in a register: its own, or `scratch` after loading it from its spill slot. */
  inGpr(v: VReg, scratch: Gpr = SCRATCH0): Gpr {
    const w = this.rm(v);
    if (w.kind === "gpr") return w;
    this.asm.mov(scratch, w);
    return scratch;
  }

  inXmm(v: VReg, scratch: Xmm = FSCRATCH): Xmm {
    const w = this.xm(v);
    if (w.kind === "xmm") return w;
    this.asm.movsd(scratch, w);
    return scratch;
  }

  /**
   * The register to compute `dst` in: dst's own register unless that is where one of `later` (vregs
   * the computation reads after its first write) lives; otherwise `scratch`.
   */
  target(dst: VReg, later: readonly VReg[], scratch: Gpr = SCRATCH0): Gpr {
    const d = this.gpr(dst);
    if (d === null || later.some((v) => this.sameLoc(v, dst))) return scratch;
    return d;
  }

  ftarget(dst: VReg, later: readonly VReg[]): Xmm {
    const d = this.xmm(dst);
    if (d === null || later.some((v) => this.sameLoc(v, dst))) return FSCRATCH;
    return d;
  }

  sameLoc(a: VReg, b: VReg): boolean {
    return moveKey(this.where(a)) === moveKey(this.where(b));
  }

  /** Copies `from` into v's location (nothing if v already lives there). */
  put(v: VReg, from: Gpr | Xmm): void {
    emitMove(this.asm, this.where(v), from);
  }

  /** Copies v's value into `to`. */
  get(to: Gpr | Xmm, v: VReg): void {
    emitMove(this.asm, to, this.where(v));
  }
}
