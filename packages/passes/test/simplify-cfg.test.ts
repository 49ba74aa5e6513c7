// OPT-8 simplify-cfg on IR shapes the Python front end does not produce directly.

import { describe, expect, it } from "vitest";

import { simplifyCfg } from "../src/index.js";
import { body, irFunc, runPass, stat } from "./helpers/ir.js";

describe("OPT-8 simplify-cfg", () => {
  it("folds branches on cbool constants and branches whose edges are identical", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = cbool 0
          branch v1, bb1(), bb2(v0)
      bb1():
          return v0
      bb2(v2):
          v3 = truth v2 @0 [v2 | v2]
          branch v3, bb3(v2), bb3(v2)
      bb3(v4):
          v5 = call () v4 @2 [v4 | v4]
          return v5
    `);
    const result = runPass(simplifyCfg, f);
    expect(stat(result, simplifyCfg, "folded-branches")).toBe(1);
    expect(stat(result, simplifyCfg, "branches-to-one-target")).toBe(1);
    expect(body(f)).toBe(
      [
        "bb0(v0):",
        "    v1 = cbool 0",
        "    v3 = truth v0 @0 [v0 | v0]",
        "    v5 = call () v0 @2 [v0 | v0]",
        "    return v5",
        "",
      ].join("\n"),
    );
  });

  it("threads an edge through an empty block, substituting its parameters", () => {
    // bb2 only forwards its parameter; bb3 has two predecessors, so it is not merged.
    const f = irFunc(`
      bb0(v0):
          v1 = truth v0 @0 [v0 | v0]
          branch v1, bb1(), bb2(v0)
      bb1():
          v2 = call () v0 @2 [v0 | v0]
          jump bb3(v2, v0)
      bb2(v3):
          jump bb3(v3, v0)
      bb3(v4, v5):
          v6 = call () v4, v5 @4 [v4 | v4 v5]
          return v6
    `);
    const result = runPass(simplifyCfg, f);
    expect(stat(result, simplifyCfg, "threaded-edges")).toBe(1);
    // bb3's second parameter then receives v0 on both edges and goes too.
    expect(body(f)).toContain("branch v1, bb1(), bb3(v0)");
    expect(body(f)).not.toContain("bb2(");
  });

  it("does not thread through an empty block whose parameters are used beyond its jump", () => {
    // bb1 dominates the loop bb2/bb3, which reads bb1's parameter directly; bb2 has two
    // predecessors, so it is not merged either.
    const f = irFunc(`
      bb0(v0):
          v2 = const None #0
          v1 = truth v0 @0 [v0 | v0]
          branch v1, bb1(v0), bb1(v2)
      bb1(v3):
          jump bb2()
      bb2():
          v4 = call () v3 @2 [v0 | v3]
          v5 = truth v4 @4 [v0 | v4]
          branch v5, bb3(), bb4()
      bb3():
          check_eval_breaker @6 [v0 | ]
          jump bb2()
      bb4():
          return v3
    `);
    expect(runPass(simplifyCfg, f).changedBy).toEqual([]);
  });

  it("does not let an unwinding instruction's result escape the block region it is defined in", () => {
    // v2 exists only from bb1 on (bb1 is load_attr's normal successor, entered only from bb0) and
    // bb2 reads it directly. Threading bb0 -> bb1 -> bb2 would make bb2, with two predecessors,
    // load_attr's normal successor.
    const f = irFunc(
      `
      bb0(v0):
          v2 = load_attr 'x' v0 @0 [v0 | v0] unwind bb4()
          jump bb1()
      bb1():
          jump bb2()
      bb2():
          v3 = call () v2 @2 [v0 | v2]
          v4 = truth v3 @4 [v0 | v3]
          branch v4, bb3(), bb5()
      bb3():
          check_eval_breaker @6 [v0 | ]
          jump bb2()
      bb5():
          return v2
      bb4():
          v5 = catch
          return v0
    `,
      { names: ["x"] },
    );
    const result = runPass(simplifyCfg, f);
    expect(stat(result, simplifyCfg, "threaded-edges")).toBe(0);
    expect(body(f)).toContain("unwind bb4()\n    jump bb1()");
  });

  it("does not pass an unwinding instruction's result along an edge that skips its normal successor", () => {
    // Threading bb0 -> bb1 -> bb2 would pass v1 straight from bb0 to bb2(v2); v2 then receives v1
    // or itself, is trivial, and would be replaced by v1 in the loop, which bb1 no longer dominates
    // (core's removeTrivialParams does not check for that).
    const f = irFunc(
      `
      bb0(v0):
          v1 = load_attr 'x' v0 @0 [v0 | v0] unwind bb9()
          jump bb1()
      bb1():
          jump bb2(v1)
      bb2(v2):
          v3 = call () v2 @2 [v0 | v2]
          v4 = truth v3 @4 [v0 | v3]
          branch v4, bb3(), bb4()
      bb3():
          check_eval_breaker @6 [v0 | ]
          jump bb2(v2)
      bb4():
          return v2
      bb9():
          v5 = catch
          return v0
    `,
      { names: ["x"] },
    );
    const result = runPass(simplifyCfg, f);
    expect(stat(result, simplifyCfg, "threaded-edges")).toBe(0);
  });

  it("never merges the block after an unwinding instruction into it", () => {
    const f = irFunc(
      `
      bb0(v0):
          v2 = load_attr 'x' v0 @0 [v0 | v0] unwind bb2()
          jump bb1()
      bb1():
          return v2
      bb2():
          v3 = catch
          return v0
    `,
      { names: ["x"] },
    );
    expect(runPass(simplifyCfg, f).changedBy).toEqual([]);
  });

  it("leaves a cycle of empty blocks alone and terminates", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = truth v0 @0 [v0 | v0]
          branch v1, bb1(), bb3()
      bb1():
          jump bb2()
      bb2():
          jump bb1()
      bb3():
          return v0
    `);
    runPass(simplifyCfg, f);
    expect(body(f)).toContain("bb1():\n    jump bb1()");
  });

  it("removes blocks that become unreachable, landing blocks included, then trivial parameters", () => {
    const f = irFunc(
      `
      bb0(v0):
          v1 = cbool 1
          branch v1, bb1(v0), bb2()
      bb2():
          v2 = load_attr 'x' v0 @0 [v0 | v0] unwind bb4()
          jump bb3()
      bb3():
          jump bb1(v2)
      bb4():
          v3 = catch
          return v3
      bb1(v4):
          return v4
    `,
      { names: ["x"] },
    );
    runPass(simplifyCfg, f);
    expect(body(f)).toBe(["bb0(v0):", "    v1 = cbool 1", "    return v0", ""].join("\n"));
  });

  it("honours the debug counter: each fold, merge and threaded edge counts once", () => {
    const source = `
      bb0(v0):
          v1 = cbool 1
          branch v1, bb1(), bb5()
      bb1():
          v2 = truth v0 @0 [v0 | v0]
          branch v2, bb2(v0), bb3()
      bb2(v3):
          jump bb4(v3)
      bb3():
          jump bb4(v0)
      bb4(v4):
          return v4
      bb5():
          return v0
    `;
    const full = runPass(simplifyCfg, irFunc(source));
    const total = [...(full.stats.get(simplifyCfg.name) ?? new Map()).values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2);
    for (let n = 0; n <= total; n++) {
      const result = runPass(simplifyCfg, irFunc(source), n);
      const done = [...(result.stats.get(simplifyCfg.name) ?? new Map()).values()].reduce((a, b) => a + b, 0);
      expect(done).toBe(n);
    }
  });
});
