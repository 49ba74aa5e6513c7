// The JSON report (`pyjc bench --json`, bench/results/*.json): everything the Markdown and the SVG
// show, plus the raw samples, so any table can be recomputed. Times are in milliseconds.
// `schema` changes whenever a field changes meaning.

import type { Commit, Machine, Versions } from "../machine.js";
import type { BenchOptions } from "../options.js";
import type { Interval } from "../stats.js";

export const SCHEMA = "pyjc-bench/1";

export interface Report {
  readonly schema: typeof SCHEMA;
  readonly date: string;
  readonly machine: Machine;
  readonly versions: Versions;
  readonly commit: Commit;
  readonly options: BenchOptions;
  readonly method: Method;
  /** One entry per program, in catalogue order. */
  readonly results: readonly ProgramResult[];
  readonly summary: Summary;
  /** Everything that went wrong; a report with failures makes `pyjc bench` exit with status 1. */
  readonly failures: readonly Failure[];
  readonly durationSeconds: number;
}

/** How the numbers were obtained, in words, for whoever reads the JSON alone. */
export interface Method {
  readonly centre: string;
  readonly interval: string;
  readonly speedup: string;
  readonly summary: string;
}

export interface ProgramResult {
  readonly program: string;
  readonly category: string;
  /** Relative to the repository root. */
  readonly file: string;
  readonly hot: string;
  readonly args: readonly number[];
  readonly checksum: { readonly expected: string; readonly verified: boolean };
  readonly inProcess: InProcessTable | null;
  readonly ablation: AblationTable | null;
  readonly wholeProcess: WholeProcessTable | null;
}

/** Median, its interval, and the raw samples. */
export interface Timing {
  readonly samples: readonly number[];
  readonly medianMs: number;
  readonly intervalMs: Interval;
}

export interface Speedup {
  readonly value: number;
  readonly interval: Interval;
}

/** What the JIT did for one configuration or process. */
export interface JitWork {
  readonly compiled: number;
  readonly interpreted: number;
  readonly compileMs: number;
  readonly codeBytes: number;
  /** Pass ("OPT-5 unbox-numbers") -> number of functions it changed. */
  readonly passes: Readonly<Record<string, number>>;
}

export interface InProcessRow extends Timing {
  readonly configuration: string;
  readonly jit: boolean;
  readonly level: number | null;
  readonly backend: string | null;
  /** Against the interpreted configuration of the same program (1 for that row itself). */
  readonly speedup: Speedup;
  readonly work: JitWork | null;
  /** Functions left interpreted, with the reason. */
  readonly interpretedFunctions: readonly { readonly qualname: string; readonly reason: string | null }[];
  readonly lateCompiles: number;
  readonly deopts: number;
}

export interface InProcessTable {
  readonly baseline: string;
  readonly rows: readonly InProcessRow[];
}

export interface AblationRow extends Timing {
  readonly configuration: string;
  /** The pass left out; null for the baseline row (every pass). */
  readonly without: string | null;
  readonly speedup: Speedup;
  /** Time with the pass left out / time with every pass: > 1 when the pass helps. */
  readonly relative: Speedup;
  readonly work: JitWork;
}

export interface AblationTable {
  /** The configuration every pass is taken out of, one at a time ("O2"). */
  readonly baseline: string;
  readonly rows: readonly AblationRow[];
}

export interface WholeProcessRow extends Timing {
  readonly runner: string;
  readonly command: string;
  /** Against python3.11. */
  readonly speedup: Speedup;
  readonly work: JitWork | null;
}

export interface WholeProcessTable {
  readonly baseline: string;
  readonly rows: readonly WholeProcessRow[];
}

export interface GeomeanRow {
  /** Configuration, runner, or pass. */
  readonly key: string;
  readonly programs: number;
  readonly geomean: Speedup;
}

export interface Summary {
  /** Per configuration: geometric mean over programs of the in-process speedup. */
  readonly inProcess: readonly GeomeanRow[];
  /** Per pass: geometric mean over the programs it fired in of time without it / time with it. */
  readonly ablation: readonly GeomeanRow[];
  /** Per runner: geometric mean over programs of the speedup against python3.11. */
  readonly wholeProcess: readonly GeomeanRow[];
}

export interface Failure {
  readonly program: string;
  readonly kind: "checksum" | "error";
  /** "in-process", "whole-process". */
  readonly where: string;
  /** Configuration or runner, when known. */
  readonly configuration: string | null;
  readonly message: string;
}
