// How `pyjc check` prints what it found: per pass a summary line, and for a counterexample the
// runnable snippet, the three outcomes of each call that differs, and the commands that
// reproduce it.

import type { Pass } from "@pyjc/core";
import type { CheckCase } from "./cases.js";
import { snippet } from "./cases.js";
import type { CallOutcome, RunReport } from "./session.js";
import type { Field, Problems, Verdict } from "./verdict.js";
import { isGeneratedFunction, isProgramCode } from "./verdict.js";

/** Counts over the runs of one pass before its first counterexample. */
export class Tally {
  runs = 0;
  agree = 0;
  skippedFrontEnd = 0;
  skippedTimeout = 0;
  skippedCrash = 0;
  /** Programs that went wrong with and without the pass (not this pass's doing). */
  notBlamed = 0;
  calls = 0;
  compiledFunctions = 0;
  changedCode = 0;
  changedPrograms = 0;

  add(v: Verdict, c: CheckCase, pass: Pass): void {
    this.runs++;
    if (v.kind === "skipped") {
      if (v.why === "timeout") this.skippedTimeout++;
      else if (v.why === "crash") this.skippedCrash++;
      else this.skippedFrontEnd++;
      return;
    }
    if (v.kind === "mismatch") {
      if (!v.blamed) this.notBlamed++;
    } else {
      this.agree++;
    }
    this.calls += v.interpreted.calls.length;
    const label = passLabel(pass);
    const records = v.withPass.records;
    this.compiledFunctions += records.filter((r) => r.compiled && isGeneratedFunction(c, r)).length;
    const changed = records.filter((r) => r.passes.includes(label) && isProgramCode(c, r)).length;
    this.changedCode += changed;
    if (changed > 0) this.changedPrograms++;
  }

  get skipped(): number {
    return this.skippedFrontEnd + this.skippedTimeout + this.skippedCrash;
  }
}

export const passLabel = (p: Pass): string => `${p.label} ${p.name}`;

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export function summaryLine(pass: Pass, t: Tally, seconds: number, failedAfter: number | null): string {
  const head = `${passLabel(pass)}: `;
  const why = [["front end", t.skippedFrontEnd], ["timeout", t.skippedTimeout], ["interpreter crashed", t.skippedCrash]] as const;
  const skipped = t.skipped === 0 ? "" : `, ${t.skipped} skipped (${why.filter(([, n]) => n > 0).map(([w, n]) => `${w} ${n}`).join(", ")})`;
  const others = t.notBlamed === 0 ? "" : `, ${t.notBlamed} wrong without it too`;
  const counts = `${plural(t.runs, "program")}: ${t.agree} agree (${plural(t.calls, "call")})${skipped}${others}; ` +
    `changed ${plural(t.changedCode, "code object")} in ${plural(t.changedPrograms, "program")} (${seconds.toFixed(1)} s)`;
  if (failedAfter !== null) return `${head}COUNTEREXAMPLE after ${plural(failedAfter, "program")}; before it, ${counts}\n`;
  return `${head}ok, ${counts}\n`;
}

/** One outcome in one line (plus output and side effects when they matter). */
export function describeOutcome(o: CallOutcome | undefined, fields: readonly Field[]): string {
  if (o === undefined) return "(no outcome)";
  if (o.timeout) return "did not finish (timeout)";
  const parts = [o.result ? `returned ${o.result.type} ${o.result.repr}` : o.exception ? `raised ${o.exception.type}: ${o.exception.message}` : "(nothing)"];
  if (fields.includes("output") || (o.output !== "" && fields.length > 0 && fields.every((f) => f === "output"))) {
    parts.push(`printed ${JSON.stringify(o.output)}`);
  }
  if (fields.includes("argsAfter")) parts.push(`arguments after: ${o.argsAfter}`);
  if (fields.includes("globals")) parts.push(`globals after: ${JSON.stringify(o.globals)}`);
  return parts.join("; ");
}

export interface CounterexampleText {
  /** The runnable Python file. */
  readonly snippet: string;
  /** Everything printed: the snippet between markers, the outcomes, how to reproduce. */
  readonly text: string;
}

export interface ReproduceWith {
  readonly plugins: readonly string[];
  readonly level: number;
  readonly disable: readonly string[];
  readonly seed: number;
  readonly runs: number;
  readonly thresholdOption: number | null;
}

