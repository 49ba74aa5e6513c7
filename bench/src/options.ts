// What a benchmark run does, with the defaults of a full run and of the --quick smoke run.

import { availableParallelism } from "node:os";
import type { Size } from "./programs.js";

export interface BenchOptions {
  /** "quick": small sizes and few samples, to check the harness and the checksums (never speed). */
  readonly mode: Size;
  /** Program names; null for every program. */
  readonly programs: readonly string[] | null;
  /** Optimization levels compiled in-process (each against the interpreter). */
  readonly levels: readonly number[];
  readonly backend: string;
  /**
   * Interpreted calls before a function is compiled. The JIT warm-up calls the hot function
   * threshold + 1 times, so every function it calls at least once is compiled before timing.
   */
  readonly threshold: number;
  /** tinybench warm-up iterations per configuration, after the JIT warm-up, before timing. */
  readonly warmup: number;
  /** Timed calls of the hot function per configuration (at least). */
  readonly iterations: number;
  /** The timed calls are split into rounds; each round runs every configuration, in a shuffled order. */
  readonly rounds: number;
  /** tinybench time budget per configuration and round, in ms (0: iterations only). */
  readonly time: number;
  /** Timed whole-process runs per runner (after one untimed run each in full mode). */
  readonly processRuns: number;
  readonly ablation: boolean;
  readonly wholeProcess: boolean;
  /**
   * Programs measured at the same time, each in its own processes. Above 1 they compete for the
   * cores: right for a smoke run, wrong for numbers anyone reads.
   */
  readonly jobs: number;
  /** Seeds the round order and the bootstrap. */
  readonly seed: number;
  /** Bootstrap resamples per interval. */
  readonly resamples: number;
}

export function defaultOptions(mode: Size): BenchOptions {
  const quick = mode === "quick";
  return {
    mode,
    programs: null,
    levels: [0, 1, 2],
    backend: "x64",
    threshold: 10,
    warmup: quick ? 0 : 2,
    iterations: quick ? 2 : 10,
    rounds: quick ? 1 : 5,
    time: 0,
    processRuns: quick ? 1 : 5,
    ablation: true,
    jobs: quick ? Math.min(2, availableParallelism()) : 1,
    wholeProcess: true,
    seed: 1,
    resamples: quick ? 200 : 2000,
  };
}
