// `pyjc check` end to end: it finds a deliberately wrong pass and prints a counterexample that
// reproduces the difference when run; a pass that crashes the process or breaks functions is
// caught too; and every built-in pass passes, at each level whose pipeline differs, with a fixed
// seed, having changed compiled code. Runs and seeds are fixed and modest: generated programs
// compile in a fraction of a second each, but the wrong pass must be found and shrunk well inside
// CI's budget.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRegistry } from "@pyjc/passes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, FIXTURES, hasStackTrace, pyjc, python, removeTempDirs, ROOT, tempDir } from "./helpers.js";

const WRONG = "packages/cli/test/fixtures/wrong-pass.mjs";

beforeAll(buildCli);
afterAll(removeTempDirs);

/** The counterexample file printed between the markers. */
function printedSnippet(stdout: string): string {
  const m = /^--- counterexample\.py ---\n([\s\S]*?)\n--- end of counterexample\.py ---$/m.exec(stdout);
  if (!m) throw new Error(`no counterexample in:\n${stdout}`);
  return `${m[1]}\n`;
}

/** The `pyjc ...` command lines the snippet's header gives for running it with and without the pass. */
function reproduceCommands(snippet: string): { with: string[]; without: string[] } {
  const line = (label: string) => {
    const m = new RegExp(`^# +${label}: pyjc (.*) counterexample\\.py$`, "m").exec(snippet);
    if (!m) throw new Error(`no '${label}:' line in:\n${snippet}`);
    return m[1]!.split(" ");
  };
  return { with: line("with"), without: line("without") };
}

describe("a wrong pass", () => {
  it("is found, and the counterexample reproduces the difference when run", () => {
    const dir = tempDir();
    const r = pyjc(["check", "--plugin", WRONG, "--pass", "mul-to-shift", "-O0", "--seed", "3", "--runs", "150", "--shrink-time", "30", "--save", dir]);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^pyjc check: 1 pass, 150 programs each, -O0, threshold 0 or 10, seed 3\n/);
    expect(r.stdout).toMatch(/^OPT-2010 mul-to-shift: COUNTEREXAMPLE after \d+ programs?; before it, /m);
    expect(r.stderr).toBe("pyjc check: counterexample for OPT-2010 mul-to-shift (seed 3)\n");
    expect(hasStackTrace(r.stderr)).toBe(false);

    // The three outcomes: the pass makes a `<<` out of a sequence repetition or a float product.
    expect(r.stdout).toMatch(/^ {2}compiled with OPT-2010: +raised TypeError: unsupported operand type\(s\) for <<=?: /m);
    const interpreted = /^ {2}interpreted: +(.*)$/m.exec(r.stdout)![1]!;
    expect(/^ {2}compiled without OPT-2010: +(.*)$/m.exec(r.stdout)![1]).toBe(interpreted);
    expect(r.stdout).toContain("Rerun this check: pyjc check --plugin packages/cli/test/fixtures/wrong-pass.mjs --pass mul-to-shift -O 0 --seed 3 --runs 150\n");

    const snippet = printedSnippet(r.stdout);
    expect(readFileSync(join(dir, "mul-to-shift.py"), "utf-8")).toBe(snippet);
    const file = join(dir, "counterexample.py");
    writeFileSync(file, snippet);
    const expected = python([file]);
    expect(expected.status).toBe(0);
    const commands = reproduceCommands(snippet);
    const withPass = pyjc([...commands.with, file]);
    const withoutPass = pyjc([...commands.without, file]);
    expect(withoutPass.stdout).toBe(expected.stdout);
    expect(withPass.stdout).not.toBe(expected.stdout);
    expect(withPass.stdout).toMatch(/^raised TypeError: unsupported operand type\(s\) for <<=?: /m);
  });

  it("a pass whose compiled code kills the process: the crash is the counterexample", () => {
    const plugin = join(tempDir(), "exit-on-entry.mjs");
    // Compiled f0 calls os._exit(7) on entry.
    writeFileSync(plugin, `export default (pyjc) => pyjc.definePass({
  id: 2011, name: "exit-on-entry", description: "Makes compiled f0 call os._exit(7) on entry (a test fixture)", level: 1,
  run(func) {
    if (func.code.qualname !== "f0") return false;
    const at = [...func.instructions()].find((i) => i.op === "check_eval_breaker");
    const fs = () => ({ offset: at.frameState.offset, locals: [...at.frameState.locals], stack: [...at.frameState.stack] });
    const konst = (value) => func.insertBefore(at.id, "const", [], [{ value, index: null }]).results[0];
    const os = func.insertBefore(at.id, "import_name", [konst({ kind: "int", value: 0n }), konst({ kind: "none" })], ["os"], { frameState: fs() });
    const exit = func.insertBefore(at.id, "load_attr", [os.results[0]], ["_exit"], { frameState: fs() });
    func.insertBefore(at.id, "call", [exit.results[0], konst({ kind: "int", value: 7n })], [[]], { frameState: fs() });
    return true;
  },
});\n`);
    const r = pyjc(["check", "--plugin", plugin, "--pass", "exit-on-entry", "-O0", "--seed", "1", "--runs", "5", "--shrink-time", "5"]);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^OPT-2011 exit-on-entry: COUNTEREXAMPLE after 1 program; /m);
    expect(r.stdout).toMatch(/^The run crashed or hung:\n {2}interpreted: +ok\n {2}compiled with OPT-2011: +the process crashed \(exit status 7\)\n {2}compiled without OPT-2011: +ok$/m);
  });

  it("a pass that throws: the functions it keeps from compiling are the counterexample", () => {
    const plugin = join(tempDir(), "throws-on-f0.mjs");
    writeFileSync(plugin, `export default { id: 2013, name: "throws-on-f0", description: "Throws on f0 (a test fixture)", level: 1,
  run(func) { if (func.code.qualname === "f0") throw new RangeError("no f0 today"); return false; } };\n`);
    const r = pyjc(["check", "--plugin", plugin, "--pass", "throws-on-f0", "-O0", "--seed", "1", "--runs", "5", "--shrink-time", "5"]);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("f0 did not compile with OPT-2013: OPT-2013 throws-on-f0 threw: RangeError: no f0 today\n");
    expect(r.stdout).toMatch(/see it: pyjc ir counterexample\.py -O0 --plugin \S+ --enable throws-on-f0 --verify-each --print-after-all/);
  });
});

