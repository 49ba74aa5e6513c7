// runPipeline and the context passes see: the passes that changed a function are recorded in
// order; a pass that throws, returns a non-boolean or breaks the IR is named with the IR before and
// after it, with or without verifyEach (the replay finds it), and the pipeline never throws;
// analyses are cached until a change; statistics, logs, options and the debug counter go through
// the context; optimizeCode reports all of it per code object.

import { describe, expect, it } from "vitest";

import { walkCodeObjects } from "../../src/bytecode/index.js";
import { optimizeCode, passLabel } from "../../src/driver.js";
import { blockId, type Func } from "../../src/hir/function.js";
import { printFunc } from "../../src/hir/printer.js";
import type { PassContext } from "../../src/passes/context.js";
import { definePass, type Pass } from "../../src/passes/define-pass.js";
import { failureReason, runPipeline, type PipelineOptions } from "../../src/passes/pipeline.js";
import { ir } from "../fixtures/ir.js";
import { compileModules } from "../fixtures/python.js";

const base = () => ir(`
  bb0(v0):
      v1 = const 1
      v2 = const 2
      v3 = binary_op add v0, v1 @2 [v0 | v0 v1]
      return v3
`);

let nextId = 100;
const makePass = (name: string, run: (f: Func, ctx: PassContext) => unknown, level: 0 | 1 | 2 = 1): Pass =>
  definePass({ id: nextId++, name, description: `test pass ${name}`, level, run: run as (f: Func, ctx: PassContext) => boolean });

/** Removes `const` instructions nobody uses. */
const dropUnusedConsts = makePass("drop-unused-consts", (f, ctx) => {
  const uses = f.useCounts();
  let changed = false;
  for (const inst of [...f.instructions()]) {
    if (inst.op === "const" && !uses.has(inst.results[0]!) && ctx.shouldTransform()) {
      f.remove(inst.id);
      ctx.stat("removed");
      changed = true;
    }
  }
  return changed;
});
const noop = makePass("noop", () => false);
/** Reads the IR and changes nothing. */
const inspects = makePass("inspects", (f) => {
  expect([...f.instructions()].some((i) => i.op === "binary_op")).toBe(true);
  return false;
});
const throws = makePass("throws", () => {
  throw new Error("boom\nsecond line");
});
const throwsString = makePass("throws-string", () => {
  throw "a string";
});
const returnsUndefined = makePass("returns-undefined", () => undefined);
const returnsNumber = makePass("returns-number", () => 1);
/** Deletes the entry block's terminator. */
const corrupts = makePass("corrupts", (f) => {
  f.remove(f.terminator(f.entry)!.id);
  return true;
});
/** Misspells an operation (as a plugin might). */
const misspells = makePass("misspells", (f) => {
  [...f.instructions()].find((i) => i.op === "binary_op")!.op = "binary_opp";
  return true;
});
/** Leaves the function's block list pointing at a block that does not exist. */
const wrecks = makePass("wrecks", (f) => {
  f.order.push(blockId(999));
  return true;
});

