// Golden IR cases (Binaryen lit / Cranelift filetest style): a Python file per case under
// test/golden/<NN-pass>/, whose leading comments say what runs:
//
//   # passes: const-fold, simplify-cfg, dce     the pipeline, by pass name or OPT-<id> (required)
//   # function: f, C.m                          qualnames to print (default: all but <module>)
//   # arg-types: int, list, -                   a profile: the exact type of each localsplus slot
//                                               at the call that made the function hot (- none)
//   # specialized: 10 COMPARE_OP_INT_JUMP       a profile: the interpreter's specialization at a
//                                               bytecode offset (comma-separated pairs)
// Without profile lines a case runs as `pyjc ir` does, offline with the empty profile; with them,
// every function of the case sees that profile.
//
// The expected output is the sibling .ir file: for each function, the passes that changed it, the
// statistics they counted, and its IR after the pipeline (printFunc). `pnpm run golden:update`
// (PYJC_UPDATE_GOLDEN=1) rewrites the .ir files; they are never edited by hand.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import {
  BUILTINS, buildHir, EMPTY_PROFILE, PythonSubprocessSource, printFunc, runPipeline, walkCodeObjects, type BuiltinName, type Func, type Pass,
  type Profile,
} from "@pyjc/core";
import { createRegistry } from "../../src/index.js";

export const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
export const UPDATE = process.env.PYJC_UPDATE_GOLDEN === "1";
export const PYTHON = "/usr/bin/python3.11";

export interface GoldenCase {
  /** Relative to GOLDEN_DIR, e.g. "09-const-fold/int-chain.py"; also the code's filename. */
  readonly name: string;
  readonly source: string;
  readonly passes: readonly Pass[];
  readonly functions: readonly string[] | null;
  /** From `# arg-types:` and `# specialized:`; EMPTY_PROFILE without them. */
  readonly profile?: Profile;
}

export interface FunctionOutcome {
  readonly qualname: string;
  /** After the front end, before any pass. */
  readonly before: Func | null;
  readonly after: Func | null;
  readonly changedBy: readonly Pass[];
  readonly stats: string[];
  /** Why there is no IR: the front end rejected it, or a pass failed (the test fails then). */
  readonly problem: string | null;
}

export function goldenCases(): string[] {
  return readdirSync(GOLDEN_DIR, { recursive: true, encoding: "utf-8" })
    .filter((p) => p.endsWith(".py"))
    .map((p) => p.split("\\").join("/"))
    .sort();
}

export function readCase(name: string): GoldenCase {
  const source = readFileSync(join(GOLDEN_DIR, name), "utf-8");
  const registry = createRegistry();
  let passes: Pass[] | null = null;
  let functions: string[] | null = null;
  let argTypes: (BuiltinName | null)[] | null = null;
  let specialized: Map<number, string> | null = null;
  const caches = new Map<number, number[]>();
  for (const line of source.split("\n")) {
    if (!line.startsWith("#")) break;
    const m = /^#\s*(passes|function|arg-types|specialized):\s*(.*)$/.exec(line);
    if (!m) continue;
    const items = m[2]!.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (m[1] === "passes") passes = items.map((k) => registry.resolve(k));
    else if (m[1] === "function") functions = items;
    else if (m[1] === "arg-types") {
      argTypes = items.map((t) => {
        if (t === "-") return null;
        if (!(BUILTINS as readonly string[]).includes(t)) throw new Error(`${name}: unknown builtin type '${t}' in arg-types`);
        return t as BuiltinName;
      });
    } else {
      specialized = new Map(items.map((item) => {
        const [offset, opcode, cache] = item.split(/\s+/);
        const units = cache?.split("/").map(Number) ?? [];
        if (!/^\d+$/.test(offset ?? "") || !opcode || units.some((u) => !Number.isInteger(u) || u < 0 || u > 0xffff)) {
          throw new Error(`${name}: bad '# specialized:' item '${item}' (want: OFFSET OPCODE [CACHE/UNITS])`);
        }
        if (cache !== undefined) caches.set(Number(offset), units);
        return [Number(offset), opcode] as const;
      }));
    }
  }
  if (passes === null) throw new Error(`${name}: no '# passes:' line`);
  if (argTypes === null && specialized === null) return { name, source, passes, functions };
  const table = specialized ?? new Map<number, string>();
  const profile: Profile = {
    argTypes: argTypes ?? [],
    specializedAt: (offset) => table.get(offset) ?? null,
    cacheAt: (offset) => caches.get(offset) ?? null,
  };
  return { name, source, passes, functions, profile };
}

export function runCase(c: GoldenCase): FunctionOutcome[] {
  const compiled = new PythonSubprocessSource({ python: PYTHON }).compileSource(c.source, c.name);
  if (!compiled.ok) throw new Error(`${c.name}: ${JSON.stringify(compiled.error)}`);
  const codes = walkCodeObjects(compiled.code).filter((code) =>
    c.functions === null ? code.qualname !== "<module>" : c.functions.includes(code.qualname),
  );
  const missing = (c.functions ?? []).filter((q) => !codes.some((code) => code.qualname === q));
  if (missing.length > 0) throw new Error(`${c.name}: no function ${missing.join(", ")}`);
  return codes.map((code) => {
    const built = buildHir(code);
    if (!built.ok) return { qualname: code.qualname, before: null, after: null, changedBy: [], stats: [], problem: `stays interpreted: ${built.reason}` };
    const before = built.func.clone();
    const result = runPipeline(built.func, c.passes, { verifyEach: true, profile: c.profile ?? EMPTY_PROFILE });
    const stats = [...result.stats].flatMap(([pass, m]) => [...m].map(([k, v]) => `${pass}.${k}=${v}`)).sort();
    if (result.failure) {
      const { pass, kind, message } = result.failure;
      return { qualname: code.qualname, before, after: null, changedBy: [], stats, problem: `${pass.label} ${pass.name} ${kind}: ${message}` };
    }
    return { qualname: code.qualname, before, after: result.func, changedBy: result.changedBy, stats, problem: null };
  });
}

export function formatOutcomes(c: GoldenCase, outcomes: readonly FunctionOutcome[]): string {
  const out = [
    `; ${c.name}: generated by \`pnpm run golden:update\`, do not edit`,
    `; passes: ${c.passes.map((p) => p.name).join(", ")}`,
  ];
  for (const o of outcomes) {
    out.push("");
    if (o.after === null) {
      out.push(`; function ${o.qualname}: ${o.problem}`);
      continue;
    }
    const by = o.changedBy.map((p) => `${p.label} ${p.name}`).join(", ");
    out.push(`; function ${o.qualname}: ${by === "" ? "unchanged" : `changed by ${by}`}`);
    if (o.stats.length > 0) out.push(`; stats: ${o.stats.join(", ")}`);
    out.push(printFunc(o.after).trimEnd());
  }
  return out.join("\n") + "\n";
}
