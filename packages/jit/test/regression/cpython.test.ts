// CPython's own regression suite under the JIT: `pyjc --threshold 0 -m test MODULES` (every
// function compiled on its first call) must pass exactly what `python3.11 -m test MODULES` passes.
//
// regrtest runs sequentially (no -j: workers would be plain python3.11 subprocesses). The modules
// are split into shards, one process per shard and implementation, two at a time (two cores). Per
// module we compare regrtest's verdict (the summary: OK, failed, skipped, env changed...) and, from
// --junit-xml, the outcome of every test case. If a pyjc shard dies without a summary (a crash),
// its modules are rerun one by one so the crash is pinned to a module. pyjc's `--stats=json`
// report (the last line of its stderr, printed after Python has finished) says how many
// functions were compiled; the totals are printed and kept in the test log.
//
// A module may be dropped from MODULES only with a written reason next to it; a module where the
// JIT differs is a bug to report, and may be listed in KNOWN_FAILURES (printed when hit).

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../../..");
const PYJC = join(ROOT, "packages/cli/bin/pyjc.js");
const PYTHON = "/usr/bin/python3.11";
const JUNIT_OUTCOMES = join(HERE, "junit_outcomes.py");

/** The stdlib test modules of the lane (all pass under plain python3.11 on Debian 12 in ~20 s). */
export const MODULES = [
  // numbers and operators
  "test_int", "test_float", "test_bool", "test_math", "test_fractions", "test_operator", "test_binop",
  "test_augassign", "test_compare", "test_richcmp", "test_opcodes",
  // containers
  "test_list", "test_tuple", "test_dict", "test_set", "test_dictviews", "test_userdict", "test_userlist",
  "test_defaultdict", "test_ordered_dict", "test_collections", "test_heapq", "test_bisect", "test_sort",
  // language
  "test_grammar", "test_scope", "test_class", "test_genexps", "test_listcomps", "test_patma",
  "test_keywordonlyarg", "test_unpack", "test_unpack_ex", "test_extcall", "test_named_expressions",
  "test_with", "test_contextlib", "test_raise", "test_exceptions", "test_exception_group", "test_except_star",
  // library
  "test_functools", "test_itertools", "test_enum", "test_dataclasses", "test_copy", "test_pprint",
  "test_textwrap", "test_string", "test_json", "test_csv", "test_difflib", "test_base64", "test_calendar",
  "test_shlex", "test_statistics", "test_argparse",
] as const;

/**
 * Shards run as separate processes: more shards, a smaller crash radius and less memory per process
 * (pyjc keeps ~0.3-1 MB per compiled function: 7 modules compile ~2500 functions, 2.2 GB), but
 * every shard compiles regrtest and unittest again (~1000 functions).
 */
const SHARDS = 8;
const CONCURRENCY = 2;
const SHARD_TIMEOUT_MS = 20 * 60_000;

/**
 * KNOWN_FAILURES: modules where pyjc and python3.11 disagree because of a reported JIT bug. The
 * lane prints the difference and does not fail for that module (only for that exact test case
 * list, if given). Delete the entry once the bug is fixed.
 */
const KNOWN_FAILURES: readonly { module: string; bug: string; cases?: readonly string[] }[] = [
  {
    module: "test_math",
    bug: "wrong answer: n * (n-1) // 2 with n = 2**1000 gives 0.0 (analysis/types.ts types int|float OP int as " +
      "float, OPT-5 unboxes the int as a float; differential case arith.power_then_arith)",
    cases: ["test.test_math.MathTests.testComb: failure"],
  },
  {
    module: "test_int",
    bug: "timing: the test measures time.process_time() around str(huge_int) failing and the assertRaises " +
      "__exit__ after it; with --threshold 0 the first run of that code compiles inside the window (tens of ms), " +
      "more than half the time of the full conversion. The same test in the subclass class, run later, passes.",
    cases: ["test.test_int.IntStrDigitLimitsTests.test_denial_of_service_prevented_int_to_str: failure"],
  },
];

type Verdict = "ok" | "failed" | "skipped" | "env changed" | "resource denied" | "no tests run" | "interrupted" | "missing";

interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface ShardResult {
  modules: readonly string[];
  run: RunResult;
  verdicts: Map<string, Verdict>;
  cases: Record<string, Record<string, string>>;
  stats: Stats | null;
}

