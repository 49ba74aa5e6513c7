// The TypeScript side of the differential harness: one embedded interpreter per test file (vitest
// runs each file in its own process) with the JIT installed as its host, the corpus functions
// loaded as modules, and fast-check generating their inputs. harness.py builds the variants of a
// function (interpreted copy, compiled original, compiled copies at other levels) and returns
// canonical outcomes; this file compares them, knows the KNOWN_FAILURES, and keeps every
// counterexample in regressions.json.
//
// Modes (PYJC_DIFF_MODE): "compiled" (default: the x64 backend), "deopt-stub" (the whole pipeline
// runs and the function counts as compiled, but its machine code deoptimizes at entry, so it
// reruns in the interpreter: checks pipeline acceptance and the harness itself), "interpreted"
// (nothing compiles: interpreted copy against the interpreted original; must always agree).

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { createRegistry } from "@pyjc/passes";
import { loadRuntime, type Runtime } from "@pyjc/runtime";
import { Jit } from "../../src/index.js";
import { inputOfKind, typicalOfKind, ZOO_PATH } from "../../../testing/src/differential/inputs.js";
import { testBackend } from "../helpers/backend.js";
import { KNOWN_FAILURES, type KnownFailure } from "./known-failures.js";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = join(HERE, "corpus");
export const REGRESSIONS_FILE = join(HERE, "regressions.json");
const HARNESS_PY = join(HERE, "harness.py");

export type Mode = "compiled" | "deopt-stub" | "interpreted";

export interface CorpusFunction {
  /** `family.name`, e.g. `arith.add`. */
  readonly id: string;
  readonly family: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** One input kind per parameter (see INPUT_KINDS). */
  readonly kinds: readonly string[];
  /** Cases per batch (`# batch: N`, default 10); loops and recursion use fewer. */
  readonly batch: number;
}

/**
 * Reads the corpus: every `def NAME(` at the top level of `corpus/<family>.py` preceded by a
 * `# inputs: kind, kind` comment is a function under test. A top-level def without that comment is
 * a helper and is not called directly.
 */
