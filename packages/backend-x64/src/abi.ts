// The System V AMD64 calling convention as pyjc uses it, and the register file the shared
// allocator gets.
//
// - Integer/pointer arguments in rdi, rsi, rdx, rcx, r8, r9; doubles in xmm0-xmm7; the rest on the
//   stack in argument order, 8 bytes each, the first at [rsp] at the call. Results in rax / xmm0.
// - rbx, rbp, r12-r15 are callee-saved; every xmm register is caller-saved.
// - rsp is 16-byte aligned at every call instruction.
//
// Register roles here:
// - rbp is the frame pointer (not allocated), so debuggers and `perf --call-graph=fp` can walk
//   through compiled frames; rsp is the stack pointer.
// - r10 and r11 are scratch for instruction selection (spilled operands, memory-to-memory moves,
//   the indirect call target, saving rcx around variable shifts); xmm15 is the float scratch. All
//   three are caller-saved and not argument registers, so call sequences may use them freely.
// - Everything else is allocatable: 12 GPRs (7 caller-saved, 5 callee-saved) and xmm0-xmm14.

import type { PhysReg, RegClass, RegisterFile } from "@pyjc/core";
import {
  gpr, xmm, type Gpr, type Xmm, rax, rcx, rdx, rbx, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15, xmm0, xmm15,
} from "./encoder/index.js";

export const INT_ARG_REGS: readonly Gpr[] = [rdi, rsi, rdx, rcx, r8, r9];
export const FLOAT_ARG_REGS: readonly Xmm[] = Array.from({ length: 8 }, (_, i) => xmm(i));
export const INT_RESULT: Gpr = rax;
export const FLOAT_RESULT: Xmm = xmm0;
export const CALLEE_SAVED_GPRS: readonly Gpr[] = [rbx, rbp, r12, r13, r14, r15];
export const STACK_ALIGNMENT = 16;

/** Scratch registers reserved for instruction selection. */
export const SCRATCH0: Gpr = r10;
export const SCRATCH1: Gpr = r11;
export const FSCRATCH: Xmm = xmm15;

/**
 * `ob_refcnt` is the first field of PyObject in every 3.11 build without Py_TRACE_REFS (Debian's
 * libpython included); incref/decref are inlined against it.
 */
export const OB_REFCNT_OFFSET = 0;

const phys = (cls: RegClass, r: Gpr | Xmm): PhysReg => Object.freeze({ cls, num: r.num, name: r.name });

export const X64_REGISTERS: RegisterFile = Object.freeze({
  name: "x64-sysv",
  allocatable: {
    i64: [rax, rcx, rdx, rsi, rdi, r8, r9, rbx, r12, r13, r14, r15].map((r) => phys("i64", r)),
    f64: Array.from({ length: 15 }, (_, i) => phys("f64", xmm(i))),
  },
  calleeSaved: CALLEE_SAVED_GPRS.map((r) => phys("i64", r)),
  scratch: { i64: [phys("i64", r10), phys("i64", r11)], f64: [phys("f64", xmm15)] },
});

export function gprOf(r: PhysReg): Gpr {
  if (r.cls !== "i64") throw new Error(`${r.name} is not a general-purpose register`);
  return gpr(r.num);
}

export function xmmOf(r: PhysReg): Xmm {
  if (r.cls !== "f64") throw new Error(`${r.name} is not an xmm register`);
  return xmm(r.num);
}

/** Where one argument travels: a register, or the k-th 8-byte stack slot of the argument area. */
export type ArgLocation = { readonly kind: "reg"; readonly reg: Gpr | Xmm } | { readonly kind: "stack"; readonly index: number };

/** System V classification of scalar arguments: each class fills its registers, then the stack. */
export function assignArguments(classes: readonly RegClass[]): ArgLocation[] {
  let ints = 0;
  let floats = 0;
  let stack = 0;
  return classes.map((cls): ArgLocation => {
    if (cls === "i64" && ints < INT_ARG_REGS.length) return { kind: "reg", reg: INT_ARG_REGS[ints++]! };
    if (cls === "f64" && floats < FLOAT_ARG_REGS.length) return { kind: "reg", reg: FLOAT_ARG_REGS[floats++]! };
    return { kind: "stack", index: stack++ };
  });
}
