// The verifier, rule by rule: start from a valid function, break one rule, and check that the
// verifier reports an issue naming the broken rule in the right block.

import { describe, expect, it } from "vitest";

import type { BlockId, Func, InstId } from "../../src/hir/function.js";
import { parseFunc } from "../../src/hir/parser.js";
import { assertValid, VerifierError, verifyFunc } from "../../src/hir/verifier.js";
import { irText } from "../fixtures/ir.js";

const SHAPE = { slots: ["a"], names: ["g"] };

/** Valid: a call that can raise inside a try (landing bb3), an add, a branch into a merge block. */
const VALID = irText(`
  bb0(v0):
      v1 = null
      v2 = load_global 'g' @2 [v0 | ] unwind bb3(v0)
      jump bb1()
  bb1():
      v3 = binary_op add v0, v2 @4 [v0 | v0 v2]
      v4 = truth v3 @6 [v0 | v3]
      branch v4, bb2(v3), bb4()
  bb4():
      v8 = unary_not v0 @8 [v0 | v0]
      jump bb2(v8)
  bb2(v5):
      return v5
  bb3(v6):
      v7 = catch
      reraise 0 v7 @10 [v6 | v7]
`, SHAPE);

/** The valid text with the first occurrence of `from` replaced. */
function broken(from: string, to: string): Func {
  if (!VALID.includes(from)) throw new Error(`test bug: '${from}' is not in the valid IR`);
  return parseFunc(VALID.replace(from, to));
}

function expectIssue(f: Func, block: number | null, message: RegExp): void {
  const issues = verifyFunc(f);
  const text = issues.map((i) => `${i.block === null ? "-" : `bb${i.block}`}: ${i.message}`).join("\n");
  expect(issues.some((i) => i.block === block && message.test(i.message)), `expected ${block === null ? "" : `bb${block}: `}${message} among:\n${text}`).toBe(true);
}

