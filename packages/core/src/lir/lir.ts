// LIR: the target-neutral machine-level IR between HIR and the backends.
//
// Values are virtual registers of two classes, i64 (integers, pointers, truth values) and f64.
// LIR is not SSA: a vreg may be assigned on several paths (lowering turns HIR block parameters
// into moves on edges), which is what a linear-scan allocator wants. Memory is reached only
// through `load`/`store` at a base vreg plus a constant offset (offsets come from the runtime's
// layout table, never hard-coded); runtime functions and data are named symbols the backend
// resolves (x64/ARM64 embed absolute addresses, wasm imports them); reference counting is explicit
// (`incref`, `decref`, ...) so each backend picks its own inline sequence. Nothing here assumes a
// register count, an ABI, two-address forms or a flags register.

export type VReg = number & { readonly __brand: "VReg" };
export type LirBlockId = number & { readonly __brand: "LirBlockId" };
export type RegClass = "i64" | "f64";

/** An i64 operand: a vreg or an immediate that fits in 32 signed bits (wider constants use `iconst`). */
export type Operand = VReg | { readonly imm: number };

export type IntCond = "eq" | "ne" | "slt" | "sle" | "sgt" | "sge" | "ult" | "ule" | "ugt" | "uge";
/** Float compares are IEEE: every ordered comparison is false when an operand is NaN; `ne` is true. */
export type FloatCond = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "uno";
export type BinKind = "add" | "sub" | "mul" | "and" | "or" | "xor" | "shl" | "shr" | "sar";
export type FBinKind = "add" | "sub" | "mul" | "div";
export type Width = 1 | 2 | 4 | 8;

/** Where an instruction comes from, for listings: the bytecode offset of its HIR operation. */
export interface LirLoc {
  readonly offset: number;
}

export type LirInst = (
  | { op: "iconst"; dst: VReg; value: bigint }
  | { op: "fconst"; dst: VReg; value: number }
  /** The address of a runtime symbol (a function or a data object). */
  | { op: "sym"; dst: VReg; name: string }
  | { op: "mov"; dst: VReg; src: VReg }
  /** Integer loads zero-extend unless `signed`; an f64 destination loads 8 bytes as a double. */
  | { op: "load"; dst: VReg; base: VReg; offset: number; width: Width; signed?: boolean }
  | { op: "store"; base: VReg; offset: number; src: Operand; width: Width }
  /** The address of a stack slot of the function's frame. */
  | { op: "slotaddr"; dst: VReg; slot: number }
  | { op: "bin"; kind: BinKind; dst: VReg; a: VReg; b: Operand }
  /** Overflow-checked signed arithmetic: `ovf` is 1 when the exact result does not fit in 64 bits. */
  | { op: "bino"; kind: "add" | "sub" | "mul"; dst: VReg; ovf: VReg; a: VReg; b: Operand }
  | { op: "neg" | "not"; dst: VReg; a: VReg }
  | { op: "icmp"; cond: IntCond; dst: VReg; a: VReg; b: Operand }
  /** dst = cond != 0 ? a : b */
  | { op: "select"; dst: VReg; cond: VReg; a: VReg; b: VReg }
  | { op: "fbin"; kind: FBinKind; dst: VReg; a: VReg; b: VReg }
  | { op: "fneg" | "fabs" | "fsqrt"; dst: VReg; a: VReg }
  | { op: "fcmp"; cond: FloatCond; dst: VReg; a: VReg; b: VReg }
  /** Signed i64 to f64, and f64 to i64 truncating toward zero (callers range-check first). */
  | { op: "i2f"; dst: VReg; a: VReg }
  | { op: "f2i"; dst: VReg; a: VReg }
  /** Bit-for-bit moves between the classes. */
  | { op: "bitcast"; dst: VReg; a: VReg }
  /**
   * A call with the platform's C calling convention: integer arguments and results in i64 vregs,
   * doubles in f64 vregs. `target` is a runtime symbol or a vreg holding a function address.
   */
  | {
      op: "call";
      dst: VReg | null;
      target: { sym: string } | VReg;
      args: (VReg | { readonly imm: number })[];
      /** "i32": the callee returns a C int; the result is its sign-extended value. */
      returns?: "i32";
      /**
       * Set by a backend before register allocation on calls it makes keep every register but the
       * result's (it saves and restores them around the call: worth it on rarely run paths), so
       * values may be live across it in caller-saved registers.
       */
      preserves?: boolean;
    }
  /** Py_INCREF / Py_DECREF / Py_XINCREF / Py_XDECREF; decref may call _Py_Dealloc (a call). */
  | { op: "incref" | "decref" | "xincref" | "xdecref"; v: VReg }
  // Terminators.
  | { op: "jump"; target: LirBlockId }
  | { op: "br"; cond: VReg; ifTrue: LirBlockId; ifFalse: LirBlockId }
  | { op: "brcmp"; cond: IntCond; a: VReg; b: Operand; ifTrue: LirBlockId; ifFalse: LirBlockId }
  | { op: "ret"; value: VReg }
  | { op: "unreachable" }
) & { loc?: LirLoc };

export type LirOp = LirInst["op"];

