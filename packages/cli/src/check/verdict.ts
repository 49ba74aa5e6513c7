// Judging one program for one pass: run it interpreted and compiled with the pass; when the
// compiled run goes wrong (an outcome differs from the interpreter's, or a code object fails to
// compile because a pass broke it or the back end choked on it), run it compiled without the
// pass too. The pass is to blame when something goes wrong with it that does not go wrong
// without it; a program that goes wrong both ways is a problem of the rest of the compiler.

import type { FunctionRecord } from "@pyjc/jit";
import type { CheckCase } from "./cases.js";
import type { WorkerPool } from "./pool.js";
import type { CallOutcome, RunReport, Variant } from "./session.js";
import { INTERPRETED } from "./session.js";

/** What the comparison looks at, per call. */
export const FIELDS = ["timeout", "result", "exception", "output", "argsAfter", "globals"] as const;
export type Field = (typeof FIELDS)[number];

function fieldText(o: CallOutcome, f: Field): string {
  return f === "result" ? JSON.stringify(o.result?.canon ?? null) : JSON.stringify(o[f]);
}

/** The fields in which a call's outcome differs from the interpreter's. */
export function differingFields(expected: CallOutcome, actual: CallOutcome): Field[] {
  if (expected.timeout || actual.timeout) return expected.timeout === actual.timeout ? [] : ["timeout"];
  return FIELDS.filter((f) => fieldText(expected, f) !== fieldText(actual, f));
}

export type ReasonKind = "front-end" | "pass" | "back-end";

/**
 * Why a code object stayed interpreted: the front end does not handle it (or it is a generator),
 * a pass broke it (pipeline.ts failureReason: "OPT-<id> <name> broke the IR: ..."), or
 * lowering or the back end failed ("internal compiler error: ...").
 */
export function reasonKind(reason: string | null): ReasonKind {
  if (reason === null) return "front-end";
  if (/^OPT-\d+ \S+ (broke the IR|threw|returned a non-boolean)/.test(reason)) return "pass";
  if (/^(internal compiler error|compiler error)/.test(reason)) return "back-end";
  return "front-end";
}

/** What went wrong in one compiled run, against the interpreted run. */
export interface Problems {
  /** Per call index, the differing fields. */
  readonly calls: ReadonlyMap<number, readonly Field[]>;
  /** Code objects that did not compile because of a pass or the back end. */
  readonly failures: readonly FunctionRecord[];
  /** The module-level definitions went differently, or the run crashed or hung. */
  readonly module: boolean;
}

const codeKey = (r: FunctionRecord) => `${r.qualname}:${r.firstLineNo}`;

export function problemsOf(expected: RunReport, actual: RunReport): Problems {
  const calls = new Map<number, Field[]>();
  if (actual.crashed !== undefined) return { calls, failures: [], module: true };
  expected.calls.forEach((e, i) => {
    const a = actual.calls[i];
    const fields = a ? differingFields(e, a) : (["result"] as Field[]);
    if (fields.length > 0) calls.set(i, fields);
  });
  const failures = actual.records.filter((r) => !r.compiled && reasonKind(r.reason) !== "front-end");
  const module = JSON.stringify(expected.module) !== JSON.stringify(actual.module);
  return { calls, failures, module };
}

export function hasProblems(p: Problems): boolean {
  return p.calls.size > 0 || p.failures.length > 0 || p.module;
}

/** Whether `a` holds a problem that `b` does not. */
function worseThan(a: Problems, b: Problems): boolean {
  if (a.module && !b.module) return true;
  for (const i of a.calls.keys()) if (!b.calls.has(i)) return true;
  const bFailed = new Set(b.failures.map(codeKey));
  return a.failures.some((r) => !bFailed.has(codeKey(r)));
}

export type Verdict =
  | { readonly kind: "agree"; readonly interpreted: RunReport; readonly withPass: RunReport }
  | { readonly kind: "skipped"; readonly why: "front end" | "timeout" | "crash"; readonly interpreted: RunReport; readonly withPass: RunReport | null }
  | {
      readonly kind: "mismatch";
      /** The pass is to blame: the run without it does not go wrong the same way. */
      readonly blamed: boolean;
      readonly interpreted: RunReport;
      readonly withPass: RunReport;
      readonly withoutPass: RunReport;
      readonly problems: Problems;
    };

/** Whether a record is one of the program's generated functions (not the prelude or nested code). */
export function isGeneratedFunction(c: CheckCase, r: FunctionRecord): boolean {
  return c.functions.some((f) => f.name === r.qualname);
}

/** Whether a record is a generated function or code nested in one (not the prelude, not `<module>`). */
export function isProgramCode(c: CheckCase, r: FunctionRecord): boolean {
  return c.functions.some((f) => r.qualname === f.name || r.qualname.startsWith(`${f.name}.`));
}

export async function judge(pool: WorkerPool, c: CheckCase, withPass: Variant, withoutPass: Variant): Promise<Verdict> {
  const interpreted = await pool.run(c, INTERPRETED);
  // The interpreter crashing is not something a pass can cause (and should not happen).
  if (interpreted.crashed !== undefined) return { kind: "skipped", why: "crash", interpreted, withPass: null };
  if (interpreted.module?.timeout || interpreted.calls.some((o) => o.timeout)) {
    return { kind: "skipped", why: "timeout", interpreted, withPass: null };
  }
  let w = await pool.run(c, withPass);
  // A run killed for taking too long runs once more before it counts: on a busy machine (other
  // jobs, swapping) a slow run is not yet a hang.
  if (w.hung) w = await pool.run(c, withPass, true);
  const problems = problemsOf(interpreted, w);
  if (!hasProblems(problems)) {
    const compiled = w.records.some((r) => r.compiled && isGeneratedFunction(c, r));
    return compiled ? { kind: "agree", interpreted, withPass: w } : { kind: "skipped", why: "front end", interpreted, withPass: w };
  }
  const wo = await pool.run(c, withoutPass);
  const blamed = worseThan(problems, problemsOf(interpreted, wo));
  return { kind: "mismatch", blamed, interpreted, withPass: w, withoutPass: wo, problems };
}
