// The optimization docs against the registry: every built-in pass has its page, titled with its
// id and name and opening with its one-line description; the index table in
// docs/optimizations/README.md and the before/after examples in the pages are generated from the
// registry and the golden cases. `pnpm run golden:update` rewrites the generated parts; the rest
// of each page is prose, written by hand.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

import { printFunc } from "@pyjc/core";
import { createRegistry } from "../src/index.js";
import { readCase, runCase, UPDATE } from "./helpers/golden.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const INDEX = "docs/optimizations/README.md";

/** Replaces every `<!-- BEGIN GENERATED <what> -->...<!-- END GENERATED -->` section's body. */
function regenerate(text: string, body: (what: string) => string): string {
  return text.replace(
    /(<!-- BEGIN GENERATED (.*?) -->\n)[\s\S]*?(<!-- END GENERATED -->)/g,
    (_m, begin: string, what: string, end: string) => `${begin}${body(what)}${end}`,
  );
}

function indexTable(): string {
  const rows = createRegistry()
    .list()
    .map((e) => e.pass)
    .sort((a, b) => a.id - b.id)
    .map((p) => {
      const page = p.doc.replace(/^docs\/optimizations\//, "");
      return `| ${p.label} | \`${p.name}\` | ${p.level} | ${p.description} | [${page}](${page}) |`;
    });
  return ["| Id | Name | Level | Description | Page |", "|---|---|---|---|---|", ...rows, ""].join("\n");
}

/** `example <case> <qualname>`: the case's source, the IR before any pass, and after its pipeline. */
function example(what: string): string {
  const [, name, qualname] = /^example (\S+) (\S+)$/.exec(what) ?? [];
  if (!name || !qualname) throw new Error(`bad generated section '${what}'`);
  const c = readCase(name);
  const o = runCase({ ...c, functions: [qualname] })[0]!;
  if (!o.before || !o.after) throw new Error(`${name} ${qualname}: ${o.problem}`);
  // The function's own lines: from its first line to the next top-level statement.
  const lines = c.source.split("\n");
  const start = o.before.code.firstLineNo - 1;
  let end = start + 1;
  while (end < lines.length && !/^\S/.test(lines[end]!)) end++;
  const source = lines.slice(start, end).join("\n").trimEnd();
  const ir = (f: NonNullable<typeof o.after>) => printFunc(f).split("\n").slice(3).join("\n").trimEnd();
  return [
    `From \`packages/passes/test/golden/${name}\`:`,
    "",
    "```python",
    source,
    "```",
    "",
    "Built by the front end:",
    "",
    "```",
    ir(o.before),
    "```",
    "",
    `After \`${c.passes.map((p) => p.name).join(", ")}\`:`,
    "",
    "```",
    ir(o.after),
    "```",
    "",
  ].join("\n");
}

function checkGenerated(path: string, generate: (what: string) => string): void {
  const abs = join(ROOT, path);
  const text = readFileSync(abs, "utf-8");
  const expected = regenerate(text, generate);
  if (UPDATE) {
    if (expected !== text) writeFileSync(abs, expected);
    return;
  }
  expect(text, `${path} is stale: run pnpm run golden:update`).toBe(expected);
}

describe("docs/optimizations", () => {
  it("indexes every registered pass", () => {
    expect(readFileSync(join(ROOT, INDEX), "utf-8")).toContain("<!-- BEGIN GENERATED pass index -->");
    checkGenerated(INDEX, (what) => {
      if (what !== "pass index") throw new Error(`unknown section ${what}`);
      return indexTable();
    });
  });

  for (const { pass } of createRegistry().list()) {
    it(`has ${pass.doc} with the pass's id, name and description`, () => {
      const abs = join(ROOT, pass.doc);
      expect(existsSync(abs), `${pass.doc} is missing`).toBe(true);
      const lines = readFileSync(abs, "utf-8").split("\n");
      expect(lines[0]).toBe(`# ${pass.label} \`${pass.name}\``);
      expect(lines.find((l, i) => i > 0 && l.trim() !== "")).toBe(`> ${pass.description}`);
      for (const section of ["## Background", "## What it rewrites", "## What it relies on", "## Edge cases", "## Measured gain"]) {
        expect(lines, `${pass.doc} lacks '${section}'`).toContain(section);
      }
      checkGenerated(pass.doc, example);
    });
  }
});
