// Report rendering: tables from raw samples, the Markdown, the SVG and the JSON shape, on made-up
// measurements of two programs.

import { describe, expect, it } from "vitest";
import type { Configuration, ConfigurationResult } from "../src/inprocess/protocol.js";
import { defaultOptions } from "../src/options.js";
import { markdownReport, passesCell } from "../src/report/markdown.js";
import { SCHEMA, type ProgramResult, type Report } from "../src/report/schema.js";
import { svgChart } from "../src/report/svg.js";
import { ablationTable, inProcessTable, summary, wholeProcessTable } from "../src/report/tables.js";
import type { RunnerResult } from "../src/wholeprocess.js";

const S = { resamples: 200, seed: 1 };

function configuration(id: string, level: number | null, without: string | null = null): Configuration {
  return { id, jit: level !== null, level: level ?? 0, disable: without ? [without.split(" ")[1]!] : [], without };
}

function result(c: Configuration, ms: number, passes: string[] = []): ConfigurationResult {
  return {
    configuration: c,
    samples: [ms * 1.02, ms * 0.99, ms, ms * 1.01, ms * 0.97, ms * 0.98, ms * 1.03],
    functions: c.jit
      ? [
          { qualname: "run", compiled: true, reason: null, passes, codeSize: 1000, compileMs: 20 },
          { qualname: "gen", compiled: false, reason: "generator", passes: [], codeSize: 0, compileMs: 0.1 },
        ]
      : [],
    lateCompiles: 0,
    deopts: 0,
  };
}

function program(name: string, interpreted: number, o2: number): ProgramResult {
  const measured = [
    result(configuration("interpreted", null), interpreted),
    result(configuration("O0", 0), interpreted * 0.9),
    result(configuration("O2", 2), o2, ["OPT-5 unbox-numbers", "OPT-8 simplify-cfg"]),
    result(configuration("O2 -unbox-numbers", 2, "OPT-5 unbox-numbers"), o2 * 1.5, ["OPT-8 simplify-cfg"]),
    result(configuration("O2 -simplify-cfg", 2, "OPT-8 simplify-cfg"), o2, ["OPT-5 unbox-numbers"]),
  ];
  const processes: RunnerResult[] = [
    { runner: { id: "python3.11", argv: ["/usr/bin/python3.11"], reportsStats: false }, samples: [100, 101, 99], jit: null },
    {
      runner: { id: "pyjc", argv: ["node", "/x/packages/cli/bin/pyjc.js", "--threshold", "10"], reportsStats: true }, samples: [300, 310, 305],
      jit: { compiled: 3, interpreted: 1, codeBytes: 5000, compileMs: 80, passesFired: { "OPT-5 unbox-numbers": 2 } },
    },
  ];
  return {
    program: name, category: "numeric", file: `bench/programs/${name}.py`, hot: "run", args: [10],
    checksum: { expected: "42", verified: true },
    inProcess: inProcessTable(measured, "x64", S),
    ablation: ablationTable(measured, "O2", S),
    wholeProcess: wholeProcessTable(processes, S),
  };
}

function report(): Report {
  const results = [program("nbody", 100, 50), program("a<b&c", 80, 80)];
  return {
    schema: SCHEMA, date: "2026-01-02T03:04:05.000Z",
    machine: { cpu: "Test CPU", cores: 2, memoryGiB: 8, os: "Linux", load: { start: 0.5, end: 0.7 } },
    versions: { node: "v20", python: "Python 3.11.2", pypy: null, pyjc: "0.1.0", tinybench: "6.2.3" },
    commit: { sha: "0123456789abcdef", dirty: false },
    options: defaultOptions("full"),
    method: { centre: "c.", interval: "i.", speedup: "s.", summary: "g." },
    results, summary: summary(results, S), failures: [], durationSeconds: 12,
  };
}

describe("tables", () => {
  it("measures speedups against the interpreter and ablations against the full pipeline", () => {
    const p = program("nbody", 100, 50);
    const rows = p.inProcess!.rows;
    expect(rows.map((r) => r.configuration)).toEqual(["interpreted", "O0", "O2"]);
    expect(rows[0]!.speedup.value).toBeCloseTo(1, 12);
    expect(rows[2]!.speedup.value).toBeCloseTo(2, 12);
    expect(rows[2]!.speedup.interval.low).toBeLessThanOrEqual(2);
    expect(rows[2]!.speedup.interval.high).toBeGreaterThanOrEqual(2);
    expect(rows[2]!.work).toEqual({
      compiled: 1, interpreted: 1, compileMs: 20.1, codeBytes: 1000, passes: { "OPT-5 unbox-numbers": 1, "OPT-8 simplify-cfg": 1 },
    });
    expect(rows[2]!.interpretedFunctions).toEqual([{ qualname: "gen", reason: "generator" }]);
    expect(rows[0]!.work).toBeNull();

    const ablation = p.ablation!;
    expect(ablation.rows.map((r) => r.without)).toEqual([null, "OPT-5 unbox-numbers", "OPT-8 simplify-cfg"]);
    expect(ablation.rows[1]!.relative.value).toBeCloseTo(1.5, 12);
    expect(ablation.rows[1]!.speedup.value).toBeCloseTo(100 / 75, 12);

    const whole = p.wholeProcess!;
    expect(whole.rows.map((r) => [r.runner, r.medianMs])).toEqual([["python3.11", 100], ["pyjc", 305]]);
    expect(whole.rows[1]!.speedup.value).toBeCloseTo(100 / 305, 12);
    expect(whole.rows[1]!.command).toBe("node packages/cli/bin/pyjc.js --threshold 10");
    expect(whole.rows[1]!.work!.codeBytes).toBe(5000);
  });

  it("summarizes each table by a geometric mean over programs", () => {
    const r = report();
    const o2 = r.summary.inProcess.find((g) => g.key === "O2")!;
    expect(o2.programs).toBe(2);
    expect(o2.geomean.value).toBeCloseTo(Math.sqrt(2 * 1), 12);
    expect(r.summary.inProcess.map((g) => g.key)).toEqual(["O0", "O2"]);
    expect(r.summary.ablation.map((g) => [g.key, g.programs])).toEqual([["OPT-5 unbox-numbers", 2], ["OPT-8 simplify-cfg", 2]]);
    expect(r.summary.ablation[0]!.geomean.value).toBeCloseTo(1.5, 12);
    expect(r.summary.wholeProcess.map((g) => g.key)).toEqual(["pyjc"]);
  });
});

