// docs/writing-a-pass.md, run: every command the tutorial shows is on the page (so readers can
// copy it) and does here what the page says it does, with the example plugin
// (examples/plugins/strength-reduce.mjs) and the broken fixtures it uses. Outputs are checked for
// what the page claims, not byte for byte: IR numbering and timings change with the compiler.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, hasStackTrace, pyjc, python, ROOT } from "./helpers.js";

const PLUGIN = "examples/plugins/strength-reduce.mjs";
const DEMO = "examples/plugins/strength-reduce-demo.py";
const WRONG = "packages/cli/test/fixtures/wrong-pass.mjs";
const SHARED_MASK = "packages/cli/test/fixtures/plugins/shared-mask.mjs";

/** The page, with shell line continuations joined, so commands read as one line. */
const PAGE = readFileSync(join(ROOT, "docs/writing-a-pass.md"), "utf-8").replace(/ \\\n\s+/g, " ");

/** Runs `pyjc ARGS` after checking that the page shows exactly this command. */
function documented(args: readonly string[]) {
  expect(PAGE, `docs/writing-a-pass.md no longer shows: pyjc ${args.join(" ")}`).toContain(`$ pyjc ${args.join(" ")}\n`);
  return pyjc(args);
}

/** The IR `--print-after-all` printed after one pass. */
function after(stdout: string, label: string): string {
  const m = new RegExp(`^; \\*\\*\\* IR after ${label} on '[^']+' \\((changed|no change)\\) \\*\\*\\*\\n([\\s\\S]*?)(?=^; \\*\\*\\*|(?![\\s\\S]))`, "m").exec(stdout);
  if (!m) throw new Error(`no IR after ${label} in:\n${stdout}`);
  return m[2]!;
}

beforeAll(buildCli);

describe("docs/writing-a-pass.md", () => {
  it("lists the plugin right after builtin-types, where its `after` puts it", () => {
    const r = documented(["passes", "--list", "--plugin", PLUGIN]);
    expect(r.status, r.stderr).toBe(0);
    const names = r.stdout.trim().split("\n").slice(1).map((line) => line.split(/\s+/)[1]);
    expect(names.slice(names.indexOf("builtin-types"), names.indexOf("builtin-types") + 2)).toEqual(["builtin-types", "strength-reduce"]);
    expect(r.stdout).toMatch(/^OPT-1001 +strength-reduce +1 +Rewrites x \*\* 2 into x \* x .* +docs\/writing-a-pass\.md +plugin examples\/plugins\/strength-reduce\.mjs$/m);
  });

  it("rewrites x ** 2 into x * x on a proven int, which unbox-numbers then multiplies natively", () => {
    const r = documented([
      "ir", DEMO, "--plugin", PLUGIN, "--function", "sum_of_squares", "--passes", "strength-reduce,unbox-numbers", "--print-after-all", "--verify-each",
    ]);
    expect(r.status, r.stderr).toBe(0);
    const reduced = after(r.stdout, "OPT-1001 strength-reduce");
    expect(r.stdout).toContain("; *** IR after OPT-1001 strength-reduce on 'sum_of_squares' (changed) ***");
    expect(reduced).not.toContain("binary_op power");
    expect(reduced).toMatch(/= binary_op multiply (v\d+), \1 @\d+/);
    expect(after(r.stdout, "OPT-5 unbox-numbers")).toMatch(/= ibin mul (v\d+), \1 @\d+/);
  });

  it("runs the demo like python3.11, firing on the proven and the speculated cases only", () => {
    const r = documented(["--threshold", "10", "--stats", "--plugin", PLUGIN, DEMO]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(python([DEMO]).stdout);
    const json = pyjc(["--threshold", "10", "--stats=json", "--plugin", PLUGIN, DEMO]);
    const stats = JSON.parse(json.stderr) as { functions: { qualname: string; compiled: boolean; passes: string[] }[] };
    const fired = (q: string) => stats.functions.find((f) => f.qualname === q && f.compiled)?.passes.includes("OPT-1001 strength-reduce");
    expect(["sum_of_squares", "buckets", "area", "sum_of_squares_range"].map(fired)).toEqual([true, true, true, false]);
  });

  it("--verify-each names a plugin that leaves a value unavailable where it is used", () => {
    const r = documented(["ir", "packages/cli/test/fixtures/python/two_branches.py", "--plugin", SHARED_MASK, "--function", "bucket", "--verify-each"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pyjc: OPT-2014 shared-mask broke the IR of 'bucket' \(.*two_branches\.py:2\); the function stays interpreted\n {2}bb\d+: .* v\d+ is not available here$/m);
    expect(r.stderr).toContain("--- IR before OPT-2014 shared-mask\n");
    expect(r.stderr).toContain("--- IR after OPT-2014 shared-mask\n");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("the debug counter lets the wrong pass make no transformation, one, then two", () => {
    const bisect = (n: number) => [
      "ir", "packages/cli/test/fixtures/python/bisect_me.py", "-O0", "--plugin", WRONG, "--enable", "mul-to-shift", "--function", "scale",
      "--debug-counter", `mul-to-shift=${n}`,
    ];
    const shifts = (r: ReturnType<typeof pyjc>) => {
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.match(/= binary_op lshift /g)?.length ?? 0;
    };
    expect(shifts(documented(bisect(1)))).toBe(1);
    expect(shifts(pyjc(bisect(2)))).toBe(2);
    expect(shifts(pyjc(bisect(0)))).toBe(0);
  });

  it("pyjc check passes the plugin, which fires in the generated programs", () => {
    const r = documented(["check", "--plugin", PLUGIN, "--pass", "strength-reduce", "--runs", "30", "--seed", "2"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^OPT-1001 strength-reduce: ok, 30 programs: \d+ agree \(\d+ calls\).*; changed [1-9]\d* code objects? in [1-9]\d* programs? \(/m);
    expect(r.stdout).toMatch(/^pyjc check: no counterexample \(seed 2\)$/m);
  });

  it("shows the wrong-pass check and the gain command the page quotes", () => {
    // Both run elsewhere (check.test.ts runs this very check; bench scripts are never timed in
    // tests): here, only that the page still quotes them as they are.
    expect(PAGE).toContain(`$ pyjc check --plugin ${WRONG} --pass mul-to-shift -O0 --seed 3 --runs 150\n`);
    expect(PAGE).toContain("$ node bench/passes/gain.mjs --plugin examples/plugins/strength-reduce.mjs --program examples/plugins/strength-reduce-kernel.py\n");
  });
});
