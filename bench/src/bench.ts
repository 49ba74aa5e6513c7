// One benchmark run, start to end: for each program, the in-process measurements (a worker
// process: interpreted vs each level, then the ablation) and the whole-process runs; then the
// tables, the summary and the report. A wrong checksum or a crash is recorded as a failure of
// that program and the run goes on; the caller decides the exit status from `failures`.

import { join, relative } from "node:path";
import { INTERPRETED, type Configuration } from "./inprocess/protocol.js";
import { measureInProcess } from "./inprocess/run.js";
import { BACKENDS } from "./inprocess/session.js";
import { commit, loadAverage, machine, versions } from "./machine.js";
import type { BenchOptions } from "./options.js";
import { BENCH_ROOT, expectedChecksum, readChecksums, selectPrograms, type BenchProgram } from "./programs.js";
import { SCHEMA, type Failure, type ProgramResult, type Report } from "./report/schema.js";
import { ablationTable, inProcessTable, summary, wholeProcessTable, type StatsSettings } from "./report/tables.js";
import { ProcessFailure, runners, timeProcesses, type RunnerResult } from "./wholeprocess.js";

/** Options that cannot work (unknown program, level or backend, counts below 1). */
export class BenchUsageError extends Error {
  override readonly name = "BenchUsageError";
}

export interface BenchEnvironment {
  /** How to start pyjc for whole-process runs: `[node, .../packages/cli/bin/pyjc.js]`. */
  readonly pyjc: readonly string[];
  readonly onProgress?: (fraction: number, label: string) => void;
}

function check(o: BenchOptions): void {
  const bad = (what: string) => {
    throw new BenchUsageError(what);
  };
  if (o.levels.length === 0) bad("--levels needs at least one level");
  for (const l of o.levels) if (![0, 1, 2].includes(l)) bad(`optimization levels are 0, 1 and 2 (got ${l})`);
  if (!BACKENDS[o.backend]) bad(`unknown backend '${o.backend}' (known: ${Object.keys(BACKENDS).join(", ")})`);
  for (const [name, value, min] of [["iterations", o.iterations, 1], ["rounds", o.rounds, 1], ["process-runs", o.processRuns, 1], ["warmup", o.warmup, 0],
    ["threshold", o.threshold, 0], ["time", o.time, 0], ["jobs", o.jobs, 1]] as const) {
    if (!Number.isInteger(value) || value < min) bad(`--${name} must be an integer >= ${min} (got ${value})`);
  }
}

export async function runBench(options: BenchOptions, env: BenchEnvironment): Promise<Report> {
  check(options);
  let programs: BenchProgram[];
  try {
    programs = selectPrograms(options.programs);
  } catch (e) {
    throw new BenchUsageError((e as Error).message);
  }
  const started = performance.now();
  const date = new Date().toISOString();
  const where = machine();
  const measuredWith = versions();
  const revision = commit();
  const checksums = readChecksums();
  const s: StatsSettings = { resamples: options.resamples, seed: options.seed };
  const levels = [...new Set(options.levels)].sort((a, b) => a - b);
  const configurations: Configuration[] = [
    { id: INTERPRETED, jit: false, level: 0, disable: [], without: null },
    ...levels.map((level) => ({ id: `O${level}`, jit: true, level, disable: [], without: null })),
  ];
  const ablate = options.ablation ? `O${levels.at(-1)}` : null;
  const processRunners = runners(env.pyjc, options.threshold, levels.at(-1)!, options.backend);
  const phases = options.wholeProcess ? 2 : 1;
  const fractions = programs.map(() => 0);

  const measure = async (program: BenchProgram, index: number): Promise<{ result: ProgramResult; failures: Failure[] }> => {
    const size = options.mode;
    const args = program.args[size];
    const expected = expectedChecksum(checksums, program, size);
    const progress = (phase: number, label: string) => (step: string, fraction: number) => {
      fractions[index] = (phase + fraction) / phases;
      env.onProgress?.(fractions.reduce((a, b) => a + b, 0) / programs.length, `${program.name}: ${label}${step}`);
    };
    const failures: Failure[] = [];

    const inProcess = await measureInProcess({
      program: { name: program.name, file: program.file, hot: program.hot, args }, expected, configurations, ablate,
      backend: options.backend, threshold: options.threshold, warmup: options.warmup, iterations: options.iterations, rounds: options.rounds,
      time: options.time, seed: options.seed, skip: [],
    }, progress(0, ""));
    for (const f of inProcess.failures) {
      failures.push({ program: program.name, kind: f.kind, where: "in-process", configuration: f.configuration, message: f.message });
    }
    const measured = inProcess.results.some((r) => r.configuration.id === INTERPRETED) ? inProcess.results : null;

    let processes: RunnerResult[] | null = null;
    if (options.wholeProcess) {
      try {
        processes = await timeProcesses(program, args, expected, processRunners, { runs: options.processRuns, untimedFirst: size === "full", seed: options.seed },
          progress(1, "whole process "));
      } catch (e) {
        if (!(e instanceof ProcessFailure)) throw e;
        failures.push({ program: program.name, kind: e.kind, where: "whole-process", configuration: e.runner, message: e.message });
      }
    }

    const result: ProgramResult = {
      program: program.name,
      category: program.category,
      file: relative(join(BENCH_ROOT, ".."), program.file),
      hot: program.hot,
      args,
      checksum: { expected, verified: failures.length === 0 && (measured !== null || processes !== null) },
      inProcess: measured ? inProcessTable(measured, options.backend, s) : null,
      ablation: measured && ablate ? ablationTable(measured, ablate, s) : null,
      wholeProcess: processes ? wholeProcessTable(processes, s) : null,
    };
    return { result, failures };
  };

  const outcomes = await inParallel(programs, options.jobs, measure);
  const results = outcomes.map((o) => o.result);
  const failures = outcomes.flatMap((o) => o.failures);

  where.load.end = loadAverage();
  return {
    schema: SCHEMA,
    date,
    machine: where,
    versions: measuredWith,
    commit: revision,
    options,
    method: {
      centre: "Times are medians of the timed calls (in-process) or runs (whole process).",
      interval: "Their 95% confidence intervals are distribution-free, from order statistics.",
      speedup: `A speedup is a ratio of medians (baseline / measured); its 95% interval is a percentile bootstrap (${options.resamples} resamples, seed ${options.seed}).`,
      summary: "Each table ends with the geometric mean of its speedups over programs, its interval bootstrapped over every program's samples at once.",
    },
    results,
    summary: summary(results, s),
    failures,
    durationSeconds: (performance.now() - started) / 1000,
  };
}

/** `work` over `items` with at most `jobs` at a time; results in the order of `items`. */
async function inParallel<T, R>(items: readonly T[], jobs: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, lane));
  return results;
}