describe("runPipeline", () => {
  it("records the passes that changed the function, once each, in order", () => {
    const f = base();
    const seen: [string, boolean][] = [];
    const result = runPipeline(f, [noop, dropUnusedConsts, inspects, dropUnusedConsts, noop], {
      verifyEach: true,
      observe: (p, func, changed) => {
        expect(func).toBe(f);
        seen.push([p.name, changed]);
      },
    });
    expect(result.failure).toBeNull();
    expect(result.func).toBe(f);
    expect(result.changedBy).toEqual([dropUnusedConsts]);
    expect(seen).toEqual([["noop", false], ["drop-unused-consts", true], ["inspects", false], ["drop-unused-consts", false], ["noop", false]]);
    expect(result.stats.get("drop-unused-consts")?.get("removed")).toBe(1);
    expect(printFunc(f)).not.toContain("const 2");
  });

  for (const verifyEach of [true, false]) {
    const mode = verifyEach ? "with verifyEach" : "without verifyEach (found by the replay)";
    const run = (passes: Pass[], options: PipelineOptions = {}) => {
      const f = base();
      const before = printFunc(f);
      return { before, result: runPipeline(f, passes, { ...options, verifyEach }) };
    };

    it(`names a pass that throws, with the IR before and after, ${mode}`, () => {
      const { before, result } = run([dropUnusedConsts, throws, noop]);
      expect(result.failure).toMatchObject({ pass: throws, kind: "threw", message: "Error: boom\nsecond line" });
      expect(result.failure!.before).toBe(printFunc(runPipeline(base(), [dropUnusedConsts]).func));
      expect(result.failure!.before).not.toBe(before);
      expect(result.failure!.after).toBe(result.failure!.before);
      expect(failureReason(result.failure!)).toBe(`${throws.label} throws threw: Error: boom`);
      expect(run([throwsString]).result.failure).toMatchObject({ pass: throwsString, kind: "threw", message: "a string" });
    });

    it(`names a pass that returns a non-boolean, ${mode}`, () => {
      expect(run([returnsUndefined]).result.failure).toMatchObject({ pass: returnsUndefined, kind: "bad-result", message: "run returned undefined, not a boolean" });
      const { result } = run([noop, returnsNumber]);
      expect(result.failure).toMatchObject({ pass: returnsNumber, kind: "bad-result", message: "run returned number, not a boolean" });
      expect(failureReason(result.failure!)).toBe(`${returnsNumber.label} returns-number returned a non-boolean: run returned number, not a boolean`);
    });

    it(`names a pass that breaks the IR, with the IR before and after, ${mode}`, () => {
      const { before, result } = run([noop, corrupts, noop]);
      const failure = result.failure!;
      expect(failure).toMatchObject({ pass: corrupts, kind: "broke-ir" });
      expect(failure.message).toMatch(/^bb0: .*block does not end in a terminator/);
      expect(failure.before).toBe(before);
      expect(failure.after).toBe(before.replace("    return v3\n", ""));
      expect(failureReason(failure)).toMatch(new RegExp(`^${corrupts.label} corrupts broke the IR: bb0: `));
    });

    // Regression (fixed): IR the verifier cannot even read (an unknown operation, a dangling block
    // id) makes it throw, and the exception escapes runPipeline instead of becoming a failure
    // naming the pass.
    it(`never throws, even when the IR cannot be printed, ${mode}`, () => {
      for (const bad of [misspells, wrecks]) {
        let result: ReturnType<typeof runPipeline> | undefined;
        expect(() => (result = run([noop, bad]).result), bad.name).not.toThrow();
        expect(result!.failure?.pass).toBe(bad);
        expect(result!.failure?.after).toMatch(/^\(the IR cannot be printed: /);
      }
    });
  }

  it("blames the last changing pass when a replay does not reproduce broken IR", () => {
    let calls = 0;
    const flaky = makePass("flaky", (f) => {
      if (calls++ === 0) f.remove(f.terminator(f.entry)!.id);
      return calls === 1;
    });
    const result = runPipeline(base(), [dropUnusedConsts, flaky, noop]);
    expect(result.failure).toMatchObject({ pass: flaky, kind: "broke-ir" });
    expect(result.failure!.message).toMatch(/replay did not reproduce/);
    expect(calls).toBe(2);
  });

  it("does not call observers during the replay", () => {
    const seen: string[] = [];
    runPipeline(base(), [noop, corrupts], { observe: (p) => seen.push(p.name) });
    expect(seen).toEqual(["noop", "corrupts"]);
  });
});

describe("the pass context", () => {
  it("caches analyses until a pass changes the function or invalidates them", () => {
    const cfgs: unknown[] = [];
    const look = makePass("look", (_f, ctx) => {
      const cfg = ctx.cfg();
      expect(ctx.cfg()).toBe(cfg);
      expect(ctx.dominators()).toBe(ctx.dominators());
      expect(ctx.loops().loops).toEqual([]);
      cfgs.push(cfg);
      return false;
    });
    const invalidate = makePass("invalidate", (_f, ctx) => {
      const cfg = ctx.cfg();
      ctx.invalidate();
      expect(ctx.cfg()).not.toBe(cfg);
      return false;
    });
    runPipeline(base(), [look, look, dropUnusedConsts, look, invalidate, look], { verifyEach: true });
    expect(cfgs[1]).toBe(cfgs[0]);
    expect(cfgs[2]).not.toBe(cfgs[1]);
    expect(cfgs[3]).not.toBe(cfgs[2]);
  });

  it("hands out statistics, logs and options per pass", () => {
    const logged: string[] = [];
    const chatty = makePass("chatty", (_f, ctx) => {
      ctx.stat("visits");
      ctx.stat("visits", 4);
      ctx.stat("other", 2);
      ctx.log(`options ${JSON.stringify(ctx.options)}`);
      expect(ctx.pass.name).toBe("chatty");
      return false;
    });
    const result = runPipeline(base(), [chatty, chatty, noop], {
      log: (p, m) => logged.push(`${p.name}: ${m}`),
      passOptions: new Map([["chatty", { depth: "3" }]]),
    });
    expect(result.stats).toEqual(new Map([["chatty", new Map([["visits", 10], ["other", 4]])]]));
    expect(logged).toEqual(['chatty: options {"depth":"3"}', 'chatty: options {"depth":"3"}']);
    // Without a log callback or options, logging is a no-op and options are empty.
    expect(runPipeline(base(), [chatty]).failure).toBeNull();
  });

  it("limits transformations with the debug counter, by name or label, across the pipeline", () => {
    const allowed: number[] = [];
    const counted = makePass("counted", (_f, ctx) => {
      let n = 0;
      for (let i = 0; i < 5; i++) if (ctx.shouldTransform()) n++;
      allowed.push(n);
      return false;
    });
    runPipeline(base(), [counted]);
    runPipeline(base(), [counted, counted], { debugCounters: new Map([["counted", 7]]) });
    runPipeline(base(), [counted], { debugCounters: new Map([[counted.label, 0]]) });
    runPipeline(base(), [counted], { debugCounters: new Map([["other", 0]]) });
    expect(allowed).toEqual([5, 5, 2, 0, 5]);
    // The counter bisects a real transformation: only the first of two constants goes.
    const two = ir(`
      bb0(v0):
          v1 = const 1
          v2 = const 2
          return v0
    `);
    const result = runPipeline(two, [dropUnusedConsts], { verifyEach: true, debugCounters: new Map([["drop-unused-consts", 1]]) });
    expect(result.stats.get("drop-unused-consts")?.get("removed")).toBe(1);
    expect(printFunc(two)).toContain("const 2");
  });
});

describe("optimizeCode", () => {
  const [module] = compileModules(["def f(x):\n    return x + 1\n\ndef g():\n    yield 1\n"]);
  if (!module?.ok) throw new Error("test module does not compile");
  const [, f, g] = walkCodeObjects(module.code);

  it("builds, runs the pipeline and reports the passes that changed the function", () => {
    const removeFirstConstUse = makePass("retag", (func) => {
      const add = [...func.instructions()].find((i) => i.op === "binary_op");
      if (!add) return false;
      add.imms[0] = "inplace_add";
      return true;
    });
    const report = optimizeCode(f!, [noop, removeFirstConstUse], { verifyEach: true });
    expect(report).toMatchObject({ qualname: "f", rejected: null, failure: null, passes: [passLabel(removeFirstConstUse)] });
    expect(passLabel(removeFirstConstUse)).toBe(`${removeFirstConstUse.label} retag`);
    expect(printFunc(report.func!)).toContain("binary_op inplace_add");
  });

  it("reports why a function stays interpreted", () => {
    expect(optimizeCode(g!, [noop])).toMatchObject({ qualname: "g", func: null, rejected: "generator", passes: [], failure: null });
    const failed = optimizeCode(f!, [throws]);
    expect(failed.func).toBeNull();
    expect(failed.failure?.pass).toBe(throws);
    expect(failed.rejected).toBe(failureReason(failed.failure!));
  });
});
