// The assembler: the interface instruction selection and register allocation emit through.
// Each method encodes at once (so a bad operand throws at the call site) and appends the result;
// label branches and label references stay symbolic until `finish()`, which lays the code out
// (relax.ts: short branches lengthened until they fit), appends the constant pool and returns one
// position-independent buffer with its listing.
//
//   const asm = new Assembler();
//   const done = asm.newLabel("done");
//   asm.mov(rax, qword(rdi, 8));
//   asm.test(rax, rax);
//   asm.jcc("e", done);
//   asm.addsd(xmm0, rip(asm.constF64(1.5)));
//   asm.bind(done);
//   asm.ret();
//   const { bytes, labels } = asm.finish();

import { Label } from "./labels.js";
import { type Gpr, type Xmm } from "./registers.js";
import { type MemOperand, rip } from "./operands.js";
import { type Imm, immValue, le } from "./immediates.js";
import { type Inst } from "./instruction.js";
import { type Cond, condCode } from "./conditions.js";
import { type Annotation } from "./listing.js";
import { type Item, layout } from "./relax.js";
import { type Assembled, emitBuffer } from "./emit.js";
import { ConstantPool } from "./constant-pool.js";
import { EncodeError } from "./errors.js";
import { type GprRm } from "./encode-common.js";
import {
  type AluOp, type ShiftOp, type UnaryOp, encodeAlu, encodeTest, encodeUnary, encodeImul, encodeShift, encodeCqo, encodeCdq,
} from "./encode-alu.js";
import {
  encodeMov, encodeMovabs, encodeMovzx, encodeMovsx, encodeMovsxd, encodeLea, encodeCmov, encodeSetcc, encodePush, encodePop,
} from "./encode-mov.js";
import { encodeIndirect, encodeCallLabel, encodeRet, encodeInt3, encodeUd2, encodeNops } from "./encode-control.js";
import { type SseOpName, encodeSse, encodeRoundsd, encodeMovGprXmm, encodeCvtsi2sd, encodeCvtsd2si } from "./encode-sse.js";
import { hex } from "./syntax.js";

export interface AssemblerOptions {
  /**
   * true (default): label branches start as rel8 and are lengthened to rel32 only when needed.
   * false: every label branch is rel32 (simpler to patch, a few bytes larger).
   */
  readonly relaxBranches?: boolean;
}

export interface BranchOptions {
  /** Always encode rel32, e.g. for a branch that will be patched later. */
  readonly near?: boolean;
}

type SseSource = Xmm | MemOperand;

export class Assembler {
  private readonly items: Item[] = [];
  private readonly labelList: Label[] = [];
  private readonly bound = new Set<Label>();
  private readonly referenced = new Set<Label>();
  private readonly pool = new ConstantPool();
  private readonly relax: boolean;
  private notes: Annotation[] = [];
  private codeAlignment = 1;
  private result: Assembled | null = null;

  constructor(options: AssemblerOptions = {}) {
    this.relax = options.relaxBranches ?? true;
  }

  // ---- labels, annotations, alignment --------------------------------------------------------

  newLabel(name?: string): Label {
    const label = new Label(this.labelList.length, name ?? `L${this.labelList.length}`);
    this.labelList.push(label);
    return label;
  }

  /** Bind `label` to the current position. */
  bind(label: Label): void {
    this.checkOpen();
    this.own(label);
    if (this.bound.has(label) || this.pool.has(label)) throw new EncodeError(`label ${label.name} is bound twice`);
    this.bound.add(label);
    this.append({ kind: "bind", label });
  }

  /** A new label bound here. */
  here(name?: string): Label {
    const label = this.newLabel(name);
    this.bind(label);
    return label;
  }

  /** Attach an annotation to the next instruction emitted (or to the end of the code). */
  annotate(annotation: Annotation): void {
    this.checkOpen();
    this.notes.push(annotation);
  }

