// OPT-7 dce on IR shapes the Python front end does not produce directly.

import { describe, expect, it } from "vitest";

import { dce } from "../src/index.js";
import { body, irFunc, runPass, stat } from "./helpers/ir.js";

describe("OPT-7 dce", () => {
  it("removes a loop-carried parameter cycle that nothing reads", () => {
    // v2 (bb1) and v6 (bb2) only feed each other; v5 keeps the loop going.
    const f = irFunc(`
      bb0(v0):
          v1 = const 0 #0
          jump bb1(v1, v0)
      bb1(v2, v3):
          v4 = call () v3 @2 [v3 | v3]
          v5 = truth v4 @4 [v3 | v4]
          branch v5, bb2(), bb3()
      bb2():
          v6 = is_op 0 v2, v4
          jump bb1(v6, v4)
      bb3():
          return v3
    `);
    const result = runPass(dce, f);
    expect(result.changedBy).toEqual([dce]);
    expect(stat(result, dce, "removed-params")).toBe(1);
    expect(stat(result, dce, "removed-instructions")).toBe(2);
    expect(body(f)).toBe(
      [
        "bb0(v0):",
        "    jump bb1(v0)",
        "bb1(v3):",
        "    v4 = call () v3 @2 [v3 | v3]",
        "    v5 = truth v4 @4 [v3 | v4]",
        "    branch v5, bb2(), bb3()",
        "bb2():",
        "    jump bb1(v4)",
        "bb3():",
        "    return v3",
        "",
      ].join("\n"),
    );
  });

  it("removes a landing block's dead parameter and the unwind edge's argument", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = const 1 #0
          v2 = call () v0 @0 [v0 | v0] unwind bb2(v1)
          jump bb1()
      bb1():
          return v2
      bb2(v3):
          v4 = catch
          return v0
    `);
    runPass(dce, f);
    expect(body(f)).toContain("unwind bb2()");
    expect(body(f)).toContain("bb2():");
    expect(body(f)).not.toContain("const 1");
  });

  it("keeps the entry block's parameters, frame-state values and effects", () => {
    const f = irFunc(
      `
      bb0(v0, v1):
          v2 = const 7 #0
          v3 = load_global 'g' @0 [v0 v2 | ]
          return v0
    `,
      { slots: ["a", "b"], names: ["g"] },
    );
    const result = runPass(dce, f);
    expect(result.changedBy).toEqual([]);
    expect(body(f)).toContain("bb0(v0, v1):");
    expect(body(f)).toContain("v2 = const 7 #0");
  });

  it("is idempotent", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = const None #0
          v2 = is_op 0 v0, v1
          return v0
    `);
    expect(runPass(dce, f).changedBy).toEqual([dce]);
    expect(runPass(dce, f).changedBy).toEqual([]);
  });

  it("honours the debug counter: a refused removal keeps what it reads, the IR stays valid", () => {
    const source = `
      bb0(v0):
          v1 = const None #0
          v2 = is_op 0 v0, v1
          jump bb1(v2, v1)
      bb1(v4, v5):
          v6 = const 3 #1
          return v0
    `;
    const total = stat(runPass(dce, irFunc(source)), dce, "removed-instructions") + stat(runPass(dce, irFunc(source)), dce, "removed-params");
    expect(total).toBeGreaterThan(0);
    for (let n = 0; n <= total; n++) {
      const f = irFunc(source);
      const result = runPass(dce, f, n);
      const removed = stat(result, dce, "removed-instructions") + stat(result, dce, "removed-params");
      expect(removed).toBeLessThanOrEqual(n);
      if (n === 0) expect(result.changedBy).toEqual([]);
      if (n === total) expect(removed).toBe(total);
    }
  });
});
