// Plugins from ESM files: a pass definition, an array of them or a factory `(pyjc) => ...` given
// the @pyjc/core API; every failure (missing file, syntax error, no or null default export, a
// throwing factory, an invalid definition) is a PluginError naming the file.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import * as core from "../../src/index.js";
import { loadPlugin, PluginError } from "../../src/passes/plugins.js";
import { PassRegistry } from "../../src/passes/registry.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { ir } from "../fixtures/ir.js";

const dir = mkdtempSync(join(tmpdir(), "pyjc-plugins-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Writes a plugin module and returns its path (each file is new, so imports are never cached). */
function plugin(source: string): string {
  const path = join(dir, `plugin-${counter++}.mjs`);
  writeFileSync(path, source);
  return path;
}

const def = (id: number, name: string, extra = "") =>
  `{ id: ${id}, name: "${name}", description: "a plugin pass", level: 2, run() { return false; }${extra} }`;

async function refusal(path: string): Promise<PluginError> {
  try {
    await loadPlugin(path, core);
  } catch (e) {
    expect(e).toBeInstanceOf(PluginError);
    expect((e as PluginError).path).toBe(path);
    expect((e as Error).message.startsWith(`plugin ${path}: `)).toBe(true);
    return e as PluginError;
  }
  throw new Error(`plugin ${path} loaded`);
}

describe("loadPlugin", () => {
  it("loads a pass definition exported as an object", async () => {
    const [pass, ...rest] = await loadPlugin(plugin(`export default ${def(500, "from-object")};\n`), core);
    expect(rest).toEqual([]);
    expect(pass).toMatchObject({ id: 500, name: "from-object", label: "OPT-500", level: 2, doc: "docs/optimizations/OPT-500-from-object.md" });
    expect(Object.isFrozen(pass)).toBe(true);
  });

  it("loads an array of definitions", async () => {
    const passes = await loadPlugin(plugin(`export default [${def(501, "first")}, ${def(502, "second", ', after: "first"')}];\n`), core);
    expect(passes.map((p) => [p.label, p.name, p.after])).toEqual([["OPT-501", "first", null], ["OPT-502", "second", "first"]]);
  });

  it("calls a factory with the @pyjc/core API, so a plugin needs no imports", async () => {
    const path = plugin(`
export default (pyjc) => {
  const drop = pyjc.definePass({
    id: 503, name: "factory-made", description: "drops unused constants", level: 1,
    run(func) {
      const uses = func.useCounts();
      let changed = false;
      for (const inst of [...func.instructions()]) {
        if (inst.op === "const" && !uses.has(inst.results[0])) { func.remove(inst.id); changed = true; }
      }
      return changed;
    },
  });
  if (!pyjc.Type.object.isObjectLike) throw new Error("no API");
  return [drop, ${def(504, "plain-too")}];
};
`);
    const passes = await loadPlugin(path, core);
    expect(passes.map((p) => p.name)).toEqual(["factory-made", "plain-too"]);
    const registry = new PassRegistry();
    for (const p of passes) registry.register(p, `plugin ${path}`);
    const f = ir(`
      bb0(v0):
          v1 = const 1
          return v0
    `);
    const result = runPipeline(f, registry.pipeline({ level: 2 }), { verifyEach: true });
    expect(result.failure).toBeNull();
    expect(result.changedBy.map((p) => p.name)).toEqual(["factory-made"]);
    expect(registry.sourceOf(passes[0]!)).toBe(`plugin ${path}`);
  });

  it("reports a missing file", async () => {
    const path = join(dir, "nowhere.mjs");
    expect((await refusal(path)).message).toBe(`plugin ${path}: file not found`);
  });

  it("reports a module that does not load", async () => {
    expect((await refusal(plugin("export default {\n  id: 1,,\n};\n"))).message).toMatch(/: failed to load: .+/);
    expect((await refusal(plugin("throw new Error('top-level failure');\n"))).message).toMatch(/: failed to load: top-level failure$/);
  });

  it("reports a missing default export", async () => {
    expect((await refusal(plugin(`export const pass = ${def(505, "named")};\n`))).message).toMatch(
      /: has no default export \(export a pass definition, an array of them, or a function \(pyjc\) => \.\.\.\)$/,
    );
  });

  it("reports null, empty and non-object exports", async () => {
    expect((await refusal(plugin("export default null;\n"))).message).toMatch(/: export is null, not a pass definition$/);
    expect((await refusal(plugin("export default [];\n"))).message).toMatch(/: exports no passes$/);
    expect((await refusal(plugin(`export default [${def(506, "ok")}, 42];\n`))).message).toMatch(/: export \[1\] is number, not a pass definition$/);
    expect((await refusal(plugin("export default () => null;\n"))).message).toMatch(/: export is null, not a pass definition$/);
  });

  it("reports a factory that throws", async () => {
    expect((await refusal(plugin("export default () => { throw new Error('no luck'); };\n"))).message).toMatch(/: its factory threw: no luck$/);
  });

  it("reports an invalid definition with the plugin's path and the pass's name", async () => {
    const e = await refusal(plugin(`export default { id: 507, name: "bad-level", description: "x", level: 5, run() { return false; } };\n`));
    expect(e.message).toMatch(/: pass 'bad-level': level must be 0, 1 or 2 \(got 5\)$/);
    const kebab = await refusal(plugin(`export default [${def(508, "Fine")}];\n`));
    expect(kebab.message).toMatch(/: pass 'Fine': name must be kebab-case/);
  });
});
