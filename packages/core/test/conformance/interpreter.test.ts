// The conformance suite on the reference interpreter: every expectation must hold there before a
// backend can be blamed for missing it. Also checks the harness's ABI adapters.

import { describe, expect, test } from "vitest";
import { conformanceCases, sameValue, showValue } from "./cases.js";
import { LirInterpreter, type Value } from "./interpret.js";
import { adapterFor, returnClass } from "./native.js";

const cases = conformanceCases();

describe("conformance cases on the LIR interpreter", () => {
  test("the suite covers what it promises", () => {
    const names = cases.map((c) => c.name);
    for (const prefix of ["bin.", "bino.", "icmp.", "brcmp.", "fcmp.", "fbin.", "funary.", "select.", "loop.", "call.", "pressure.", "memory.", "refcount."]) {
      expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const functions = Object.fromEntries(c.callees ?? []);
    for (const run of c.runs) {
      const got = new LirInterpreter({ functions }).run(c.func, run.args);
      if (!sameValue(got, run.expect)) {
        throw new Error(`${c.name}(${run.args.map(showValue).join(", ")}) = ${showValue(got)}, expected ${showValue(run.expect)}`);
      }
    }
  });

  test("adapters pass every argument as i64 bits and return the result's bits", () => {
    for (const c of cases.filter((k) => k.func.params.some((p) => k.func.classes[p] === "f64")).slice(0, 20)) {
      const adapter = adapterFor(c.func, "target");
      const functions = { ...Object.fromEntries(c.callees ?? []), target: c.func };
      for (const run of c.runs.slice(0, 3)) {
        const bits = run.args.map((a) => {
          if (typeof a === "bigint") return a;
          const dv = new DataView(new ArrayBuffer(8));
          dv.setFloat64(0, a, true);
          return dv.getBigInt64(0, true);
        });
        let got: Value = new LirInterpreter({ functions }).run(adapter, bits);
        if (returnClass(c.func) === "f64") {
          const dv = new DataView(new ArrayBuffer(8));
          dv.setBigInt64(0, got as bigint, true);
          got = dv.getFloat64(0, true);
        }
        expect(sameValue(got, run.expect), `${c.name}`).toBe(true);
      }
    }
  });
});
