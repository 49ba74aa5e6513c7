// Every counterexample fast-check ever found (regressions.json, written by the harness when a
// property fails), replayed on every run with the same comparison as the property tests.
import { describe, expect, it } from "vitest";
import { DiffHarness, readCorpus, readRegressions } from "./harness.js";

const corpus = readCorpus();
const regressions = readRegressions();

describe("differential regressions", () => {
  it.runIf(regressions.length === 0)("(none recorded yet)", () => {});
  let harness: DiffHarness | null = null;
  for (const r of regressions) {
    it(`${r.id}(${r.args.join(", ")})`, () => {
      harness ??= new DiffHarness();
      const f = corpus.find((c) => c.id === r.id);
      if (!f) throw new Error(`regression for unknown corpus function ${r.id}`);
      harness.prepare(f);
      harness.warm(f, r.warm ?? [r.args]);
      expect(harness.runBatch(f, [r.args])).toBeNull();
    });
  }
});
