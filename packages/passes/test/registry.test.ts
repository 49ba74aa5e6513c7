// The built-in pass table: stable ids and names, one file per pass named after them, the default
// pipeline order, and the levels.

import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import { builtinPasses, createRegistry } from "../src/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe("built-in passes", () => {
  it("have unique ids, the six named optimizations as OPT-1..OPT-6 (DESIGN §4), and unique names", () => {
    const ids = builtinPasses.map((b) => b.pass.id);
    expect(new Set(ids).size).toBe(ids.length);
    const named = Object.fromEntries(builtinPasses.filter((b) => b.pass.id <= 6).map((b) => [b.pass.id, b.pass.name]));
    expect(named).toEqual({
      1: "is-pointer-compare", 2: "small-int-compare", 3: "list-const-index",
      4: "builtin-types", 5: "unbox-numbers", 6: "fast-locals",
    });
    const names = builtinPasses.map((b) => b.pass.name);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const { pass, file } of builtinPasses) {
    it(`${pass.label} ${pass.name} lives in its own file, which opens by naming it`, () => {
      expect(basename(file)).toBe(`${String(pass.id).padStart(2, "0")}-${pass.name}.ts`);
      expect(existsSync(join(ROOT, file))).toBe(true);
      expect(readFileSync(join(ROOT, file), "utf-8").startsWith(`// ${pass.label} ${pass.name}: `)).toBe(true);
      expect(pass.doc).toBe(`docs/optimizations/${pass.label}-${pass.name}.md`);
    });
  }

  it("run in the default order at level 1, and not at level 0", () => {
    const registry = createRegistry();
    const all = [
      "const-fold", "builtin-types", "list-const-index", "small-int-compare", "is-pointer-compare",
      "unbox-numbers", "fast-locals", "simplify-cfg", "dce",
    ];
    expect(registry.pipeline({ level: 1 }).map((p) => p.name)).toEqual(all.filter((n) => registry.resolve(n).level <= 1));
    expect(registry.pipeline({ level: 2 }).map((p) => p.name)).toEqual(all);
    expect(registry.pipeline({ level: 0 })).toEqual([]);
    expect(registry.resolve("OPT-9").name).toBe("const-fold");
  });
});
