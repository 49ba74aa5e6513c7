// Random LIR through the whole backend: every function compiles with the allocation checker on,
// objdump decodes exactly the listing, and every path keeps rsp aligned at calls and balanced at
// returns.

import { test } from "vitest";
import fc from "fast-check";
import { printLir } from "@pyjc/core";
import { buildRandomLir, funcRecipeArb } from "../../core/test/regalloc/random-lir.js";
import { auditStack, compile, mismatches } from "./helpers.js";

test("random LIR functions compile to well-formed, aligned code", () => {
  fc.assert(
    fc.property(funcRecipeArb(), (recipe) => {
      const f = buildRandomLir(recipe);
      const c = compile(f);
      const problems = [...mismatches(c.out), ...auditStack(c.code)];
      if (problems.length > 0) throw new Error(`${problems.slice(0, 5).join("\n")}\n${printLir(f)}`);
    }),
    { numRuns: 150 },
  );
});
