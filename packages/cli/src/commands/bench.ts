// `pyjc bench [--quick] [--json] [--programs a,b] [--levels 0,1,2] ...`: the benchmark harness
// (@pyjc/bench). Each program's hot function is timed in-process, interpreted and compiled at
// each level (tinybench, one worker process per program), then with each pass that fired left
// out in turn (ablation), and the whole program against python3.11 (and pypy3 when on PATH).
// Results go to --out as NAME.json, NAME.md and NAME.svg (NAME: latest, or quick for --quick);
// --json also prints the JSON on stdout, otherwise the Markdown is printed. A progress bar is
// drawn on stderr when it is a terminal.
//
// Every call and every run is checked against the checksum python3.11 printed
// (bench/programs/checksums.json; --update-checksums recomputes it). A mismatch, an exception or a
// crash is reported, the other programs still run, and the exit status is 1.

import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Argv, CommandModule } from "yargs";
import {
  BACKENDS, BENCH_ROOT, BenchUsageError, defaultOptions, markdownReport, ProgressBar, runBench, updateChecksums, writeReport, type BenchOptions,
} from "@pyjc/bench";
import { CliError, EXIT, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { list } from "../options.js";

const PYJC_BIN = fileURLToPath(new URL("../../bin/pyjc.js", import.meta.url));

function integer(name: string, min: number) {
  return (value: unknown): number => {
    const text = String(Array.isArray(value) ? value.at(-1) : value);
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min} (got '${text}')`);
    return n;
  };
}

function builder(y: Argv) {
  const full = defaultOptions("full");
  const quick = defaultOptions("quick");
  const both = (key: keyof BenchOptions) => `${String(full[key])}; --quick: ${String(quick[key])}`;
  return y
    .option("quick", { type: "boolean", describe: "Smoke run: small sizes, few samples; checks the harness and the checksums, never speed (under 2 minutes)" })
    .option("json", { type: "boolean", describe: "Print the JSON report on stdout (a `results` array, one entry per program)" })
    .option("programs", { type: "string", describe: "Only these programs (a,b; names of bench/programs/*.py)", requiresArg: true, coerce: (v: unknown) => list(v) })
    .option("levels", {
      type: "string", describe: "Optimization levels compiled in-process (a,b)", defaultDescription: full.levels.join(","), requiresArg: true,
      coerce: (v: unknown) => list(v).map((l) => integer("levels", 0)(l)),
    })
    .option("backend", { type: "string", choices: Object.keys(BACKENDS), default: full.backend, describe: "Machine code backend" })
    .option("threshold", {
      type: "string", describe: "Interpreted calls before a function compiles (the JIT warm-up makes threshold + 1 calls)", defaultDescription: String(full.threshold),
      requiresArg: true, coerce: integer("threshold", 0),
    })
    .option("warmup", { type: "string", describe: "tinybench warm-up calls per configuration", defaultDescription: both("warmup"), requiresArg: true, coerce: integer("warmup", 0) })
    .option("iterations", { type: "string", describe: "Timed calls per configuration", defaultDescription: both("iterations"), requiresArg: true, coerce: integer("iterations", 1) })
    .option("rounds", {
      type: "string", describe: "Rounds the timed calls are split into (configurations shuffled in each)", defaultDescription: both("rounds"), requiresArg: true,
      coerce: integer("rounds", 1),
    })
    .option("time", { type: "string", describe: "Also time each configuration for at least MS per round (tinybench's time budget)", defaultDescription: "0", requiresArg: true, coerce: integer("time", 0) })
    .option("process-runs", { type: "string", describe: "Timed whole-process runs per runner", defaultDescription: both("processRuns"), requiresArg: true, coerce: integer("process-runs", 1) })
    .option("ablation", { type: "boolean", default: true, describe: "Time the highest level with each pass that fired disabled in turn (--no-ablation: skip)" })
    .option("whole-process", { type: "boolean", default: true, describe: "Time whole processes: pyjc vs python3.11 (and pypy3) (--no-whole-process: skip)" })
    .option("jobs", {
      type: "string", describe: "Programs measured at the same time (above 1 they compete for cores: smoke runs only)", defaultDescription: `1; --quick: ${quick.jobs}`,
      requiresArg: true, coerce: integer("jobs", 1),
    })
    .option("seed", { type: "string", describe: "Seed of the round order and the bootstrap", defaultDescription: String(full.seed), requiresArg: true, coerce: integer("seed", 0) })
    .option("out", { type: "string", describe: "Directory for NAME.json, NAME.md and NAME.svg", defaultDescription: "bench/results", requiresArg: true })
    .option("update-checksums", { type: "boolean", describe: "Recompute bench/programs/checksums.json with python3.11, then exit" })
    .example("$0 bench --quick --json", "check every program and the harness (CI)")
    .example("$0 bench", "a full run: results in bench/results/latest.{json,md,svg}")
    .example("$0 bench --programs nbody,matmul --levels 2 --no-whole-process", "two programs, -O2 only, in-process");
}

type Options = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

export function benchCommand(io: Io): CommandModule<{}, Options> {
  return {
    command: "bench",
    describe: "Benchmark the JIT: in-process speedups per level with confidence intervals, pass ablation, whole-process runs vs python3.11",
    builder,
    async handler(args) {
      if (args.updateChecksums) {
        const data = updateChecksums();
        io.out(`pyjc bench: wrote checksums of ${Object.keys(data.programs).length} programs (${data.python})\n`);
        return;
      }
      const mode = args.quick ? "quick" : "full";
      const defaults = defaultOptions(mode);
      const options: BenchOptions = {
        ...defaults,
        programs: args.programs ?? null,
        levels: args.levels ?? defaults.levels,
        backend: args.backend,
        threshold: args.threshold ?? defaults.threshold,
        warmup: args.warmup ?? defaults.warmup,
        iterations: args.iterations ?? defaults.iterations,
        rounds: args.rounds ?? defaults.rounds,
        time: args.time ?? defaults.time,
        processRuns: args.processRuns ?? defaults.processRuns,
        ablation: args.ablation,
        wholeProcess: args.wholeProcess,
        jobs: args.jobs ?? defaults.jobs,
        seed: args.seed ?? defaults.seed,
      };
      const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
      let report;
      try {
        report = await runBench(options, { pyjc: [process.execPath, PYJC_BIN], ...(bar && { onProgress: (f, label) => bar.update(f, label) }) });
      } catch (e) {
        if (e instanceof BenchUsageError) throw new UsageError(e.message);
        throw e;
      } finally {
        bar?.clear();
      }
      const dir = args.out !== undefined ? resolve(args.out) : resolve(BENCH_ROOT, "results");
      const files = writeReport(report, dir, mode === "quick" ? "quick" : "latest");
      io.out(args.json ? `${JSON.stringify(report, null, 2)}\n` : markdownReport(report, null));
      io.err(`pyjc bench: ${report.results.length} programs in ${report.durationSeconds.toFixed(0)} s; wrote ${files.join(", ")}\n`);
      if (report.failures.length > 0) {
        const lines = report.failures.map((f) => `  ${f.program} (${f.where}${f.configuration ? `, ${f.configuration}` : ""}): ${f.kind === "checksum" ? "" : "error: "}${f.message}`);
        throw new CliError(EXIT.failure, `pyjc bench: ${report.failures.length} failure${report.failures.length === 1 ? "" : "s"}:\n${lines.join("\n")}\n`);
      }
    },
  };
}
