// The backend conformance suite on x64. Always: every case (with its callees and ABI adapters)
// compiles with the allocation checker on, objdump decodes exactly our listing, and every call is
// made with rsp 16-byte aligned. When the runtime's test trampoline is available: every case runs
// natively and must produce the expected result for every argument list.

import { describe, expect, test } from "vitest";
import { conformanceCases, sameValue, showValue } from "../../../core/test/conformance/cases.js";
import { adapterFor, prepareNative } from "../../../core/test/conformance/native.js";
import { createX64Backend } from "../../src/index.js";
import { auditStack, compile, mismatches } from "../helpers.js";
import { loadTrampoline } from "./trampoline.js";

const cases = conformanceCases();
const trampoline = await loadTrampoline();
if (trampoline.reason !== null) {
  // Printed once per run, so a skipped execution suite is visible, not silent.
  console.warn(`x64 conformance: native execution skipped: ${trampoline.reason}`);
}

describe("x64 conformance: static checks", () => {
  test("every case, callee and adapter compiles to code objdump decodes exactly, with aligned calls", () => {
    let functions = 0;
    for (const c of cases) {
      const all = [c.func, ...(c.callees ?? []).map(([, f]) => f), adapterFor(c.func, "target")];
      for (const f of all) {
        const compiled = compile(f);
        expect(mismatches(compiled.out), `${c.name}: ${f.name}`).toEqual([]);
        expect(auditStack(compiled.code), `${c.name}: ${f.name}`).toEqual([]);
        functions++;
      }
    }
    expect(functions).toBeGreaterThan(300);
  });
});

describe.runIf(trampoline.caller !== null)("x64 conformance: native execution", () => {
  const backend = createX64Backend({ verifyAllocation: true });
  test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const run = prepareNative(backend, c, trampoline.caller!);
    const failures: string[] = [];
    for (const r of c.runs) {
      const got = run(r.args);
      if (!sameValue(got, r.expect)) failures.push(`${c.name}(${r.args.map(showValue).join(", ")}) = ${showValue(got)}, expected ${showValue(r.expect)}`);
    }
    expect(failures).toEqual([]);
  });
});
