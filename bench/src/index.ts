// @pyjc/bench: the benchmark programs and the harness behind `pyjc bench`.

export { runBench, BenchUsageError, type BenchEnvironment } from "./bench.js";
export { defaultOptions, type BenchOptions } from "./options.js";
export { PROGRAMS, BENCH_ROOT, selectPrograms, updateChecksums, readChecksums, expectedChecksum, type BenchProgram, type Size } from "./programs.js";
export { BACKENDS } from "./inprocess/session.js";
export { measureInProcess, type InProcessOutcome } from "./inprocess/run.js";
export type { Configuration, ConfigurationResult, WorkerJob, WorkerFailure } from "./inprocess/protocol.js";
export { timeProcesses, runners, ProcessFailure, type Runner, type RunnerResult } from "./wholeprocess.js";
export { ProgressBar } from "./progress.js";
export { markdownReport } from "./report/markdown.js";
export { svgChart } from "./report/svg.js";
export { writeReport } from "./report/files.js";
export type * from "./report/schema.js";
export * from "./stats.js";
