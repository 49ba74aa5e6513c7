// The whole front end over the whole installed stdlib: compile every module through the
// CodeSource, decode every code object, and run an abstract interpreter over the stack effects.
// The last part checks what the HIR builder relies on: the stack depth is the same on every path
// into an instruction (exception edges included), never goes negative, and stays within
// co_stacksize.

import { describe, expect, it } from "vitest";

import {
  decodeExceptionTable,
  decodeInstructions,
  decodeLineTable,
  walkCodeObjects,
  type CodeObject,
} from "../../src/bytecode/index.js";
import { PythonSubprocessSource } from "../../src/source/index.js";
import { stdlibFiles } from "./oracle.js";

/** Returns the maximum stack depth, or a description of the first inconsistency. */
function stackDepths(code: CodeObject): number | string {
  const instructions = decodeInstructions(code);
  const handlers = decodeExceptionTable(code);
  const indexOfStart = new Map(instructions.map((ins, i) => [ins.start, i]));
  const depthAt: (number | undefined)[] = new Array(instructions.length);
  const work: number[] = [];
  let max = 0;
  let problem: string | null = null;
  const flow = (target: number, depth: number, from: number): void => {
    const i = indexOfStart.get(target)!;
    max = Math.max(max, depth);
    if (depthAt[i] === undefined) {
      depthAt[i] = depth;
      work.push(i);
    } else if (depthAt[i] !== depth) {
      problem ??= `depth ${depth} from ${from} but ${depthAt[i]} elsewhere at ${target}`;
    }
  };
  if (instructions.length > 0) flow(0, 0, 0);
  while (work.length > 0 && problem === null) {
    const index = work.pop()!;
    const ins = instructions[index]!;
    const depth = depthAt[index]!;
    const pops = ins.info.pops(ins.arg);
    if (pops > depth) return `${ins.name} at ${ins.offset} pops ${pops} from depth ${depth}`;
    const handler = handlers.handlerAt(ins.offset);
    if (handler !== null) {
      if (handler.depth > depth) return `handler depth ${handler.depth} above ${depth} at ${ins.offset}`;
      flow(handler.target, handler.depth + (handler.lasti ? 1 : 0) + 1, ins.offset);
    }
    if (!ins.info.terminator && ins.next < code.code.length) {
      flow(ins.next, depth - pops + ins.info.pushes(ins.arg, false), ins.offset);
    }
    if (ins.jumpTarget !== null) flow(ins.jumpTarget, depth - pops + ins.info.pushes(ins.arg, true), ins.offset);
  }
  return problem ?? max;
}

describe("the whole stdlib", () => {
  const files = stdlibFiles();
  const results = new PythonSubprocessSource().compileFiles(files);
  const codes = results.flatMap((r) => (r.ok ? walkCodeObjects(r.code) : []));

  it("compiles in one batch", () => {
    expect(files.length).toBeGreaterThan(500);
    const failed = results
      .map((r, i) => [files[i]!, r] as const)
      // Deliberately broken test inputs: bad*.py and test_*.py fixtures of the test suite, and
      // lib2to3's Python 2 sample files (lib2to3/tests/data), which are data, not modules.
      .filter(([file, r]) => !r.ok && !/bad|test_/.test(file.split("/").pop()!) && !file.includes("/lib2to3/tests/data/"));
    expect(failed).toEqual([]);
    expect(codes.length).toBeGreaterThan(10000);
  });

  it("decodes every code object", () => {
    for (const code of codes) {
      const instructions = decodeInstructions(code);
      const lines = decodeLineTable(code);
      expect(lines.positions.length).toBe(code.code.length / 2);
      const handlers = decodeExceptionTable(code);
      for (const entry of handlers.entries) expect(instructions.some((ins) => ins.start === entry.target)).toBe(true);
    }
  });

  it("has consistent stack depths within co_stacksize", () => {
    const problems: string[] = [];
    for (const code of codes) {
      const result = stackDepths(code);
      if (typeof result === "string") problems.push(`${code.filename}:${code.qualname}: ${result}`);
      else if (result > code.stackSize) problems.push(`${code.filename}:${code.qualname}: depth ${result} > ${code.stackSize}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
