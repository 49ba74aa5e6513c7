// Differential fuzzing: random executable LIR programs (random CFGs with loops, both classes,
// calls with stack arguments, refcounting with the dealloc stub, spills) run on the reference
// interpreter and as x64 machine code; their checksums must agree.

import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { printLir, type LirFunc } from "@pyjc/core";
import type { ConformanceCase } from "../../../core/test/conformance/cases.js";
import { LirInterpreter } from "../../../core/test/conformance/interpret.js";
import { prepareNative } from "../../../core/test/conformance/native.js";
import { buildProgram, programArgs, programArgsArb, programCallees, programRecipeArb } from "../../../core/test/conformance/random-programs.js";
import { createX64Backend } from "../../src/index.js";
import { loadTrampoline } from "./trampoline.js";

const trampoline = await loadTrampoline();
if (trampoline.reason !== null) console.warn(`x64 random-program differential skipped: ${trampoline.reason}`);

describe.runIf(trampoline.caller !== null)("x64 against the LIR interpreter on random programs", () => {
  const backend = createX64Backend({ verifyAllocation: true });
  const callees = programCallees();
  const functions = Object.fromEntries(callees.map((c) => [c.name, c.func]));
  const installed = new Map<LirFunc, bigint>();

  test("checksums agree", () => {
    fc.assert(
      fc.property(programRecipeArb(), programArgsArb, (recipe, seeds) => {
        const program = buildProgram(recipe);
        const args = programArgs(program.params, seeds);
        const expected = new LirInterpreter({ functions }).run(program.func, args);
        const c: ConformanceCase = { name: "random", func: program.func, callees: callees.map((k) => [k.name, k.func]), runs: [] };
        const got = prepareNative(backend, c, trampoline.caller!, installed)(args);
        if (got !== expected) throw new Error(`native ${got}, interpreter ${expected}, args ${args.join(", ")}\n${printLir(program.func)}`);
      }),
      { numRuns: 300 },
    );
  });

  test("the programs exercise loops, calls, spills and the dealloc path", () => {
    const samples = fc.sample(fc.tuple(programRecipeArb(), programArgsArb), { numRuns: 100, seed: 5 });
    let deallocs = 0;
    let calls = 0;
    for (const [recipe, seeds] of samples) {
      const program = buildProgram(recipe);
      const interp = new LirInterpreter({ functions });
      interp.run(program.func, programArgs(program.params, seeds));
      calls += interp.calls;
      deallocs += program.func.blocks.some((b) => b.insts.some((i) => i.op === "decref" || i.op === "xdecref")) ? 1 : 0;
    }
    expect(calls).toBeGreaterThan(100);
    expect(deallocs).toBeGreaterThan(10);
  });
});
