// Inside an in-process worker: one embedded interpreter, the program loaded once per
// configuration, the hot function timed with tinybench.
//
// Each configuration gets a fresh instance of the program's module (its own code objects, so
// nothing compiled for one configuration runs in another) and its own Jit (its own pipeline and
// records). The hook stays installed throughout; the interpreted configuration runs with the JIT
// switched off, so both sides pay the hook's per-call cost and the difference is the compiled
// code alone.
//
//   0. Compiler warm-up: the compiler is JavaScript that V8 compiles as it warms up, so the first
//      configuration compiled in a process would pay for that in its compile time. The program
//      is first compiled once, untimed and thrown away, at the highest level.
//   1. JIT warm-up, per configuration: the hot function is called threshold + 1 times with the
//      JIT on, so the interpreter specializes the bytecode (the profile the passes speculate on)
//      and every function called at least once per call of the hot function gets compiled. This
//      is where compile time, code size and passes fired are recorded; none of it is timed.
//   2. If asked, one more configuration per pass that fired at the ablated level, with that pass
//      disabled, warmed up the same way.
//   3. Timing, in rounds: each round is one tinybench Bench holding every configuration in a
//      seeded shuffled order (a slow spell on a shared machine then spreads over all of them
//      instead of landing on one). tinybench warms up each configuration in the first round.
// Every call's result is compared with python3.11's checksum, warm-up calls included. The first
// call that raises or returns something else ends the session (CallFailure): miscompiled code may
// have corrupted the process, so nothing measured after it could be trusted. The harness starts
// a new worker without that configuration.

import { Bench } from "tinybench";
import type { Backend, PassRegistry } from "@pyjc/core";
import { createX64Backend } from "@pyjc/backend-x64";
import { Jit } from "@pyjc/jit";
import { createRegistry } from "@pyjc/passes";
import { loadRuntime, type Runtime } from "@pyjc/runtime";
import { seededRandom, shuffled } from "../stats.js";
import type { Configuration, ConfigurationResult, FunctionOutcome, WorkerFailure, WorkerJob } from "./protocol.js";

export const BACKENDS: Readonly<Record<string, () => Backend>> = {
  x64: () => createX64Backend({}),
};

/** A call that raised or returned a wrong checksum: reported as a failure, never as a timing. */
export class CallFailure extends Error {
  constructor(
    readonly failure: WorkerFailure,
  ) {
    super(failure.message);
  }
}

interface Instance {
  readonly configuration: Configuration;
  /** The module's global name in __main__. */
  readonly module: string;
  readonly jit: Jit | null;
  readonly samples: number[];
  recordsBeforeTiming: number;
  deopts: number;
  deoptsAtEntry: number;
}

export type Progress = (step: string, configuration: string | null, done: number, total: number) => void;

export class Session {
  private readonly runtime: Runtime;
  private readonly registry: PassRegistry;
  private readonly instances: Instance[] = [];
  private readonly call: (module: string) => string;
  private loaded = 0;
  private done = 0;
  private total: number;

  constructor(
    private readonly job: WorkerJob,
    private readonly progress: Progress,
  ) {
    if (!BACKENDS[job.backend]) throw new Error(`unknown backend '${job.backend}' (known: ${Object.keys(BACKENDS).join(", ")})`);
    this.runtime = loadRuntime();
    this.runtime.initialize({ argv: [job.program.file, ...job.program.args.map(String)] });
    this.runtime.setEnabled(false);
    this.registry = createRegistry();
    this.exec(`
import sys as _bench_sys, types as _bench_types
def _bench_load(name, path):
    module = _bench_types.ModuleType(name)
    module.__file__ = path
    _bench_sys.modules[name] = module
    with open(path, "rb") as f:
        exec(compile(f.read(), path, "exec", dont_inherit=True), module.__dict__)
    return module
`);
    const call = `.${job.program.hot}(${job.program.args.join(", ")})`;
    this.call = (module) => this.runtime.eval(module + call);
    const wanted = this.wanted(job.configurations);
    this.total = (wanted.some((c) => c.jit) ? 1 : 0) + wanted.length * (1 + this.rounds());
  }

  private wanted(configurations: readonly Configuration[]): Configuration[] {
    return configurations.filter((c) => !this.job.skip.includes(c.id));
  }

  /** Warm-up, ablation, timing; the results in configuration order (ablations last). */
  run(): ConfigurationResult[] {
    const wanted = this.wanted(this.job.configurations);
    const compiled = wanted.filter((c) => c.jit);
    const highest = compiled.length > 0 ? compiled.reduce((a, b) => (b.level > a.level ? b : a)) : null;
    for (const c of wanted) {
      // After the interpreted configuration: if the interpreter disagrees with python3.11, no
      // compiled configuration is to blame.
      if (c === compiled[0]) this.prepare(highest!, "compiler warm-up");
      this.prepare(c);
    }
    const ablated = this.instances.find((i) => i.configuration.id === this.job.ablate);
    if (ablated) {
      const c = ablated.configuration;
      const fired = [...new Set(this.outcomes(ablated).flatMap((f) => f.passes))].sort(byPassId);
      const variants = this.wanted(fired.map((pass) => {
        const name = pass.slice(pass.indexOf(" ") + 1);
        return { id: `${c.id} -${name}`, jit: true, level: c.level, disable: [...c.disable, name], without: pass };
      }));
      this.total += variants.length * (1 + this.rounds());
      for (const v of variants) this.prepare(v);
    }
    this.time();
    return this.instances.map((i) => ({
      configuration: i.configuration,
      samples: i.samples,
      functions: this.outcomes(i),
      lateCompiles: i.jit ? this.ownRecords(i, i.recordsBeforeTiming).length : 0,
      deopts: i.deopts,
    }));
  }