  /** Pad with nops up to a multiple of `alignment` (e.g. 16 before a loop header). */
  align(alignment: number): void {
    if (!Number.isInteger(alignment) || alignment < 1 || alignment > 4096 || (alignment & (alignment - 1)) !== 0) {
      throw new EncodeError(`alignment must be a power of two up to 4096, got ${alignment}`);
    }
    this.codeAlignment = Math.max(this.codeAlignment, alignment);
    this.append({ kind: "align", alignment, notes: this.takeNotes() });
  }

  // ---- constant pool ------------------------------------------------------------------------

  /** A label for the IEEE double `value` (by bit pattern: 0.0 and -0.0 are distinct constants). */
  constF64(value: number): Label {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.data(bytes, 8, `f64 ${Object.is(value, -0) ? "-0" : String(value)}`);
  }

  /** A label for a 64-bit integer (signed or unsigned). */
  constU64(value: Imm): Label {
    const v = immValue(value, 64, "constU64");
    return this.data(Uint8Array.from(le(v, 8)), 8, `u64 ${hex(BigInt.asUintN(64, v))}`);
  }

  /** A label for an absolute address, for `call QWORD PTR [rip+label]` or `mov r, [rip+label]`. */
  constAddress(address: Imm): Label {
    const v = immValue(address, 64, "constAddress");
    return this.data(Uint8Array.from(le(v, 8)), 8, `address ${hex(BigInt.asUintN(64, v))}`);
  }

  /** A 16-byte-aligned label for an SSE mask `hi:lo` (e.g. the sign bit for xorpd negation). */
  const128(lo: Imm, hi: Imm): Label {
    const l = immValue(lo, 64, "const128");
    const h = immValue(hi, 64, "const128");
    const description = `xmm ${hex(BigInt.asUintN(64, h))}:${hex(BigInt.asUintN(64, l))}`;
    return this.data(Uint8Array.from([...le(l, 8), ...le(h, 8)]), 16, description);
  }

  /** A label for arbitrary read-only bytes (at least 8-byte aligned). */
  data(bytes: Uint8Array, align = 8, description = `${bytes.length} bytes`): Label {
    this.checkOpen();
    return this.pool.add(bytes, align, description, () => this.newLabel(`.LC${this.pool.entries.length}`));
  }

  // ---- output --------------------------------------------------------------------------------

  /** Lay out, resolve labels and return the buffer. Later calls return the same result. */
  finish(): Assembled {
    if (this.result !== null) return this.result;
    for (const label of this.referenced) {
      if (!this.bound.has(label) && !this.pool.has(label)) throw new EncodeError(`label ${label.name} is used but never bound`);
    }
    const lay = layout(this.items, this.pool, this.relax);
    this.result = emitBuffer(this.items, this.pool, lay, this.takeNotes(), this.codeAlignment);
    return this.result;
  }

  listing(): string {
    return this.finish().listing();
  }

  // ---- integer instructions ------------------------------------------------------------------

  mov(dst: GprRm, src: GprRm | Imm): void { this.emit(encodeMov(dst, src)); }
  /** 10-byte `movabs r64, imm64`, whatever the value. */
  movabs(dst: Gpr, imm: Imm): void { this.emit(encodeMovabs(dst, imm)); }
  movzx(dst: Gpr, src: GprRm): void { this.emit(encodeMovzx(dst, src)); }
  movsx(dst: Gpr, src: GprRm): void { this.emit(encodeMovsx(dst, src)); }
  movsxd(dst: Gpr, src: GprRm): void { this.emit(encodeMovsxd(dst, src)); }
  lea(dst: Gpr, src: MemOperand): void { this.emit(encodeLea(dst, src)); }

  alu(op: AluOp, dst: GprRm, src: GprRm | Imm): void { this.emit(encodeAlu(op, dst, src)); }
  add(dst: GprRm, src: GprRm | Imm): void { this.alu("add", dst, src); }
  or(dst: GprRm, src: GprRm | Imm): void { this.alu("or", dst, src); }
  adc(dst: GprRm, src: GprRm | Imm): void { this.alu("adc", dst, src); }
  sbb(dst: GprRm, src: GprRm | Imm): void { this.alu("sbb", dst, src); }
  and(dst: GprRm, src: GprRm | Imm): void { this.alu("and", dst, src); }
  sub(dst: GprRm, src: GprRm | Imm): void { this.alu("sub", dst, src); }
  xor(dst: GprRm, src: GprRm | Imm): void { this.alu("xor", dst, src); }
  cmp(dst: GprRm, src: GprRm | Imm): void { this.alu("cmp", dst, src); }
  test(a: GprRm, b: GprRm | Imm): void { this.emit(encodeTest(a, b)); }