const SNIPPET_NAME = "counterexample.py";

export function counterexample(pass: Pass, c: CheckCase, v: Extract<Verdict, { kind: "mismatch" }>, how: ReproduceWith): CounterexampleText {
  const fieldsOf = (p: Problems) => new Set([...p.calls.values()].flat());
  const fields = fieldsOf(v.problems);
  const globals = new Set<string>();
  for (const i of v.problems.calls.keys()) {
    const [a, b] = [v.interpreted.calls[i]?.globals ?? {}, v.withPass.calls[i]?.globals ?? {}];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[k] !== b[k]) globals.add(k);
  }
  const plugins = how.plugins.map((p) => `--plugin ${p} `).join("") + how.disable.map((p) => `--disable ${p} `).join("");
  const run = (flag: string) => `pyjc --threshold ${c.threshold} -O${how.level} ${plugins}${flag} ${pass.name} ${SNIPPET_NAME}`;
  const py = snippet(c, {
    header: [
      `pyjc check: a counterexample for ${passLabel(pass)} (seed ${how.seed}).`,
      `Compare: python3.11 ${SNIPPET_NAME}`,
      `    with: ${run("--enable")}`,
      `    without: ${run("--disable")}`,
      "",
    ],
    showArgs: fields.has("argsAfter"),
    showGlobals: [...globals],
  });
  const lines: string[] = [
    `--- ${SNIPPET_NAME} ---`,
    py.trimEnd(),
    `--- end of ${SNIPPET_NAME} ---`,
    "",
  ];
  const width = `compiled without ${pass.label}:`.length + 1;
  const row = (name: string, o: CallOutcome | undefined, f: readonly Field[]) => `  ${name.padEnd(width)} ${describeOutcome(o, f)}`;
  if (v.problems.module) {
    lines.push(v.withPass.crashed !== undefined ? "The run crashed or hung:" : "Defining the functions went differently:");
    for (const [name, r] of variants(pass, v)) lines.push(`  ${name.padEnd(width)} ${r.crashed ?? (r.module === null ? "ok" : JSON.stringify(r.module))}`);
  }
  for (const [i, f] of v.problems.calls) {
    const call = v.interpreted.calls[i]!;
    lines.push(`${call.function}(${call.args}) differs in ${f.join(", ")}:`);
    for (const [name, r] of variants(pass, v)) lines.push(row(name, r.calls[i], f));
  }
  const withoutFailed = new Set(v.withoutPass.records.filter((r) => !r.compiled).map((r) => `${r.qualname}:${r.firstLineNo}`));
  for (const r of v.problems.failures) {
    const also = withoutFailed.has(`${r.qualname}:${r.firstLineNo}`) ? " (also without it)" : "";
    lines.push(`${r.qualname} did not compile with ${pass.label}${also}: ${r.reason}`);
  }
  if (v.problems.failures.length > 0) {
    lines.push(`  see it: pyjc ir ${SNIPPET_NAME} -O${how.level} ${plugins}--enable ${pass.name} --verify-each --print-after-all`);
  }
  const checkArgs = [
    ...how.plugins.flatMap((p) => ["--plugin", p]), "--pass", pass.name, "-O", String(how.level),
    ...how.disable.flatMap((p) => ["--disable", p]), "--seed", String(how.seed), "--runs", String(how.runs),
    ...(how.thresholdOption === null ? [] : ["--threshold", String(how.thresholdOption)]),
  ];
  lines.push(
    "",
    `Reproduce: save the file above as ${SNIPPET_NAME}, then compare the output of`,
    `  python3.11 ${SNIPPET_NAME}`,
    `  ${run("--enable")}     (compiled with the pass)`,
    `  ${run("--disable")}    (compiled without it)`,
    `Rerun this check: pyjc check ${checkArgs.join(" ")}`,
  );
  return { snippet: py, text: `${lines.join("\n")}\n` };
}

function variants(pass: Pass, v: Extract<Verdict, { kind: "mismatch" }>): [string, RunReport][] {
  return [
    ["interpreted:", v.interpreted],
    [`compiled with ${pass.label}:`, v.withPass],
    [`compiled without ${pass.label}:`, v.withoutPass],
  ];
}
