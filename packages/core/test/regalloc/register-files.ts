// Register files for allocator tests: one shaped like x64 System V, and small ones that force
// spills, evictions and the call rule with almost no callee-saved registers.

import type { PhysReg, RegClass, RegisterFile } from "../../src/index.js";

const reg = (cls: RegClass, num: number): PhysReg => ({ cls, num, name: `${cls === "i64" ? "g" : "x"}${num}` });

function file(name: string, ints: number, floats: number, calleeSavedInts: number, calleeSavedFloats = 0): RegisterFile {
  const i = Array.from({ length: ints }, (_, n) => reg("i64", n));
  const f = Array.from({ length: floats }, (_, n) => reg("f64", n));
  return {
    name,
    allocatable: { i64: i, f64: f },
    calleeSaved: [...i.slice(ints - calleeSavedInts), ...f.slice(floats - calleeSavedFloats)],
    scratch: { i64: [reg("i64", 30), reg("i64", 31)], f64: [reg("f64", 31)] },
  };
}

/** 12 allocatable GPRs (5 callee-saved), 15 xmm (none callee-saved), like the x64 backend. */
export const SYSV_LIKE = file("sysv-like", 12, 15, 5);
/** 3 GPRs, one callee-saved; 2 float registers. */
export const TINY = file("tiny", 3, 2, 1);
/** 2 GPRs, no callee-saved at all; 1 float register. */
export const STARVED = file("starved", 2, 1, 0);
/** Callee-saved float registers too (AAPCS64 keeps d8-d15). */
export const FLOAT_SAVED = file("float-saved", 4, 4, 2, 2);

export const REGISTER_FILES = [SYSV_LIKE, TINY, STARVED, FLOAT_SAVED];
