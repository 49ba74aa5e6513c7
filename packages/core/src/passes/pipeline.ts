// Running a pipeline of passes over one function.
//
// A pass that throws, returns something other than a boolean, or leaves IR the verifier rejects
// never takes the process down: the run stops with a PassFailure naming the pass, with the IR
// before and after it, and the caller leaves the function to the interpreter. With `verifyEach`
// (tests, `--verify-each`) the verifier runs after every pass. Without it, the verifier runs once
// at the end and, only if that fails, the pipeline is re-run from a copy of the input with
// verification after every pass to name the culprit, so the common path pays for one clone and
// one verification.

import type { Func } from "../hir/function.js";
import { printFunc } from "../hir/printer.js";
import { verifyFunc } from "../hir/verifier.js";
import { AnalysisCache, makeContext, type ContextSettings, type PassStats } from "./context.js";
import type { Pass } from "./define-pass.js";

export interface PipelineOptions extends ContextSettings {
  readonly verifyEach?: boolean;
  /** Called after every pass (for `--print-after-all` and `--after`). */
  readonly observe?: (pass: Pass, func: Func, changed: boolean) => void;
}

export interface PassFailure {
  readonly pass: Pass;
  readonly kind: "threw" | "bad-result" | "broke-ir";
  readonly message: string;
  readonly before: string;
  readonly after: string | null;
}

export interface PipelineResult {
  /** The optimized function; when `failure` is set, do not use it. */
  readonly func: Func;
  /** Passes that changed the function, in the order they ran (a pass may appear once). */
  readonly changedBy: readonly Pass[];
  readonly stats: PassStats;
  readonly failure: PassFailure | null;
}

export function runPipeline(func: Func, passes: readonly Pass[], options: PipelineOptions = {}): PipelineResult {
  if (options.verifyEach) return run(func, passes, options, true);
  const original = func.clone();
  const result = run(func, passes, options, false);
  if (result.failure === null && verifyOrThrown(result.func).length === 0) return result;
  // Diagnose: replay with verification after every pass, without observers (they saw it already).
  const replay = run(original, passes, { ...options, observe: undefined }, true);
  if (replay.failure) return replay;
  const last = result.changedBy[result.changedBy.length - 1] ?? passes[passes.length - 1]!;
  return {
    ...result,
    failure: result.failure ?? {
      pass: last,
      kind: "broke-ir",
      message: "the pipeline produced invalid IR that a replay did not reproduce (a nondeterministic pass?)",
      before: printFunc(original),
      after: safePrint(result.func),
    },
  };
}

function run(func: Func, passes: readonly Pass[], options: PipelineOptions, verifyEach: boolean): PipelineResult {
  const analyses = new AnalysisCache(func);
  const stats: PassStats = new Map();
  const counters = options.counterState ?? new Map<string, number>();
  const changedBy: Pass[] = [];
  for (const pass of passes) {
    const before = verifyEach ? func.clone() : null;
    const fail = (kind: PassFailure["kind"], message: string): PipelineResult => ({
      func,
      changedBy,
      stats,
      failure: { pass, kind, message, before: before ? printFunc(before) : "(not kept)", after: safePrint(func) },
    });
    let changed: unknown;
    try {
      changed = pass.run(func, makeContext(pass, analyses, stats, options, counters));
    } catch (e) {
      return fail("threw", e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    if (typeof changed !== "boolean") return fail("bad-result", `run returned ${typeof changed}, not a boolean`);
    if (changed) {
      if (!changedBy.includes(pass)) changedBy.push(pass);
      analyses.invalidate();
    }
    if (verifyEach) {
      const issues = verifyOrThrown(func);
      if (issues.length > 0) {
        return fail("broke-ir", issues.map((i) => (i.block === null ? i.message : `bb${i.block}: ${i.message}`)).join("\n"));
      }
    }
    options.observe?.(pass, func, changed);
  }
  return { func, changedBy, stats, failure: null };
}

/** The verifier's issues; a verifier that throws on IR too broken to inspect is an issue too. */
function verifyOrThrown(func: Func): { block: number | null; message: string }[] {
  try {
    return verifyFunc(func);
  } catch (e) {
    return [{ block: null, message: `the verifier could not inspect the IR: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

function safePrint(func: Func): string {
  try {
    return printFunc(func);
  } catch (e) {
    return `(the IR cannot be printed: ${(e as Error).message})`;
  }
}

/** The one-line reason recorded for a function whose pipeline failed. */
export function failureReason(f: PassFailure): string {
  const firstLine = f.message.split("\n")[0];
  const what = f.kind === "broke-ir" ? "broke the IR" : f.kind === "threw" ? "threw" : "returned a non-boolean";
  return `${f.pass.label} ${f.pass.name} ${what}: ${firstLine}`;
}
