// From the translator's "a parameter for every slot" form to minimal SSA: unreachable blocks go,
// parameters that receive one value (or themselves) go, parameter types are the join of what the
// edges pass, proven check_bound go, and call_method with a known first operand becomes call.

import { describe, expect, it } from "vitest";

import { cleanupSsa, inferParamTypes } from "../../src/frontend/ssa-cleanup.js";
import { blockId } from "../../src/hir/function.js";
import { printFunc } from "../../src/hir/printer.js";
import { verifyFunc } from "../../src/hir/verifier.js";
import { incomingCalls, removeTrivialParams, removeUnreachableBlocks } from "../../src/transform/cfg-edit.js";
import { dedent, header, ir } from "../fixtures/ir.js";

const SHAPE = { slots: ["a", "b"], args: 1, names: ["g", "m"] };

describe("SSA cleanup", () => {
  it("turns the translator's form into minimal SSA", () => {
    const f = ir(`
      bb0(v0):
          v1 = null
          jump bb1(v0, v1)
      bb1(v2:object?, v3:object?):
          v4 = check_bound $a v2 @2 [v2 v3 | ]
          v5 = call_method () v3, v4 @4 [v2 v3 | v3 v4]
          v6 = load_global 'g' @6 [v2 v3 | ]
          v7, v8 = load_method 'm' v6 @8 [v2 v3 | v6]
          v9 = call_method () v7, v8 @10 [v2 v3 | v7 v8]
          v10 = call_method () v6, v5 @12 [v2 v3 | v6 v5]
          jump bb2(v4, v1)
      bb2(v11:object?, v12:object?):
          v13 = truth v11 @14 [v11 v12 | v11]
          branch v13, bb2(v11, v12), bb4(v12)
      bb4(v14:object?):
          v15 = check_bound $b v14 @16 [v11 v14 | ]
          return v15
      bb3():
          return v0
    `, SHAPE);
    cleanupSsa(f);
    expect(printFunc(f)).toBe(`${header(SHAPE)}\n${dedent(`
      bb0(v0):
          v1 = null
          jump bb1()
      bb1():
          v5 = call () v0 @4 [v0 v1 | v1 v0]
          v6 = load_global 'g' @6 [v0 v1 | ]
          v7, v8 = load_method 'm' v6 @8 [v0 v1 | v6]
          v9 = call_method () v7, v8 @10 [v0 v1 | v7 v8]
          v10 = call () v6, v5 @12 [v0 v1 | v6 v5]
          jump bb2()
      bb2():
          v13 = truth v0 @14 [v0 v1 | v0]
          branch v13, bb2(), bb4()
      bb4():
          v15 = check_bound $b v1 @16 [v0 v1 | ]
          return v15
    `)}`);
    expect(verifyFunc(f)).toEqual([]);
  });

  it("types parameters with the join of their incoming values", () => {
    const f = ir(`
      bb0(v0):
          v1 = const 1
          v2 = const 'x'
          v3 = null
          v4 = truth v0 @2 [v0 | v0]
          branch v4, bb1(v1, v1, v3), bb1(v2, v1, v0)
      bb1(v5, v6, v7):
          return v5
    `);
    inferParamTypes(f);
    expect(f.block(blockId(1)).params.map((p) => f.typeOf(p).toString())).toEqual(["int|str", "int[1]", "object?"]);
  });

  it("removes unreachable blocks and parameters that receive one value", () => {
    const f = ir(`
      bb0(v0):
          jump bb1(v0)
      bb1(v1):
          v2 = truth v1 @2 [v1 | v1]
          branch v2, bb1(v1), bb3(v1)
      bb2():
          jump bb3(v0)
      bb3(v3):
          return v3
    `);
    expect(incomingCalls(f).get(blockId(3))).toHaveLength(2);
    expect(removeUnreachableBlocks(f)).toBe(true);
    expect(removeUnreachableBlocks(f)).toBe(false);
    expect(f.order).toEqual([0, 1, 3]);
    expect(removeTrivialParams(f)).toBe(true);
    expect(removeTrivialParams(f)).toBe(false);
    expect(printFunc(f)).toContain("branch v2, bb1(), bb3()\nbb3():\n    return v0");
    expect(verifyFunc(f)).toEqual([]);
  });
});
