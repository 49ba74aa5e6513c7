// `pyjc passes --list`: the table and the JSON are pinned against the registry itself (built-ins
// from @pyjc/passes plus plugins loaded as the CLI loads them), so they follow the pass table as it
// grows without hard-coding its contents.

import * as core from "@pyjc/core";
import { createRegistry } from "@pyjc/passes";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, EXAMPLE_PLUGIN, pyjc, ROOT } from "./helpers.js";

async function expectedEntries(plugins: string[] = []): Promise<core.RegisteredPass[]> {
  const registry = createRegistry();
  for (const path of plugins) {
    for (const pass of await core.loadPlugin(`${ROOT}/${path}`, core)) registry.register(pass, `plugin ${path}`);
  }
  return registry.list();
}

function shortSource(source: string): string {
  return source.startsWith("built-in ") ? "built-in" : source;
}

beforeAll(buildCli);

describe("pyjc passes --list", () => {
  it.each([[[] as string[]], [[EXAMPLE_PLUGIN]]])("prints one row per registered pass, in pipeline order (plugins %j)", async (plugins) => {
    const r = pyjc(["passes", "--list", ...plugins.flatMap((p) => ["--plugin", p])]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]!.split(/\s{2,}/)).toEqual(["ID", "NAME", "LEVEL", "DESCRIPTION", "DOC", "SOURCE"]);
    const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
    const expected = (await expectedEntries(plugins)).map(({ pass, source }) => [
      pass.label,
      pass.name,
      String(pass.level),
      pass.description,
      pass.doc,
      shortSource(source),
    ]);
    expect(rows).toEqual(expected);
    // Columns line up: every cell of a column starts at the header's offset.
    const offsets = [...lines[0]!.matchAll(/\S+/g)].map((m) => m.index);
    for (const line of lines.slice(1)) {
      let at = 0;
      for (const [i, cell] of line.split(/\s{2,}/).entries()) {
        at = line.indexOf(cell, at);
        expect(at).toBe(offsets[i]);
        at += cell.length;
      }
    }
  });

  it("lists the example plugin as a plugin", () => {
    const r = pyjc(["passes", "--list", "--plugin", EXAMPLE_PLUGIN]);
    expect(r.stdout).toMatch(/^OPT-1000 +count-consts +1 +Counts constant loads.* +plugin examples\/plugins\/count-consts\.mjs$/m);
  });

  it("is the default action of `pyjc passes`", () => {
    expect(pyjc(["passes"]).stdout).toBe(pyjc(["passes", "--list"]).stdout);
  });

  it("--json is a JSON array of every registered pass", async () => {
    const r = pyjc(["passes", "--list", "--json", "--plugin", EXAMPLE_PLUGIN]);
    expect(r.status).toBe(0);
    const listed = JSON.parse(r.stdout) as unknown[];
    const expected = (await expectedEntries([EXAMPLE_PLUGIN])).map(({ pass, source }) => ({
      id: pass.id,
      label: `OPT-${pass.id}`,
      name: pass.name,
      level: pass.level,
      description: pass.description,
      doc: pass.doc,
      source,
      requires: [...pass.requires],
      after: pass.after,
    }));
    expect(listed).toEqual(expected);
    expect(listed).toContainEqual(expect.objectContaining({ id: 1000, label: "OPT-1000", name: "count-consts", source: `plugin ${EXAMPLE_PLUGIN}` }));
  });

  it("names each built-in's defining file as its source", async () => {
    const listed = JSON.parse(pyjc(["passes", "--json"]).stdout) as { source: string }[];
    expect(listed.length).toBe((await expectedEntries()).length);
    for (const p of listed) expect(p.source).toMatch(/^built-in packages\/passes\/src\//);
  });
});
