// The allocator fuzzer: random LIR functions (random CFGs with loops, calls, both classes, high
// pressure), allocated with register files from generous to starved, every allocation verified by
// the independent checker.

import { expect, test } from "vitest";
import fc from "fast-check";
import { allocateRegisters, checkAllocation, printLir } from "../../src/index.js";
import { buildRandomLir, funcRecipeArb } from "./random-lir.js";
import { REGISTER_FILES } from "./register-files.js";

for (const regs of REGISTER_FILES) {
  test(`random functions allocate correctly with the ${regs.name} register file`, () => {
    fc.assert(
      fc.property(funcRecipeArb(), (recipe) => {
        const f = buildRandomLir(recipe);
        const alloc = allocateRegisters(f, regs);
        const errors = checkAllocation(f, regs, alloc);
        if (errors.length > 0) throw new Error(`${errors.slice(0, 5).join("\n")}\n${printLir(f)}`);
      }),
      { numRuns: 400 },
    );
  });
}

test("the generator produces what the fuzzer is meant to cover", () => {
  const samples = fc.sample(funcRecipeArb(), { numRuns: 300, seed: 3 }).map((r) => buildRandomLir(r));
  const ops = new Set(samples.flatMap((f) => f.blocks.flatMap((b) => b.insts.map((i) => i.op))));
  for (const op of ["call", "decref", "xdecref", "bino", "select", "fcmp", "load", "store", "br", "brcmp", "jump", "ret", "mov"]) {
    expect(ops, op).toContain(op);
  }
  const stats = samples.map((f) => allocateRegisters(f, REGISTER_FILES[0]!).stats);
  expect(stats.some((s) => s.spilled > 5)).toBe(true);
  expect(stats.some((s) => s.evicted > 0)).toBe(true);
  // Loops: some block branches backwards.
  expect(samples.some((f) => f.blocks.some((b, i) => {
    const last = b.insts[b.insts.length - 1]!;
    return "target" in last ? (last.target as number) <= i : "ifTrue" in last && ((last.ifTrue as number) <= i || (last.ifFalse as number) <= i);
  }))).toBe(true);
});
