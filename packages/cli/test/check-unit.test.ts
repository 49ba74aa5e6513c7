// The pieces of `pyjc check` below the command: how outcomes are compared and blamed, the
// runnable snippet, and the worker pool's handling of timeouts, crashes and hangs. The pool
// tests run the compiled worker (buildCli), each in its own process, as the command does.

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Pass } from "@pyjc/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preludeFor, snippet, type CheckCase } from "../src/check/cases.js";
import { WorkerPool } from "../src/check/pool.js";
import { summaryLine, Tally } from "../src/check/report.js";
import { INTERPRETED, type CallOutcome, type RunReport } from "../src/check/session.js";
import { differingFields, judge, reasonKind } from "../src/check/verdict.js";
import { buildCli, PYTHON, removeTempDirs, ROOT, tempDir } from "./helpers.js";

const WORKER = join(ROOT, "packages/cli/dist/check/worker.js");

function fn(name: string, source: string): CheckCase["functions"][number] {
  return { name, params: [], source, usesGlobal: false };
}

function outcome(fields: Partial<CallOutcome> = {}): CallOutcome {
  return {
    function: "f0", args: "", timeout: false, result: { type: "int", repr: "1", canon: "int:1" }, exception: null,
    output: "", argsAfter: "list:[list:[], dict:{}]", globals: { G0: "int:0" }, ...fields,
  };
}

function report(variant: string, calls: CallOutcome[], extra: Partial<RunReport> = {}): RunReport {
  return { variant, module: null, calls, functions: {}, records: [], ...extra };
}

const record = (qualname: string, compiled: boolean, reason: string | null, passes: string[] = []) => ({
  qualname, filename: "pyjc_check_program.py", firstLineNo: 1, compiled, reason, passes, codeSize: 0, compileMs: 0, backend: "x64",
});

/** A pool stand-in that answers from a table by variant key. */
function fakePool(reports: Record<string, RunReport>): WorkerPool {
  return { run: async (_c: CheckCase, v: { key: string }) => reports[v.key]! } as unknown as WorkerPool;
}

const ONE: CheckCase = { functions: [fn("f0", "def f0():\n    return 1\n")], calls: [[""]], threshold: 0 };
const WITH = { key: "with", selection: { level: 1 } };
const WITHOUT = { key: "without", selection: { level: 1, disable: ["x"] } };

describe("comparing outcomes", () => {
  it("looks at the type of the result, not only its repr", () => {
    const a = outcome({ result: { type: "float", repr: "-0.0", canon: "float:-0.0" } });
    expect(differingFields(a, outcome({ result: { type: "float", repr: "0.0", canon: "float:0.0" } }))).toEqual(["result"]);
    expect(differingFields(outcome(), outcome({ result: { type: "bool", repr: "True", canon: "bool:True" } }))).toEqual(["result"]);
    expect(differingFields(a, a)).toEqual([]);
  });

  it("compares exceptions, output, arguments and globals", () => {
    const raised = outcome({ result: null, exception: { type: "TypeError", message: "unsupported operand" } });
    expect(differingFields(outcome(), raised)).toEqual(["result", "exception"]);
    expect(differingFields(raised, { ...raised, exception: { type: "TypeError", message: "other words" } })).toEqual(["exception"]);
    expect(differingFields(outcome(), outcome({ output: "hi\n" }))).toEqual(["output"]);
    expect(differingFields(outcome(), outcome({ argsAfter: "list:[list:[int:1], dict:{}]" }))).toEqual(["argsAfter"]);
    expect(differingFields(outcome(), outcome({ globals: { G0: "int:5" } }))).toEqual(["globals"]);
  });

  it("a timeout is an outcome of its own", () => {
    expect(differingFields(outcome(), outcome({ timeout: true, result: null }))).toEqual(["timeout"]);
    expect(differingFields(outcome({ timeout: true }), outcome({ timeout: true, output: "x" }))).toEqual([]);
  });

  it("tells front-end rejections from passes and the back end breaking a function", () => {
    expect(reasonKind("generator")).toBe("front-end");
    expect(reasonKind("unsupported opcode SETUP_ANNOTATIONS")).toBe("front-end");
    expect(reasonKind("OPT-5 unbox-numbers broke the IR: bb1: v6 = iconst null")).toBe("pass");
    expect(reasonKind("OPT-2007 throws threw: RangeError: no")).toBe("pass");
    expect(reasonKind("internal compiler error: no register")).toBe("back-end");
  });
});

