// OPT-6 fast-locals on IR shapes written by hand (native locals as OPT-5 leaves them, guards,
// deletions, handlers, cells, finalizers): where each store goes, what stays, the debug counter.

import { describe, expect, it } from "vitest";

import { parseFunc, printFunc, verifyFunc, type Func } from "@pyjc/core";
import { fastLocals } from "../src/index.js";
import { body, irFunc, runPass, stat } from "./helpers/ir.js";

const lines = (...l: string[]) => [...l, ""].join("\n");
const storesIn = (f: Func, block: number) =>
  f.block(block as never).insts.map((id) => f.inst(id)).filter((i) => i.op === "store_local").length;

/** A loop on native numbers, as OPT-5 leaves it: x a float, i an int, each boxed for its store. */
const NATIVE_LOOP = `
  bb0(v0:int):
      v1 = null
      v2 = const 0.0
      store_local $x v2
      v3 = const 0
      store_local $i v3
      v4 = unbox_int v0 @0 [v0 v2 v3 | ]
      v5 = fconst 0.0
      v6 = iconst 0
      jump bb1(v5, v6)
  bb1(v7:f64, v8:i64):
      v9 = fconst 1.5
      v10 = fbin add v7, v9 @10 [v0 v7 v8 | ]
      v11 = box_float v10 @10 [v0 v7 v8 | ]
      store_local $x v11
      v12 = iconst 1
      v13 = ibin add v8, v12 @20 [v0 v11 v8 | ]
      v14 = box_int v13 @20 [v0 v11 v8 | ]
      store_local $i v14
      v15 = icmp lt v13, v4
      branch v15, bb2(), bb3()
  bb2():
      check_eval_breaker @30 [v0 v11 v14 | ]
      jump bb1(v10, v13)
  bb3():
      return v11
`;

