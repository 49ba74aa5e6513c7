// Plugins on the command line: malformed ones stop the run with a message naming the plugin,
// clashing ids and names name both sources, and a pass that breaks a function is reported with
// its IR before and after while the function stays interpreted.

import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createRegistry } from "@pyjc/passes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, removeTempDirs, tempDir, EXAMPLE_PLUGIN, hasStackTrace, irJson, pyjc, ROOT } from "./helpers.js";

const SMALL = "packages/cli/test/fixtures/python/small.py";
const PLUGINS = "packages/cli/test/fixtures/plugins";
const plugin = (name: string) => `${PLUGINS}/${name}.mjs`;

beforeAll(buildCli);
afterAll(removeTempDirs);

function expectUsageError(args: string[], stderr: string | RegExp): void {
  for (const command of [["passes", "--list"], ["ir", SMALL]]) {
    const r = pyjc([...command, ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    if (typeof stderr === "string") expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
  }
}

describe("malformed plugins", () => {
  it("a missing file", () => {
    expectUsageError(["--plugin", "nope/missing.mjs"], "pyjc: plugin nope/missing.mjs: file not found\n");
  });

  it("a module that does not parse", () => {
    const p = plugin("syntax-error");
    expectUsageError(["--plugin", p], new RegExp(`^pyjc: plugin ${p}: failed to load: .*\\n$`));
  });

  it("no default export", () => {
    const p = plugin("no-default");
    expectUsageError(["--plugin", p], new RegExp(`^pyjc: plugin ${p}: has no default export \\(.*\\)\\n$`));
  });

  it("an invalid definition", () => {
    const p = plugin("bad-definition");
    expectUsageError(["--plugin", p], `pyjc: plugin ${p}: pass 'bad-level': level must be 0, 1 or 2 (got 7)\n`);
  });

  // The documented factory form: `(pyjc) => pyjc.definePass({...})` (definePass accepts its own output).
  it("a factory returning definePass(...) loads", () => {
    const r = pyjc(["passes", "--list", "--plugin", plugin("define-pass-factory")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^OPT-2008 +via-define-pass /m);
  });
});

describe("clashing passes", () => {
  it("the same name in two plugins names both", () => {
    const [a, b] = [plugin("dup-name-a"), plugin("dup-name-b")];
    expectUsageError(["--plugin", a, "--plugin", b], `pyjc: duplicate pass name 'twin': OPT-2005 from plugin ${b} and OPT-2004 from plugin ${a}\n`);
  });

  it("the same id in two plugins names both", () => {
    const dir = tempDir();
    const copy = relative(ROOT, join(dir, "copy.mjs"));
    writeFileSync(join(ROOT, copy), `export default { id: 1000, name: "other-name", description: "Clashes", level: 1, run: () => false };\n`);
    expectUsageError(
      ["--plugin", EXAMPLE_PLUGIN, "--plugin", copy],
      `pyjc: duplicate pass id OPT-1000: 'other-name' from plugin ${copy} and 'count-consts' from plugin ${EXAMPLE_PLUGIN}\n`,
    );
  });

  const builtin = createRegistry().list()[0];
  it("a plugin reusing a built-in's id names the built-in's file", () => {
    const { pass, source } = builtin!;
    const dir = tempDir();
    const path = join(dir, "steal-id.mjs");
    writeFileSync(path, `export default { id: ${pass.id}, name: "thief", description: "Reuses an id", level: 1, run: () => false };\n`);
    expectUsageError(["--plugin", path], `pyjc: duplicate pass id ${pass.label}: 'thief' from plugin ${path} and '${pass.name}' from ${source}\n`);
  });

  it("a plugin reusing a built-in's name names the built-in's file", () => {
    const { pass, source } = builtin!;
    const dir = tempDir();
    const path = join(dir, "steal-name.mjs");
    writeFileSync(path, `export default { id: 4242, name: "${pass.name}", description: "Reuses a name", level: 1, run: () => false };\n`);
    expectUsageError(["--plugin", path], `pyjc: duplicate pass name '${pass.name}': OPT-4242 from plugin ${path} and ${pass.label} from ${source}\n`);
  });
});

describe("a pass that breaks a function", () => {
  const breaker = ["--plugin", plugin("breaks-ir"), "--passes", "breaks-ir"];

  it("is reported on stderr with the IR before and after; the function stays interpreted, status 0", () => {
    const r = pyjc(["ir", SMALL, ...breaker]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^; add: left to the interpreter: OPT-2006 breaks-ir broke the IR: .*block does not end in a terminator/m);
    expect(r.stdout).toMatch(/^func 'Point.norm2'/m);
    const [head, rest] = [r.stderr.split("\n")[0], r.stderr];
    expect(head).toBe(`pyjc: OPT-2006 breaks-ir broke the IR of 'add' (${ROOT}/${SMALL}:4); the function stays interpreted`);
    expect(rest).toMatch(/^ {2}bb\d+: .*block does not end in a terminator/m);
    const before = rest.slice(rest.indexOf("--- IR before OPT-2006 breaks-ir\n"), rest.indexOf("--- IR after"));
    const after = rest.slice(rest.indexOf("--- IR after OPT-2006 breaks-ir\n"));
    expect(before).toMatch(/^ {4}return v\d+$/m);
    expect(before).toMatch(/^func 'add'/m);
    expect(after).toMatch(/^func 'add'/m);
    expect(after).not.toMatch(/^ {4}return/m);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("fails the run under --verify-each, status 1", () => {
    const r = pyjc(["ir", SMALL, ...breaker, "--verify-each"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pyjc: OPT-2006 breaks-ir broke the IR of 'add'/);
    expect(r.stderr.endsWith("pyjc: --verify-each: 1 function broken by a pass (see above)\n")).toBe(true);
  });

  it("is recorded in the JSON", () => {
    const add = irJson([SMALL, ...breaker, "--function", "add"]).functions[0]!;
    expect(add.ir).toBeNull();
    expect(add.passes).toEqual([]);
    expect(add.rejected).toMatch(/^OPT-2006 breaks-ir broke the IR: /);
    expect(add.failure).toMatchObject({ pass: "OPT-2006 breaks-ir", kind: "broke-ir" });
    expect(add.failure!.before).toMatch(/^ {4}return v\d+$/m);
    expect(add.failure!.after).not.toMatch(/^ {4}return/m);
  });

  it("a pass that throws is named with the exception", () => {
    const r = pyjc(["ir", SMALL, "--plugin", plugin("throws"), "--passes", "throws", "--function", "add"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("; add: left to the interpreter: OPT-2007 throws threw: RangeError: this pass always fails on add\n");
    expect(r.stderr).toMatch(/^pyjc: OPT-2007 throws threw on 'add' \(.*\); the function stays interpreted\n {2}RangeError: this pass always fails on add\n--- IR before OPT-2007 throws\nfunc 'add'/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
