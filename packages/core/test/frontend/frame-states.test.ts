// FrameStates against CPython's own view of the bytecode (dis): every operation that can raise
// carries the state of a real instruction (not an EXTENDED_ARG or a cache entry) that the
// operation comes from, with one local per localsplus slot and the value stack as deep as
// CPython's stack-effect analysis says it is before that instruction runs.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { pythonModule } from "../../../testing/src/index.js";
import { walkCodeObjects, type CodeObject } from "../../src/bytecode/index.js";
import { buildHir } from "../../src/frontend/build.js";
import { printInst } from "../../src/hir/printer.js";
import { PythonSubprocessSource } from "../../src/source/index.js";
import { FIXTURES, PYTHON, runPython } from "../fixtures/python.js";
import { SNIPPETS } from "./snippets.js";

interface OracleCode {
  readonly qualname: string;
  readonly nLocalsPlus: number;
  /** [offset, opname, stack depth before it or null when unreachable] */
  readonly instructions: readonly (readonly [number, string, number | null])[];
}

/** The bytecode instructions each raising HIR operation may come from (default: its name in capitals). */
const SOURCES: Readonly<Record<string, readonly string[]>> = {
  check_eval_breaker: ["RESUME", "JUMP_BACKWARD"],
  check_bound: ["LOAD_FAST", "DELETE_FAST"],
  unary_op: ["UNARY_POSITIVE", "UNARY_NEGATIVE", "UNARY_INVERT"],
  truth: ["POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_FALSE", "JUMP_IF_TRUE_OR_POP", "JUMP_IF_FALSE_OR_POP"],
  call: ["CALL"],
  call_method: ["CALL"],
  call_ex: ["CALL_FUNCTION_EX"],
  raise: ["RAISE_VARARGS"],
};

/** Compiles the modules and asks the dis oracle about the same files. */
function compileWithOracle(sources: readonly string[]): { codes: CodeObject[]; oracle: OracleCode[] }[] {
  const dir = mkdtempSync(join(tmpdir(), "pyjc-fs-"));
  try {
    const paths = sources.map((s, i) => {
      const path = join(dir, `m${i}.py`);
      writeFileSync(path, s);
      return path;
    });
    const compiled = new PythonSubprocessSource({ python: PYTHON }).compileFiles(paths);
    const oracle = JSON.parse(runPython(`${FIXTURES}dis_depths.py`, paths)) as OracleCode[][];
    return compiled.map((r, i) => {
      if (!r.ok) throw new Error(`module ${i} does not compile: ${JSON.stringify(r.error)}\n${sources[i]}`);
      return { codes: walkCodeObjects(r.code), oracle: oracle[i]! };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The eval-breaker check after a backward conditional jump (POP_JUMP_BACKWARD_IF_*) carries the
 * frame at the jump's target (where the interpreter resumes; re-running the jump would evaluate its
 * condition twice), so its offset is the target instruction, whatever that is: checked on its own
 * (see the last test), the other frame states by `frameStateProblems`.
 */
const CHECK_SOURCES = ["RESUME", "JUMP_BACKWARD"];
const isBackwardJumpCheck = (op: string, opname: string) => op === "check_eval_breaker" && !CHECK_SOURCES.includes(opname);

/** Every way a function's frame states disagree with CPython, one line each. */
function frameStateProblems(code: CodeObject, oracle: OracleCode, select: (op: string, opname: string) => boolean): string[] {
  const problems: string[] = [];
  expect(oracle.qualname).toBe(code.qualname);
  expect(code.nLocalsPlus, `${code.qualname}: nlocalsplus`).toBe(oracle.nLocalsPlus);
  const built = buildHir(code);
  if (!built.ok) return problems;
  const f = built.func;
  const at = new Map(oracle.instructions.map(([offset, opname, depth]) => [offset, { opname, depth }]));
  for (const inst of f.instructions()) {
    const fs = inst.frameState;
    if (!fs) continue;
    const where = `${code.qualname}: ${printInst(f, inst)}`;
    if (fs.locals.length !== oracle.nLocalsPlus) problems.push(`${where}: ${fs.locals.length} locals for ${oracle.nLocalsPlus} slots`);
    const real = at.get(fs.offset);
    if (!real) {
      problems.push(`${where}: offset ${fs.offset} is not an instruction`);
      continue;
    }
    if (!select(inst.op, real.opname)) continue;
    const sources = SOURCES[inst.op] ?? [inst.op.toUpperCase()];
    if (!isBackwardJumpCheck(inst.op, real.opname) && !sources.includes(real.opname)) {
      problems.push(`${where}: offset ${fs.offset} is ${real.opname}`);
    }
    if (fs.stack.length !== real.depth) problems.push(`${where}: stack of ${fs.stack.length} at ${real.opname}, CPython has ${real.depth}`);
  }
  return problems;
}

describe("frame states", () => {
  const others = (op: string, opname: string) => !isBackwardJumpCheck(op, opname);
  const snippets = () => {
    const names = Object.keys(SNIPPETS);
    return compileWithOracle(names.map((n) => SNIPPETS[n]!));
  };

  it("match CPython's instructions and stack depths in every snippet", () => {
    const problems = snippets().flatMap(({ codes, oracle }) => codes.flatMap((code, i) => frameStateProblems(code, oracle[i]!, others)));
    expect(problems).toEqual([]);
  });

  it("match CPython's instructions and stack depths in generated programs", () => {
    const sample = fc.sample(pythonModule({ maxFunctions: 2 }), { numRuns: 25, seed: 3111 });
    const modules = compileWithOracle(sample.map((m) => m.source));
    const problems = modules.flatMap(({ codes, oracle }) => codes.flatMap((code, i) => frameStateProblems(code, oracle[i]!, others)));
    expect(problems.slice(0, 20)).toEqual([]);
  });

  // The state at the jump target: its depth is CPython's depth there.
  it("match CPython's stack depth at the eval-breaker check of a backward conditional jump", () => {
    const problems = snippets().flatMap(({ codes, oracle }) => codes.flatMap((code, i) => frameStateProblems(code, oracle[i]!, isBackwardJumpCheck)));
    expect(problems).toEqual([]);
  });
});
