// Runs every golden IR case (see helpers/golden.ts) with the verifier after each pass, and
// compares the result with the expected .ir file; `pnpm run golden:update` rewrites them.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { funcDifference, parseFunc, printFunc } from "@pyjc/core";
import { formatOutcomes, GOLDEN_DIR, goldenCases, readCase, runCase, UPDATE } from "./helpers/golden.js";

describe("golden IR", () => {
  const cases = goldenCases();

  it("has cases for every built-in pass folder", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const name of cases) {
    it(name, () => {
      const c = readCase(name);
      const outcomes = runCase(c);
      const failed = outcomes.filter((o) => o.problem !== null && o.before !== null);
      expect(failed.map((o) => `${o.qualname}: ${o.problem}`)).toEqual([]);
      for (const o of outcomes) {
        if (o.after) expect(funcDifference(parseFunc(printFunc(o.after), { consts: o.after.code.consts }), o.after)).toBeNull();
      }
      const actual = formatOutcomes(c, outcomes);
      const path = join(GOLDEN_DIR, name.replace(/\.py$/, ".ir"));
      if (UPDATE) {
        if (!existsSync(path) || readFileSync(path, "utf-8") !== actual) writeFileSync(path, actual);
        return;
      }
      expect(existsSync(path), `${path} is missing: run pnpm run golden:update`).toBe(true);
      expect(actual).toBe(readFileSync(path, "utf-8"));
    });
  }
});
