// What the harness and an in-process worker say to each other (over the IPC channel of
// child_process.fork). The worker only measures; the statistics are computed by the harness.

/** The id of the configuration every speedup is measured against. */
export const INTERPRETED = "interpreted";

/** One way of running the hot function: interpreted, or compiled with one pipeline. */
export interface Configuration {
  /** Stable key, shown in tables: "interpreted", "O2", "O2 -unbox-numbers". */
  readonly id: string;
  readonly jit: boolean;
  readonly level: number;
  /** Names of passes left out of the level's pipeline (ablation). */
  readonly disable: readonly string[];
  /** The pass an ablation configuration leaves out, as recorded ("OPT-5 unbox-numbers"). */
  readonly without: string | null;
}

export interface WorkerJob {
  readonly program: { readonly name: string; readonly file: string; readonly hot: string; readonly args: readonly number[] };
  readonly expected: string;
  readonly configurations: readonly Configuration[];
  /** Id of the configuration whose fired passes are then disabled one at a time; null: no ablation. */
  readonly ablate: string | null;
  readonly backend: string;
  readonly threshold: number;
  readonly warmup: number;
  readonly iterations: number;
  readonly rounds: number;
  readonly time: number;
  readonly seed: number;
  /** Configurations not to run (they failed in an earlier attempt). */
  readonly skip: readonly string[];
}

export interface FunctionOutcome {
  readonly qualname: string;
  readonly compiled: boolean;
  readonly reason: string | null;
  readonly passes: readonly string[];
  readonly codeSize: number;
  readonly compileMs: number;
}

export interface ConfigurationResult {
  readonly configuration: Configuration;
  /** Wall time of each timed call of the hot function, ms. */
  readonly samples: readonly number[];
  /** Every function of the program the JIT was asked for, during warm-up and timing. */
  readonly functions: readonly FunctionOutcome[];
  /** Compiles that happened while timing (0 when the JIT warm-up compiled everything). */
  readonly lateCompiles: number;
  /** Deoptimizations while timing (all code objects of the process). */
  readonly deopts: number;
}

export type WorkerMessage =
  | { readonly kind: "progress"; readonly step: string; readonly configuration: string | null; readonly done: number; readonly total: number }
  | { readonly kind: "done"; readonly results: readonly ConfigurationResult[] }
  | { readonly kind: "failed"; readonly failure: WorkerFailure };

export interface WorkerFailure {
  /** "checksum": the hot function returned something else than python3.11 printed. */
  readonly kind: "checksum" | "error";
  readonly configuration: string | null;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}
