// The harness side of in-process measurement: one worker process per program (inprocess/worker.ts,
// run from dist/ by child_process.fork), its progress passed on. A configuration that fails (a
// wrong checksum, an exception, a crash of the worker) is reported, and the worker starts over in
// a fresh process without it: miscompiled code may have corrupted the first one, so nothing it
// measured afterwards is kept. One bad configuration costs its own row only. A worker that makes
// no progress for STALL_MS (a miscompiled loop that never ends) is killed and counts as failed.

import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BENCH_ROOT } from "../programs.js";
import { INTERPRETED, type ConfigurationResult, type WorkerFailure, type WorkerJob, type WorkerMessage } from "./protocol.js";

const WORKER = join(BENCH_ROOT, "dist", "inprocess", "worker.js");
/** A step is one warm-up (threshold + 1 calls) or one round of one configuration: seconds at most. */
const STALL_MS = 300_000;

export interface InProcessOutcome {
  readonly results: readonly ConfigurationResult[];
  readonly failures: readonly WorkerFailure[];
}

export type StepListener = (step: string, fraction: number) => void;

type Attempt =
  | { readonly kind: "done"; readonly results: readonly ConfigurationResult[] }
  | { readonly kind: "failed"; readonly failure: WorkerFailure };

function attempt(job: WorkerJob, onStep: StepListener): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { stdio: ["ignore", "pipe", "pipe", "ipc"], execArgv: [] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf-8")).slice(-4000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    let step = "starting";
    let configuration: string | null = null;
    let settled = false;
    let stalled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const watch = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        stalled = true;
        child.kill("SIGKILL");
      }, STALL_MS);
    };
    watch();
    const settle = (a: Attempt) => {
      clearTimeout(watchdog);
      if (!settled) resolve(a);
      settled = true;
    };
    child.on("message", (m: WorkerMessage) => {
      if (m.kind === "progress") {
        watch();
        step = m.step;
        configuration = m.configuration;
        onStep(m.step, m.total === 0 ? 0 : m.done / m.total);
      } else if (m.kind === "done") settle({ kind: "done", results: m.results });
      else settle({ kind: "failed", failure: m.failure });
    });
    child.on("error", (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    child.on("exit", (code, signal) => {
      const how = stalled ? `made no progress for ${STALL_MS / 1000} s` : signal !== null ? `was killed by ${signal}` : `exited with status ${code}`;
      settle({
        kind: "failed",
        failure: {
          kind: "error", configuration,
          message: `the in-process worker ${how} at step '${step}'${output.trim() ? `; its last output:\n${output.trimEnd()}` : ""}`,
        },
      });
    });
    child.send(job);
  });
}

/** Runs the job, starting over without each configuration that failed. */
export async function measureInProcess(job: WorkerJob, onStep: StepListener): Promise<InProcessOutcome> {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: build first (pnpm exec tsc -b)`);
  const failures: WorkerFailure[] = [];
  let skip = [...job.skip];
  for (;;) {
    const a = await attempt({ ...job, skip }, onStep);
    if (a.kind === "done") return { results: a.results, failures };
    failures.push(a.failure);
    const culprit = a.failure.configuration;
    // Without the interpreted baseline there is nothing to compare with; a failure outside any
    // configuration would happen again.
    if (culprit === null || culprit === INTERPRETED || skip.includes(culprit)) return { results: [], failures };
    skip = [...skip, culprit];
  }
}
