// The pass registry: duplicate ids and names are errors naming both sources; the default order
// follows registration and `after`; pipelines are selected by level, enable, disable and only.

import { describe, expect, it } from "vitest";

import { definePass, type Pass } from "../../src/passes/define-pass.js";
import { OPT_LEVELS, PassRegistry, PassRegistryError } from "../../src/passes/registry.js";

const pass = (id: number, name: string, level: 0 | 1 | 2 = 1, after?: string): Pass =>
  definePass({ id, name, description: `pass ${name}`, level, run: () => false, ...(after !== undefined && { after }) });

function registry(...entries: [Pass, string?][]): PassRegistry {
  const r = new PassRegistry();
  for (const [p, source] of entries) r.register(p, source ?? `built-in ${p.name}.ts`);
  return r;
}

const names = (ps: readonly Pass[]) => ps.map((p) => p.name);
const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PassRegistryError);
    return (e as Error).message;
  }
  throw new Error("expected a PassRegistryError");
};

describe("the pass registry", () => {
  it("refuses a duplicate id, naming both passes and sources", () => {
    const r = registry([pass(7, "dce"), "built-in packages/passes/src/07-dce.ts"]);
    expect(thrown(() => r.register(pass(7, "mine"), "plugin /tmp/mine.mjs"))).toBe(
      "duplicate pass id OPT-7: 'mine' from plugin /tmp/mine.mjs and 'dce' from built-in packages/passes/src/07-dce.ts",
    );
  });

  it("refuses a duplicate name, naming both passes and sources", () => {
    const r = registry([pass(7, "dce"), "built-in 07-dce.ts"]);
    expect(thrown(() => r.register(pass(70, "dce"), "plugin /tmp/dce.mjs"))).toBe(
      "duplicate pass name 'dce': OPT-70 from plugin /tmp/dce.mjs and OPT-7 from built-in 07-dce.ts",
    );
    expect(r.list()).toHaveLength(1);
  });

  it("lists passes in registration order, each `after` pass right after its anchor", () => {
    const r = registry(
      [pass(1, "a")], [pass(2, "b")], [pass(3, "after-a", 1, "a")], [pass(4, "c")],
      [pass(5, "after-a-too", 1, "a")], [pass(6, "after-after-a", 1, "after-a-too")], [pass(7, "after-c", 1, "c")],
    );
    expect(names(r.list().map((e) => e.pass))).toEqual(["a", "after-a", "after-a-too", "after-after-a", "b", "c", "after-c"]);
  });

  it("places a pass after one registered later", () => {
    const r = registry([pass(1, "late-anchor-user", 1, "z")], [pass(2, "a")], [pass(3, "z")]);
    expect(names(r.list().map((e) => e.pass))).toEqual(["a", "z", "late-anchor-user"]);
  });

  it("reports an `after` naming an unknown pass, with the source", () => {
    const r = registry([pass(1, "a")], [pass(2, "lost", 1, "nowhere"), "plugin /p/lost.mjs"]);
    expect(thrown(() => r.list())).toBe("pass 'lost' from plugin /p/lost.mjs asks to run after unknown pass 'nowhere'");
  });

  it("finds passes by name, id and label", () => {
    const r = registry([pass(7, "dce"), "src-7"], [pass(12, "gvn"), "src-12"]);
    for (const key of ["dce", "7", "OPT-7", "opt-7", " 7 "]) expect(r.find(key)?.pass.name, key).toBe("dce");
    expect(r.find("OPT-12")?.source).toBe("src-12");
    expect(r.find("8")).toBeUndefined();
    expect(r.find("DCE")).toBeUndefined();
    expect(r.sourceOf(r.resolve("gvn"))).toBe("src-12");
    expect(r.sourceOf(pass(99, "stranger"))).toBe("unknown");
    expect(thrown(() => r.resolve("cse"))).toBe("unknown pass 'cse' (known: OPT-7 dce, OPT-12 gvn)");
    expect(thrown(() => new PassRegistry().resolve("x"))).toBe("unknown pass 'x' (known: none)");
  });

  describe("pipelines", () => {
    const r = registry([pass(1, "always", 0)], [pass(2, "safe", 1)], [pass(3, "aggressive", 2)], [pass(4, "safe-too", 1, "always")]);

    it("select passes by level", () => {
      expect(OPT_LEVELS).toEqual([0, 1, 2]);
      expect(names(r.pipeline({ level: 0 }))).toEqual(["always"]);
      expect(names(r.pipeline({ level: 1 }))).toEqual(["always", "safe-too", "safe"]);
      expect(names(r.pipeline({ level: 2 }))).toEqual(["always", "safe-too", "safe", "aggressive"]);
    });

    it("enable passes above the level and disable passes at it, by name, id or label", () => {
      expect(names(r.pipeline({ level: 0, enable: ["aggressive"] }))).toEqual(["always", "aggressive"]);
      expect(names(r.pipeline({ level: 1, disable: ["OPT-4", "2"] }))).toEqual(["always"]);
      // Disabling wins over enabling.
      expect(names(r.pipeline({ level: 0, enable: ["3"], disable: ["aggressive"] }))).toEqual(["always"]);
    });

    it("run exactly the passes of an explicit pipeline, in its order", () => {
      expect(names(r.pipeline({ level: 0, only: ["aggressive", "always", "aggressive"] }))).toEqual(["aggressive", "always", "aggressive"]);
      expect(names(r.pipeline({ level: 2, only: ["safe", "aggressive"], disable: ["aggressive"] }))).toEqual(["safe"]);
      expect(r.pipeline({ level: 2, only: [] })).toEqual([]);
    });

    it("refuse unknown levels and passes", () => {
      expect(thrown(() => r.pipeline({ level: 3 }))).toBe("optimization level must be one of 0, 1, 2 (got 3)");
      expect(thrown(() => r.pipeline({ level: 1, enable: ["nope"] }))).toMatch(/^unknown pass 'nope' \(known: OPT-1 always, OPT-4 safe-too/);
      expect(thrown(() => r.pipeline({ level: 1, disable: ["OPT-99"] }))).toMatch(/^unknown pass 'OPT-99'/);
      expect(thrown(() => r.pipeline({ level: 1, only: ["safe", "nope"] }))).toMatch(/^unknown pass 'nope'/);
    });
  });
});
