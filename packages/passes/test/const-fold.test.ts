// OPT-9 const-fold on IR shapes the Python front end does not produce directly (box_bool comes
// from later passes; typed parameters from analyses).

import { describe, expect, it } from "vitest";

import { constFold } from "../src/index.js";
import { body, irFunc, runPass, stat } from "./helpers/ir.js";

describe("OPT-9 const-fold", () => {
  it("folds box_bool of a cbool constant and the truth of a box_bool", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = cbool 1
          v2 = box_bool v1
          v3 = is_op 0 v0, v2
          v4 = truth v3 @0 [v0 | v3]
          v5 = box_bool v4
          v6 = truth v5 @2 [v0 | v5]
          branch v6, bb1(), bb2()
      bb1():
          return v2
      bb2():
          return v0
    `);
    const result = runPass(constFold, f);
    expect(stat(result, constFold, "box-bool")).toBe(1);
    expect(stat(result, constFold, "truth-of-box-bool")).toBe(1);
    expect(body(f)).toContain("v7 = const True\n");
    expect(body(f)).toContain("branch v4, bb1(), bb2()");
    expect(body(f)).toContain("return v7");
  });

  it("decides identity from types: singleton types, and types with no exact builtin in common", () => {
    const f = irFunc(`
      bb0(v0:NoneType, v1:int, v2:int|str):
          v3 = const None #0
          v4 = test_is v0, v3
          v5 = const 'x' #1
          v6 = is_op 1 v1, v5
          v7 = is_op 0 v2, v5
          v8 = build_tuple v6, v7 @0 [v0 v1 v2 | v6 v7]
          branch v4, bb1(), bb2()
      bb1():
          return v8
      bb2():
          return v0
    `, { slots: ["a", "b", "c"] });
    const result = runPass(constFold, f);
    expect(stat(result, constFold, "identity")).toBe(2);
    expect(body(f)).toContain("cbool 1");
    expect(body(f)).toContain("v7 = is_op 0 v2, v5"); // an int|str may be that very str
  });

  it("folds through parameters whose type carries a constant", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = const 20 #0
          jump bb1(v1)
      bb1(v2:int[20]):
          v3 = const 22 #1
          v4 = binary_op add v2, v3 @0 [v0 | v2 v3]
          v5 = unary_op pos v4 @2 [v0 | v4]
          return v5
    `);
    runPass(constFold, f);
    expect(body(f)).toContain("v6 = const 42\n    return v6");
  });

  it("removes a landing block whose last unwind edge it folds away, keeping the jump", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = const 3 #0
          v2 = const 4 #1
          v3 = binary_op multiply v1, v2 @0 [v0 | v1 v2] unwind bb2()
          jump bb1()
      bb1():
          return v3
      bb2():
          v4 = catch
          return v0
    `);
    runPass(constFold, f);
    expect(body(f)).toBe(
      ["bb0(v0):", "    v1 = const 3 #0", "    v2 = const 4 #1", "    v5 = const 12", "    jump bb1()", "bb1():", "    return v5", ""].join("\n"),
    );
  });

  it("leaves operations that raise in place, with their unwind edges", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = const 3 #0
          v2 = const 0 #1
          v3 = binary_op remainder v1, v2 @0 [v0 | v1 v2] unwind bb2()
          jump bb1()
      bb1():
          return v3
      bb2():
          v4 = catch
          return v0
    `);
    expect(runPass(constFold, f).changedBy).toEqual([]);
  });

  it("honours the debug counter: exactly n folds, valid IR for every n", () => {
    const source = `
      bb0(v0):
          v1 = const 6 #0
          v2 = const 7 #1
          v3 = binary_op multiply v1, v2 @0 [v0 | v1 v2]
          v4 = compare_op > v3, v1 @2 [v0 | v3 v1]
          v5 = truth v4 @4 [v0 | v4]
          v6 = unary_not v3 @6 [v0 | v3]
          branch v5, bb1(), bb2()
      bb1():
          return v6
      bb2():
          return v0
    `;
    const total = Object.values(Object.fromEntries(runPass(constFold, irFunc(source)).stats.get(constFold.name)!)).reduce((a, b) => a + b, 0);
    expect(total).toBe(4);
    for (let n = 0; n <= total; n++) {
      const result = runPass(constFold, irFunc(source), n);
      const done = [...(result.stats.get(constFold.name) ?? new Map<string, number>()).values()].reduce((a, b) => a + b, 0);
      expect(done).toBe(n);
    }
  });
});
