// End-to-end timing: `pyjc PROG ARGS` against `python3.11 PROG ARGS` (and `pypy3 PROG ARGS` when
// pypy3 is on PATH), each a fresh process, wall time from spawn to exit. This is what a user
// sees: start-up (Node and the embedded interpreter for pyjc), compiling, running, exiting.
// pyjc runs with the harness's threshold and the highest level measured, and reports what it
// compiled with --stats=json (on stderr, so stdout stays the program's checksum).
//
// In a full run every runner first runs once untimed (file caches, .pyc). Timed runs go in
// rounds, the runners in a seeded shuffled order each round. Every run's stdout must be the
// expected checksum; a run still going after RUN_TIMEOUT_MS is killed and counts as failed.

import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { PYTHON, type BenchProgram } from "./programs.js";
import { seededRandom, shuffled } from "./stats.js";

export interface Runner {
  /** "python3.11", "pyjc", "pypy3". */
  readonly id: string;
  readonly argv: readonly string[];
  /** Whether the runner prints pyjc's --stats=json on stderr. */
  readonly reportsStats: boolean;
}

/** What `pyjc --stats=json` reports (its summary). */
export interface JitSummary {
  readonly compiled: number;
  readonly interpreted: number;
  readonly codeBytes: number;
  readonly compileMs: number;
  readonly passesFired: Readonly<Record<string, number>>;
}

export interface RunnerResult {
  readonly runner: Runner;
  readonly samples: readonly number[];
  /** From the last timed run; null for runners without a JIT report. */
  readonly jit: JitSummary | null;
}

/** The whole-process failure of a run: status, signal or a wrong checksum. */
export class ProcessFailure extends Error {
  constructor(
    readonly kind: "checksum" | "error",
    readonly runner: string,
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}

/** An executable of that name on PATH, or null. */
export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

export function runners(pyjc: readonly string[], threshold: number, level: number, backend: string): Runner[] {
  const list: Runner[] = [
    { id: "python3.11", argv: [PYTHON], reportsStats: false },
    { id: "pyjc", argv: [...pyjc, "--threshold", String(threshold), "-O", String(level), "--backend", backend, "--stats=json"], reportsStats: true },
  ];
  const pypy = onPath("pypy3");
  if (pypy !== null) list.push({ id: "pypy3", argv: [pypy], reportsStats: false });
  return list;
}

/** Runs take about a second; this is for a miscompiled loop that never ends. */
const RUN_TIMEOUT_MS = 300_000;

interface Run {
  readonly ms: number;
  readonly jit: JitSummary | null;
}

function runOnce(runner: Runner, program: BenchProgram, args: readonly number[], expected: string): Promise<Run> {
  const [command, ...rest] = runner.argv;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command!, [...rest, program.file, ...args.map(String)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf-8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf-8")));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const line = `${runner.argv.join(" ")} ${program.name}.py ${args.join(" ")}`;
      if (timedOut) {
        reject(new ProcessFailure("error", runner.id, `\`${line}\` was still running after ${RUN_TIMEOUT_MS / 1000} s and was killed`));
        return;
      }
      if (code !== 0) {
        reject(new ProcessFailure("error", runner.id, `\`${line}\` ${signal ? `was killed by ${signal}` : `exited with status ${code}`}:\n${stderr.slice(-2000)}`));
        return;
      }
      const actual = stdout.replace(/\n$/, "");
      if (actual !== expected) {
        reject(new ProcessFailure("checksum", runner.id, `checksum mismatch under \`${line}\`: expected '${expected}', got '${actual}'`, expected, actual));
        return;
      }
      resolve({ ms, jit: runner.reportsStats ? jitSummary(stderr) : null });
    });
  });
}

function jitSummary(stderr: string): JitSummary | null {
  const line = stderr.trimEnd().split("\n").reverse().find((l) => l.startsWith("{"));
  if (line === undefined) return null;
  return (JSON.parse(line) as { summary: JitSummary }).summary;
}

export interface WholeProcessOptions {
  readonly runs: number;
  /** One untimed run per runner first. */
  readonly untimedFirst: boolean;
  readonly seed: number;
}

/** Times every runner on one program; `onStep` hears of each run before it starts. */
export async function timeProcesses(
  program: BenchProgram, args: readonly number[], expected: string, list: readonly Runner[], options: WholeProcessOptions,
  onStep: (step: string, fraction: number) => void,
): Promise<RunnerResult[]> {
  const random = seededRandom(options.seed);
  const samples = new Map<string, number[]>(list.map((r) => [r.id, []]));
  const jit = new Map<string, JitSummary | null>();
  const total = (options.untimedFirst ? 1 : 0) * list.length + options.runs * list.length;
  let done = 0;
  if (options.untimedFirst) {
    for (const runner of list) {
      onStep(`untimed ${runner.id}`, done++ / total);
      await runOnce(runner, program, args, expected);
    }
  }
  for (let round = 0; round < options.runs; round++) {
    for (const runner of shuffled(list, random)) {
      onStep(`run ${round + 1}/${options.runs} ${runner.id}`, done++ / total);
      const run = await runOnce(runner, program, args, expected);
      samples.get(runner.id)!.push(run.ms);
      jit.set(runner.id, run.jit);
    }
  }
  return list.map((runner) => ({ runner, samples: samples.get(runner.id)!, jit: jit.get(runner.id) ?? null }));
}
