// The front end on one Python construct at a time: every function builds and verifies, and the
// HIR has the shape the construct calls for (landing blocks for try, for_iter/is_null/branch for
// `for`, cells for closures, load_name in class bodies, check_bound for maybe-unbound locals...).

import { describe, expect, it } from "vitest";

import { buildCfg } from "../../src/analysis/cfg.js";
import { computeDominators } from "../../src/analysis/dominators.js";
import { findLoops } from "../../src/analysis/loops.js";
import { buildHir, rejectionByFlags } from "../../src/frontend/build.js";
import type { Func, Inst } from "../../src/hir/function.js";
import { Type } from "../../src/hir/types.js";
import { ops, Snippets } from "../fixtures/python.js";
import { SNIPPETS } from "./snippets.js";

const snippets = new Snippets(SNIPPETS);
const insts = (f: Func, op?: string): Inst[] => [...f.instructions()].filter((i) => op === undefined || i.op === op);
const count = (f: Func, op: string) => insts(f, op).length;

/** Blocks that begin with `catch` (after `catch_lasti`): the targets of unwind edges. */
function landingBlocks(f: Func): number[] {
  return f.order.filter((b) => {
    const first = f.block(b).insts.map((id) => f.inst(id).op).filter((op) => op !== "catch_lasti")[0];
    return first === "catch";
  });
}