describe("markdown", () => {
  const md = markdownReport(report(), "latest.svg");

  it("has the run's provenance, the chart and every section", () => {
    expect(md).toContain("commit 0123456789");
    expect(md).toContain("Test CPU, 2 cores");
    expect(md).toContain("pypy3 not installed");
    expect(md).toContain("![In-process speedup");
    expect(md).toContain("(latest.svg)");
    for (const h of ["## Summary", "## In-process", "## Whole process", "## Ablation: O2", "### nbody", "### a<b&c"]) expect(md).toContain(h);
    expect(md).not.toContain("## Failures");
  });

  it("has one row per program and configuration, and a geomean row per configuration", () => {
    const inProcess = md.slice(md.indexOf("## In-process"), md.indexOf("## Whole process"));
    expect(inProcess).toMatch(/^\| nbody \| O2 \| 50\.0 \| \[48\.5, 51\.5\] \| 2\.00× \| \[[\d.]+, [\d.]+\] \| 20 \| 1000 \| OPT-5 ×1, OPT-8 ×1 \|$/m);
    expect(inProcess).toMatch(/^\| \*\*geomean\*\* \| O2 \|  \|  \| 1\.41× \|/m);
    expect(inProcess.match(/^\| (nbody|a<b&c) \|/gm)).toHaveLength(6);
    const ablation = md.slice(md.indexOf("### nbody"));
    expect(ablation).toMatch(/^\| without OPT-5 unbox-numbers \| 75\.0 \| .* \| 1\.50× \|/m);
  });

  it("lists the passes fired by id, in id order", () => {
    expect(passesCell({ "OPT-8 simplify-cfg": 2, "OPT-10 x": 1, "OPT-5 unbox-numbers": 3 })).toBe("OPT-5 ×3, OPT-8 ×2, OPT-10 ×1");
    expect(passesCell({})).toBe("none");
  });

  it("shows failures", () => {
    const r = { ...report(), failures: [{ program: "nbody", kind: "checksum" as const, where: "in-process", configuration: "O2", message: "checksum mismatch: x" }] };
    expect(markdownReport(r, null)).toMatch(/## Failures[\s\S]*\| nbody \| in-process \| O2 \| checksum \| checksum mismatch: x \|/);
  });
});

describe("svg", () => {
  const svg = svgChart(report());

  it("is one well-formed svg element with escaped text", () => {
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("a&lt;b&amp;c");
    expect(svg).not.toContain("a<b&c");
    const opened = (svg.match(/<(rect|text|title)(\s[^>]*)?(?<!\/)>/g) ?? []).length;
    const closed = (svg.match(/<\/(rect|text|title)>/g) ?? []).length;
    expect(opened).toBe(closed);
  });

  it("draws a bar with a whisker per program and series, plus the geomean group", () => {
    // Series: O0, O2 in-process and pyjc whole process; groups: 2 programs + geomean.
    expect(svg.match(/<title>/g)).toHaveLength(3 * 3);
    expect(svg.match(/<path d="M/g)).toHaveLength(3 * 3);
    expect(svg).toContain("<title>nbody, O2 in-process: 2.00×");
    expect(svg).toContain(">1×</text>");
  });

  it("fits the axis to the speedups and cuts whiskers that reach past it", () => {
    const r = report();
    const row = r.results[0]!.wholeProcess!.rows[1]!;
    const wild = { ...r, results: [{ ...r.results[0]!, wholeProcess: { ...r.results[0]!.wholeProcess!, rows: [r.results[0]!.wholeProcess!.rows[0]!, { ...row, speedup: { value: 0.3, interval: { low: 0, high: 1e6, coverage: 0.95 } } }] } }] };
    const chart = svgChart(wild);
    expect(chart).not.toMatch(/NaN|Infinity/);
    // 0.3 / 1.5 and 2 * 1.5, out to powers of two: from 1/8× to 4×, whatever the interval says.
    expect(chart).toContain(">1/8×</text>");
    expect(chart).not.toContain(">1/16×</text>");
    expect(chart).toContain(">4×</text>");
    expect(chart).not.toContain(">8×</text>");
  });
});

describe("json", () => {
  it("round-trips through JSON with a results array, one entry per program", () => {
    const r = JSON.parse(JSON.stringify(report())) as Report;
    expect(r.schema).toBe("pyjc-bench/1");
    expect(r.results.map((p) => p.program)).toEqual(["nbody", "a<b&c"]);
    const row = r.results[0]!.inProcess!.rows[2]!;
    expect(Object.keys(row).sort()).toEqual(
      ["backend", "configuration", "deopts", "interpretedFunctions", "intervalMs", "jit", "lateCompiles", "level", "medianMs", "samples", "speedup", "work"],
    );
    expect(row.intervalMs.coverage).toBeCloseTo(1 - 2 / 128, 12);
  });
});