export function readCorpus(dir: string = CORPUS_DIR): CorpusFunction[] {
  const out: CorpusFunction[] = [];
  for (const entry of readdirSync(dir).filter((f) => f.endsWith(".py")).sort()) {
    const file = join(dir, entry);
    const family = basename(entry, ".py");
    const lines = readFileSync(file, "utf-8").split("\n");
    let kinds: string[] | null = null;
    let batch = 10;
    lines.forEach((line, i) => {
      const spec = /^# inputs:(.*)$/.exec(line);
      if (spec) {
        kinds = spec[1]!.split(",").map((k) => k.trim()).filter((k) => k !== "");
        batch = 10;
        return;
      }
      const b = /^# batch:\s*(\d+)/.exec(line);
      if (b) {
        batch = Number(b[1]);
        return;
      }
      const def = /^def (\w+)\(/.exec(line);
      if (def && kinds) {
        out.push({ id: `${family}.${def[1]}`, family, name: def[1]!, file, line: i + 1, kinds, batch });
        kinds = null;
      }
    });
  }
  return out;
}

export interface Outcome {
  variant: string;
  result: string | null;
  exception: unknown;
  stdout: string;
  stderr: string;
  log: string[];
  args: string[];
  globals: Record<string, string>;
  /**
   * References held after the call: to the result (its count right after the call) and, per
   * argument, how much its count grew over the call ("shared": an object the whole interpreter
   * shares, not counted). A difference is a reference leak (or an early release) in compiled code.
   */
  refs: { result: number | "shared" | null; args: (number | "shared")[] };
}

export interface CompileEntry {
  qualname: string;
  line: number;
  level: number;
  returned: boolean;
  compiled: boolean;
  reason: string | null;
  generator: boolean;
  variant?: string;
}

export interface Regression {
  readonly id: string;
  readonly args: readonly string[];
  /** The cases the hot variant was warmed up on (its compiled code depends on them). */
  readonly warm?: readonly (readonly string[])[];
  /** First line of the mismatch when it was found. */
  readonly found: string;
}

export function readRegressions(): Regression[] {
  return JSON.parse(readFileSync(REGRESSIONS_FILE, "utf-8")) as Regression[];
}

/** Adds counterexamples to regressions.json (deduplicated, sorted: reviewable diffs). */
export function recordRegressions(items: readonly Regression[]): void {
  const all = readRegressions();
  for (const r of items) {
    if (!all.some((x) => x.id === r.id && JSON.stringify(x.args) === JSON.stringify(r.args))) all.push(r);
  }
  all.sort((a, b) => a.id.localeCompare(b.id) || JSON.stringify(a.args).localeCompare(JSON.stringify(b.args)));
  writeFileSync(REGRESSIONS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

const call = (f: CorpusFunction, args: readonly string[]) => `${f.id}(${args.join(", ")})`;

/** What differs between the interpreted outcome and another variant's; null when they agree. */
export function describeMismatch(f: CorpusFunction, args: readonly string[], expected: Outcome, actual: Outcome): string | null {
  const fields = ["result", "exception", "stdout", "stderr", "log", "args", "globals", "refs"] as const;
  const diffs: string[] = [];
  for (const k of fields) {
    const a = JSON.stringify(expected[k], null, 1);
    const b = JSON.stringify(actual[k], null, 1);
    if (a !== b) diffs.push(`  ${k}:\n    interpreted: ${a.replace(/\n\s*/g, " ")}\n    ${actual.variant}: ${b.replace(/\n\s*/g, " ")}`);
  }
  if (diffs.length === 0) return null;
  return `${call(f, args)}: ${actual.variant} differs from interpreted in ${fields.filter((k) => JSON.stringify(expected[k]) !== JSON.stringify(actual[k])).join(", ")}\n${diffs.join("\n")}`;
}

function knownFailure(id: string, text: string): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.id === id && k.pattern.test(text));
}

const hitKnown = new Set<KnownFailure>();
function reportKnown(k: KnownFailure, text: string): void {
  if (hitKnown.has(k)) return;
  hitKnown.add(k);
  // Printed on purpose: a known failure is visible in every run until it is fixed.
  console.warn(`KNOWN_FAILURE hit: ${k.id}: ${k.bug}\n${text.split("\n").slice(0, 8).join("\n")}`);
}

export interface HarnessOptions {
  readonly mode?: Mode;
  /** Optimization levels: the first compiles the function's own code object, the others copies. */
  readonly levels?: readonly number[];
}

export class DiffHarness {
  readonly mode: Mode;
  readonly levels: readonly number[];
  readonly rt: Runtime;
  readonly jit: Jit | null;
  private readonly loaded = new Set<string>();

  constructor(options: HarnessOptions = {}) {
    this.mode = options.mode ?? ((process.env.PYJC_DIFF_MODE as Mode | undefined) ?? "compiled");
    this.levels = options.levels ?? (process.env.PYJC_DIFF_LEVELS ?? "1,0,2").split(",").map(Number);
    this.rt = loadRuntime();
    if (!this.rt.isInitialized()) this.rt.initialize({ argv: ["pyjc-differential"] });
    // Before the host is installed: nothing compiles on its own (the harness, the zoo, the
    // stdlib), only what prepare() compiles explicitly.
    this.rt.setThreshold(2 ** 40);
    if (this.mode === "interpreted") {
      this.jit = null;
    } else {
      const backend = testBackend(this.mode === "deopt-stub" ? "deopt-stub" : "x64");
      this.jit = new Jit({ registry: createRegistry(), selection: { level: this.levels[0]! }, backend, runtime: this.rt, verifyEach: true });
      this.rt.setHost(this.jit.host());
    }
    this.rt.setEnabled(true);
    this.exec(`import sys\nsys.path.insert(0, ${JSON.stringify(HERE)})\nimport importlib.util as _u\n` +
      `_s = _u.spec_from_file_location("_pyjc_diff", ${JSON.stringify(HARNESS_PY)})\n_h = _u.module_from_spec(_s)\n` +
      `sys.modules["_pyjc_diff"] = _h\n_s.loader.exec_module(_h)`);
    this.rt.eval(`_h.setup(${JSON.stringify(ZOO_PATH)}, ${JSON.stringify(this.mode)}, ${JSON.stringify(this.levels)})`);
  }

  private exec(src: string): void {
    const tb = this.rt.exec(src);
    if (tb !== null) throw new Error(`Python raised:\n${tb}`);
  }

  private moduleName(f: CorpusFunction): string {
    return `diffcorpus_${f.family}`;
  }

  /** Loads f's module (once), builds and compiles its variants; fails unless everything compiled. */
  prepare(f: CorpusFunction): CompileEntry[] {
    const mod = this.moduleName(f);
    if (!this.loaded.has(mod)) {
      this.rt.eval(`_h.load(${JSON.stringify(mod)}, ${JSON.stringify(f.file)})`);
      this.loaded.add(mod);
    }
    const report = JSON.parse(this.rt.eval(`_h.prepare(${JSON.stringify(f.id)}, ${JSON.stringify(mod)}, ${JSON.stringify(f.name)}, ${f.kinds.length})`)) as CompileEntry[];
    this.expectCompiled(f, report);
    return report;
  }

  /** Adds the "hot" variant (harness.py `warm`): warmed up on `cases`, compiled by the hook. */
  warm(f: CorpusFunction, cases: readonly (readonly string[])[]): CompileEntry[] {
    const payload = Buffer.from(JSON.stringify(cases), "utf-8").toString("base64");
    const report = JSON.parse(this.rt.eval(`_h.warm(${JSON.stringify(f.id)}, "${payload}")`)) as CompileEntry[];
    this.expectCompiled(f, report);
    return report;
  }

  private expectCompiled(f: CorpusFunction, report: readonly CompileEntry[]): void {
    const problems = report.filter((e) => !e.compiled && !(e.generator && e.reason === "generator"));
    const unexcused: string[] = [];
    for (const p of problems) {
      const text = `${f.id}: ${p.qualname} (line ${p.line}) was not compiled at -O${p.level}${p.variant ? ` (${p.variant})` : ""}: ${p.reason ?? "(no reason)"}`;
      const k = knownFailure(f.id, text);
      if (!k) unexcused.push(text);
      else {
        reportKnown(k, text);
        if (p.qualname === f.name) this.notCompiled.add(`${f.id} ${p.variant === "hot" ? "compiled-hot" : `compiled-O${p.level}`}`);
      }
    }
    if (unexcused.length > 0) throw new Error(`not compiled (pyjc.info(f)["compiled"] is False):\n${unexcused.join("\n")}`);
  }

  /** Runs cases (argument sources) through every variant; the first unexcused mismatch, or null. */
  runBatch(f: CorpusFunction, cases: readonly (readonly string[])[]): string | null {
    // After a crash (the worker dies with no counterexample), this file holds the batch that ran.
    const trace = process.env.PYJC_DIFF_TRACE;
    if (trace) writeFileSync(trace, `${JSON.stringify({ id: f.id, cases }, null, 1)}\n`);
    const payload = Buffer.from(JSON.stringify(cases), "utf-8").toString("base64");
    const results = JSON.parse(this.rt.eval(`_h.run_batch(${JSON.stringify(f.id)}, "${payload}")`)) as Outcome[][];
    for (let i = 0; i < cases.length; i++) {
      const [expected, ...others] = results[i]!;
      for (const actual of others) {
        const text = describeMismatch(f, cases[i]!, expected!, actual);
        if (text === null) continue;
        const k = knownFailure(f.id, text);
        if (k) {
          reportKnown(k, text);
          continue;
        }
        return text;
      }
    }
    return null;
  }

  /** compiled_runs and deopts of each compiled variant (proof that compiled code ran). */
  compiledRuns(f: CorpusFunction): Record<string, { runs: number; deopts: number }> {
    return JSON.parse(this.rt.eval(`_h.compiled_runs(${JSON.stringify(f.id)})`)) as Record<string, { runs: number; deopts: number }>;
  }

  /**
   * Property: for batches of generated inputs, every variant agrees with the interpreted one.
   * A failure is shrunk, written to regressions.json, and thrown.
   */
  check(f: CorpusFunction, numRuns: number): void {
    this.prepare(f);
    const args = f.kinds.length === 0 ? fc.constant([] as string[]) : fc.tuple(...f.kinds.map(inputOfKind));
    const batch = fc.array(args, { minLength: 1, maxLength: f.kinds.length === 0 ? 1 : f.batch });
    const seed = process.env.PYJC_DIFF_SEED !== undefined ? Number(process.env.PYJC_DIFF_SEED) : undefined;
    const path = process.env.PYJC_DIFF_PATH;
    // The hot variant warms up on typical inputs (one type per parameter: monomorphic profiles),
    // then the property feeds it every other type. Same seed, same warm-up.
    const typical = f.kinds.length === 0 ? fc.constant([] as string[]) : fc.tuple(...f.kinds.map(typicalOfKind));
    const warmCases = fc.sample(typical, { numRuns: 3, ...(seed !== undefined && { seed }) });
    this.warm(f, warmCases);
    let lastMessage = "";
    const details = fc.check(
      fc.property(batch, (cases) => {
        const m = this.runBatch(f, cases);
        if (m !== null) {
          lastMessage = m;
          return false;
        }
        return true;
      }),
      { numRuns: f.kinds.length === 0 ? 1 : numRuns, ...(seed !== undefined && { seed }), ...(path && { path }) },
    );
    if (details.failed) {
      if (lastMessage === "") {
        // The property threw (the harness itself failed, e.g. Python raised in run_batch).
        lastMessage = `${f.id}: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`;
      }
      const cases = (details.counterexample?.[0] ?? []) as string[][];
      // The shrunk batch usually holds one case; keep each case that fails on its own.
      const failing = cases.filter((c) => this.runBatch(f, [c]) !== null);
      const kept = (failing.length > 0 ? failing : cases).map((c) => ({ id: f.id, args: c, warm: warmCases, found: lastMessage.split("\n")[0]! }));
      recordRegressions(kept);
      throw new Error(
        `${lastMessage}\n\n(replay: PYJC_DIFF_SEED=${details.seed} PYJC_DIFF_PATH=${details.counterexamplePath ?? ""}; ` +
        `counterexample saved to ${basename(REGRESSIONS_FILE)}: ${kept.map((k) => call(f, k.args)).join("; ")})`,
      );
    }
    if (this.mode !== "interpreted") {
      const runs = this.compiledRuns(f);
      for (const [variant, { runs: n, deopts }] of Object.entries(runs)) {
        if (n === 0 && !this.isGeneratorFunction(f) && !this.notCompiled.has(`${f.id} ${variant}`)) throw new Error(`${f.id}: ${variant} never ran compiled code (compiled_runs == 0)`);
        this.runStats.push({ id: f.id, variant, runs: n, deopts });
      }
    }
  }

  /** "id variant" of the variants whose function stays interpreted because of a known failure. */
  private readonly notCompiled = new Set<string>();

  /** Per function and compiled variant: entries into compiled code and deoptimizations. */
  readonly runStats: { id: string; variant: string; runs: number; deopts: number }[] = [];

  private isGeneratorFunction(f: CorpusFunction): boolean {
    return this.rt.eval(`bool(sys.modules[${JSON.stringify(this.moduleName(f))}].${f.name}.__code__.co_flags & 0x20)`) === "True";
  }
}

/** Runs per function (batches); PYJC_DIFF_RUNS overrides. */
export function runsPerFunction(fallback = 30): number {
  return process.env.PYJC_DIFF_RUNS !== undefined ? Number(process.env.PYJC_DIFF_RUNS) : fallback;
}

export interface VitestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void, timeout?: number): void;
  afterAll(body: () => void): void;
}