export const LIR_TERMINATORS: ReadonlySet<LirOp> = new Set(["jump", "br", "brcmp", "ret", "unreachable"]);
/**
 * Instructions that clobber the caller-saved registers (the allocator keeps nothing live across
 * them there). A decref's call of the deallocator is not one: it is rare, so the backend saves and
 * restores every caller-saved register around it instead, and values live across the many
 * decrefs of a loop (its doubles) can stay in registers.
 */
export const LIR_CALLS: ReadonlySet<LirOp> = new Set(["call"]);
/** Whether caller-saved registers hold nothing live across `inst` (LIR_CALLS not marked `preserves`). */
export function clobbersCallerSaved(inst: LirInst): boolean {
  return LIR_CALLS.has(inst.op) && !(inst.op === "call" && inst.preserves === true);
}
/** Instructions that may call out of the function at all: those, and the decrefs (frame alignment). */
export const LIR_MAY_CALL: ReadonlySet<LirOp> = new Set(["call", "decref", "xdecref"]);

export interface LirBlock {
  readonly id: LirBlockId;
  insts: LirInst[];
  /** Rarely executed (error paths, slow paths): backends may place it out of line. */
  cold: boolean;
}

export interface StackSlot {
  readonly size: number;
  readonly align: number;
}

export interface LirFunc {
  readonly name: string;
  /** Incoming arguments, in order (for compiled Python code: the frame and the thread state). */
  readonly params: VReg[];
  /** Blocks in layout order; the first is the entry. */
  readonly blocks: LirBlock[];
  /** Class of each vreg, indexed by vreg number. */
  readonly classes: RegClass[];
  readonly slots: StackSlot[];
}

export function isImmOperand(o: Operand): o is { readonly imm: number } {
  return typeof o === "object";
}

/** Registers an instruction defines. */
export function defsOf(inst: LirInst): VReg[] {
  switch (inst.op) {
    case "iconst": case "fconst": case "sym": case "mov": case "load": case "slotaddr": case "bin": case "neg": case "not":
    case "icmp": case "select": case "fbin": case "fneg": case "fabs": case "fsqrt": case "fcmp": case "i2f": case "f2i": case "bitcast":
      return [inst.dst];
    case "bino": return [inst.dst, inst.ovf];
    case "call": return inst.dst === null ? [] : [inst.dst];
    default: return [];
  }
}

/** Registers an instruction reads. */
export function usesOf(inst: LirInst): VReg[] {
  const out: VReg[] = [];
  const add = (o: Operand | undefined) => {
    if (o !== undefined && !isImmOperand(o)) out.push(o);
  };
  switch (inst.op) {
    case "mov": add(inst.src); break;
    case "load": add(inst.base); break;
    case "store": add(inst.base); add(inst.src); break;
    case "bin": case "bino": case "icmp": add(inst.a); add(inst.b); break;
    case "neg": case "not": case "fneg": case "fabs": case "fsqrt": case "i2f": case "f2i": case "bitcast": add(inst.a); break;
    case "select": add(inst.cond); add(inst.a); add(inst.b); break;
    case "fbin": case "fcmp": add(inst.a); add(inst.b); break;
    case "call": if (typeof inst.target === "number") add(inst.target); for (const a of inst.args) add(a); break;
    case "incref": case "decref": case "xincref": case "xdecref": add(inst.v); break;
    case "br": add(inst.cond); break;
    case "brcmp": add(inst.a); add(inst.b); break;
    case "ret": add(inst.value); break;
  }
  return out;
}

export function successorsOf(inst: LirInst): LirBlockId[] {
  switch (inst.op) {
    case "jump": return [inst.target];
    case "br": case "brcmp": return [inst.ifTrue, inst.ifFalse];
    default: return [];
  }
}

/** Incrementally builds a LirFunc. */
export class LirBuilder {
  private readonly blocks: LirBlock[] = [];
  private readonly classes: RegClass[] = [];
  private readonly slots: StackSlot[] = [];
  readonly params: VReg[] = [];
  current: LirBlock | null = null;

  constructor(readonly name: string) {}

  vreg(cls: RegClass = "i64"): VReg {
    this.classes.push(cls);
    return (this.classes.length - 1) as VReg;
  }
  classOf(v: VReg): RegClass {
    const c = this.classes[v];
    if (c === undefined) throw new Error(`no vreg r${v}`);
    return c;
  }
  param(cls: RegClass = "i64"): VReg {
    const v = this.vreg(cls);
    this.params.push(v);
    return v;
  }
  slot(size: number, align = 8): number {
    this.slots.push({ size, align });
    return this.slots.length - 1;
  }
  block(cold = false): LirBlock {
    const b: LirBlock = { id: this.blocks.length as LirBlockId, insts: [], cold };
    this.blocks.push(b);
    return b;
  }
  /** Continues emission in `b`. */
  at(b: LirBlock): void {
    this.current = b;
  }
  emit(inst: LirInst): void {
    if (!this.current) throw new Error("LIR emission outside a block");
    this.current.insts.push(inst);
  }
  /** Whether the current block already ends in a terminator. */
  get terminated(): boolean {
    const last = this.current?.insts[this.current.insts.length - 1];
    return last !== undefined && LIR_TERMINATORS.has(last.op);
  }
  finish(): LirFunc {
    return { name: this.name, params: [...this.params], blocks: this.blocks, classes: this.classes, slots: this.slots };
  }
}
