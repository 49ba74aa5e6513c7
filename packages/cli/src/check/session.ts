// The embedded interpreter `pyjc check` runs generated programs in, one way at a time. It lives
// in the check's worker process (worker.ts), so that a miscompiled program that crashes or hangs
// takes down only the worker.
//
// There is one interpreter per process, so one CheckSession per process. A variant is a way of
// running a program: interpreted (the JIT off), or compiled with one pipeline. Each run of a
// program under a compiled variant gets a fresh Jit for that pipeline behind one dispatching
// compile host, so the records of a run are exactly what that run compiled. The host refuses the
// harness's own code (see harness-py.ts), so only the program and what it calls is compiled.

import { createX64Backend } from "@pyjc/backend-x64";
import type { PassRegistry, PipelineSelection } from "@pyjc/core";
import { Jit, type FunctionRecord } from "@pyjc/jit";
import { loadRuntime, type CompileRequest, type Runtime, type RuntimeHost } from "@pyjc/runtime";
import { PRELUDE } from "@pyjc/testing";
import type { CheckCase } from "./cases.js";
import { programSource } from "./cases.js";
import { HARNESS_FILENAME, HARNESS_PY, PROGRAM_FILENAME } from "./harness-py.js";

/** How a program runs: interpreted, or compiled by the pipeline a selection gives. */
export interface Variant {
  /** Names the variant in caches and reports ("interpreted", or the pipeline). */
  readonly key: string;
  readonly selection: PipelineSelection | null;
}

export interface CallOutcome {
  readonly function: string;
  /** The call's argument source, between the parentheses. */
  readonly args: string;
  readonly timeout: boolean;
  readonly result: { readonly type: string; readonly repr: string; readonly canon: string } | null;
  readonly exception: { readonly type: string; readonly message: string } | null;
  readonly output: string;
  /** The arguments after the call (mutations), canonical. */
  readonly argsAfter: string | null;
  /** The module's data globals after the call (G0), canonical. */
  readonly globals: Readonly<Record<string, string>> | null;
}

export interface RunReport {
  readonly variant: string;
  /** Set when defining the functions failed (never for generated programs, unless miscompiled). */
  readonly module: { readonly timeout: boolean; readonly exception: { type: string; message: string } | null } | null;
  readonly calls: readonly CallOutcome[];
  /** pyjc.info of each generated function after the calls. */
  readonly functions: Readonly<Record<string, { state: string; compiled_runs: number; deopts: number }>>;
  /** Compile records of the program's code objects (functions, lambdas, comprehensions...). */
  readonly records: readonly FunctionRecord[];
  /** Set when the run never finished: the worker crashed or hung ("killed by SIGSEGV"). */
  readonly crashed?: string;
  /** Set (with `crashed`) when the worker was killed for running past the pool's hard limit. */
  readonly hung?: boolean;
}

export const INTERPRETED: Variant = { key: "interpreted", selection: null };

export function pipelineVariant(registry: PassRegistry, selection: PipelineSelection): Variant {
  const passes = registry.pipeline(selection);
  return { key: `-O${selection.level} [${passes.map((p) => p.name).join(",")}]`, selection };
}

export interface SessionOptions {
  readonly registry: PassRegistry;
  readonly verifyEach: boolean;
  /** Seconds a call may run (compiling excluded) before it counts as a timeout. */
  readonly timeout: number;
}

export class CheckSession {
  private readonly runtime: Runtime;
  private current: Jit | null = null;

  constructor(private readonly options: SessionOptions) {
    this.runtime = loadRuntime();
    if (!this.runtime.isInitialized()) this.runtime.initialize({ argv: ["pyjc-check"] });
    this.runtime.setEnabled(false);
    this.runtime.setHost(this.host());
    const error = this.runtime.exec(
      `import sys as _sys, types as _types\n_m = _types.ModuleType("_pyjc_check")\n` +
      `exec(compile(${JSON.stringify(HARNESS_PY)}, ${JSON.stringify(HARNESS_FILENAME)}, "exec"), _m.__dict__)\n` +
      `_sys.modules["_pyjc_check"] = _m\nimport _pyjc_check\ndel _m`,
    );
    if (error !== null) throw new Error(`pyjc check: the embedded interpreter failed to load the harness:\n${error}`);
  }

  private host(): RuntimeHost {
    const refuse = (reason: string) => ({ ok: false as const, reason });
    return {
      compile: (req: CompileRequest) => {
        if (req.filename === HARNESS_FILENAME) return refuse("pyjc check's own code");
        return this.current ? this.current.compile(req) : refuse("compiled outside a check run");
      },
      query: (kind, req) => this.current?.query(kind, req) ?? "",
      config: () => {},
      rejected: (code, reason) => this.current?.host().rejected?.(code, reason),
    };
  }

  /** Runs a program one way. */
  run(c: CheckCase, variant: Variant): RunReport {
    const jit = variant.selection === null ? null : new Jit({
      registry: this.options.registry,
      selection: variant.selection,
      backend: createX64Backend({ verifyAllocation: this.options.verifyEach }),
      runtime: this.runtime,
      verifyEach: this.options.verifyEach,
    });
    const payload = {
      variant: variant.key,
      jit: jit !== null,
      timeout: this.options.timeout,
      threshold: c.threshold,
      prelude: PRELUDE,
      source: programSource(c),
      calls: c.functions.map((f, i) => [f.name, c.calls[i]]),
    };
    const encoded = Buffer.from(JSON.stringify(payload), "utf-8").toString("base64");
    this.current = jit;
    this.runtime.setThreshold(c.threshold);
    let text: string;
    try {
      text = this.runtime.eval(`_pyjc_check.run("${encoded}")`);
    } finally {
      this.current = null;
    }
    const report = JSON.parse(text) as Omit<RunReport, "variant" | "records">;
    const records = (jit?.records ?? []).filter((r) => r.filename === PROGRAM_FILENAME);
    return { ...report, variant: variant.key, records };
  }
}