  unary(op: UnaryOp, operand: GprRm): void { this.emit(encodeUnary(op, operand)); }
  inc(operand: GprRm): void { this.unary("inc", operand); }
  dec(operand: GprRm): void { this.unary("dec", operand); }
  neg(operand: GprRm): void { this.unary("neg", operand); }
  not(operand: GprRm): void { this.unary("not", operand); }
  /** Unsigned rdx:rax = rax * operand. */
  mul(operand: GprRm): void { this.unary("mul", operand); }
  /** Unsigned rax, rdx = rdx:rax / operand, remainder. */
  div(operand: GprRm): void { this.unary("div", operand); }
  /** Signed rax, rdx = rdx:rax / operand, remainder (cqo first). */
  idiv(operand: GprRm): void { this.unary("idiv", operand); }
  /** `imul r/m` (rdx:rax = rax * r/m), `imul r, r/m` or `imul r, r/m, imm`. */
  imul(dst: GprRm, src?: GprRm, imm?: Imm): void {
    if (src === undefined) this.unary("imul", dst);
    else this.emit(encodeImul(dst as Gpr, src, imm));
  }
  cqo(): void { this.emit(encodeCqo()); }
  cdq(): void { this.emit(encodeCdq()); }

  shift(op: ShiftOp, dst: GprRm, count: number | Gpr): void { this.emit(encodeShift(op, dst, count)); }
  /** Shift left by an immediate or by `cl`. */
  shl(dst: GprRm, count: number | Gpr): void { this.shift("shl", dst, count); }
  shr(dst: GprRm, count: number | Gpr): void { this.shift("shr", dst, count); }
  sar(dst: GprRm, count: number | Gpr): void { this.shift("sar", dst, count); }
  rol(dst: GprRm, count: number | Gpr): void { this.shift("rol", dst, count); }
  ror(dst: GprRm, count: number | Gpr): void { this.shift("ror", dst, count); }

  setcc(cond: Cond, dst: GprRm): void { this.emit(encodeSetcc(cond, dst)); }
  cmovcc(cond: Cond, dst: Gpr, src: GprRm): void { this.emit(encodeCmov(cond, dst, src)); }

  push(src: Gpr | MemOperand | Imm): void { this.emit(encodePush(src)); }
  pop(dst: Gpr | MemOperand): void { this.emit(encodePop(dst)); }

  // ---- control flow --------------------------------------------------------------------------

  jmp(target: Label | Gpr | MemOperand, options: BranchOptions = {}): void {
    if (target instanceof Label) this.branch(null, target, options);
    else this.emit(encodeIndirect("jmp", target));
  }

  jcc(cond: Cond, target: Label, options: BranchOptions = {}): void {
    condCode(cond);
    this.branch(cond, target, options);
  }

  /** `call rel32` to a label in this buffer, or through a register / QWORD in memory. */
  call(target: Label | Gpr | MemOperand): void {
    if (target instanceof Label) this.emit(encodeCallLabel(this.own(target)));
    else this.emit(encodeIndirect("call", target));
  }

  /** `call QWORD PTR [rip+c]` where c is a pool constant holding `address`. */
  callAbsolute(address: Imm): void {
    this.call(rip(this.constAddress(address)));
  }

  ret(): void { this.emit(encodeRet()); }
  int3(): void { this.emit(encodeInt3()); }
  ud2(): void { this.emit(encodeUd2()); }
  /** `length` bytes of nops (recommended multi-byte forms, 9 bytes at most each). */
  nop(length = 1): void {
    if (!Number.isInteger(length) || length < 1) throw new EncodeError(`nop length must be a positive integer, got ${length}`);
    for (const inst of encodeNops(length)) this.emit(inst);
  }