/** Each rule, broken in the text form: what changes, the block the issue is in, what it says. */
const TEXT_CASES: [string, string, string, number | null, RegExp][] = [
  ["missing terminator", "    return v5", "    v9 = unary_not v5 @12 [v0 | v5]", 2, /block does not end in a terminator/],
  ["empty block", "bb4():\n    v8 = unary_not v0 @8 [v0 | v0]\n    jump bb2(v8)", "bb4():", 4, /empty block/],
  ["terminator mid-block", "    return v5", "    return v5\n    return v5", 2, /return v5: terminator in the middle of a block/],
  ["wrong operand count", "binary_op add v0, v2", "binary_op add v0", 1, /binary_op add v0 .*wrong number of operands \(1\)/],
  ["wrong variadic operand count", "reraise 0 v7", "reraise 1 v7", 3, /wrong number of operands \(1\)/],
  ["invalid immediate", "binary_op add", "binary_op plus", 1, /immediate 0 is not a valid binop/],
  ["too many targets", "    jump bb1()", "    jump bb1(), bb2(v0)", 0, /2 targets, expected 1/],
  ["edge to a missing block", "    jump bb1()", "    jump bb9()", 0, /edge to missing block bb9/],
  ["undefined value", "return v5", "return v99", 2, /return v99: uses undefined value v99/],
  ["use before its definition", "binary_op add v0, v2 @4 [v0 | v0 v2]", "binary_op add v0, v3 @4 [v0 | v0 v2]", 1, /v3 is not available here/],
  ["use not dominated", "reraise 0 v7 @10 [v6 | v7]", "reraise 0 v7 @10 [v6 | v3]", 3, /v3 is not available here/],
  ["use not dominated (merge)", "    return v5", "    return v8", 2, /v8 is not available here/],
  ["unwind not followed by jump", "unwind bb3(v0)\n    jump bb1()", "unwind bb3(v0)\n    v9 = unary_not v0 @3 [v0 | v0]\n    jump bb1()", 0,
    /load_global 'g' .*an instruction with an unwind edge must be followed by the block's jump/],
  ["unwinding result passed to its landing block", "unwind bb3(v0)", "unwind bb3(v2)", 0, /v2 is not available here/],
  ["unwinding result used in its landing block", "reraise 0 v7 @10 [v6 | v7]", "reraise 0 v7 @10 [v2 | v7]", 3, /v2 is not available here/],
  ["edge argument count", "branch v4, bb2(v3), bb4()", "branch v4, bb2(v3, v0), bb4()", 1, /passes 2 arguments to bb2, which has 1 parameters/],
  ["edge argument type", "bb2(v5):", "bb2(v5:int):", 1, /v3:object passed to v5:int/],
  ["NULL-able operand", "binary_op add v0, v2 @4", "binary_op add v0, v1 @4", 1, /operand v1 may be NULL/],
  ["native operand", "v8 = unary_not v0 @8", "v8 = unary_not v4 @8", 4, /operand 0 is a native cbool/],
  ["branch on an object", "branch v4,", "branch v3,", 1, /operand 0 must be cbool, is object/],
  ["missing frame state", "load_global 'g' @2 [v0 | ] unwind", "load_global 'g' unwind", 0, /load_global 'g' unwind bb3\(v0\): missing frame state/],
  ["frame state on a pure operation", "v1 = null", "v1 = null @0 [v0 | ]", 0, /frame state on an operation that (cannot raise|neither raises nor deoptimizes)/],
  ["frame state locals", "@4 [v0 | v0 v2]", "@4 [v0 v0 | v0 v2]", 1, /frame state has 2 locals for 1 slots/],
  ["frame state offset", "@4 [v0 | v0 v2]", "@5 [v0 | v0 v2]", 1, /bad frame state offset 5/],
  ["unwind edge on a pure operation", "v1 = null", "v1 = null unwind bb3(v0)", 0, /unwind edge on an operation that cannot raise/],
  ["catch outside a landing block", "    return v5", "    v9 = catch\n    return v5", 2, /catch outside a landing block/],
  ["catch not first", "    v7 = catch", "    v9 = null\n    v7 = catch", 3, /v7 = catch: must begin its block/],
  ["landing block without catch", "    v7 = catch\n    reraise 0 v7 @10 [v6 | v7]", "    v7 = load_global 'g' @10 [v6 | ]\n    reraise 0 v7 @10 [v6 | v7]", 3,
    /landing block does not begin with catch/],
  ["landing entered by a normal edge", "branch v4, bb2(v3), bb4()", "branch v4, bb2(v3), bb3(v0)", 3, /landing block is also entered by a normal edge/],
  ["entry with predecessors", "    jump bb2(v8)", "    jump bb0(v8)", 4, /edge to the entry block/],
  ["entry parameters", "bb0(v0):", "bb0(v0, v10):", 0, /entry block has 2 parameters for 1 argument slots/],
];

/** Rules the text form cannot break (the parser keeps the bookkeeping consistent), broken through the Func API. */
const API_CASES: [string, (f: Func) => void, number | null, RegExp][] = [
  ["entry not first", (f) => f.order.reverse(), null, /the entry block is not the first block/],
  ["result count", (f) => {
    const inst = [...f.instructions()].find((i) => i.op === "binary_op")!;
    inst.results.pop();
  }, 1, /0 results, expected 1/],
  ["result bookkeeping", (f) => {
    const inst = [...f.instructions()].find((i) => i.op === "truth")!;
    f.value(inst.results[0]!).def = { kind: "result", inst: 0 as InstId, index: 0 };
  }, 1, /result v4 is not defined by it/],
  ["parameter bookkeeping", (f) => {
    f.value(f.block(2 as BlockId).params[0]!).def = { kind: "param", block: 4 as BlockId, index: 0 };
  }, 2, /parameter v5 is not defined as parameter 0/],
  ["instruction in the wrong block", (f) => {
    const inst = [...f.instructions()].find((i) => i.op === "truth")!;
    inst.block = 2 as BlockId;
  }, 1, /instruction thinks it is in bb2/],
  ["immediate count", (f) => {
    [...f.instructions()].find((i) => i.op === "binary_op")!.imms.push("add");
  }, 1, /2 immediates, expected 1/],
];

describe("the verifier", () => {
  it("accepts the valid function", () => {
    expect(verifyFunc(parseFunc(VALID))).toEqual([]);
    expect(() => assertValid(parseFunc(VALID))).not.toThrow();
  });

  for (const [rule, from, to, block, message] of TEXT_CASES) {
    it(`reports: ${rule}`, () => expectIssue(broken(from, to), block, message));
  }

  for (const [rule, mutate, block, message] of API_CASES) {
    it(`reports: ${rule}`, () => {
      const f = parseFunc(VALID);
      mutate(f);
      expectIssue(f, block, message);
    });
  }

  it("reports every issue at once, each with its block", () => {
    const f = parseFunc(VALID.replace("binary_op add v0, v2 @4", "binary_op add v0, v1 @4").replace("return v5", "return v5\n    return v5"));
    const issues = verifyFunc(f);
    expect(issues.map((i) => i.block)).toEqual([1, 2]);
    expect(() => assertValid(f)).toThrow(VerifierError);
    try {
      assertValid(f);
    } catch (e) {
      expect((e as VerifierError).issues).toEqual(issues);
      expect((e as Error).message.split("\n")).toEqual(issues.map((i) => `bb${i.block}: ${i.message}`));
    }
  });

  it("accepts unreachable landing blocks and does not check dominance in unreachable blocks", () => {
    // An unreachable block may use anything: passes leave such blocks for simplify-cfg to remove.
    const f = parseFunc(VALID.replace("bb3(v6):", "bb5():\n    return v8\nbb3(v6):"));
    expect(verifyFunc(f)).toEqual([]);
    // A landing block whose last unwind edge was folded away (a pass proved the call cannot raise).
    expect(verifyFunc(broken("load_global 'g' @2 [v0 | ] unwind bb3(v0)", "load_global 'g' @2 [v0 | ]"))).toEqual([]);
  });

  // Regression (fixed): only `catch` is checked against normal blocks, and a landing block's pad is
  // not checked to be exactly `[catch_lasti] catch`.
  it("reports landing-pad operations out of place", () => {
    const cases: [string, string, number, RegExp][] = [
      ["    return v5", "    v9 = catch_lasti\n    return v5", 2, /catch_lasti.*(outside a landing block|must begin its block)/],
      ["    v7 = catch", "    v7 = catch\n    v9 = catch", 3, /v9 = catch: /],
      ["    v7 = catch", "    v7 = catch\n    v9 = catch_lasti", 3, /v9 = catch_lasti: /],
    ];
    for (const [from, to, block, message] of cases) {
      const issues = verifyFunc(broken(from, to));
      expect.soft(issues.some((i) => i.block === block && message.test(i.message)), `${to.trim()}: ${issues.map((i) => i.message).join("; ")}`).toBe(true);
    }
  });

  it("lets the region of the normal edge use the result of an unwinding instruction", () => {
    // v2 (an unwinding load_global) flows into bb1, whose only predecessor is bb0 (VALID). A back
    // edge into bb1 from its own region keeps the edge bb0 -> bb1 dominating: still allowed.
    expect(verifyFunc(broken("branch v4, bb2(v3), bb4()", "branch v4, bb2(v3), bb1()"))).toEqual([]);
    // The exception path joins bb1 from the landing block: there v2 was never computed.
    expectIssue(broken("    reraise 0 v7 @10 [v6 | v7]", "    jump bb1()"), 1, /v2 is not available here/);
  });
});
