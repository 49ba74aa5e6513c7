// What every instruction-selection rule works with: the assembler, the allocation turned into
// operands, and a few helpers for the recurring shapes (read an operand into a register, compute
// into the destination unless that would clobber a source still to be read, write a result back).

import type { Allocation, LirFunc, Location, TargetEnv, VReg } from "@pyjc/core";
import { type Assembler, type Gpr, type Label, type Mem, type Xmm } from "./encoder/index.js";
import { FSCRATCH, gprOf, SCRATCH0, xmmOf } from "./abi.js";
import { type Frame, spillSlot } from "./frame.js";
import { emitMove, moveKey, type MoveLoc } from "./moves.js";

/** An out-of-line slow path, emitted after all blocks. */
export interface Stub {
  readonly label: Label;
  emit(asm: Assembler): void;
}

export class Ctx {
  readonly stubs: Stub[] = [];
  /** Counter for readable names of local labels. */
  labels = 0;

  constructor(
    readonly asm: Assembler,
    readonly f: LirFunc,
    readonly env: TargetEnv,
    readonly alloc: Allocation,
    readonly frame: Frame,
  ) {}

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