  // ---- SSE2 scalar double --------------------------------------------------------------------

  sse(op: SseOpName, dst: Xmm | MemOperand, src: SseSource): void { this.emit(encodeSse(op, dst, src)); }
  /** Load, store (memory destination) or register move of a double. */
  movsd(dst: Xmm | MemOperand, src: SseSource): void { this.sse("movsd", dst, src); }
  /** 16-byte aligned load/store/register move (the preferred xmm-to-xmm copy). */
  movapd(dst: Xmm | MemOperand, src: SseSource): void { this.sse("movapd", dst, src); }
  addsd(dst: Xmm, src: SseSource): void { this.sse("addsd", dst, src); }
  subsd(dst: Xmm, src: SseSource): void { this.sse("subsd", dst, src); }
  mulsd(dst: Xmm, src: SseSource): void { this.sse("mulsd", dst, src); }
  divsd(dst: Xmm, src: SseSource): void { this.sse("divsd", dst, src); }
  sqrtsd(dst: Xmm, src: SseSource): void { this.sse("sqrtsd", dst, src); }
  minsd(dst: Xmm, src: SseSource): void { this.sse("minsd", dst, src); }
  maxsd(dst: Xmm, src: SseSource): void { this.sse("maxsd", dst, src); }
  /** Compare, setting ZF/PF/CF; unordered (NaN) sets all three. Quiet NaNs do not raise. */
  ucomisd(a: Xmm, b: SseSource): void { this.sse("ucomisd", a, b); }
  comisd(a: Xmm, b: SseSource): void { this.sse("comisd", a, b); }
  andpd(dst: Xmm, src: SseSource): void { this.sse("andpd", dst, src); }
  andnpd(dst: Xmm, src: SseSource): void { this.sse("andnpd", dst, src); }
  orpd(dst: Xmm, src: SseSource): void { this.sse("orpd", dst, src); }
  xorpd(dst: Xmm, src: SseSource): void { this.sse("xorpd", dst, src); }
  /** Needs SSE4.1 (recorded in `Assembled.features`). Modes: ROUND_* in encode-sse.ts. */
  roundsd(dst: Xmm, src: SseSource, mode: number): void { this.emit(encodeRoundsd(dst, src, mode)); }
  /** 64-bit move between a general-purpose and an xmm register. */
  movq(dst: Gpr | Xmm, src: Gpr | Xmm): void { this.emit(encodeMovGprXmm("movq", dst, src)); }
  /** 32-bit move between a general-purpose and an xmm register. */
  movd(dst: Gpr | Xmm, src: Gpr | Xmm): void { this.emit(encodeMovGprXmm("movd", dst, src)); }
  cvtsi2sd(dst: Xmm, src: Gpr | MemOperand): void { this.emit(encodeCvtsi2sd(dst, src)); }
  cvttsd2si(dst: Gpr, src: SseSource): void { this.emit(encodeCvtsd2si(true, dst, src)); }
  cvtsd2si(dst: Gpr, src: SseSource): void { this.emit(encodeCvtsd2si(false, dst, src)); }

  // ---- internals -----------------------------------------------------------------------------

  private emit(inst: Inst): void {
    if (inst.fixup !== null) this.use(inst.fixup.label);
    this.append({ kind: "inst", inst, notes: this.takeNotes() });
  }

  private branch(cond: Cond | null, label: Label, options: BranchOptions): void {
    this.use(label);
    this.append({ kind: "branch", cond, label, near: options.near ?? false, notes: this.takeNotes() });
  }

  private append(item: Item): void {
    this.checkOpen();
    this.items.push(item);
  }

  private use(label: Label): void {
    this.referenced.add(this.own(label));
  }

  private own(label: Label): Label {
    if (this.labelList[label.id] !== label) throw new EncodeError(`label ${label.name} belongs to another assembler`);
    return label;
  }

  private takeNotes(): Annotation[] {
    const notes = this.notes;
    this.notes = [];
    return notes;
  }

  private checkOpen(): void {
    if (this.result !== null) throw new EncodeError("the assembler is finished");
  }
}