describe("blame", () => {
  const interp = report("interpreted", [outcome()]);
  const wrong = report("with", [outcome({ result: { type: "int", repr: "2", canon: "int:2" } })], { records: [record("f0", true, null)] });
  const right = report("with", [outcome()], { records: [record("f0", true, null, ["OPT-9 const-fold"])] });

  it("agreeing runs of a compiled function agree", async () => {
    const v = await judge(fakePool({ interpreted: interp, with: right }), ONE, WITH, WITHOUT);
    expect(v.kind).toBe("agree");
  });

  it("a difference that goes away without the pass is the pass's", async () => {
    const v = await judge(fakePool({ interpreted: interp, with: wrong, without: right }), ONE, WITH, WITHOUT);
    expect(v.kind === "mismatch" && v.blamed).toBe(true);
  });

  it("a difference that stays without the pass is not", async () => {
    const v = await judge(fakePool({ interpreted: interp, with: wrong, without: wrong }), ONE, WITH, WITHOUT);
    expect(v.kind === "mismatch" && !v.blamed).toBe(true);
  });

  it("a function the pass keeps from compiling is the pass's; one the front end rejects is skipped", async () => {
    const broken = report("with", [outcome()], { records: [record("f0", false, "OPT-2007 throws threw: RangeError: no")] });
    const v = await judge(fakePool({ interpreted: interp, with: broken, without: right }), ONE, WITH, WITHOUT);
    expect(v.kind === "mismatch" && v.blamed && v.problems.failures.length === 1).toBe(true);
    const rejected = report("with", [outcome()], { records: [record("f0", false, "unsupported opcode X")] });
    expect(await judge(fakePool({ interpreted: interp, with: rejected }), ONE, WITH, WITHOUT)).toMatchObject({ kind: "skipped", why: "front end" });
  });

  it("a crash of the compiled run is a problem; a timeout of the interpreter skips the program", async () => {
    const crashed = report("with", [], { crashed: "the process crashed (killed by SIGSEGV)" });
    const v = await judge(fakePool({ interpreted: interp, with: crashed, without: right }), ONE, WITH, WITHOUT);
    expect(v.kind === "mismatch" && v.blamed && v.problems.module).toBe(true);
    const slow = report("interpreted", [outcome({ timeout: true, result: null })]);
    expect(await judge(fakePool({ interpreted: slow }), ONE, WITH, WITHOUT)).toMatchObject({ kind: "skipped", why: "timeout" });
  });

  it("a compiled run killed for running too long counts only when it does so again", async () => {
    const hung = report("with", [], { crashed: "the run did not finish in 120 s", hung: true });
    const answers = (second: RunReport) => {
      const fresh: boolean[] = [];
      const pool = {
        run: async (_c: CheckCase, v: { key: string }, again = false) => {
          if (v.key !== "with") return v.key === "interpreted" ? interp : right;
          fresh.push(again);
          return fresh.length === 1 ? hung : second;
        },
      } as unknown as WorkerPool;
      return { pool, fresh };
    };
    const slowOnce = answers(right);
    expect(await judge(slowOnce.pool, ONE, WITH, WITHOUT)).toMatchObject({ kind: "agree" });
    expect(slowOnce.fresh).toEqual([false, true]);
    const hangs = answers(hung);
    const v = await judge(hangs.pool, ONE, WITH, WITHOUT);
    expect(v.kind === "mismatch" && v.blamed && v.problems.module).toBe(true);
    expect(hangs.fresh).toEqual([false, true]);
  });

  it("tallies what it saw", async () => {
    const t = new Tally();
    const pass = { id: 9, name: "const-fold", label: "OPT-9" } as Pass;
    t.add(await judge(fakePool({ interpreted: interp, with: right }), ONE, WITH, WITHOUT), ONE, pass);
    expect(t).toMatchObject({ runs: 1, agree: 1, calls: 1, compiledFunctions: 1, changedCode: 1, changedPrograms: 1 });
    expect(summaryLine(pass, t, 1.25, null)).toBe("OPT-9 const-fold: ok, 1 program: 1 agree (1 call); changed 1 code object in 1 program (1.3 s)\n");
  });
});