/**
 * One test per corpus function of `families`, all in this test file's process (one interpreter).
 * Test files split the families so that vitest runs them in parallel. At the end, prints how much
 * of the compiled code ran to completion (entries vs deoptimizations) per family.
 */
export function defineDifferentialSuite(families: readonly string[], { describe, it, afterAll }: VitestApi): void {
  const corpus = readCorpus();
  let harness: DiffHarness | null = null;
  const get = () => (harness ??= new DiffHarness());
  for (const family of families) {
    const fns = corpus.filter((f) => f.family === family);
    if (fns.length === 0) throw new Error(`no corpus functions in family '${family}'`);
    describe(family, () => {
      for (const f of fns) it(f.name, () => get().check(f, runsPerFunction()), 300_000);
    });
  }
  afterAll(() => {
    if (!harness || harness.mode === "interpreted") return;
    const stats = harness.runStats;
    const lines = families.map((family) => {
      const mine = stats.filter((s) => s.id.startsWith(`${family}.`));
      const runs = mine.reduce((n, s) => n + s.runs, 0);
      const deopts = mine.reduce((n, s) => n + s.deopts, 0);
      const always = [...new Set(mine.filter((s) => s.runs > 0 && s.deopts === s.runs).map((s) => s.id))];
      return `  ${family}: ${runs} compiled entries, ${deopts} deopts${always.length ? `; always deoptimized: ${always.join(", ")}` : ""}`;
    });
    console.log(`differential (${harness.mode}, levels ${harness.levels.join(",")}):\n${lines.join("\n")}`);
  });
}
