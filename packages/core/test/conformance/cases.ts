// The backend conformance suite: LIR programs built once, target-independently, with the results
// they must produce for given arguments. Every backend runs them natively (x64, ARM64 under
// qemu, wasm in V8) and the reference interpreter runs them too, so an expectation is checked
// against the interpreter before it can blame a backend.
//
// Conventions: i64 values are bigints, f64 values numbers. A case's callees are other LIR
// functions it reaches by symbol, compiled and installed before it, in the order listed (each may
// call only the ones before it). Cases take at most 8 arguments of each class, the most the test
// trampolines pass; functions with more arguments are called from generated code.
import { binCases, binoCases, compareCases, constAndSelectCases, unaryCases } from "./cases-int.js";
import { floatCases } from "./cases-float.js";
import { callCases, loopCases, memoryCases, pressureCases } from "./cases-programs.js";
import type { ConformanceCase } from "./case-kit.js";

export * from "./case-kit.js";

/** The whole suite, built fresh (LIR functions are mutable; callers must not share them). */
export function conformanceCases(): ConformanceCase[] {
  return [
    ...binCases(), ...binoCases(), ...unaryCases(), ...compareCases(), ...floatCases(), ...constAndSelectCases(),
    ...loopCases(), ...callCases(), ...pressureCases(), ...memoryCases(),
  ];
}
