// Random pipelines over random stdlib functions (fast-check): whatever the order, repetition and
// debug-counter limits of the built-in passes, the verifier stays happy after every pass, the text
// form still round-trips, and a pass says it changed the function exactly when its IR changed.
// A failure prints the seed and the shrunk counterexample (function and pass sequence).

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { funcDifference, parseFunc, printFunc, runPipeline } from "@pyjc/core";
import { builtinPasses } from "../src/index.js";
import { stdlibFunctions, stdlibModules } from "./helpers/stdlib.js";
import { STDLIB_MODULES } from "./helpers/stdlib-suite.js";

describe("random pass sequences over stdlib functions", () => {
  // A different tenth of the sample from the one the stdlib shards emphasise: every 10th module.
  const pool = stdlibFunctions(stdlibModules(STDLIB_MODULES).filter((_, i) => i % 10 === 3));
  const passes = builtinPasses.map((b) => b.pass);
  const sequence = fc.array(
    fc.record({ pass: fc.constantFrom(...passes), limit: fc.option(fc.nat(30), { freq: 4 }) }),
    { minLength: 1, maxLength: 6 },
  );

  it("has a pool of functions", () => {
    expect(pool.length).toBeGreaterThan(500);
  });

  it("keeps the IR valid and printable, and reports changes truthfully", () => {
    fc.assert(
      fc.property(fc.nat(pool.length - 1), sequence, (index, steps) => {
        const { where, func: original } = pool[index]!;
        const f = original.clone();
        for (const { pass, limit } of steps) {
          const before = printFunc(f);
          const result = runPipeline(f, [pass], {
            verifyEach: true,
            ...(limit !== null && { debugCounters: new Map([[pass.name, limit]]) }),
          });
          if (result.failure) throw new Error(`${where}: ${pass.name} ${result.failure.kind}: ${result.failure.message}`);
          const after = printFunc(f);
          expect(result.changedBy.includes(pass), `${where}: ${pass.name} reported change wrongly`).toBe(after !== before);
        }
        expect(funcDifference(parseFunc(printFunc(f), { consts: f.code.consts }), f)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