interface Stats {
  functions: { qualname: string; filename: string; compiled: boolean; reason: string | null }[];
  summary: { compiled: number; interpreted: number; codeBytes: number; compileMs: number; interpretedReasons: Record<string, number> };
}

function runProcess(cmd: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, PYTHONHASHSEED: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf-8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf-8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Verdict per module from regrtest's summary ("N tests OK.", "1 test failed:\n    test_x ..."). */
export function parseSummary(stdout: string, modules: readonly string[]): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  const at = stdout.lastIndexOf("== Tests result:");
  if (at < 0) return verdicts;
  const lines = stdout.slice(at).split("\n");
  const sections: [RegExp, Verdict][] = [
    [/tests? OK\.$/, "ok"],
    [/tests? failed:$/, "failed"],
    [/tests? failed again:$/, "failed"],
    [/tests? skipped:$/, "skipped"],
    [/tests? altered the execution environment:$/, "env changed"],
    [/tests? skipped \(resource denied\):$/, "resource denied"],
    [/tests? run no tests:$/, "no tests run"],
    [/tests? omitted:$/, "interrupted"],
  ];
  let current: Verdict | null = null;
  for (const line of lines) {
    const header = sections.find(([re]) => re.test(line.trim()));
    if (header) {
      current = header[1];
      // "All 3 tests OK." / "3 tests OK." name no modules: every module not listed elsewhere is OK.
      if (current === "ok") current = null;
      continue;
    }
    if (current && /^ {4}\S/.test(line)) {
      for (const name of line.trim().split(/\s+/)) verdicts.set(name, current);
    } else if (line.trim() !== "") {
      current = null;
    }
  }
  const ran = /^(All )?\d+ tests? OK\.$/m.test(stdout.slice(at)) || verdicts.size > 0;
  if (ran) for (const m of modules) if (!verdicts.has(m)) verdicts.set(m, "ok");
  return verdicts;
}

function junitCases(xml: string): Record<string, Record<string, string>> {
  if (!existsSync(xml)) return {};
  const json = execFileSync(PYTHON, [JUNIT_OUTCOMES, xml], { encoding: "utf-8", maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(json) as Record<string, Record<string, string>>;
}

function parseStats(stderr: string): Stats | null {
  const line = stderr.trimEnd().split("\n").pop() ?? "";
  return line.startsWith('{"functions":') ? (JSON.parse(line) as Stats) : null;
}

let work = "";

async function runShard(impl: "python" | "pyjc", modules: readonly string[], tag: string): Promise<ShardResult> {
  const xml = join(work, `${impl}-${tag}.xml`);
  const regrtest = ["-m", "test", "--junit-xml", xml, ...modules];
  const run = impl === "python"
    ? await runProcess(PYTHON, regrtest, SHARD_TIMEOUT_MS)
    : await runProcess(process.execPath, [PYJC, "--threshold", "0", "--stats=json", ...regrtest], SHARD_TIMEOUT_MS);
  return { modules, run, verdicts: parseSummary(run.stdout, modules), cases: junitCases(xml), stats: impl === "pyjc" ? parseStats(run.stderr) : null };
}

async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  }));
  return results;
}

function shards(modules: readonly string[], n: number): string[][] {
  const out: string[][] = Array.from({ length: n }, () => []);
  modules.forEach((m, i) => out[i % n]!.push(m));
  return out.filter((s) => s.length > 0);
}

interface ModuleOutcome {
  verdict: Verdict;
  cases: Record<string, string>;
  /** How the pyjc process ended when it ended abnormally (crash), for the report. */
  crash?: string;
}

const python = new Map<string, ModuleOutcome>();
const pyjc = new Map<string, ModuleOutcome>();
const pyjcStats: { modules: readonly string[]; stats: Stats | null; ms: number }[] = [];

