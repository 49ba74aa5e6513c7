// Intel-syntax text exactly as GNU objdump (binutils 2.40, `-M intel`) prints it, so a listing can
// be compared line by line with the disassembly of the same bytes:
//   mov    rax,QWORD PTR [rbp-0x8]
//   lea    rax,[rip+0x10]        # 0x2f
// The mnemonic is padded to 6 columns plus a space; immediates are the unsigned pattern at the
// operation width in hex; a displacement is printed whenever the encoding has one (so `[rbp+0x0]`);
// an address without base is `ds:0x...` or `[index*scale+disp]`; RIP-relative displacements are
// printed as 64-bit unsigned values followed by a `# target` comment.

import { type MemSize, type Mem, type MemOperand } from "./operands.js";
import { memForm } from "./encode-modrm.js";

/** Text of one operand; label-dependent parts are filled in when the layout is known. */
export type TextOperand =
  | string
  | { readonly kind: "rip"; readonly ptr: string }
  | { readonly kind: "target" };

const PTR: Readonly<Record<MemSize, string>> = { 1: "BYTE", 2: "WORD", 4: "DWORD", 8: "QWORD", 16: "XMMWORD" };

export function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

/** An immediate of `bytes` width: its unsigned pattern in hex. */
export function immText(v: bigint, bytes: number): string {
  return hex(BigInt.asUintN(bytes * 8, v));
}

function signedHex(v: number): string {
  return v < 0 ? `-${hex(-v)}` : `+${hex(v)}`;
}

function addressText(m: Mem): string {
  if (m.base === null && m.index === null) return `ds:${hex(BigInt.asUintN(64, BigInt(m.disp)))}`;
  const parts: string[] = [];
  if (m.base !== null) parts.push(m.base.name);
  if (m.index !== null) parts.push(`${parts.length > 0 ? "+" : ""}${m.index.name}*${m.scale}`);
  if (memForm(m).dispBytes > 0) parts.push(signedHex(m.disp));
  return `[${parts.join("")}]`;
}

/** `SIZE PTR [...]`, or the bare address when `size` is null (lea). */
export function memText(m: MemOperand, size: MemSize | null): TextOperand {
  const ptr = size === null ? "" : `${PTR[size]} PTR `;
  if (m.kind === "rip") return { kind: "rip", ptr };
  return ptr + addressText(m);
}

/** The whole instruction, given the values of its label-dependent parts. */
export function renderText(
  mnemonic: string,
  operands: readonly TextOperand[],
  ripDisp: number,
  target: number,
): string {
  if (operands.length === 0) return mnemonic;
  let comment = "";
  const ops = operands.map((op) => {
    if (typeof op === "string") return op;
    if (op.kind === "target") return hex(target);
    comment = `        # ${hex(target)}`;
    return `${op.ptr}[rip+${hex(BigInt.asUintN(64, BigInt(ripDisp)))}]`;
  });
  return `${mnemonic.padEnd(6)} ${ops.join(",")}${comment}`;
}