describe("the snippet", () => {
  const c: CheckCase = {
    functions: [fn("f0", "def f0(p0, p5):\n    global G0\n    o0 = _Box(1)\n    G0 = p0\n    p5.append(p0)\n    return p0 * 2\n")],
    calls: [["3, [1]", "p0=-1, p5=[]"]],
    threshold: 2,
  };

  it("keeps only the prelude definitions the program uses", () => {
    const prelude = preludeFor(c.functions[0]!.source);
    expect(prelude).toMatch(/^G0 = 0\n/);
    expect(prelude).toContain("class _Box:");
    expect(prelude).not.toContain("class _CM");
    expect(prelude).not.toContain("def _call");
  });

  it("is a program python3.11 runs: warm-up, then each call with its outcome, arguments and globals", () => {
    const text = snippet(c, { header: ["a header"], showArgs: true, showGlobals: ["G0"] });
    expect(text).toMatch(/^# a header\n/);
    const r = spawnSync(PYTHON, ["-c", text], { encoding: "utf-8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe([
      "returned int 6", "arguments after the call: (3, [1, 3]) {}", "G0 = 3",
      "returned int -2", "arguments after the call: () {'p0': -1, 'p5': [-1]}", "G0 = -1", "",
    ].join("\n"));
  });
});

describe("the worker pool", () => {
  beforeAll(buildCli);
  afterAll(removeTempDirs);

  it("runs a program interpreted and compiled, caching what it ran", async () => {
    const pool = new WorkerPool({ plugins: [], verifyEach: true, timeout: 5, hardLimitMs: 120_000, workerScript: WORKER });
    try {
      const c: CheckCase = { functions: [fn("f0", "def f0(p0):\n    return [p0] * 2, p0 / 2\n")], calls: [["3", "2.5"]], threshold: 0 };
      const interp = await pool.run(c, INTERPRETED);
      expect(interp.calls.map((o) => o.result?.repr)).toEqual(["([3, 3], 1.5)", "([2.5, 2.5], 1.25)"]);
      expect(interp.records).toEqual([]);
      const compiled = await pool.run(c, { key: "O1", selection: { level: 1 } });
      expect(compiled.calls).toEqual(interp.calls);
      expect(compiled.functions.f0).toMatchObject({ state: "compiled", compiled_runs: 2 });
      expect(compiled.records.find((r) => r.qualname === "f0")?.compiled).toBe(true);
      expect(await pool.run(c, INTERPRETED)).toBe(interp);
      expect(pool.started).toBe(1);
    } finally {
      pool.close();
    }
  });

  it("a call that runs too long is a timeout; a run that never yields is killed, and the next run gets a new worker", async () => {
    // A pass that deletes every eval-breaker check: a compiled `while True` then never lets the
    // interpreter's timer in, and only the hard limit stops it.
    const plugin = join(tempDir(), "no-breaker.mjs");
    writeFileSync(plugin, `export default { id: 2012, name: "no-breaker", description: "Deletes eval-breaker checks", level: 1,
      run(func) { const dead = [...func.instructions()].filter((i) => i.op === "check_eval_breaker");
        for (const i of dead) func.remove(i.id); return dead.length > 0; } };\n`);
    const pool = new WorkerPool({ plugins: [plugin], verifyEach: false, timeout: 1, hardLimitMs: 15_000, workerScript: WORKER });
    try {
      const spin: CheckCase = { functions: [fn("f0", "def f0():\n    while True:\n        pass\n")], calls: [[""]], threshold: 0 };
      const interp = await pool.run(spin, INTERPRETED);
      expect(interp.calls[0]).toMatchObject({ timeout: true, result: null });
      const hung = await pool.run(spin, { key: "no-breaker", selection: { level: 0, enable: ["no-breaker"] } });
      expect(hung.crashed).toMatch(/did not finish in 15 s/);
      expect(hung.hung).toBe(true);
      const after = await pool.run(ONE, INTERPRETED);
      expect(after.calls[0]?.result?.repr).toBe("1");
      expect(pool.started).toBe(2);
    } finally {
      pool.close();
    }
  });
});
