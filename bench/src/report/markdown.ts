// The report as Markdown: how it was measured, a summary, then the in-process, whole-process and
// ablation tables (one per program) with their geometric means.

import type { Interval } from "../stats.js";
import type { AblationTable, Failure, GeomeanRow, JitWork, ProgramResult, Report, Speedup } from "./schema.js";

export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** `[low, high]`, marked † when the interval covers less than 95% (too few samples). */
function interval(i: Interval, format: (x: number) => string): string {
  return `[${format(i.low)}, ${format(i.high)}]${i.coverage < 0.95 ? " †" : ""}`;
}

export function formatSpeedup(x: number): string {
  return `${x.toFixed(2)}×`;
}

function speedupCells(s: Speedup): [string, string] {
  return [formatSpeedup(s.value), interval(s.interval, (x) => x.toFixed(2))];
}

/** "OPT-5 ×6, OPT-8 ×6": each pass that fired, with the number of functions it changed. */
export function passesCell(passes: Readonly<Record<string, number>>): string {
  const entries = Object.entries(passes).sort((a, b) => Number(/\d+/.exec(a[0])?.[0]) - Number(/\d+/.exec(b[0])?.[0]));
  return entries.length === 0 ? "none" : entries.map(([p, n]) => `${p.split(" ")[0]} ×${n}`).join(", ");
}

function workCells(w: JitWork | null): [string, string, string] {
  if (!w) return ["", "", ""];
  return [w.compileMs.toFixed(0), String(w.codeBytes), passesCell(w.passes)];
}

export function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ("l" | "r")[] = []): string {
  const rule = header.map((_, i) => ((align[i] ?? "l") === "r" ? "---:" : "---"));
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(rule), ...rows.map(line)].join("\n") + "\n";
}

function geomeanCells(row: GeomeanRow | undefined): [string, string] {
  return row ? speedupCells(row.geomean) : ["", ""];
}

function header(r: Report): string {
  const m = r.machine;
  const v = r.versions;
  const o = r.options;
  const sha = r.commit.sha ? `commit ${r.commit.sha.slice(0, 10)}${r.commit.dirty ? " with uncommitted changes" : ""}` : "no git commit";
  const minutes = r.durationSeconds >= 120 ? `${(r.durationSeconds / 60).toFixed(1)} min` : `${r.durationSeconds.toFixed(0)} s`;
  return [
    `Measured ${r.date.slice(0, 16).replace("T", " ")} UTC (${o.mode} run, ${minutes}), ${sha}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; 1-minute load average ${m.load.start.toFixed(2)} at the start, ${m.load.end.toFixed(2)} at the end.`,
    `Versions: Node ${v.node}, ${v.python}, pyjc ${v.pyjc}, tinybench ${v.tinybench}, ${v.pypy ?? "pypy3 not installed"}.`,
    `Options: levels ${o.levels.join(", ")}, backend ${o.backend}, threshold ${o.threshold}; in-process ${o.warmup} warm-up and ${o.iterations} timed calls ` +
      `per configuration in ${o.rounds} round${o.rounds === 1 ? "" : "s"}; ${o.processRuns} whole-process run${o.processRuns === 1 ? "" : "s"} per runner; seed ${o.seed}.`,
    ...(o.mode === "quick" ? ["", "**A --quick smoke run: it checks the harness and every checksum; its timings (two samples, programs run side by side) mean nothing.**"] : []),
    "",
    `Method: ${r.method.centre} ${r.method.interval} ${r.method.speedup} ${r.method.summary} ` +
      "† marks an interval from fewer than 6 samples, which covers the median with less than 95% probability.",
  ].join("\n");
}

function summaryTable(r: Report): string {
  const levels = r.summary.inProcess.map((g) => g.key);
  const runners = r.summary.wholeProcess.map((g) => g.key);
  const rows = r.results.map((p) => {
    const interpreted = p.inProcess?.rows.find((row) => !row.jit);
    return [
      p.program,
      interpreted ? formatMs(interpreted.medianMs) : "",
      ...levels.map((l) => {
        const row = p.inProcess?.rows.find((x) => x.configuration === l);
        return row ? formatSpeedup(row.speedup.value) : "";
      }),
      ...runners.map((id) => {
        const row = p.wholeProcess?.rows.find((x) => x.runner === id);
        return row ? formatSpeedup(row.speedup.value) : "";
      }),
    ];
  });
  rows.push([
    "**geomean**", "",
    ...r.summary.inProcess.map((g) => `**${formatSpeedup(g.geomean.value)}**`),
    ...r.summary.wholeProcess.map((g) => `**${formatSpeedup(g.geomean.value)}**`),
  ]);
  return table(
    ["program", "interpreted (ms)", ...levels.map((l) => `${l} in-process`), ...runners.map((id) => `${id} whole process`)],
    rows, ["l", "r", ...levels.map(() => "r" as const), ...runners.map(() => "r" as const)],
  );
}

