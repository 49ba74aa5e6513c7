// The built-in pass table: stable ids and names, one file per pass named after them, the default
// pipeline order, and the levels.

import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import { builtinPasses, createRegistry } from "../src/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe("built-in passes", () => {
  it("have unique ids outside the reserved OPT-1..OPT-6 and unique names", () => {
    const ids = builtinPasses.map((b) => b.pass.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id >= 1 && id <= 6)).toEqual([]);
    const names = builtinPasses.map((b) => b.pass.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const { pass, file } of builtinPasses) {
    it(`${pass.label} ${pass.name} lives in its own file, which opens by naming it`, () => {
      expect(basename(file)).toBe(`${String(pass.id).padStart(2, "0")}-${pass.name}.ts`);
      expect(existsSync(join(ROOT, file))).toBe(true);
      expect(readFileSync(join(ROOT, file), "utf-8").startsWith(`// ${pass.label} ${pass.name}: `)).toBe(true);
      expect(pass.doc).toBe(`docs/optimizations/${basename(file, ".ts")}.md`);
    });
  }

  it("run in the default order at level 1, and not at level 0", () => {
    const registry = createRegistry();
    expect(registry.pipeline({ level: 1 }).map((p) => p.name)).toEqual(["const-fold", "simplify-cfg", "dce"]);
    expect(registry.pipeline({ level: 2 }).map((p) => p.name)).toEqual(["const-fold", "simplify-cfg", "dce"]);
    expect(registry.pipeline({ level: 0 })).toEqual([]);
    expect(registry.resolve("OPT-9").name).toBe("const-fold");
  });
});
