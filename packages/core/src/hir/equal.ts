// Structural equality of HIR functions: same code header, blocks, parameters, instructions (by
// operation, operands, immediates, results, frame states and edges) and types. Instruction ids
// are not compared (they are not part of the text form); value and block ids are. This is the
// equality the text round-trip promises: `funcEquals(parseFunc(printFunc(f)), f)`.

import { constantsEqual } from "./constants.js";
import type { BlockCall, Func, Inst } from "./function.js";
import type { ConstImm } from "./imm.js";
import { opDef } from "./ops.js";
import { Type } from "./types.js";

/** Null when equal, else a description of the first difference. */
export function funcDifference(a: Func, b: Func): string | null {
  const ca = a.code;
  const cb = b.code;
  for (const k of ["qualname", "name", "filename", "firstLineNo", "flags", "argCount", "posOnlyArgCount", "kwOnlyArgCount"] as const) {
    if (ca[k] !== cb[k]) return `${k}: ${ca[k]} vs ${cb[k]}`;
  }
  if (!sameList(ca.localsPlusNames, cb.localsPlusNames) || !sameList(ca.localsPlusKinds, cb.localsPlusKinds)) return "slots differ";
  if (!sameList(ca.names, cb.names)) return "names differ";
  if (a.entry !== b.entry) return `entry bb${a.entry} vs bb${b.entry}`;
  if (!sameList(a.order, b.order)) return `block order ${a.order} vs ${b.order}`;
  for (const id of a.order) {
    const ba = a.block(id);
    const bb = b.block(id);
    if (!sameList(ba.params, bb.params)) return `bb${id} parameters differ`;
    for (const p of ba.params) if (!a.typeOf(p).equals(b.typeOf(p))) return `type of v${p}`;
    if (ba.insts.length !== bb.insts.length) return `bb${id} has ${ba.insts.length} vs ${bb.insts.length} instructions`;
    for (let i = 0; i < ba.insts.length; i++) {
      const d = instDifference(a, a.inst(ba.insts[i]!), b, b.inst(bb.insts[i]!));
      if (d) return `bb${id} instruction ${i}: ${d}`;
    }
  }
  return null;
}

export function funcEquals(a: Func, b: Func): boolean {
  return funcDifference(a, b) === null;
}

function instDifference(fa: Func, a: Inst, fb: Func, b: Inst): string | null {
  if (a.op !== b.op) return `${a.op} vs ${b.op}`;
  if (!sameList(a.args, b.args)) return "operands";
  if (!sameList(a.results, b.results)) return "results";
  for (const r of a.results) if (!fa.typeOf(r).equals(fb.typeOf(r))) return `type of v${r}`;
  const kinds = opDef(a.op).imms;
  for (let i = 0; i < kinds.length; i++) if (!immEquals(kinds[i]!, a.imms[i], b.imms[i])) return `immediate ${i}`;
  if (!!a.frameState !== !!b.frameState) return "frame state presence";
  if (a.frameState && b.frameState) {
    if (a.frameState.offset !== b.frameState.offset) return "frame state offset";
    if (!sameList(a.frameState.locals, b.frameState.locals) || !sameList(a.frameState.stack, b.frameState.stack)) return "frame state values";
  }
  if (!callEquals(a.unwind, b.unwind)) return "unwind edge";
  if (a.targets.length !== b.targets.length || a.targets.some((t, i) => !callEquals(t, b.targets[i]!))) return "targets";
  return null;
}

function immEquals(kind: string, a: unknown, b: unknown): boolean {
  switch (kind) {
    case "const": {
      const x = a as ConstImm;
      const y = b as ConstImm;
      return x.index === y.index && constantsEqual(x.value, y.value);
    }
    case "names": return sameList(a as readonly string[], b as readonly string[]);
    case "type": return (a as Type).equals(b as Type);
    case "f64": return Object.is(a, b);
    default: return a === b;
  }
}

function callEquals(a: BlockCall | null, b: BlockCall | null): boolean {
  if (a === null || b === null) return a === b;
  return a.block === b.block && sameList(a.args, b.args);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
