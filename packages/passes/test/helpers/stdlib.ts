// Real functions to run passes on: every code object of a few hundred stdlib modules, compiled by
// one python3.11 process and built into HIR once per test file.

import { readdirSync } from "node:fs";
import { join } from "node:path";

import { buildHir, PythonSubprocessSource, walkCodeObjects, type Func } from "@pyjc/core";
import { PYTHON } from "./golden.js";

const STDLIB = "/usr/lib/python3.11";
/** Trees left out: the regression suite and tools (big, and not what gets compiled in practice). */
const SKIP = /^(test|idlelib|lib2to3|site-packages|dist-packages|config-|__pycache__|turtledemo|ensurepip|tkinter)/;

/**
 * Every top-level module of the stdlib, then modules of its packages, spread evenly, up to
 * `count` files, sorted (deterministic).
 */
export function stdlibModules(count: number): string[] {
  const all = readdirSync(STDLIB, { recursive: true, encoding: "utf-8" })
    .filter((p) => p.endsWith(".py") && !SKIP.test(p))
    .sort();
  const top = all.filter((p) => !p.includes("/"));
  const nested = all.filter((p) => p.includes("/"));
  const room = Math.max(0, count - top.length);
  const step = nested.length / Math.max(1, room);
  const picked = room === 0 ? [] : nested.filter((_, i) => Math.floor(i / step) !== Math.floor((i - 1) / step));
  return [...top.slice(0, count), ...picked.slice(0, room)].map((p) => join(STDLIB, p)).sort();
}

export interface StdlibFunc {
  readonly where: string;
  readonly func: Func;
}

/** The HIR of every function the front end accepts in `files` (generators and the like are skipped). */
export function stdlibFunctions(files: readonly string[]): StdlibFunc[] {
  const out: StdlibFunc[] = [];
  const results = new PythonSubprocessSource({ python: PYTHON }).compileFiles(files);
  results.forEach((r, i) => {
    if (!r.ok) return;
    for (const code of walkCodeObjects(r.code)) {
      const built = buildHir(code);
      if (built.ok) out.push({ where: `${files[i]}:${code.firstLineNo} ${code.qualname}`, func: built.func });
    }
  });
  return out;
}
