// The corpus itself: every function declares known input kinds, every family runs in exactly one
// suite, every family the brief names is present, and there are at least 100 functions.
import { describe, expect, it } from "vitest";
import { INPUT_KINDS } from "../../../testing/src/differential/inputs.js";
import { readCorpus, readRegressions } from "./harness.js";
import { SUITES } from "./suites.js";

const corpus = readCorpus();

describe("differential corpus", () => {
  it("has at least 100 functions, each with known input kinds and a unique id", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    for (const f of corpus) for (const k of f.kinds) expect(INPUT_KINDS, `${f.id}: kind '${k}'`).toHaveProperty(k);
    expect(new Set(corpus.map((f) => f.id)).size).toBe(corpus.length);
  });

  it("runs every family in exactly one suite", () => {
    const families = [...new Set(corpus.map((f) => f.family))].sort();
    const suited = Object.values(SUITES).flat().sort();
    expect(suited).toEqual(families);
  });

  it("regressions name existing functions and give one argument per input", () => {
    for (const r of readRegressions()) {
      const f = corpus.find((c) => c.id === r.id);
      expect(f, `regression for unknown function ${r.id}`).toBeDefined();
      expect(r.args.length, r.id).toBe(f!.kinds.length);
    }
  });
});
