// After fast-check has shrunk a counterexample, make it smaller still before printing it:
// drop the functions that do not go wrong, then delete statements of the function body one at a
// time (last first: code after a `raise` is dead; nested ones too; or replace one by `pass`),
// keeping each deletion after
// which the pass is still to blame. A deletion may leave a program that fails to compile or reads
// a name it no longer binds; it then fails the same way in every variant and is not kept. fast-check shrinks the generator's choices; this shrinks the
// text, which the generator's structure cannot always do (its prologue and statement slots).

import type { CheckCase } from "./cases.js";
import { restrict } from "./cases.js";
import type { WorkerPool } from "./pool.js";
import type { Variant } from "./session.js";
import { judge, type Verdict } from "./verdict.js";

export type Mismatch = Extract<Verdict, { kind: "mismatch" }>;

/** Lines that continue the compound statement before them, at its indentation. */
const CONTINUATION = /^(except\b|except\*|else:|elif\b|finally:)/;

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The statements of a function's body at every depth, as line ranges [start, end): a line and
 * the lines nested under it, with the `elif`/`else`/`except`/`finally` clauses that continue it.
 */
export function statements(source: string): [number, number][] {
  const lines = source.replace(/\n$/, "").split("\n");
  const out: [number, number][] = [];
  for (let i = 1; i < lines.length; i++) {
    const indent = indentOf(lines[i]!);
    if (CONTINUATION.test(lines[i]!.trimStart())) continue;
    let end = i + 1;
    while (end < lines.length && (indentOf(lines[end]!) > indent || (indentOf(lines[end]!) === indent && CONTINUATION.test(lines[end]!.trimStart())))) end++;
    out.push([i, end]);
  }
  return out;
}

function withSource(c: CheckCase, index: number, source: string): CheckCase {
  const functions = c.functions.map((f, i) => (i === index ? { ...f, source } : f));
  return { ...c, functions };
}

export async function reduceCounterexample(
  pool: WorkerPool, c: CheckCase, withPass: Variant, withoutPass: Variant, deadline: number,
): Promise<{ c: CheckCase; verdict: Mismatch }> {
  const first = await judge(pool, c, withPass, withoutPass);
  if (first.kind !== "mismatch") throw new Error("the shrunk counterexample no longer fails (a nondeterministic pass?)");
  let best = { c, verdict: first };
  const stillFails = async (candidate: CheckCase) => {
    const v = await judge(pool, candidate, withPass, withoutPass);
    if (v.kind === "mismatch" && v.blamed) best = { c: candidate, verdict: v };
    return v.kind === "mismatch" && v.blamed;
  };

  // Only the functions that go wrong.
  const names = new Set<string>();
  for (const i of first.problems.calls.keys()) names.add(first.interpreted.calls[i]!.function);
  for (const r of first.problems.failures) names.add(r.qualname.split(".")[0]!);
  const keep = c.functions.flatMap((f, i) => (names.has(f.name) ? [i] : []));
  if (!first.problems.module && keep.length > 0 && keep.length < c.functions.length) await stillFails(restrict(c, keep));

  // Then their statements, the last first; after a deletion, the statements are found again.
  for (let fi = 0; fi < best.c.functions.length; fi++) {
    let source = best.c.functions[fi]!.source;
    let next = Infinity;
    for (;;) {
      const range = statements(source).filter(([start]) => start < next).at(-1);
      if (range === undefined || performance.now() >= deadline) break;
      next = range[0];
      const lines = source.replace(/\n$/, "").split("\n");
      const without = (replacement: string[]) => `${[...lines.slice(0, range[0]), ...replacement, ...lines.slice(range[1])].join("\n")}\n`;
      const deleted = without([]);
      if (await stillFails(withSource(best.c, fi, deleted))) {
        source = deleted;
        continue;
      }
      // The only statement of its block cannot go, but it can become `pass`.
      const pass = without([`${" ".repeat(indentOf(lines[range[0]]!))}pass`]);
      if (lines[range[0]]!.trim() !== "pass" && (await stillFails(withSource(best.c, fi, pass)))) source = pass;
    }
  }
  return best;
}
