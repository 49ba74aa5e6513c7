/**
 * Just enough of an x86-64 assembler to hand-write the stubs the runtime tests install as
 * "compiled code". Not the backend's encoder (that lives in @pyjc/backend-x64): the runtime
 * tests must not depend on it.
 */
export const R = {
  rax: 0, rcx: 1, rdx: 2, rbx: 3, rsp: 4, rbp: 5, rsi: 6, rdi: 7,
  r8: 8, r9: 9, r10: 10, r11: 11, r12: 12, r13: 13, r14: 14, r15: 15,
} as const;
type Reg = (typeof R)[keyof typeof R];

type Fixup = { at: number; label: string; kind: "rel32" };

export class Asm {
  private readonly out: number[] = [];
  private readonly labels = new Map<string, number>();
  private readonly fixups: Fixup[] = [];

  private rex(w: boolean, reg: number, rm: number): void {
    const b = 0x40 | (w ? 8 : 0) | ((reg >> 3) << 2) | (rm >> 3);
    if (b !== 0x40) this.out.push(b);
  }

  private modrm(mod: number, reg: number, rm: number): void {
    this.out.push((mod << 6) | ((reg & 7) << 3) | (rm & 7));
  }

  private imm32(v: number): void {
    for (let i = 0; i < 4; i++) this.out.push((v >>> (8 * i)) & 0xff);
  }

  private memOperand(reg: number, base: number, disp: number): void {
    if ((base & 7) === R.rsp) throw new Error("rsp/r12 base needs a SIB byte; not supported");
    this.modrm(2, reg, base);
    this.imm32(disp);
  }

  label(name: string): this {
    this.labels.set(name, this.out.length);
    return this;
  }

  push(r: Reg): this {
    if (r >= 8) this.out.push(0x41);
    this.out.push(0x50 + (r & 7));
    return this;
  }

  pop(r: Reg): this {
    if (r >= 8) this.out.push(0x41);
    this.out.push(0x58 + (r & 7));
    return this;
  }

  /** mov dst, [base + disp] (64-bit) */
  load(dst: Reg, base: Reg, disp: number): this {
    this.rex(true, dst, base);
    this.out.push(0x8b);
    this.memOperand(dst, base, disp);
    return this;
  }

  /** mov eax-sized dst, [base + disp] (32-bit, zero-extended) */
  load32(dst: Reg, base: Reg, disp: number): this {
    this.rex(false, dst, base);
    this.out.push(0x8b);
    this.memOperand(dst, base, disp);
    return this;
  }

  /** mov [base + disp], src (64-bit) */
  store(base: Reg, disp: number, src: Reg): this {
    this.rex(true, src, base);
    this.out.push(0x89);
    this.memOperand(src, base, disp);
    return this;
  }

  /** mov dword [base + disp], imm32 */
  storeImm32(base: Reg, disp: number, imm: number): this {
    this.rex(false, 0, base);
    this.out.push(0xc7);
    this.memOperand(0, base, disp);
    this.imm32(imm);
    return this;
  }

  /** add qword [base + disp], imm8 */
  addMem8(base: Reg, disp: number, imm: number): this {
    this.rex(true, 0, base);
    this.out.push(0x83);
    this.memOperand(0, base, disp);
    this.out.push(imm & 0xff);
    return this;
  }

  movImm64(dst: Reg, value: bigint): this {
    this.rex(true, 0, dst);
    this.out.push(0xb8 + (dst & 7));
    for (let i = 0n; i < 8n; i++) this.out.push(Number((value >> (8n * i)) & 0xffn));
    return this;
  }

  mov(dst: Reg, src: Reg): this {
    this.rex(true, src, dst);
    this.out.push(0x89);
    this.modrm(3, src, dst);
    return this;
  }

  /** mov eax, imm32 */
  movEax(imm: number): this {
    this.out.push(0xb8);
    this.imm32(imm);
    return this;
  }

  xorEax(): this {
    this.out.push(0x31, 0xc0);
    return this;
  }

  testEax(): this {
    this.out.push(0x85, 0xc0);
    return this;
  }

  dec(r: Reg): this {
    this.rex(true, 0, r);
    this.out.push(0xff);
    this.modrm(3, 1, r);
    return this;
  }

  call(r: Reg): this {
    if (r >= 8) this.out.push(0x41);
    this.out.push(0xff);
    this.modrm(3, 2, r);
    return this;
  }

  /** lea dst, [rip + label] */
  leaRip(dst: Reg, label: string): this {
    this.rex(true, dst, 0);
    this.out.push(0x8d);
    this.modrm(0, dst, 5);
    this.fixups.push({ at: this.out.length, label, kind: "rel32" });
    this.imm32(0);
    return this;
  }

  private jump(opcode: number[], label: string): this {
    this.out.push(...opcode);
    this.fixups.push({ at: this.out.length, label, kind: "rel32" });
    this.imm32(0);
    return this;
  }

  jz(label: string): this {
    return this.jump([0x0f, 0x84], label);
  }

  jnz(label: string): this {
    return this.jump([0x0f, 0x85], label);
  }

  jmp(label: string): this {
    return this.jump([0xe9], label);
  }

  ret(): this {
    this.out.push(0xc3);
    return this;
  }

  cString(label: string, text: string): this {
    this.label(label);
    this.out.push(...new TextEncoder().encode(text), 0);
    return this;
  }

  bytes(): Uint8Array {
    const code = Uint8Array.from(this.out);
    const view = new DataView(code.buffer);
    for (const f of this.fixups) {
      const target = this.labels.get(f.label);
      if (target === undefined) throw new Error(`undefined label ${f.label}`);
      view.setInt32(f.at, target - (f.at + 4), true);
    }
    return code;
  }
}
