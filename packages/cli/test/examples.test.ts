// The example programs are real programs: they run under python3.11, print the same thing every
// time, and finish well under a second (they are also what `pyjc ir` is tested on, and what the JIT
// will be measured on).

import { describe, expect, it } from "vitest";
import { python } from "./helpers.js";

describe.each(["examples/nbody.py", "examples/json_encoder.py", "examples/bank_sim.py"])("%s", (file) => {
  it("runs under python3.11, deterministically, in under a second", () => {
    const start = performance.now();
    const first = python([file]);
    const elapsed = performance.now() - start;
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout.split("\n").length).toBeGreaterThan(10);
    expect(elapsed).toBeLessThan(1000);
    expect(python([file]).stdout).toBe(first.stdout);
  });
});
