// From a code object to optimized HIR, the way every consumer does it (`pyjc ir`, `pyjc compile`,
// the runtime's compile callback): build, run the pipeline, and report what happened, including
// the passes that changed the function and, when it stays interpreted, why.

import type { CodeObject } from "./bytecode/code-object.js";
import { buildHir } from "./frontend/build.js";
import type { Func } from "./hir/function.js";
import type { Pass } from "./passes/define-pass.js";
import type { PassStats } from "./passes/context.js";
import { failureReason, runPipeline, type PassFailure, type PipelineOptions } from "./passes/pipeline.js";

export interface HirReport {
  readonly qualname: string;
  readonly filename: string;
  readonly firstLineNo: number;
  /** The optimized function, or null when it stays interpreted. */
  readonly func: Func | null;
  /** The passes that changed it, as "OPT-<id> <name>", in the order they ran. */
  readonly passes: readonly string[];
  /** Why it stays interpreted, or null. */
  readonly rejected: string | null;
  /** When a pass failed: which, how, and the IR before and after it. */
  readonly failure: PassFailure | null;
  readonly stats: PassStats;
}

export function passLabel(p: Pass): string {
  return `${p.label} ${p.name}`;
}

export function optimizeCode(code: CodeObject, passes: readonly Pass[], options: PipelineOptions = {}): HirReport {
  const base = { qualname: code.qualname, filename: code.filename, firstLineNo: code.firstLineNo };
  const built = buildHir(code);
  if (!built.ok) return { ...base, func: null, passes: [], rejected: built.reason, failure: null, stats: new Map() };
  const result = runPipeline(built.func, passes, options);
  if (result.failure) {
    return { ...base, func: null, passes: [], rejected: failureReason(result.failure), failure: result.failure, stats: result.stats };
  }
  return { ...base, func: result.func, passes: result.changedBy.map(passLabel), rejected: null, failure: null, stats: result.stats };
}