function inProcessSection(r: Report): string {
  const rows: string[][] = [];
  for (const p of r.results) {
    for (const row of p.inProcess?.rows ?? []) {
      rows.push([p.program, row.configuration, formatMs(row.medianMs), interval(row.intervalMs, formatMs), ...speedupCells(row.speedup), ...workCells(row.work)]);
    }
  }
  for (const g of r.summary.inProcess) rows.push(["**geomean**", g.key, "", "", ...geomeanCells(g), "", "", `${g.programs} programs`]);
  return table(
    ["program", "configuration", "median (ms)", "95% CI (ms)", "speedup", "95% CI", "compile (ms)", "code (bytes)", "passes fired (functions)"],
    rows, ["l", "l", "r", "r", "r", "r", "r", "r", "l"],
  );
}

function wholeProcessSection(r: Report): string {
  const rows: string[][] = [];
  for (const p of r.results) {
    for (const row of p.wholeProcess?.rows ?? []) {
      rows.push([p.program, row.runner, formatMs(row.medianMs), interval(row.intervalMs, formatMs), ...speedupCells(row.speedup), ...workCells(row.work)]);
    }
  }
  for (const g of r.summary.wholeProcess) rows.push(["**geomean**", g.key, "", "", ...geomeanCells(g), "", "", `${g.programs} programs`]);
  return table(
    ["program", "runner", "median (ms)", "95% CI (ms)", "speedup vs python3.11", "95% CI", "compile (ms)", "code (bytes)", "passes fired (functions)"],
    rows, ["l", "l", "r", "r", "r", "r", "r", "r", "l"],
  );
}

function ablationProgram(p: ProgramResult, a: AblationTable): string {
  const rows = a.rows.map((row) => [
    row.without === null ? `${a.baseline}, every pass` : `without ${row.without}`,
    formatMs(row.medianMs), interval(row.intervalMs, formatMs), ...speedupCells(row.speedup),
    row.without === null ? "1.00×" : formatSpeedup(row.relative.value), row.without === null ? "" : interval(row.relative.interval, (x) => x.toFixed(2)),
    ...workCells(row.work),
  ]);
  return `### ${p.program}\n\n` + table(
    ["configuration", "median (ms)", "95% CI (ms)", "speedup", "95% CI", `time / ${a.baseline} time`, "95% CI", "compile (ms)", "code (bytes)", "passes fired (functions)"],
    rows, ["l", "r", "r", "r", "r", "r", "r", "r", "r", "l"],
  );
}

function ablationSection(r: Report): string {
  const tables = r.results.filter((p) => p.ablation).map((p) => ablationProgram(p, p.ablation!));
  if (tables.length === 0) return "";
  const baseline = r.results.find((p) => p.ablation)!.ablation!.baseline;
  const summary = table(
    ["pass left out", "programs it fired in", `time / ${baseline} time (geomean)`, "95% CI"],
    r.summary.ablation.map((g) => [g.key, String(g.programs), ...geomeanCells(g)]),
    ["l", "r", "r", "r"],
  );
  return [
    `## Ablation: ${baseline} with each pass that fired left out in turn\n`,
    `Speedups are against the interpreter; "time / ${baseline} time" above 1 means the program got slower without the pass, so the pass helps.\n`,
    `### Summary: geometric mean over the programs each pass fired in\n`,
    summary,
    ...tables,
  ].join("\n");
}

function failuresSection(failures: readonly Failure[]): string {
  if (failures.length === 0) return "";
  const rows = failures.map((f) => [f.program, f.where, f.configuration ?? "", f.kind, f.message.split("\n")[0]!]);
  return "## Failures\n\n" + table(["program", "where", "configuration", "kind", "message"], rows);
}

export function markdownReport(r: Report, chart: string | null): string {
  const parts = [
    "# pyjc benchmarks\n",
    header(r) + "\n",
    ...(chart ? [`![In-process speedup of each program's hot function over the interpreter](${chart})\n`] : []),
    "## Summary: speedup over the interpreter (in-process) and over python3.11 (whole process)\n",
    summaryTable(r),
    "## In-process: the hot function, interpreted vs compiled\n",
    "The same process and interpreter for every configuration; compile time, code size and passes are those of the program's functions, " +
      "compiled during the JIT warm-up (not timed).\n",
    inProcessSection(r),
  ];
  if (r.results.some((p) => p.wholeProcess)) {
    parts.push(
      "## Whole process: pyjc vs python3.11\n",
      "Wall time of `RUNNER PROGRAM ARGS` from spawn to exit, start-up included; pyjc's compile time, code size and passes come from its `--stats=json` " +
        "and cover every function it compiled.\n",
      wholeProcessSection(r),
    );
  }
  const ablation = ablationSection(r);
  if (ablation) parts.push(ablation);
  const failures = failuresSection(r.failures);
  if (failures) parts.push(failures);
  return parts.join("\n");
}
