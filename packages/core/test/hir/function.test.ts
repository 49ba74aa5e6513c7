// The Func API passes build on: numbering, editing, uses and substitution, deep copies.

import { describe, expect, it } from "vitest";

import { CO_VARARGS, CO_VARKEYWORDS } from "../../src/bytecode/code-object.js";
import { argSlotCount, blockId, valueId, type Func } from "../../src/hir/function.js";
import { funcEquals } from "../../src/hir/equal.js";
import { printFunc } from "../../src/hir/printer.js";
import { Type } from "../../src/hir/types.js";
import { verifyFunc } from "../../src/hir/verifier.js";
import { ir } from "../fixtures/ir.js";

const sample = (): Func => ir(`
  bb0(v0):
      v1 = const 1
      v2 = load_global 'g' @2 [v0 | ] unwind bb3(v0)
      jump bb1()
  bb1():
      v3 = binary_op add v0, v1 @4 [v0 | v0 v1]
      v4 = truth v3 @6 [v0 | v3]
      branch v4, bb2(v3), bb2(v2)
  bb2(v5):
      return v5
  bb3(v6):
      v7 = catch
      reraise 0 v7 @8 [v6 | v7]
`, { names: ["g"] });

describe("Func", () => {
  it("counts argument slots from the code flags", () => {
    expect(argSlotCount({ argCount: 2, kwOnlyArgCount: 1, flags: 0 })).toBe(3);
    expect(argSlotCount({ argCount: 0, kwOnlyArgCount: 0, flags: CO_VARARGS | CO_VARKEYWORDS })).toBe(2);
  });

  it("lists a block's normal and unwind edges, and its successors once", () => {
    const f = sample();
    // (Edges come in instruction order, so the unwind edge of the load comes before the jump's.)
    const edges = f.edges(blockId(0)).map((e) => [e.call.block, e.exceptional, e.from.op]);
    expect(edges).toHaveLength(2);
    expect(edges).toEqual(expect.arrayContaining([[1, false, "jump"], [3, true, "load_global"]]));
    expect(f.successors(blockId(1))).toEqual([2]);
    expect(f.terminator(blockId(1))?.op).toBe("branch");
  });

  it("counts every use: operands, frame states and edge arguments", () => {
    const uses = sample().useCounts();
    // v0: binary_op, four frame state entries (locals and stack), the unwind edge.
    expect(uses.get(valueId(0))).toBe(6);
    expect(uses.get(valueId(3))).toBe(3);
    expect(uses.get(valueId(7))).toBe(2);
    expect(uses.has(valueId(5))).toBe(true);
  });

  it("substitutes uses everywhere, following chains, and refuses cycles", () => {
    const f = sample();
    f.substitute(new Map([[valueId(3), valueId(2)], [valueId(2), valueId(1)]]));
    const text = printFunc(f);
    expect(text).toContain("v4 = truth v1 @6 [v0 | v1]");
    expect(text).toContain("branch v4, bb2(v1), bb2(v1)");
    expect(() => sample().substitute(new Map([[valueId(1), valueId(3)], [valueId(3), valueId(1)]]))).toThrow(/substitution cycle/);
    const g = sample();
    g.replaceAllUses(valueId(0), valueId(1));
    expect(printFunc(g)).toContain("unwind bb3(v1)");
  });

  it("inserts and removes instructions, forgetting their results", () => {
    const f = sample();
    const add = [...f.instructions()].find((i) => i.op === "binary_op")!;
    const neg = f.insertBefore(add.id, "unary_op", [valueId(0)], ["neg"], { frameState: { offset: 4, locals: [valueId(0)], stack: [valueId(0)] } });
    expect(f.block(blockId(1)).insts[0]).toBe(neg.id);
    expect(neg.block).toBe(1);
    f.remove(neg.id);
    expect(f.hasValue(neg.results[0]!)).toBe(false);
    expect(() => f.inst(neg.id)).toThrow(/no instruction/);
    expect(verifyFunc(f)).toEqual([]);
  });

  it("removes parameters and blocks, renumbering and forgetting what they defined", () => {
    const f = ir(`
      bb0(v0):
          jump bb1(v0, v0, v0)
      bb1(v1, v2, v3):
          return v3
    `);
    f.removeParam(blockId(1), 1);
    expect(f.block(blockId(1)).params).toEqual([1, 3]);
    expect(f.value(valueId(3)).def).toEqual({ kind: "param", block: 1, index: 1 });
    expect(f.hasValue(valueId(2))).toBe(false);
    f.terminator(blockId(0))!.targets[0]!.args.splice(1, 1);
    expect(verifyFunc(f)).toEqual([]);
    f.removeBlock(blockId(1));
    expect(f.order).toEqual([0]);
    expect(f.hasValue(valueId(3))).toBe(false);
    expect(f.hasBlock(blockId(1))).toBe(false);
  });

  it("refuses to reuse block and value ids", () => {
    const f = sample();
    expect(() => f.newBlock(blockId(2))).toThrow(/block bb2 already exists/);
    expect(() => f.addParam(blockId(2), Type.object, valueId(5))).toThrow(/value v5 already exists/);
    expect(() => f.block(blockId(42))).toThrow(/no block bb42/);
    expect(() => f.value(valueId(42))).toThrow(/no value v42/);
  });

  it("clones deeply: editing the copy leaves the original alone", () => {
    const f = sample();
    const text = printFunc(f);
    const copy = f.clone();
    expect(funcEquals(copy, f)).toBe(true);
    const add = [...copy.instructions()].find((i) => i.op === "binary_op")!;
    add.imms[0] = "subtract";
    add.frameState!.stack.pop();
    add.args.reverse();
    copy.terminator(blockId(1))!.targets[0]!.args[0] = valueId(1);
    copy.value(valueId(5)).type = Type.exact("int");
    copy.block(blockId(2)).insts.pop();
    copy.order.pop();
    expect(printFunc(f)).toBe(text);
    expect(funcEquals(copy, f)).toBe(false);
  });
});
