// The parent side of `pyjc check`'s worker (worker.ts): one worker process at a time, started on
// demand, and a cache of run reports. A worker that dies during a run (a miscompiled program
// crashed it) or does not answer within the hard limit (compiled code that never polls for
// signals, so the interpreter's own timeout cannot stop it) yields a report marked `crashed`; the
// next run starts a fresh worker.
//
// The cache is keyed by variant, threshold and program: the property for each pass is run with
// the same seed, so it meets the same programs, and the interpreted and full-pipeline runs of a
// program are shared by every pass checked.

import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CheckCase } from "./cases.js";
import { programSource } from "./cases.js";
import type { RunReport, Variant } from "./session.js";
import type { WorkerRequest } from "./worker.js";

export interface PoolOptions {
  readonly plugins: readonly string[];
  readonly verifyEach: boolean;
  /** Seconds a call may run (compiling excluded), enforced inside the worker. */
  readonly timeout: number;
  /** Milliseconds a whole run may take before the worker is killed. */
  readonly hardLimitMs: number;
  /** The worker's script (default: the compiled worker.js beside this module). */
  readonly workerScript?: string;
}

type Reply =
  | { type: "ready" }
  | { type: "init-error"; message: string }
  | { type: "report"; id: number; report: RunReport }
  | { type: "error"; id: number; message: string };

const CACHE_LIMIT = 4096;
const STDERR_TAIL = 2000;

export class CheckError extends Error {
  override readonly name = "CheckError";
}

export class WorkerPool {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private stderrTail = "";
  private nextId = 0;
  private readonly cache = new Map<string, RunReport>();
  /** Workers started (the first, and one after each crash or hang). */
  started = 0;

  constructor(private readonly options: PoolOptions) {}

  /** Runs a program one way, or answers from the cache (`fresh`: run it again, and cache that). */
  async run(c: CheckCase, variant: Variant, fresh = false): Promise<RunReport> {
    const key = `${variant.key}\u0000${c.threshold}\u0000${programSource(c)}\u0000${JSON.stringify(c.calls)}`;
    const hit = fresh ? undefined : this.cache.get(key);
    if (hit) return hit;
    const report = await this.runUncached(c, variant);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, report);
    return report;
  }

  close(): void {
    const child = this.child;
    this.child = null;
    this.ready = null;
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    this.started++;
    this.stderrTail = "";
    const script = this.options.workerScript ?? fileURLToPath(new URL("./worker.js", import.meta.url));
    const child = fork(script, [], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      execArgv: process.execArgv,
    });
    child.stderr!.setEncoding("utf-8");
    child.stderr!.on("data", (d: string) => (this.stderrTail = (this.stderrTail + d).slice(-STDERR_TAIL)));
    this.child = child;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if (m.type === "ready") resolve();
        else if (m.type === "init-error") reject(new CheckError(`the check worker failed to start:\n${m.message}`));
        if (m.type === "ready" || m.type === "init-error") child.off("message", onMessage);
      };
      child.on("message", onMessage);
      child.once("exit", (code, signal) =>
        reject(new CheckError(`the check worker exited while starting (${signal ?? `status ${code}`}):\n${this.stderrTail}`)),
      );
      const init: WorkerRequest = { type: "init", plugins: this.options.plugins, verifyEach: this.options.verifyEach, timeout: this.options.timeout };
      child.send(init);
    });
    return this.ready;
  }

  private async runUncached(c: CheckCase, variant: Variant): Promise<RunReport> {
    await this.start();
    const child = this.child!;
    const id = this.nextId++;
    const plain: CheckCase = {
      functions: c.functions.map((f) => ({ name: f.name, params: f.params, source: f.source, usesGlobal: f.usesGlobal })),
      calls: c.calls,
      threshold: c.threshold,
    };
    return new Promise<RunReport>((resolve, reject) => {
      const crashed = (why: string, hung = false): RunReport => ({
        variant: variant.key, module: null, calls: [], functions: {}, records: [],
        crashed: this.stderrTail.trim() === "" ? why : `${why}; its last output:\n${this.stderrTail.trimEnd()}`,
        ...(hung && { hung }),
      });
      const done = () => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      const onMessage = (m: Reply) => {
        if ((m.type !== "report" && m.type !== "error") || m.id !== id) return;
        done();
        if (m.type === "report") resolve(m.report);
        else reject(new CheckError(`the check worker failed:\n${m.message}`));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        done();
        this.child = null;
        this.ready = null;
        resolve(crashed(`the process crashed (${signal ? `killed by ${signal}` : `exit status ${code}`})`));
      };
      const timer = setTimeout(() => {
        done();
        this.close();
        resolve(crashed(`the run did not finish in ${Math.round(this.options.hardLimitMs / 1000)} s (compiled code that never polls for signals?)`, true));
      }, this.options.hardLimitMs);
      child.on("message", onMessage);
      child.once("exit", onExit);
      const request: WorkerRequest = { type: "run", id, case: plain, variant };
      child.send(request);
    });
  }
}
