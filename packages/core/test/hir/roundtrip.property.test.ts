// The text form round-trips (DESIGN.md §2): for generated Python programs, the HIR the front end
// builds, and the HIR after every registered pipeline, print to text that parses back to an equal
// function and prints again to the same text. The modules are compiled by one python3.11 process
// per run (assertBatched); a failure prints the seed and the shrunk module.

import { describe, expect, it } from "vitest";

import { assertBatched, pythonModule, type GeneratedModule } from "../../../testing/src/index.js";
import { createRegistry } from "../../../passes/src/index.js";
// The passes import "@pyjc/core", which is not this package's src/ as a module instance: the IR
// they make (Type immediates) must meet a verifier, printer and parser of that same instance, so
// this test takes everything from "@pyjc/core" too.
import {
  buildHir, funcDifference, OPT_LEVELS, parseFunc, printFunc, runPipeline, verifyFunc, walkCodeObjects,
  type CompileResult, type Func, type Pass,
} from "@pyjc/core";
import { compileModules } from "../fixtures/python.js";

/** Why generated code may stay interpreted: generator expressions are generators. */
const EXPECTED_REJECTIONS = new Set(["generator"]);

function expectRoundTrip(f: Func, where: string): void {
  const text = printFunc(f);
  for (const consts of [f.code.consts, undefined]) {
    const parsed = parseFunc(text, consts ? { consts } : {});
    expect(funcDifference(parsed, f), `${where}: parse(print(f)) differs from f${consts ? "" : " (without co_consts)"}\n${text}`).toBeNull();
    expect(printFunc(parsed), `${where}: printing the parsed function changes the text`).toBe(text);
  }
}

function checkModule(module: GeneratedModule, compiled: CompileResult, pipelines: readonly (readonly [string, readonly Pass[]])[]): void {
  if (!compiled.ok) throw new Error(`generated module does not compile: ${JSON.stringify(compiled.error)}`);
  expect(compiled.warnings ?? [], "generated code compiles without warnings").toEqual([]);
  for (const code of walkCodeObjects(compiled.code)) {
    const built = buildHir(code);
    if (!built.ok) {
      expect(EXPECTED_REJECTIONS, `${code.qualname} rejected: ${built.reason}`).toContain(built.reason);
      continue;
    }
    const where = `${code.qualname} (line ${code.firstLineNo})`;
    expect(verifyFunc(built.func).map((i) => i.message), `${where}: front end output verifies`).toEqual([]);
    expectRoundTrip(built.func, `${where} after the front end`);
    for (const [name, passes] of pipelines) {
      const result = runPipeline(built.func.clone(), passes, { verifyEach: true });
      expect(result.failure, `${where}: ${name} failed: ${result.failure?.message}`).toBeNull();
      expectRoundTrip(result.func, `${where} after ${name}`);
    }
  }
  expect(module.functions.length).toBeGreaterThan(0);
}

describe("text form round trip on generated programs", () => {
  const registry = createRegistry();
  // The registered pipelines, each once (levels that select the same passes are one pipeline).
  const pipelines = new Map<string, Pass[]>();
  for (const level of OPT_LEVELS) {
    const passes = registry.pipeline({ level });
    const key = passes.map((p) => p.name).join(",");
    if (passes.length > 0 && ![...pipelines.values()].some((q) => q.map((p) => p.name).join(",") === key)) pipelines.set(`-O${level}`, passes);
  }

  it("holds for the front end's output and after every pipeline", () => {
    expect(pipelines.size).toBeGreaterThan(0);
    assertBatched<GeneratedModule, CompileResult>({
      // Nesting depth 2, not the generator's 3: at depth 3 a function can reach ~8000 HIR
      // instructions, and both pipelines with the verifier after every pass then take 1-4 s per
      // function (one CI run drew enough of them to spend 11 minutes here). The text form has
      // nothing that needs deeper nesting to show up.
      arbitrary: pythonModule({ maxFunctions: 2, depth: 2 }),
      prepare: (modules) => compileModules(modules.map((m) => m.source)),
      check: (module, compiled) => checkModule(module, compiled, [...pipelines]),
    }, { numRuns: 100 });
  });
});
