// `pyjc bench`: the --quick smoke run end to end (every program, every configuration, checksums
// checked, the JSON on stdout and the three files), usage errors, and how wrong answers are
// reported. Nothing here looks at a timing.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureInProcess, PROGRAMS, timeProcesses, type Report } from "@pyjc/bench";
import { buildCli, pyjc, removeTempDirs, tempDir } from "./helpers.js";

beforeAll(buildCli);
afterAll(removeTempDirs);

describe("pyjc bench --quick --json", () => {
  let out: string;
  let status: number | null;
  let stdout: string;
  let stderr: string;

  beforeAll(() => {
    out = tempDir();
    ({ status, stdout, stderr } = pyjc(["bench", "--quick", "--json", "--out", out]));
  }, 600_000);

  it("exits 0 with every checksum matching", () => {
    expect(stderr).not.toMatch(/failure/);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.failures).toEqual([]);
    expect(report.results.map((r) => r.program)).toEqual(PROGRAMS.map((p) => p.name));
    for (const r of report.results) expect(r.checksum.verified, r.program).toBe(true);
  });

  it("ran every program interpreted, at every level, per pass left out, and as a whole process", () => {
    const report = JSON.parse(stdout) as Report;
    expect(report.schema).toBe("pyjc-bench/1");
    expect(report.options.mode).toBe("quick");
    for (const r of report.results) {
      const rows = r.inProcess!.rows;
      expect(rows.map((row) => row.configuration), r.program).toEqual(["interpreted", "O0", "O1", "O2"]);
      for (const row of rows) {
        expect(row.samples.length, `${r.program} ${row.configuration}`).toBeGreaterThanOrEqual(report.options.iterations);
        expect(row.medianMs).toBeGreaterThan(0);
        expect(row.intervalMs.low).toBeLessThanOrEqual(row.medianMs);
        expect(row.intervalMs.high).toBeGreaterThanOrEqual(row.medianMs);
        expect(row.speedup.value).toBeGreaterThan(0);
      }
      const o2 = rows.find((row) => row.configuration === "O2")!;
      expect(o2.work!.compiled, r.program).toBeGreaterThan(0);
      expect(o2.work!.codeBytes, r.program).toBeGreaterThan(0);
      expect(o2.work!.compileMs, r.program).toBeGreaterThan(0);
      const fired = Object.keys(o2.work!.passes);
      const ablation = r.ablation!;
      expect(ablation.baseline).toBe("O2");
      expect(ablation.rows.map((row) => row.without), r.program).toEqual([null, ...fired.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))]);
      for (const row of ablation.rows.slice(1)) expect(Object.keys(row.work.passes)).not.toContain(row.without);
      expect(r.wholeProcess!.rows.map((row) => row.runner).slice(0, 2), r.program).toEqual(["python3.11", "pyjc"]);
      expect(r.wholeProcess!.rows[1]!.work, r.program).not.toBeNull();
    }
    const generators = report.results.find((r) => r.program === "generators")!;
    expect(generators.inProcess!.rows.at(-1)!.interpretedFunctions.every((f) => f.reason === "generator")).toBe(true);
    expect(report.summary.inProcess.map((g) => [g.key, g.programs])).toEqual([["O0", 13], ["O1", 13], ["O2", 13]]);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.versions.python).toMatch(/^Python 3\.11/);
  });

  it("writes the JSON, the Markdown and the SVG", () => {
    expect(JSON.parse(readFileSync(join(out, "quick.json"), "utf-8"))).toEqual(JSON.parse(stdout));
    expect(readFileSync(join(out, "quick.md"), "utf-8")).toMatch(/^# pyjc benchmarks\n[\s\S]*## Ablation: O2/);
    expect(readFileSync(join(out, "quick.svg"), "utf-8")).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
  });
});

describe("pyjc bench usage", () => {
  it("refuses unknown programs and levels before measuring anything", () => {
    const out = tempDir();
    const unknown = pyjc(["bench", "--quick", "--programs", "nbody,nope", "--out", out]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown benchmark program nope/);
    const level = pyjc(["bench", "--quick", "--levels", "3", "--out", out]);
    expect(level.status).toBe(2);
    expect(level.stderr).toMatch(/levels are 0, 1 and 2/);
    expect(existsSync(join(out, "quick.json"))).toBe(false);
  });

  it("--update-checksums is documented", () => {
    expect(pyjc(["bench", "--help"]).stdout).toMatch(/--update-checksums/);
  });
});

describe("wrong answers", () => {
  const nbody = PROGRAMS.find((p) => p.name === "nbody")!;
  const job = {
    program: { name: nbody.name, file: nbody.file, hot: nbody.hot, args: nbody.args.quick },
    configurations: [
      { id: "interpreted", jit: false, level: 0, disable: [], without: null },
      { id: "O0", jit: true, level: 0, disable: [], without: null },
      { id: "O2", jit: true, level: 2, disable: [], without: null },
    ],
    ablate: null, backend: "x64", threshold: 2, warmup: 0, iterations: 1, rounds: 1, time: 0, seed: 1, skip: [],
  };

  it("in-process: a checksum mismatch is a failure, not a timing", async () => {
    const outcome = await measureInProcess({ ...job, expected: "not the checksum" }, () => {});
    expect(outcome.results).toEqual([]);
    expect(outcome.failures).toEqual([expect.objectContaining({ kind: "checksum", configuration: "interpreted", expected: "not the checksum" })]);
    expect(outcome.failures[0]!.message).toMatch(/^checksum mismatch under interpreted: expected 'not the checksum', got '-0\.169/);
  });

  it("in-process: a configuration left out is not run", async () => {
    const expected = JSON.parse(readFileSync(join(nbody.file, "..", "checksums.json"), "utf-8")).programs.nbody[String(nbody.args.quick[0])] as string;
    const outcome = await measureInProcess({ ...job, expected, skip: ["O0"] }, () => {});
    expect(outcome.failures).toEqual([]);
    expect(outcome.results.map((r) => [r.configuration.id, r.samples.length])).toEqual([["interpreted", 1], ["O2", 1]]);
  });

  it("whole process: a checksum mismatch names the runner and both outputs", async () => {
    const python = { id: "python3.11", argv: ["/usr/bin/python3.11"], reportsStats: false };
    await expect(timeProcesses(nbody, nbody.args.quick, "not the checksum", [python], { runs: 1, untimedFirst: false, seed: 1 }, () => {}))
      .rejects.toMatchObject({ kind: "checksum", runner: "python3.11", expected: "not the checksum", actual: expect.stringMatching(/^-0\.169/) });
  });
});