  private rounds(): number {
    return Math.max(1, Math.min(this.job.rounds, this.job.iterations));
  }

  /** Loads the program for `configuration` and runs its JIT warm-up; kept for timing unless a `throwaway` step is named. */
  private prepare(configuration: Configuration, throwaway?: string): void {
    const jit = configuration.jit
      ? new Jit({
          registry: this.registry,
          selection: { level: configuration.level, enable: [], disable: configuration.disable },
          backend: BACKENDS[this.job.backend]!(),
          runtime: this.runtime,
        })
      : null;
    const module = `_bench_${this.loaded++}`;
    // Loaded with the JIT off: the module body runs once and is not what is measured.
    this.runtime.setEnabled(false);
    this.exec(`${module} = _bench_load(${JSON.stringify(module)}, ${JSON.stringify(this.job.program.file)})`);
    const instance: Instance = { configuration, module, jit, samples: [], recordsBeforeTiming: 0, deopts: 0, deoptsAtEntry: 0 };
    this.step(throwaway ?? `warm-up ${configuration.id}`, configuration.id);
    this.enter(instance);
    try {
      for (let i = 0; i <= this.job.threshold; i++) this.checkedCall(instance);
    } finally {
      this.leave(instance);
    }
    if (throwaway === undefined) this.instances.push(instance);
    instance.recordsBeforeTiming = jit?.records.length ?? 0;
    instance.deopts = 0;
  }

  private time(): void {
    const random = seededRandom(this.job.seed);
    const rounds = this.rounds();
    const perRound = Math.ceil(this.job.iterations / rounds);
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({
        iterations: perRound,
        time: this.job.time,
        warmup: round === 0 && this.job.warmup > 0,
        warmupIterations: this.job.warmup,
        warmupTime: 0,
        retainSamples: true,
        throws: true,
      });
      for (const instance of shuffled(this.instances, random)) {
        bench.add(instance.configuration.id, () => this.checkedCall(instance), {
          async: false,
          beforeAll: (mode) => {
            if (mode === "run") this.step(`round ${round + 1}/${rounds} ${instance.configuration.id}`, instance.configuration.id);
            this.enter(instance);
          },
          afterAll: () => this.leave(instance),
        });
      }
      for (const task of bench.runSync()) {
        const result = task.result;
        if (result.state !== "completed" || !result.latency.samples) throw new Error(`tinybench: ${task.name} ended ${result.state}`);
        this.instances.find((i) => i.configuration.id === task.name)!.samples.push(...result.latency.samples);
      }
    }
  }

  private enter(instance: Instance): void {
    if (instance.jit) this.runtime.setHost(instance.jit.host());
    this.runtime.setThreshold(this.job.threshold);
    this.runtime.setEnabled(instance.jit !== null);
    instance.deoptsAtEntry = this.runtime.stats().deopts;
  }

  private leave(instance: Instance): void {
    this.runtime.setEnabled(false);
    instance.deopts += this.runtime.stats().deopts - instance.deoptsAtEntry;
  }

  private checkedCall(instance: Instance): void {
    let actual: string;
    try {
      actual = this.call(instance.module);
    } catch (e) {
      throw new CallFailure({
        kind: "error", configuration: instance.configuration.id,
        message: `${this.job.program.hot}() raised under ${instance.configuration.id}:\n${e instanceof Error ? e.message : String(e)}`,
      });
    }
    if (actual !== this.job.expected) {
      throw new CallFailure({
        kind: "checksum", configuration: instance.configuration.id, expected: this.job.expected, actual,
        message: `checksum mismatch under ${instance.configuration.id}: expected '${this.job.expected}', got '${actual}'`,
      });
    }
  }

  /** The records of this program's own functions (not the harness's eval expressions). */
  private ownRecords(instance: Instance, from = 0) {
    return (instance.jit?.records ?? []).slice(from).filter((r) => r.filename === this.job.program.file);
  }

  private outcomes(instance: Instance): FunctionOutcome[] {
    return this.ownRecords(instance).map((r) => ({
      qualname: r.qualname, compiled: r.compiled, reason: r.reason, passes: r.passes, codeSize: r.codeSize, compileMs: r.compileMs,
    }));
  }

  /** Announces the step about to run; `done` counts the steps finished. */
  private step(step: string, configuration: string): void {
    this.progress(step, configuration, this.done++, this.total);
  }

  private exec(source: string): void {
    const error = this.runtime.exec(source);
    if (error !== null) throw new Error(`the embedded interpreter failed:\n${error}`);
  }
}

/** "OPT-5 unbox-numbers" before "OPT-10 ...": by id. */
function byPassId(a: string, b: string): number {
  const id = (s: string) => Number(/^OPT-(\d+)/.exec(s)?.[1] ?? Infinity);
  return id(a) - id(b) || a.localeCompare(b);
}
