// Raw measurements -> the report's tables: medians, intervals, speedups, what the JIT did, and the
// geometric means of the summary (stats.ts says how each number is computed).

import { INTERPRETED, type ConfigurationResult, type FunctionOutcome } from "../inprocess/protocol.js";
import { bootstrapSpeedupInterval, geomean, median, medianInterval, speedup, type RatioSamples } from "../stats.js";
import type { JitSummary, RunnerResult } from "../wholeprocess.js";
import type {
  AblationTable, GeomeanRow, InProcessRow, InProcessTable, JitWork, ProgramResult, Speedup, Summary, Timing, WholeProcessTable,
} from "./schema.js";

export interface StatsSettings {
  readonly resamples: number;
  readonly seed: number;
}

function timing(samples: readonly number[]): Timing {
  return { samples, medianMs: median(samples), intervalMs: medianInterval(samples) };
}

function ratio(pair: RatioSamples, s: StatsSettings): Speedup {
  return { value: speedup(pair), interval: bootstrapSpeedupInterval([pair], s.resamples, s.seed) };
}

function work(functions: readonly FunctionOutcome[]): JitWork {
  const passes: Record<string, number> = {};
  for (const f of functions) for (const p of f.passes) passes[p] = (passes[p] ?? 0) + 1;
  const compiled = functions.filter((f) => f.compiled);
  return {
    compiled: compiled.length,
    interpreted: functions.length - compiled.length,
    compileMs: functions.reduce((sum, f) => sum + f.compileMs, 0),
    codeBytes: compiled.reduce((sum, f) => sum + f.codeSize, 0),
    passes,
  };
}

function jitWork(summary: JitSummary): JitWork {
  return {
    compiled: summary.compiled, interpreted: summary.interpreted, compileMs: summary.compileMs, codeBytes: summary.codeBytes, passes: summary.passesFired,
  };
}

export function inProcessTable(results: readonly ConfigurationResult[], backend: string, s: StatsSettings): InProcessTable {
  const base = results.find((r) => r.configuration.id === INTERPRETED);
  if (!base) throw new Error("no interpreted configuration to compare with");
  const rows: InProcessRow[] = results
    .filter((r) => r.configuration.without === null)
    .map((r) => ({
      configuration: r.configuration.id,
      jit: r.configuration.jit,
      level: r.configuration.jit ? r.configuration.level : null,
      backend: r.configuration.jit ? backend : null,
      ...timing(r.samples),
      speedup: ratio({ baseline: base.samples, measured: r.samples }, s),
      work: r.configuration.jit ? work(r.functions) : null,
      interpretedFunctions: r.functions.filter((f) => !f.compiled).map((f) => ({ qualname: f.qualname, reason: f.reason })),
      lateCompiles: r.lateCompiles,
      deopts: r.deopts,
    }));
  return { baseline: INTERPRETED, rows };
}

/** Null when there was no ablation (no ablated configuration among the results). */
export function ablationTable(results: readonly ConfigurationResult[], ablated: string, s: StatsSettings): AblationTable | null {
  const interpreted = results.find((r) => r.configuration.id === INTERPRETED);
  const all = results.find((r) => r.configuration.id === ablated);
  if (!interpreted || !all) return null;
  const variants = [all, ...results.filter((r) => r.configuration.without !== null)];
  return {
    baseline: ablated,
    rows: variants.map((r) => ({
      configuration: r.configuration.id,
      without: r.configuration.without,
      ...timing(r.samples),
      speedup: ratio({ baseline: interpreted.samples, measured: r.samples }, s),
      relative: ratio({ baseline: r.samples, measured: all.samples }, s),
      work: work(r.functions),
    })),
  };
}

export function wholeProcessTable(results: readonly RunnerResult[], s: StatsSettings): WholeProcessTable {
  const base = results.find((r) => r.runner.id === "python3.11");
  if (!base) throw new Error("no python3.11 runs to compare with");
  return {
    baseline: base.runner.id,
    rows: results.map((r) => ({
      runner: r.runner.id,
      command: r.runner.argv.map((a) => a.replace(/^.*\/(packages\/cli\/bin\/pyjc\.js)$/, "$1")).join(" "),
      ...timing(r.samples),
      speedup: ratio({ baseline: base.samples, measured: r.samples }, s),
      work: r.jit ? jitWork(r.jit) : null,
    })),
  };
}

function geomeanRows(groups: Map<string, RatioSamples[]>, s: StatsSettings): GeomeanRow[] {
  return [...groups].map(([key, pairs]) => {
    const value = geomean(pairs.map(speedup));
    return { key, programs: pairs.length, geomean: { value, interval: bootstrapSpeedupInterval(pairs, s.resamples, s.seed) } };
  });
}

function push(groups: Map<string, RatioSamples[]>, key: string, pair: RatioSamples): void {
  const list = groups.get(key);
  if (list) list.push(pair);
  else groups.set(key, [pair]);
}

export function summary(results: readonly ProgramResult[], s: StatsSettings): Summary {
  const inProcess = new Map<string, RatioSamples[]>();
  const ablation = new Map<string, RatioSamples[]>();
  const wholeProcess = new Map<string, RatioSamples[]>();
  for (const r of results) {
    const interpreted = r.inProcess?.rows.find((row) => row.configuration === INTERPRETED);
    for (const row of r.inProcess?.rows ?? []) {
      if (interpreted && row.jit) push(inProcess, row.configuration, { baseline: interpreted.samples, measured: row.samples });
    }
    const all = r.ablation?.rows.find((row) => row.without === null);
    for (const row of r.ablation?.rows ?? []) {
      if (all && row.without !== null) push(ablation, row.without, { baseline: row.samples, measured: all.samples });
    }
    const python = r.wholeProcess?.rows.find((row) => row.runner === r.wholeProcess!.baseline);
    for (const row of r.wholeProcess?.rows ?? []) {
      if (python && row !== python) push(wholeProcess, row.runner, { baseline: python.samples, measured: row.samples });
    }
  }
  const byPassId = (a: GeomeanRow, b: GeomeanRow) => Number(/\d+/.exec(a.key)?.[0]) - Number(/\d+/.exec(b.key)?.[0]);
  return {
    inProcess: geomeanRows(inProcess, s),
    ablation: geomeanRows(ablation, s).sort(byPassId),
    wholeProcess: geomeanRows(wholeProcess, s),
  };
}
