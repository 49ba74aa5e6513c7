import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Runtime } from "../../src/index.js";
import { run, startRuntime } from "./runtime.js";

const HARNESS = new URL("../fixtures/semantics_harness.py", import.meta.url);

/** The interpreter with `_pyjc_testing` imported as T and the harness (outcome, hook_text,
 * shape, raised) loaded into __main__. */
export function semanticsRuntime(): Runtime {
  const rt = startRuntime();
  run(rt, readFileSync(HARNESS, "utf8"));
  return rt;
}

/**
 * Runs the Python expression `helper` (a call into `_pyjc_testing`) and `real` (the interpreter
 * doing the same) through `outcome` and expects the same result or the same exception type,
 * message and attributes; `expected` pins what that is, so a case cannot silently test nothing.
 */
export function expectSame(rt: Runtime, helper: string, real: string, expected?: string | RegExp): string {
  const got = rt.eval(`outcome(lambda: ${helper})`);
  const want = rt.eval(`outcome(lambda: ${real})`);
  expect(got, helper).toBe(want);
  if (typeof expected === "string") expect(got).toBe(expected);
  else if (expected !== undefined) expect(got).toMatch(expected);
  return got;
}
