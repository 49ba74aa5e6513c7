// Calls, incoming parameters and reference counting.
//
// The allocator guarantees nothing live across a call is in a caller-saved register, so a call
// sequence may overwrite any argument register. Arguments are placed in three steps: stack
// arguments first (they only read their sources), then every register argument and an indirect
// target (into r11) as one parallel move, then immediates. Calls to runtime symbols go through a
// RIP-relative constant-pool entry (`call [rip+x]`): the code may land anywhere in the address space.
//
// Py_INCREF is `add qword [r], 1`. Py_DECREF is `sub qword [r], 1; jz stub` with the stub (call
// _Py_Dealloc, jump back) out of line after the function body, so the common path falls through.
// The stub saves and restores every allocatable caller-saved register around the call (a decref
// is not in LIR_CALLS: values may be live across it in any register).

import type { LirInst, Move, VReg } from "@pyjc/core";
import { isImmOperand } from "@pyjc/core";
import { type Gpr, qword, rdi, resize, rsp } from "./encoder/index.js";
import { assignArguments, FLOAT_RESULT, FSCRATCH, INT_RESULT, OB_REFCNT_OFFSET, SCRATCH0, SCRATCH1 } from "./abi.js";
import { type Ctx, SAVE_AREA_BYTES } from "./context.js";
import { incomingStackArg, outgoingStackArg } from "./frame.js";
import { emitMove, emitParallelMoves, type MoveLoc } from "./moves.js";

type Inst<K extends LirInst["op"]> = Extract<LirInst, { op: K }>;
type Arg = VReg | { readonly imm: number };

const argClass = (x: Ctx, a: Arg) => (isImmOperand(a) ? "i64" : x.f.classes[a]!);

/** Bytes of stack arguments a call passes. */
export function outgoingBytes(classes: readonly ("i64" | "f64")[]): number {
  return 8 * assignArguments(classes).filter((l) => l.kind === "stack").length;
}

export function callOutgoingBytes(f: Ctx["f"], i: Inst<"call">): number {
  return outgoingBytes(i.args.map((a) => (isImmOperand(a) ? "i64" : f.classes[a]!)));
}

/** Whether a call passes arguments on the stack (a call that `preserves` must not). */
export function hasStackArguments(f: Ctx["f"], i: Inst<"call">): boolean {
  return callOutgoingBytes(f, i) > 0;
}

export function selectCall(x: Ctx, i: Inst<"call">): void {
  const asm = x.asm;
  const saver = i.preserves ? x.registerSaver() : null;
  if (saver !== null) {
    if (hasStackArguments(x.f, i)) throw new Error("x64: a call that preserves registers cannot pass stack arguments");
    asm.sub(rsp, SAVE_AREA_BYTES);
    asm.call(saver.save);
  }
  const places = assignArguments(i.args.map((a) => argClass(x, a)));
  const moves: Move<MoveLoc>[] = [];
  const imms: [Gpr, number][] = [];
  i.args.forEach((a, k) => {
    const place = places[k]!;
    if (place.kind === "stack") {
      const slot = outgoingStackArg(place.index);
      if (isImmOperand(a)) asm.mov(slot, a.imm);
      else emitMove(asm, slot, x.where(a), SCRATCH0);
    } else if (isImmOperand(a)) {
      imms.push([place.reg as Gpr, a.imm]);
    } else {
      moves.push({ dst: place.reg, src: x.where(a) });
    }
  });
  if (typeof i.target === "number") moves.push({ dst: SCRATCH1, src: x.where(i.target) });
  emitParallelMoves(asm, moves, SCRATCH0, SCRATCH0);
  for (const [reg, imm] of imms) {
    if (imm === 0) asm.xor(resize(reg, 4), resize(reg, 4));
    else asm.mov(reg, imm);
  }
  if (typeof i.target === "number") asm.call(SCRATCH1);
  else asm.callAbsolute(x.env.symbol(i.target.sym));
  // A C `int` result fills only eax; the upper half of rax is garbage (gcc writes -1 as eax=~0).
  if (i.dst !== null && i.returns === "i32") asm.movsxd(INT_RESULT, resize(INT_RESULT, 4));
  const isFloat = i.dst !== null && x.f.classes[i.dst] === "f64";
  if (saver !== null) {
    // The result waits in a scratch register (never saved) while the others come back.
    if (i.dst !== null) {
      if (isFloat) asm.movapd(FSCRATCH, FLOAT_RESULT);
      else asm.mov(SCRATCH0, INT_RESULT);
    }
    asm.call(saver.restore);
    asm.add(rsp, SAVE_AREA_BYTES);
    if (i.dst !== null) x.put(i.dst, isFloat ? FSCRATCH : SCRATCH0);
    return;
  }
  if (i.dst !== null) x.put(i.dst, isFloat ? FLOAT_RESULT : INT_RESULT);
}

/** Moves the parameters from where System V passes them to their allocated locations. */
export function emitParameterMoves(x: Ctx): void {
  const places = assignArguments(x.f.params.map((p) => x.f.classes[p]!));
  const moves: Move<MoveLoc>[] = [];
  const fromStack: [VReg, number][] = [];
  const liveAtEntry = x.alloc.intervals.liveness.liveIn[0]!;
  x.f.params.forEach((p, k) => {
    // A parameter never read (or overwritten before any read) keeps no value worth moving.
    if (!liveAtEntry.has(p)) return;
    const place = places[k]!;
    if (place.kind === "stack") fromStack.push([p, place.index]);
    else moves.push({ dst: x.where(p), src: place.reg });
  });
  // Register parameters may land in each other's registers (a cycle) or in spill slots.
  emitParallelMoves(x.asm, moves, SCRATCH1, SCRATCH0);
  for (const [p, index] of fromStack) emitMove(x.asm, x.where(p), incomingStackArg(index), SCRATCH0);
}

/** Moves the returned value into rax / xmm0. */
export function emitResultMove(x: Ctx, v: VReg): void {
  x.get(x.f.classes[v] === "f64" ? FLOAT_RESULT : INT_RESULT, v);
}

export function selectRefcount(x: Ctx, i: Inst<"incref" | "decref" | "xincref" | "xdecref">): void {
  const asm = x.asm;
  const r = x.inGpr(i.v);
  const refcnt = qword(r, OB_REFCNT_OFFSET);
  const mayBeNull = i.op === "xincref" || i.op === "xdecref";
  const done = mayBeNull || i.op === "decref" ? asm.newLabel(`${i.op}${x.labels++}.done`) : null;
  if (mayBeNull) {
    asm.test(r, r);
    asm.jcc("e", done!);
  }
  if (i.op === "incref" || i.op === "xincref") {
    asm.add(refcnt, 1);
  } else {
    const dealloc = asm.newLabel(`dealloc${x.stubs.length}`);
    asm.sub(refcnt, 1);
    asm.jcc("e", dealloc);
    const address = x.env.symbol("_Py_Dealloc");
    const saver = x.registerSaver();
    x.stubs.push({
      label: dealloc,
      emit: (a) => {
        // r still holds the object: nothing ran between the sub and the jump here (the save
        // routine only stores).
        a.sub(rsp, SAVE_AREA_BYTES);
        a.call(saver.save);
        if (r.num !== rdi.num) a.mov(rdi, r);
        a.callAbsolute(address);
        a.call(saver.restore);
        a.add(rsp, SAVE_AREA_BYTES);
        a.jmp(done!);
      },
    });
  }
  if (done !== null) asm.bind(done);
}