describe("the front end", () => {
  it("builds and verifies every function of every snippet, and rejects only generators and coroutines", () => {
    const rejected: string[] = [];
    for (const name of Object.keys(SNIPPETS)) {
      for (const code of snippets.codes(name)) {
        const built = buildHir(code);
        if (built.ok) snippets.func(name, code.qualname);
        else rejected.push(`${name}:${code.qualname}: ${built.reason}`);
      }
    }
    expect(rejected).toEqual([
      "comprehensions:f.<locals>.<genexpr>: generator",
      "generator:f: generator",
      "coroutine:f: coroutine",
      "asyncGenerator:f: async generator",
    ]);
  });

  it("rejects by code flags before decoding anything", () => {
    expect(rejectionByFlags(0x20)).toBe("generator");
    expect(rejectionByFlags(0x80)).toBe("coroutine");
    expect(rejectionByFlags(0x100)).toBe("coroutine");
    expect(rejectionByFlags(0x200)).toBe("async generator");
    expect(rejectionByFlags(0x3)).toBeNull();
  });

  it("makes every argument an entry parameter and every slot a frame-state local", () => {
    const f = snippets.func("args");
    expect(f.block(f.entry).params).toHaveLength(7);
    expect(f.code.localsPlusNames).toEqual(["a", "b", "c", "d", "e", "args", "kw"]);
    for (const inst of f.instructions()) if (inst.frameState) expect(inst.frameState.locals).toHaveLength(7);
    // The entry block holds no operation that can raise; RESUME's check comes after it.
    expect(f.block(f.entry).insts.map((id) => f.inst(id).op)).toEqual(["null", "jump"]);
  });

  it("keeps locals in SSA values, written back with store_local", () => {
    const f = snippets.func("locals");
    expect(insts(f, "store_local").map((i) => i.imms[0])).toEqual([1, 1, 2]);
    expect(count(f, "check_bound")).toBe(0);
    expect(insts(f, "binary_op").map((i) => i.imms[0])).toEqual(["add", "inplace_add", "multiply"]);
  });

  it("turns if/elif/else into truth and branch, merging the local in a block parameter", () => {
    const f = snippets.func("ifElse");
    expect(count(f, "truth")).toBe(2);
    expect(count(f, "branch")).toBe(2);
    const ret = insts(f, "return")[0]!;
    expect(f.defInst(ret.args[0]!), "the result is a merge parameter").toBeNull();
  });

  it("builds while loops with an eval-breaker check on every back edge", () => {
    const f = snippets.func("whileLoop");
    const cfg = buildCfg(f);
    const loops = findLoops(cfg, computeDominators(cfg));
    // `continue` jumps back to the test at the top, the bottom test jumps back into the body: two
    // back edges to two headers.
    expect(loops.loops).toHaveLength(2);
    for (const latch of loops.loops.flatMap((l) => l.latches)) {
      expect(f.block(latch).insts.map((id) => f.inst(id).op), `latch bb${latch}`).toContain("check_eval_breaker");
    }
  });

  it("builds for loops from get_iter, for_iter, is_null and branch", () => {
    const f = snippets.func("forLoop");
    expect(count(f, "get_iter")).toBe(1);
    const next = insts(f, "for_iter")[0]!;
    expect(f.typeOf(next.results[0]!).equals(Type.optObject)).toBe(true);
    const isNull = insts(f, "is_null")[0]!;
    expect(isNull.args).toEqual([next.results[0]]);
    const branch = insts(f, "branch").find((b) => b.args[0] === isNull.results[0])!;
    expect(branch).toBeDefined();
    // The body gets the item as a non-NULL object.
    const refine = insts(f, "refine")[0]!;
    expect(refine.args).toEqual([next.results[0]]);
    expect(f.typeOf(refine.results[0]!).equals(Type.object)).toBe(true);
    const cfg = buildCfg(f);
    expect(findLoops(cfg, computeDominators(cfg)).loops.map((l) => l.header)).toEqual([next.block]);
  });

  it("sends exceptions raised in try bodies to landing blocks that catch them", () => {
    for (const name of ["tryExcept", "nestedTry", "exceptStar", "withStatement", "raising", "oddReturns"]) {
      const f = snippets.func(name);
      const landings = landingBlocks(f);
      expect(landings.length, name).toBeGreaterThan(0);
      const unwinding = insts(f).filter((i) => i.unwind);
      expect(unwinding.length, name).toBeGreaterThan(0);
      for (const i of unwinding) expect(landings, `${name}: unwind target of ${i.op}`).toContain(i.unwind!.block);
      // Every landing block is entered by unwind edges only.
      for (const b of landings) {
        const normal = insts(f).filter((i) => i.targets.some((t) => t.block === b));
        expect(normal, `${name}: bb${b} entered normally`).toEqual([]);
      }
    }
    const f = snippets.func("tryExcept");
    expect(count(f, "check_exc_match")).toBe(2);
    expect(count(f, "push_exc_info")).toBeGreaterThanOrEqual(1);
    expect(count(f, "pop_except")).toBeGreaterThanOrEqual(1);
    expect(count(f, "catch_lasti"), "cleanup handlers push lasti").toBeGreaterThanOrEqual(1);
    expect(insts(f, "reraise").some((r) => r.imms[0] === 1 && r.args.length === 2)).toBe(true);
  });

  it("builds except* with exception-group matching", () => {
    const f = snippets.func("exceptStar");
    expect(count(f, "check_eg_match")).toBe(2);
    expect(count(f, "prep_reraise_star")).toBe(1);
  });

  it("builds with statements from before_with, the exit call and with_except_start", () => {
    const f = snippets.func("withStatement");
    expect(count(f, "before_with")).toBe(2);
    expect(count(f, "with_except_start")).toBe(2);
    // Normal exit: __exit__(None, None, None).
    const exits = insts(f, "call").filter((c) => c.args.length === 4);
    expect(exits.length).toBe(2);
  });

  it("returns from loops, with blocks and finally", () => {
    const f = snippets.func("oddReturns");
    expect(count(f, "return")).toBeGreaterThanOrEqual(3);
  });

  it("checks locals that may be unbound, and only those", () => {
    const deleted = snippets.func("deleted");
    const check = insts(deleted, "check_bound")[0]!;
    expect(deleted.defInst(check.args[0]!)?.op, "a deleted local is NULL").toBe("null");
    expect(insts(deleted, "store_local").map((s) => deleted.defInst(s.args[0]!)?.op ?? "param")).toEqual(["param", "null"]);
    const maybe = snippets.func("maybeUnbound");
    const [only] = insts(maybe, "check_bound");
    expect(maybe.typeOf(only!.args[0]!).toString()).toBe("int?");
    expect(maybe.typeOf(only!.results[0]!).toString()).toBe("object");
  });

  it("keeps in-place operators apart from binary ones", () => {
    expect(insts(snippets.func("augmented"), "binary_op").map((i) => i.imms[0])).toEqual([
      "inplace_add", "inplace_subtract", "inplace_multiply", "inplace_floor_divide", "inplace_power", "inplace_lshift", "inplace_or",
    ]);
  });

  it("builds chained comparisons and boolean operators with short circuits", () => {
    const chained = snippets.func("chained");
    expect(insts(chained, "compare_op").map((i) => i.imms[0])).toEqual(["<", "<=", "!="]);
    expect(count(chained, "branch")).toBe(2);
    const boolops = snippets.func("boolops");
    expect(count(boolops, "unary_not")).toBe(1);
    expect(count(boolops, "truth")).toBeGreaterThanOrEqual(2);
  });

  it("builds calls with keyword names, star arguments and call_ex", () => {
    const f = snippets.func("calls");
    expect(insts(f, "call").map((c) => c.imms[0])).toEqual([["k"], []]);
    const ex = insts(f, "call_ex");
    expect(ex).toHaveLength(2);
    expect(ex.map((c) => f.defInst(c.args[2]!)?.op)).toEqual(["build_map", "null"]);
    for (const op of ["list_extend", "list_to_tuple", "dict_merge"]) expect(count(f, op), op).toBeGreaterThan(0);
  });

  it("builds attribute, method, item and slice operations", () => {
    const f = snippets.func("attributes");
    for (const op of ["load_method", "store_attr", "load_attr", "store_subscr", "delete_subscr", "delete_attr", "binary_subscr"]) {
      expect(count(f, op), op).toBeGreaterThan(0);
    }
    expect(insts(f, "call_method")[0]?.imms[0] ?? insts(f, "call")[0]?.imms[0]).toEqual(["k"]);
    expect(insts(f, "build_slice").map((i) => i.args.length).sort()).toEqual([2, 3]);
  });

  it("builds comprehensions as functions of their own", () => {
    const f = snippets.func("comprehensions");
    expect(count(f, "make_function")).toBe(4);
    expect(count(snippets.func("comprehensions", "f.<locals>.<listcomp>"), "list_append")).toBe(1);
    expect(count(snippets.func("comprehensions", "f.<locals>.<dictcomp>"), "map_add")).toBe(1);
    expect(count(snippets.func("comprehensions", "f.<locals>.<setcomp>"), "set_add")).toBe(1);
    expect(count(snippets.func("comprehensions", "f.<locals>.<listcomp>"), "for_iter")).toBe(1);
  });

  it("builds closures: cells in the outer function, closure cells and derefs in the inner ones", () => {
    const f = snippets.func("closures");
    expect(count(f, "make_cell")).toBe(1);
    expect(insts(f, "make_function").map((m) => m.imms[0])).toEqual([8]);
    expect(count(f, "load_deref")).toBe(1);
    const inner = snippets.func("closures", "f.<locals>.inner");
    expect(insts(inner, "closure_cell").map((c) => c.imms[0])).toEqual([0]);
    expect(count(inner, "load_deref")).toBe(2);
    expect(count(inner, "store_deref")).toBe(1);
    const lambdaOwner = snippets.func("lambdas");
    expect(insts(lambdaOwner, "make_function").map((m) => m.imms[0])).toEqual([9]);
    expect(count(snippets.func("lambdas", "f.<locals>.<lambda>"), "load_deref")).toBe(1);
  });

  it("builds class bodies with load_name and store_name, and class derefs", () => {
    const body = snippets.func("classBody", "C");
    expect(insts(body, "store_name").map((i) => i.imms[0])).toEqual(["__module__", "__qualname__", "a", "b", "m"]);
    expect(insts(body, "load_name").map((i) => i.imms[0])).toEqual(["__name__", "a"]);
    expect(count(snippets.func("classBody", "<module>"), "load_build_class")).toBe(1);
    expect(count(snippets.func("classDeref", "f.<locals>.C"), "load_classderef")).toBe(1);
    expect(count(snippets.func("classDeref", "f.<locals>.C.m"), "load_deref")).toBe(1);
  });

  it("builds f-strings with conversions and format specs", () => {
    const f = snippets.func("fstrings");
    const formats = insts(f, "format_value").map((i) => `${i.imms[0]}/${i.args.length}`);
    expect(formats).toEqual(["none/1", "repr/2", "none/2", "ascii/1", "none/1", "str/2", "none/1"]);
    expect(count(f, "build_string")).toBe(3);
  });

  it("builds star unpacking with the list in the middle", () => {
    const f = snippets.func("unpacking");
    const [first, second] = insts(f, "unpack_ex");
    expect(first!.imms).toEqual([1, 1]);
    expect(first!.results.map((r) => f.typeOf(r).toString())).toEqual(["object", "list", "object"]);
    expect(second!.imms).toEqual([0, 1]);
    expect(second!.results.map((r) => f.typeOf(r).toString())).toEqual(["list", "object"]);
    expect(insts(f, "unpack_sequence").map((i) => i.imms[0])).toEqual([2]);
  });

  it("builds assert, global, raise and raise-from", () => {
    const assertion = snippets.func("assertion");
    expect(count(assertion, "load_assertion_error")).toBe(2);
    expect(insts(assertion, "raise").map((r) => r.args.length)).toEqual([1, 1]);
    const globals = snippets.func("globals");
    for (const op of ["load_global", "store_global", "delete_global"]) expect(count(globals, op), op).toBeGreaterThan(0);
    const raising = snippets.func("raising");
    // raise ValueError(x) from None, raise KeyError, raise RuntimeError(...) from e, raise.
    expect(insts(raising, "raise").map((r) => r.imms[0]).sort()).toEqual([0, 1, 2, 2]);
    expect(count(raising, "reraise")).toBeGreaterThan(0);
  });

  it("builds match statements", () => {
    const f = snippets.func("matching");
    for (const op of ["match_sequence", "match_mapping", "match_keys", "match_class", "get_len", "unpack_ex", "dict_update", "delete_subscr"]) {
      expect(count(f, op), op).toBeGreaterThan(0);
    }
    expect(insts(f, "match_class").map((m) => m.imms[0])).toEqual([1, 1, 1, 0]);
  });

  it("builds imports, annotations and module-level names", () => {
    const f = snippets.func("imports");
    expect(insts(f, "import_name").map((i) => i.imms[0])).toEqual(["os.path", "os"]);
    expect(insts(f, "import_from").map((i) => i.imms[0])).toEqual(["sep", "curdir"]);
    const m = snippets.func("module", "<module>");
    for (const op of ["setup_annotations", "import_star", "store_name", "load_name", "delete_name", "store_subscr"]) {
      expect(count(m, op), op).toBeGreaterThan(0);
    }
  });

  it("builds container displays", () => {
    const f = snippets.func("displays");
    for (const op of ["build_tuple", "build_list", "list_extend", "build_set", "set_update", "build_map", "dict_update", "build_const_key_map", "build_slice", "build_string"]) {
      expect(count(f, op), op).toBeGreaterThan(0);
    }
  });

  it("handles EXTENDED_ARG: large functions build with frame states at real instructions", () => {
    const f = snippets.func("longFunction");
    expect(count(f, "binary_op")).toBe(300);
    expect(snippets.code("longFunction").consts.length).toBeGreaterThan(256);
  });

  it("uses the operations the verifier expects in the order the bytecode runs them", () => {
    // A sanity check on layout: the entry block comes first and jumps to the first bytecode block.
    for (const name of ["locals", "tryExcept", "matching"]) {
      const f = snippets.func(name);
      expect(f.order[0]).toBe(f.entry);
      expect(ops(f).slice(0, 2)).toEqual(["null", "jump"]);
    }
  });
});
