// The programs @pyjc/testing generates (and the front end is tested on) are what they promise:
// valid Python 3.11 without compile warnings, terminating, deterministic (the same results under
// two str hash seeds), free of scoping mistakes, using every construct on the list, and mostly
// returning normally so that the whole body runs.

import { spawnSync } from "node:child_process";

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { pythonCall, pythonModule, type GeneratedModule } from "../../../testing/src/index.js";
import { FIXTURES, PYTHON, compileModules } from "../fixtures/python.js";

type Outcome = ["ok", string] | ["raised", string, string] | ["timeout"];

function run(cases: readonly { source: string; calls: string[] }[], hashSeed: string): ({ error: string } | Outcome[])[] {
  const child = spawnSync(PYTHON, ["-I", "-S", `${FIXTURES}run_generated.py`], {
    input: JSON.stringify(cases),
    env: { PYTHONHASHSEED: hashSeed },
    encoding: "utf-8",
    maxBuffer: 1 << 30,
  });
  if (child.status !== 0) throw new Error(`run_generated.py failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ({ error: string } | Outcome[])[];
}

/** Constructs every sample must contain (the generator's promise), as regular expressions on the source. */
const CONSTRUCTS: Readonly<Record<string, RegExp>> = {
  "positional-only parameters": /def f\d\([^)]*\/[,)]/,
  "keyword-only parameters": /def f\d\([^)]*\*(args)?, p\d/,
  "*args": /def f\d\([^)]*\*args/,
  "**kwargs": /def f\d\([^)]*\*\*kw/,
  defaults: /def f\d\([^)]*p\d=/,
  elif: /^\s+elif /m,
  else: /^\s+else:/m,
  "while": /^\s+while w\d+ < /m,
  "while True": /^\s+while True:/m,
  "for-else": /^\s+for .*\n(?:.*\n)*?\s+else:/m,
  break: /^\s+break$/m,
  continue: /^\s+continue$/m,
  "try/except as": /^\s+except .* as e\d+:/m,
  "bare except": /^\s+except:/m,
  "except*": /^\s+except\* /m,
  finally: /^\s+finally:/m,
  with: /^\s+with _CM\(/m,
  "del local": /^\s+del [a-z]\d$/m,
  "del item": /^\s+del .*\[/m,
  "augmented assignment": /^\s+\S+ (\+|-|\*|\/\/|%|\||&|\^|<<|>>)= /m,
  "star unpacking": /^\s+\S+, \*\S+ = /m,
  "chained comparison": /(<|<=|>|>=|==|!=) [^()]* (<|<=|>|>=|==|!=) /,
  "and/or": / (and|or) /,
  "keyword argument": /_call\([^)]*c=/,
  "star argument": /\(\*\[|, \*/,
  "double-star argument": /\*\*\{|\*\*d0|\*\*kw/,
  "method call": /\.(append|bump|get|count|find|upper|setdefault)\(/,
  attribute: /o0\.v/,
  subscript: /\[["\w]+\]/,
  "list comprehension": /\[[^\]]* for c\d+ in /,
  "dict comprehension": /\{"k%d" % /,
  "generator expression": /(sum|any|all)\([^[]* for c\d+ in /,
  lambda: /lambda a\d+/,
  "nested function": /^\s+def g\d+\(/m,
  nonlocal: /^\s+nonlocal /m,
  "class body": /^\s+class K\d+:/m,
  "f-string": /f'/,
  "format spec": /f'[^']*\{[^}]*:[^}]+\}/,
  "nested format spec": /:>\{/,
  assert: /^\s+assert /m,
  global: /^\s+global G0$/m,
  match: /^\s+match /m,
  "case guard": /^\s+case .* if .*:$/m,
  raise: /^\s+raise \w+/m,
  "raise from": /^\s+raise .* from /m,
  "bare raise": /^\s+raise$/m,
  "return in a loop or try": /^ {12,}return /m,
  walrus: /:=/,
};

describe("generated programs", () => {
  const sample: GeneratedModule[] = fc.sample(pythonModule(), { numRuns: 60, seed: 77 });
  const cases = sample.map((m, i) => ({
    source: m.source,
    calls: m.functions.flatMap((f) => fc.sample(pythonCall(f), { numRuns: 3, seed: i })),
  }));

  it("compile without errors or warnings", () => {
    const results = compileModules(sample.map((m) => m.source));
    for (const [i, r] of results.entries()) {
      expect(r.ok ? (r.warnings ?? []) : r.error, `module ${i}:\n${sample[i]!.source}`).toEqual(r.ok ? [] : undefined);
    }
  });

  it("terminate, are deterministic and have no scoping mistakes", () => {
    const first = run(cases, "1");
    const second = run(cases, "2");
    expect(second).toEqual(first);
    const outcomes = first.flatMap((r, i) => {
      if (!Array.isArray(r)) throw new Error(`module ${i} does not compile: ${r.error}`);
      return r.map((o, j) => ({ o, where: `module ${i}, ${cases[i]!.calls[j]}` }));
    });
    const broken = outcomes.filter(({ o }) => o[0] === "timeout" || (o[0] === "raised" && /NameError|SyntaxError|RecursionError|MemoryError/.test(o[1])));
    expect(broken.map(({ o, where }) => `${where}: ${o.join(" ")}`)).toEqual([]);
    const ok = outcomes.filter(({ o }) => o[0] === "ok").length;
    expect(ok / outcomes.length, "most calls return normally").toBeGreaterThan(0.5);
  });

  it("use every construct on the list", () => {
    const missing = Object.entries(CONSTRUCTS).filter(([, re]) => !sample.some((m) => re.test(m.source))).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
