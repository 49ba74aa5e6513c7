// Property: any sequence of supported instructions (random operands, labels, relaxable branches,
// padding, constants) encodes to bytes that objdump decodes to exactly our listing, instruction
// boundaries included. One objdump process per generated sequence, so failures shrink.

import { expect, test } from "vitest";
import fc from "fast-check";
import { Assembler } from "../../src/encoder/index.js";
import { mismatches } from "./objdump.js";
import { stepArb, newEnv, apply, closeEnv, type Step } from "./arbitraries.js";

function assemble(steps: readonly Step[], relaxBranches: boolean) {
  const asm = new Assembler({ relaxBranches });
  const env = newEnv(asm);
  for (const s of steps) apply(asm, s, env);
  closeEnv(asm, env);
  return asm.finish();
}

test("random instruction sequences decode to our listing", () => {
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), fc.boolean(), (steps, relax) => {
      const result = assemble(steps, relax);
      expect(mismatches(result)).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

test("sampled sequences contain both short and relaxed (near) label branches", () => {
  const lengths = new Set<string>();
  for (const steps of fc.sample(fc.array(stepArb, { minLength: 20, maxLength: 60 }), { numRuns: 200, seed: 7 })) {
    for (const e of assemble(steps, true).entries) {
      const b = e.bytes;
      if (b[0] === 0xeb || (b[0]! >= 0x70 && b[0]! <= 0x7f)) lengths.add("rel8");
      if (b[0] === 0xe9 || (b[0] === 0x0f && b[1]! >= 0x80 && b[1]! <= 0x8f)) lengths.add("rel32");
    }
  }
  expect([...lengths].sort()).toEqual(["rel32", "rel8"]);
});

test("the generator covers every kind of step", () => {
  const ops = new Set(fc.sample(stepArb, { numRuns: 20_000, seed: 1 }).map((s) => s.op));
  for (const op of ["add", "test", "neg", "imul", "shift", "mov", "movzx", "movsx", "movabs", "movsxd", "lea", "setcc", "cmovcc",
    "push", "pop", "jmp", "jcc", "call", "bind", "nop", "align", "movsd", "movapd", "xorpd", "movq", "movd", "cvtsi2sd",
    "cvttsd2si", "roundsd", "ret", "cqo"]) {
    expect(ops, op).toContain(op);
  }
});