describe("the built-in passes", () => {
  // Each level whose pipeline differs from the one below it (every built-in is level 1 today, so
  // -O2 adds nothing yet). 40 programs with seed 2 are enough for every built-in pass to change
  // compiled code in some of them; if the generator changes, pick runs and a seed that are again.
  const registry = createRegistry();
  const names = (level: number) => registry.pipeline({ level }).map((p) => p.name).join();
  const levels = [1, 2].filter((level) => level === 1 || names(level) !== names(level - 1));

  for (const level of levels) {
    it(`every pass of the -O${level} pipeline agrees with the interpreter on generated programs, and changes some of them`, () => {
      const r = pyjc(["check", `-O${level}`, "--seed", "2", "--runs", "40"]);
      const pipeline = registry.pipeline({ level });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^pyjc check: ${pipeline.length} passes, 40 programs each, -O${level}, threshold 0 or 10, seed 2\n`));
      for (const p of pipeline) {
        expect(r.stdout).toMatch(new RegExp(`^${p.label} ${p.name}: ok, 40 programs: \\d+ agree .*; changed [1-9]\\d* code objects? in [1-9]\\d* programs? \\(`, "m"));
      }
      expect(r.stderr).not.toContain("changed no compiled code");
      expect(r.stdout).toMatch(/^pyjc check: no counterexample \(seed 2\)\n$/m);
    });
  }
});

describe("usage", () => {
  const usage = (args: string[], message: RegExp) => {
    const r = pyjc(["check", ...args]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  };

  it("unknown passes and bad options are usage errors", () => {
    usage(["--pass", "no-such-pass"], /^pyjc: unknown pass 'no-such-pass' \(known: /);
    usage(["--runs", "0"], /--runs must be an integer >= 1 \(got '0'\)/);
    usage(["-O", "3"], /-O\/--opt-level must be one of 0, 1, 2 \(got '3'\)/);
    usage(["--pass", "dce", "--disable", "dce"], /--disable dce leaves out the pass being checked/);
    usage(["-O", "0"], /no passes to check: the -O0 pipeline is empty/);
    usage(["--plugin", join(FIXTURES, "plugins/no-default.mjs")], /has no default export/);
  });

  it("--help lists the options", () => {
    const r = pyjc(["check", "--help"], ROOT);
    expect(r.status).toBe(0);
    for (const o of ["--plugin", "--pass", "--runs", "--seed", "--opt-level", "--threshold", "--timeout", "--save"]) expect(r.stdout).toContain(o);
  });
});