function collect(into: Map<string, ModuleOutcome>, r: ShardResult): void {
  const crashed = r.verdicts.size === 0;
  for (const m of r.modules) {
    into.set(m, {
      verdict: r.verdicts.get(m) ?? "missing",
      cases: r.cases[m] ?? {},
      ...(crashed && { crash: `status ${r.run.status}, signal ${r.run.signal}; stderr tail:\n${r.run.stderr.slice(-3000)}` }),
    });
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "pyjc-regrtest-"));
  // The lane runs the built CLI, like users do.
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-b", "packages/cli"], { cwd: ROOT, encoding: "utf-8" });
  if (tsc.status !== 0) throw new Error(`building packages/cli failed:\n${tsc.stdout}${tsc.stderr}`);
  const groups = shards(MODULES, SHARDS);
  const jobs = [
    ...groups.map((g, i) => async () => collect(python, await runShard("python", g, `shard${i}`))),
    ...groups.map((g, i) => async () => {
      const r = await runShard("pyjc", g, `shard${i}`);
      pyjcStats.push({ modules: g, stats: r.stats, ms: r.run.ms });
      if (r.verdicts.size > 0) return collect(pyjc, r);
      // No summary: the process died. Pin it down module by module.
      for (const m of g) {
        const one = await runShard("pyjc", [m], m);
        pyjcStats.push({ modules: [m], stats: one.stats, ms: one.run.ms });
        collect(pyjc, one);
      }
    }),
  ];
  await pool(jobs, CONCURRENCY);
  const total = pyjcStats.reduce((a, s) => ({ compiled: a.compiled + (s.stats?.summary.compiled ?? 0), interpreted: a.interpreted + (s.stats?.summary.interpreted ?? 0) }), { compiled: 0, interpreted: 0 });
  console.log(`CPython regression lane: ${MODULES.length} modules, ${groups.length} shards\n` +
    pyjcStats.map((s) => `  pyjc [${s.modules.join(" ")}]: ${s.stats ? `${s.stats.summary.compiled} functions compiled, ${s.stats.summary.interpreted} left interpreted ${JSON.stringify(s.stats.summary.interpretedReasons)}` : "no --stats report"} (${(s.ms / 1000).toFixed(1)} s)`).join("\n") +
    `\n  total: ${total.compiled} compiled, ${total.interpreted} interpreted`);
}, 2 * SHARD_TIMEOUT_MS * Math.ceil(SHARDS / CONCURRENCY));

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("CPython regression lane: pyjc --threshold 0 -m test passes what python3.11 -m test passes", () => {
  it("every pyjc shard reported --stats=json and compiled functions", () => {
    for (const s of pyjcStats) {
      expect(s.stats, `no --stats=json report for [${s.modules.join(" ")}]`).not.toBeNull();
      expect(s.stats!.summary.compiled, `compiled functions for [${s.modules.join(" ")}]`).toBeGreaterThan(100);
    }
  });

  it.each(MODULES.map((m) => [m]))("%s", (module) => {
    const expected = python.get(module);
    const actual = pyjc.get(module);
    expect(expected, "python3.11 result").toBeDefined();
    expect(expected!.verdict, `python3.11 itself must pass ${module} (else drop it with a reason)`).toBe("ok");
    expect(actual, "pyjc result").toBeDefined();
    const failing = (o: ModuleOutcome) => Object.entries(o.cases).filter(([, v]) => v === "failure" || v === "error").map(([k, v]) => `${k}: ${v}`).sort();
    const known = KNOWN_FAILURES.find((k) => k.module === module);
    const differs = actual!.verdict !== expected!.verdict || JSON.stringify(actual!.cases) !== JSON.stringify(expected!.cases);
    // A known failure excuses exactly its cases: every other case must still match.
    const knownNames = new Set((known?.cases ?? []).map((c) => c.slice(0, c.lastIndexOf(": "))));
    const others = (o: ModuleOutcome) => JSON.stringify(Object.entries(o.cases).filter(([k]) => !knownNames.has(k)));
    const onlyKnown = known && (!known.cases ||
      (JSON.stringify(failing(actual!)) === JSON.stringify([...known.cases].sort()) && others(actual!) === others(expected!)));
    if (differs && onlyKnown) {
      console.warn(`KNOWN_FAILURE hit: ${module}: ${known.bug}\n  ${failing(actual!).join("\n  ")}`);
      return;
    }
    if (actual!.crash) throw new Error(`pyjc crashed running ${module}: ${actual!.crash}`);
    expect({ verdict: actual!.verdict, failing: failing(actual!) }).toEqual({ verdict: expected!.verdict, failing: failing(expected!) });
    // Same test cases, same outcomes (skips included).
    expect(actual!.cases).toEqual(expected!.cases);
  });
});
