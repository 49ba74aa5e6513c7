// The stack frame of a compiled function. rbp is the frame pointer; everything below it has a
// fixed size, so rsp never moves inside the body and stays 16-byte aligned at every call:
//
//   [rbp + 16 + 8k]   incoming stack argument k
//   [rbp + 8]         return address
//   [rbp]             caller's rbp
//   [rbp - 8 ...]     callee-saved registers the allocation uses, pushed in order
//                     LIR stack slots (each at its alignment, at most 16)
//                     spill slots, 8 bytes each
//   [rsp ...]         outgoing stack arguments of the largest call
//
// At entry rsp = 8 (mod 16) (the return address); `push rbp` makes it 0, and the pushes plus the
// `sub rsp` are padded to a multiple of 16. A function that calls nothing and needs no stack
// memory, no callee-saved register and no stack argument gets no frame at all.

import type { Allocation, LirFunc } from "@pyjc/core";
import { type Assembler, type Gpr, type Mem, qword, rbp, rsp } from "./encoder/index.js";
import { gprOf, STACK_ALIGNMENT } from "./abi.js";

export interface Frame {
  readonly hasFrame: boolean;
  /** Callee-saved registers pushed after rbp, in push order. */
  readonly saved: readonly Gpr[];
  /** Bytes reserved by `sub rsp` below the pushes. */
  readonly size: number;
  /** rbp-relative displacement of each LIR stack slot. */
  readonly slotDisp: readonly number[];
  /** rbp-relative displacement of each spill slot. */
  readonly spillDisp: readonly number[];
  /** Bytes of the outgoing argument area at [rsp]. */
  readonly outgoing: number;
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

export function layoutFrame(f: LirFunc, alloc: Allocation, opts: { calls: boolean; outgoing: number; stackParams: boolean }): Frame {
  const saved = alloc.calleeSavedUsed.filter((r) => r.cls === "i64").map(gprOf);
  let cursor = 8 * saved.length;
  const slotDisp = f.slots.map((s) => {
    if (s.align > STACK_ALIGNMENT || (s.align & (s.align - 1)) !== 0) throw new Error(`stack slot alignment ${s.align} is not supported`);
    cursor = alignUp(cursor + s.size, Math.max(1, s.align));
    return -cursor;
  });
  cursor = alignUp(cursor, 8);
  const spillDisp = Array.from({ length: alloc.spillSlots }, () => {
    cursor += 8;
    return -cursor;
  });
  const bottom = alignUp(cursor + opts.outgoing, STACK_ALIGNMENT);
  const hasFrame = opts.calls || opts.stackParams || bottom > 0;
  return { hasFrame, saved, size: bottom - 8 * saved.length, slotDisp, spillDisp, outgoing: opts.outgoing };
}

export function emitPrologue(asm: Assembler, frame: Frame): void {
  if (!frame.hasFrame) return;
  asm.push(rbp);
  asm.mov(rbp, rsp);
  for (const r of frame.saved) asm.push(r);
  if (frame.size > 0) asm.sub(rsp, frame.size);
}

/** Undoes the prologue; the caller emits `ret` after it. */
export function emitEpilogue(asm: Assembler, frame: Frame): void {
  if (!frame.hasFrame) return;
  if (frame.size > 0) asm.add(rsp, frame.size);
  for (const r of [...frame.saved].reverse()) asm.pop(r);
  asm.pop(rbp);
}

export function spillSlot(frame: Frame, slot: number): Mem {
  return qword(rbp, frame.spillDisp[slot]!);
}

export function incomingStackArg(index: number): Mem {
  return qword(rbp, 16 + 8 * index);
}

export function outgoingStackArg(index: number): Mem {
  return qword(rsp, 8 * index);
}

/** Bytes of stack the frame occupies below the return address (for listings). */
export function frameBytes(frame: Frame): number {
  return frame.hasFrame ? 8 + 8 * frame.saved.length + frame.size : 0;
}
