// Control flow and padding: jmp/call through a register or memory, call rel32 to a label,
// the bytes of label branches (short rel8 or near rel32, chosen by the layout), ret, int3, ud2,
// and the recommended multi-byte nops (Intel SDM vol. 2B, NOP: 1 to 9 bytes).
//
// There is no `call rel32` to an absolute address: the code is position independent and a JIT
// buffer can land more than 2 GiB away from its helpers. Call through a register or through
// `call QWORD PTR [rip+const]` with the address in the constant pool instead.

import { type Label } from "./labels.js";
import { type MemOperand, sized, isMem } from "./operands.js";
import { type Inst, inst, rmInst } from "./instruction.js";
import { type Cond, condCode } from "./conditions.js";
import { memText } from "./syntax.js";
import { expectGprRm, operandSize, isGpr } from "./encode-common.js";
import { type Gpr } from "./registers.js";

/** `jmp`/`call` through a 64-bit register or a QWORD in memory (0xff /4, 0xff /2). */
export function encodeIndirect(what: "jmp" | "call", target: Gpr | MemOperand): Inst {
  const rm = expectGprRm(what, target);
  const op = isMem(rm) && rm.size === null ? sized(rm, 8) : rm;
  operandSize(what, [op], [8]);
  return rmInst(what, [isGpr(op) ? op.name : memText(op, 8)], { opcode: [0xff], reg: what === "jmp" ? 4 : 2, rm: op });
}

/** `call rel32` to a label in the same buffer. */
export function encodeCallLabel(label: Label): Inst {
  return inst("call", [{ kind: "target" }], Uint8Array.from([0xe8, 0, 0, 0, 0]), { at: 1, label, addend: 0 });
}

/** Length of a label branch: jmp 2/5 bytes, jcc 2/6 bytes. */
export function branchLength(cond: Cond | null, long: boolean): number {
  if (!long) return 2;
  return cond === null ? 5 : 6;
}

/** A label branch with its displacement (from the end of the branch) filled in. */
export function branchBytes(cond: Cond | null, long: boolean, disp: number): Uint8Array {
  if (!long) return Uint8Array.from([cond === null ? 0xeb : 0x70 + condCode(cond), disp & 0xff]);
  const rel = [disp & 0xff, (disp >> 8) & 0xff, (disp >> 16) & 0xff, (disp >>> 24) & 0xff];
  return Uint8Array.from(cond === null ? [0xe9, ...rel] : [0x0f, 0x80 + condCode(cond), ...rel]);
}

export function branchMnemonic(cond: Cond | null): string {
  return cond === null ? "jmp" : `j${cond}`;
}

export const encodeRet = (): Inst => inst("ret", [], Uint8Array.of(0xc3));
export const encodeInt3 = (): Inst => inst("int3", [], Uint8Array.of(0xcc));
export const encodeUd2 = (): Inst => inst("ud2", [], Uint8Array.of(0x0f, 0x0b));

/** The recommended nop of each length 1..9, with objdump's spelling. */
const NOPS: readonly { readonly bytes: readonly number[]; readonly mnemonic: string; readonly operands: readonly string[] }[] = [
  { bytes: [0x90], mnemonic: "nop", operands: [] },
  { bytes: [0x66, 0x90], mnemonic: "xchg", operands: ["ax", "ax"] },
  { bytes: [0x0f, 0x1f, 0x00], mnemonic: "nop", operands: ["DWORD PTR [rax]"] },
  { bytes: [0x0f, 0x1f, 0x40, 0x00], mnemonic: "nop", operands: ["DWORD PTR [rax+0x0]"] },
  { bytes: [0x0f, 0x1f, 0x44, 0x00, 0x00], mnemonic: "nop", operands: ["DWORD PTR [rax+rax*1+0x0]"] },
  { bytes: [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], mnemonic: "nop", operands: ["WORD PTR [rax+rax*1+0x0]"] },
  { bytes: [0x0f, 0x1f, 0x80, 0, 0, 0, 0], mnemonic: "nop", operands: ["DWORD PTR [rax+0x0]"] },
  { bytes: [0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], mnemonic: "nop", operands: ["DWORD PTR [rax+rax*1+0x0]"] },
  { bytes: [0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], mnemonic: "nop", operands: ["WORD PTR [rax+rax*1+0x0]"] },
];

export const MAX_NOP_LENGTH = NOPS.length;

/** Nops filling exactly `length` bytes: as many 9-byte nops as fit, then one shorter nop. */
export function encodeNops(length: number): Inst[] {
  const out: Inst[] = [];
  for (let left = length; left > 0; left -= MAX_NOP_LENGTH) {
    const nop = NOPS[Math.min(left, MAX_NOP_LENGTH) - 1]!;
    out.push(inst(nop.mnemonic, nop.operands, Uint8Array.from(nop.bytes)));
  }
  return out;
}