describe("OPT-6 fast-locals", () => {
  it("writes a native loop's locals once, on the exit, boxed there; the boxes in the loop go", () => {
    const f = irFunc(NATIVE_LOOP, { args: 1, slots: ["n", "x", "i"] });
    const result = runPass(fastLocals, f);
    expect(result.changedBy).toEqual([fastLocals]);
    expect(body(f)).toBe(lines(
      "bb0(v0:int):",
      "    v1 = null",
      "    v2 = const 0.0",
      "    v3 = const 0",
      "    v4 = unbox_int v0 @0 [v0 v2 v3 | ]",
      "    v5 = fconst 0.0",
      "    v6 = iconst 0",
      "    jump bb1(v5, v6)",
      "bb1(v7:f64, v8:i64):",
      "    v9 = fconst 1.5",
      "    v10 = fbin add v7, v9 @10 [v0 v7 v8 | ]",
      "    v11 = box_float v10 @10 [v0 v7 v8 | ]",
      "    v12 = iconst 1",
      "    v13 = ibin add v8, v12 @20 [v0 v11 v8 | ]",
      "    v15 = icmp lt v13, v4",
      "    branch v15, bb2(), bb3()",
      "bb2():",
      "    check_eval_breaker @30 [v0 v11 v13 | ]",
      "    jump bb1(v10, v13)",
      "bb3():",
      "    v16 = box_int v13 @20 [v0 v11 v8 | ]",
      "    store_local $x v11",
      "    store_local $i v16",
      "    return v11",
    ));
    expect(stat(result, fastLocals, "stores-moved")).toBe(4);
    expect(stat(result, fastLocals, "stores-placed")).toBe(2);
    expect(stat(result, fastLocals, "reboxed")).toBe(1);
    expect(stat(result, fastLocals, "boxes-removed")).toBe(1);
  });

  // The call's frame state names x = v3: an exception or a deopt there writes x from it (the
  // lowering syncs frame states into the frame), so the store itself can wait until after it.
  it("drops a store another one overwrites first, and writes the other after a call whose frame state has it", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 1
          store_local $x v2
          v3 = const 2
          store_local $x v3
          v4 = load_global 'g' @0 [v0 v3 | ]
          return v4
    `, { slots: ["a", "x"], args: 1, names: ["g"] });
    runPass(fastLocals, f);
    expect(body(f)).toBe(lines(
      "bb0(v0):",
      "    v1 = null",
      "    v2 = const 1",
      "    v3 = const 2",
      "    v4 = load_global 'g' @0 [v0 v3 | ]",
      "    store_local $x v3",
      "    return v4",
    ));
  });

  it("keeps stores of objects that may have finalizers in place, and writes the rest before them", () => {
    // o holds a call's result: its store drops the previous object, which may run __del__; the
    // release of v3 after is_op (its last use) may too. That store gets the frame state after it,
    // so the lowering can make the frame current before a finalizer runs.
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 1
          store_local $x v2
          v3 = call () v0 @2 [v0 v2 v1 | v0]
          store_local $o v3
          v4 = const 5
          store_local $x v4
          v6 = const 6
          store_local $x v6
          v5 = is_op 0 v3, v4
          return v5
    `, { slots: ["a", "x", "o"], args: 1 });
    runPass(fastLocals, f);
    expect(body(f)).toBe(lines(
      "bb0(v0):",
      "    v1 = null",
      "    v2 = const 1",
      "    store_local $x v2",
      "    v3 = call () v0 @2 [v0 v2 v1 | v0]",
      "    store_local $o v3 @2 [v0 v2 v3 | ]",
      "    v4 = const 5",
      "    v6 = const 6",
      "    store_local $x v6",
      "    v5 = is_op 0 v3, v4",
      "    return v5",
    ));
  });

  // Regression (random pass sequences, seed 491001036, multiprocessing/connection.py
  // _exhaustive_wait): giving a store a frame state is a change, even when no store moved.
  it("reports a change when all it does is give a store its frame state", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v3 = call () v0 @2 [v0 v1 v1 | v0]
          store_local $o v3
          v2 = const 1
          store_local $x v2
          return v3
    `, { slots: ["a", "x", "o"], args: 1 });
    const result = runPass(fastLocals, f);
    expect(body(f)).toBe(lines(
      "bb0(v0):",
      "    v1 = null",
      "    v3 = call () v0 @2 [v0 v1 v1 | v0]",
      "    store_local $o v3 @2 [v0 v1 v3 | ]",
      "    v2 = const 1",
      "    store_local $x v2",
      "    return v3",
    ));
    expect(result.changedBy).toEqual([fastLocals]);
  });

  it("writes a loop's local before the call in its body, not on the back edge", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 0
          store_local $i v2
          jump bb1(v2)
      bb1(v3:int):
          v4 = const 1
          v5:int = binary_op add v3, v4 @4 [v0 v3 | v3 v4]
          store_local $i v5
          v6 = const 10
          v7:bool = compare_op < v5, v6 @8 [v0 v5 | v5 v6]
          v8 = truth v7 @10 [v0 v5 | v7]
          branch v8, bb2(), bb3()
      bb2():
          v9 = call () v0 @6 [v0 v5 | v0]
          check_eval_breaker @12 [v0 v5 | ]
          jump bb1(v5)
      bb3():
          return v5
    `, { slots: ["a", "i"], args: 1 });
    runPass(fastLocals, f);
    expect(storesIn(f, 0)).toBe(0);
    expect(storesIn(f, 1)).toBe(0);
    expect(body(f)).toContain("bb2():\n    store_local $i v5\n    v9 = call () v0");
    expect(body(f)).toContain("bb3():\n    store_local $i v5\n    return v5");
  });

  it("carries stores into a join as the parameter both sides pass", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = truth v0 @0 [v0 v1 | v0]
          branch v2, bb1(), bb2()
      bb1():
          v3 = const 1
          store_local $x v3
          jump bb3(v3)
      bb2():
          v4 = const 2
          store_local $x v4
          jump bb3(v4)
      bb3(v5:int):
          v6 = call () v0 @4 [v0 v5 | v0]
          return v6
    `, { slots: ["a", "x"], args: 1 });
    runPass(fastLocals, f);
    expect(storesIn(f, 1) + storesIn(f, 2)).toBe(0);
    expect(body(f)).toContain("bb3(v5:int):\n    store_local $x v5\n    v6 = call");
  });

  it("splits an edge when only one successor needs the store", () => {
    // The loop exit needs x (the call); the back edge does not (x is overwritten first), and
    // the other way into bb2 has nothing pending.
    const f = irFunc(`
      bb0(v0:bool):
          v1 = null
          v2 = const 0
          v10 = truth v0 @0 [v0 v1 | v0]
          branch v10, bb1(v2), bb2(v1)
      bb1(v3:int):
          v4 = const 1
          v5:int = binary_op add v3, v4 @4 [v0 v3 | v3 v4]
          store_local $x v5
          v6 = const 10
          v7:bool = compare_op < v5, v6 @8 [v0 v5 | v5 v6]
          v8 = truth v7 @10 [v0 v5 | v7]
          branch v8, bb1(v5), bb2(v5)
      bb2(v11:int?):
          v9 = call () v0 @12 [v0 v11 | v0]
          return v9
    `, { slots: ["a", "x"], args: 1 });
    const result = runPass(fastLocals, f);
    expect(stat(result, fastLocals, "edges-split")).toBe(1);
    expect(body(f)).toContain("branch v8, bb1(v5), bb3()\nbb3():\n    store_local $x v5\n    jump bb2(v5)");
  });

  it("deletes through NULL, making a NULL where the paths' NULLs differ", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 1
          store_local $x v2
          v3 = truth v0 @0 [v0 v2 | v0]
          branch v3, bb1(), bb2()
      bb1():
          v4 = null
          store_local $x v4
          jump bb3()
      bb2():
          v5 = null
          store_local $x v5
          jump bb3()
      bb3():
          v6 = call () v0 @4 [v0 v1 | v0]
          return v6
    `, { slots: ["a", "x"], args: 1 });
    runPass(fastLocals, f);
    expect(body(f)).toContain("bb3():\n    v7 = null\n    store_local $x v7\n    v6 = call");
    // truth of a parameter of unknown type may run __bool__: x is written before it.
    expect(body(f)).toContain("    store_local $x v2\n    v3 = truth v0");
  });

  it("needs no store before raising, deoptimizing or re-raising: the lowering writes stale slots there", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 3
          store_local $x v2
          v3 = guard_type <int> v0 @2 [v0 v2 | v0]
          v4 = const 4
          store_local $x v4
          deopt @4 [v0 v4 | ]
    `, { slots: ["a", "x"], args: 1 });
    runPass(fastLocals, f);
    expect(body(f)).not.toContain("store_local");
  });

  it("leaves the landing block current, and stores before an unwinding instruction when its jump joins", () => {
    const f = irFunc(`
      bb0(v0:list):
          v1 = null
          v2 = truth v0 @0 [v0 v1 | v0]
          branch v2, bb1(), bb4()
      bb1():
          v12 = const 3
          store_local $x v12
          v9 = const 0
          v3 = list_item 0 v0, v9 @2 [v0 v12 | v0 v9] unwind bb2()
          jump bb3(v12)
      bb4():
          jump bb3(v1)
      bb3(v13:int?):
          v6 = call () v0 @6 [v0 v13 | v0]
          return v6
      bb2():
          v5 = catch
          v7 = call () v5 @8 [v0 v12 | v5]
          return v7
    `, { slots: ["a", "x"], args: 1 });
    runPass(fastLocals, f);
    // bb4 brings nothing pending, so bb1 writes x at its end: before list_item, not after.
    expect(body(f)).toContain("    store_local $x v12\n    v3 = list_item");
    expect(body(f)).toContain("bb2():\n    v5 = catch\n    v7 = call");
  });

  it("leaves cells, free variables and functions that read their own frame alone", () => {
    const cells = parseFunc([
      "func 'f' name='f' file='t.py' line=1 flags=0x3 argcount=1 posonly=0 kwonly=0",
      "slots 'a':0x20 'x':0x20 'c':0x40 'fr':0x80",
      "names",
      "bb0(v0):",
      "    v1 = null",
      "    v2 = const 3",
      "    store_local $x v2",
      "    v3 = const 4",
      "    store_local $c v3",
      "    v4 = closure_cell 0",
      "    store_local $fr v4",
      "    v5 = const 5",
      "    store_local $x v5",
      "    return v5",
    ].join("\n"));
    expect(verifyFunc(cells)).toEqual([]);
    runPass(fastLocals, cells);
    // The cell and free slots' stores stay, in order, and write x's pending store before them.
    expect(body(cells)).toContain("v3 = const 4\n    store_local $x v2\n    store_local $c v3");
    expect(body(cells)).toContain("store_local $fr v4\n    v5 = const 5\n    store_local $x v5\n    return v5");

    const reads = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 1
          store_local $x v2
          v3 = const 2
          store_local $x v3
          v4 = load_global 'locals' @0 [v0 v3 | ]
          return v4
    `, { slots: ["a", "x"], args: 1, names: ["locals"] });
    const before = printFunc(reads);
    const result = runPass(fastLocals, reads);
    expect(result.changedBy).toEqual([]);
    expect(stat(result, fastLocals, "skipped-reads-frame")).toBe(1);
    expect(printFunc(reads)).toBe(before);
  });

  it("keeps a slot that ever holds a container on the front end's stores", () => {
    const f = irFunc(`
      bb0(v0):
          v1 = null
          v2 = const 1
          store_local $x v2
          v3 = build_list v2 @2 [v0 v2 | v2]
          store_local $x v3
          v4 = const 2
          store_local $x v4
          return v4
    `, { slots: ["a", "x"], args: 1 });
    const before = printFunc(f);
    expect(runPass(fastLocals, f).changedBy).toEqual([]);
    expect(printFunc(f)).toBe(before);
  });

  it("is idempotent", () => {
    const f = irFunc(NATIVE_LOOP, { args: 1, slots: ["n", "x", "i"] });
    runPass(fastLocals, f);
    const once = printFunc(f);
    expect(runPass(fastLocals, f).changedBy).toEqual([]);
    expect(printFunc(f)).toBe(once);
  });

  it("makes only as many transformations as the debug counter allows, each valid", () => {
    const unlimited = irFunc(NATIVE_LOOP, { args: 1, slots: ["n", "x", "i"] });
    runPass(fastLocals, unlimited);
    const results = new Set<string>();
    for (let n = 0; n <= 8; n++) {
      const f = irFunc(NATIVE_LOOP, { args: 1, slots: ["n", "x", "i"] });
      const result = runPass(fastLocals, f, n);
      if (n === 0) expect(result.changedBy).toEqual([]);
      results.add(printFunc(f));
    }
    expect(results.has(printFunc(unlimited))).toBe(true);
    expect(results.size).toBeGreaterThan(2);
  });
});
