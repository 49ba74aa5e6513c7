import { describe, expect, it } from "vitest";

import {
  CO_ASYNC_GENERATOR,
  CO_COROUTINE,
  CO_FAST_CELL,
  CO_FAST_FREE,
  CO_FAST_LOCAL,
  CO_GENERATOR,
  CO_NESTED,
  CO_NEWLOCALS,
  CO_NOFREE,
  CO_OPTIMIZED,
  CO_VARARGS,
  CO_VARKEYWORDS,
  cellVars,
  codeFlagNames,
  freeVars,
  makeCodeObject,
  totalArgCount,
  varNames,
  walkCodeObjects,
  type CodeObject,
} from "../../src/bytecode/index.js";
import { PythonSubprocessSource } from "../../src/source/index.js";

const source = new PythonSubprocessSource();

function compile(text: string): CodeObject {
  const result = source.compileSource(text, "<test>");
  if (!result.ok) throw new Error(result.error.kind === "syntax" ? result.error.formatted : result.error.message);
  return result.code;
}

describe("CodeObject", () => {
  it("derives the localsplus counts as codeobject.c does", () => {
    const code = makeCodeObject({
      argCount: 2, posOnlyArgCount: 0, kwOnlyArgCount: 0, stackSize: 1, flags: CO_OPTIMIZED | CO_NEWLOCALS,
      code: new Uint8Array(0), consts: [], names: [],
      localsPlusNames: ["a", "b", "tmp", "cell", "free1", "free2"],
      localsPlusKinds: Uint8Array.from([
        CO_FAST_LOCAL | CO_FAST_CELL, CO_FAST_LOCAL, CO_FAST_LOCAL, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_FREE,
      ]),
      filename: "<t>", name: "f", qualname: "f", firstLineNo: 1, lineTable: new Uint8Array(0), exceptionTable: new Uint8Array(0),
    });
    expect([code.nLocalsPlus, code.nLocals, code.nCellVars, code.nPlainCellVars, code.nFreeVars]).toEqual([6, 3, 2, 1, 2]);
    expect(varNames(code)).toEqual(["a", "b", "tmp"]);
    expect(cellVars(code)).toEqual(["a", "cell"]);
    expect(freeVars(code)).toEqual(["free1", "free2"]);
  });

  it("rejects mismatched localsplus names and kinds", () => {
    expect(() =>
      makeCodeObject({
        argCount: 0, posOnlyArgCount: 0, kwOnlyArgCount: 0, stackSize: 0, flags: 0, code: new Uint8Array(0),
        consts: [], names: [], localsPlusNames: ["x"], localsPlusKinds: new Uint8Array(0), filename: "", name: "",
        qualname: "", firstLineNo: 1, lineTable: new Uint8Array(0), exceptionTable: new Uint8Array(0),
      }),
    ).toThrow(/1 localsplus names but 0 kinds/);
  });

  it("reads flags, argument slots and cells of real functions", () => {
    const module = compile(
      [
        "def f(a, /, b, *args, c, **kw):",
        "    def g():",
        "        return a, c",
        "    return g",
        "async def co(): await x",
        "async def agen(): yield 1",
        "def gen(): yield 1",
      ].join("\n"),
    );
    const [, f, g, co, agen, gen] = walkCodeObjects(module);
    expect(totalArgCount(f!)).toBe(5);
    expect(varNames(f!)).toEqual(["a", "b", "c", "args", "kw", "g"]);
    expect(cellVars(f!)).toEqual(["a", "c"]);
    expect(freeVars(g!)).toEqual(["a", "c"]);
    expect(f!.flags & (CO_VARARGS | CO_VARKEYWORDS)).toBe(CO_VARARGS | CO_VARKEYWORDS);
    expect(codeFlagNames(g!.flags)).toEqual(["OPTIMIZED", "NEWLOCALS", "NESTED"]);
    expect(g!.flags & CO_NESTED).toBe(CO_NESTED);
    expect(co!.flags & CO_COROUTINE).toBe(CO_COROUTINE);
    expect(agen!.flags & CO_ASYNC_GENERATOR).toBe(CO_ASYNC_GENERATOR);
    expect(gen!.flags & CO_GENERATOR).toBe(CO_GENERATOR);
    for (const code of walkCodeObjects(module)) expect(code.flags & CO_NOFREE).toBe(0);
    expect(codeFlagNames(0x1000003)).toEqual(["OPTIMIZED", "NEWLOCALS", "0x1000000"]);
  });

  it("walks nested code objects depth-first in co_consts order", () => {
    const module = compile(
      [
        "def f():",
        "    def g():",
        "        def h(): pass",
        "    lam = lambda: 0",
        "class C:",
        "    def m(self): return [x for x in self]",
        "def last(): pass",
      ].join("\n"),
    );
    expect(walkCodeObjects(module).map((c) => c.qualname)).toEqual([
      "<module>",
      "f",
      "f.<locals>.g",
      "f.<locals>.g.<locals>.h",
      "f.<locals>.<lambda>",
      "C",
      "C.m",
      "C.m.<locals>.<listcomp>",
      "last",
    ]);
  });
});
