// `pyjc ir`: every function of a file, verified; selection, --after, --print-after-all, DOT, JSON,
// and the passes each function records.

import { parseFunc, printFunc, PythonSubprocessSource, verifyFunc, walkCodeObjects } from "@pyjc/core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, EXAMPLE_PLUGIN, irJson, pyjc, ROOT, type IrJson } from "./helpers.js";

const EXAMPLES = ["examples/nbody.py", "examples/json_encoder.py", "examples/bank_sim.py"];
const SMALL = "packages/cli/test/fixtures/python/small.py";
const INTERPRETER_ONLY = new Set(["generator", "coroutine", "async generator"]);

beforeAll(buildCli);

function codeObjects(file: string) {
  const r = new PythonSubprocessSource().compileFile(`${ROOT}/${file}`);
  if (!r.ok) throw new Error(`cannot compile ${file}`);
  return walkCodeObjects(r.code);
}

/** The pipeline `pyjc ir` ran (from its JSON), so tests follow the registry as passes are added. */
function pipelineOf(args: string[]): string[] {
  return irJson([SMALL, "--function", "add", ...args]).pipeline;
}

describe.each(EXAMPLES)("pyjc ir %s", (file) => {
  let doc: IrJson;
  beforeAll(() => {
    doc = irJson([file, "-O2", "--verify-each", "--plugin", EXAMPLE_PLUGIN]);
  });

  it("has every code object, in walkCodeObjects order", () => {
    const codes = codeObjects(file);
    expect(doc.functions.map((f) => [f.qualname, f.firstlineno])).toEqual(codes.map((c) => [c.qualname, c.firstLineNo]));
    expect(doc.file).toBe(`${ROOT}/${file}`);
  });

  it("leaves only generators and coroutines to the interpreter, and no pass broke anything", () => {
    for (const f of doc.functions) {
      expect(f.failure).toBeUndefined();
      if (f.rejected !== null) {
        expect(INTERPRETER_ONLY).toContain(f.rejected);
        expect(f.ir).toBeNull();
      }
    }
    expect(doc.functions.filter((f) => f.rejected === null).length).toBeGreaterThan(10);
  });

  it("prints IR that parses back, prints the same, and verifies", () => {
    for (const f of doc.functions) {
      if (f.ir === null) continue;
      const func = parseFunc(f.ir);
      expect(printFunc(func)).toBe(f.ir);
      expect(verifyFunc(func), `${f.qualname}`).toEqual([]);
    }
  });

  it("records the plugin on exactly the functions it changed", () => {
    const changed = doc.functions.filter((f) => (f.stats["count-consts"]?.merged ?? 0) > 0);
    expect(changed.length).toBeGreaterThan(0);
    for (const f of doc.functions) {
      const merged = f.stats["count-consts"]?.merged ?? 0;
      expect(f.passes.includes("OPT-1000 count-consts"), f.qualname).toBe(merged > 0);
    }
    expect(doc.pipeline.at(-1)).toBe("OPT-1000 count-consts");
  });
});

describe("pyjc ir text output", () => {
  it("prints each function with the passes that changed it, and a comment for rejected ones", () => {
    const r = pyjc(["ir", SMALL, "--plugin", EXAMPLE_PLUGIN]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const doc = irJson([SMALL, "--plugin", EXAMPLE_PLUGIN]);
    const expected = doc.functions
      .map((f) => (f.ir !== null ? `; changed by: ${f.passes.join(", ") || "no pass"}\n${f.ir}` : `; ${f.qualname}: left to the interpreter: ${f.rejected}\n`))
      .join("\n");
    expect(r.stdout).toBe(expected);
    expect(r.stdout).toContain("; countdown: left to the interpreter: generator\n");
    expect(r.stdout).toMatch(/^; changed by: .*OPT-1000 count-consts\nfunc 'add'/m);
  });

  it("runs no pass at -O0", () => {
    const doc = irJson([SMALL, "-O0"]);
    expect(doc.pipeline).toEqual([]);
    expect(doc.functions.every((f) => f.passes.length === 0)).toBe(true);
  });

  it("--passes runs exactly the listed passes, in order; --disable removes one", () => {
    const plugin = ["--plugin", EXAMPLE_PLUGIN];
    expect(pipelineOf([...plugin, "--passes", "count-consts"])).toEqual(["OPT-1000 count-consts"]);
    expect(pipelineOf([...plugin, "--passes", "OPT-1000,count-consts"])).toEqual(["OPT-1000 count-consts", "OPT-1000 count-consts"]);
    expect(pipelineOf([...plugin, "--disable", "1000"])).not.toContain("OPT-1000 count-consts");
    expect(pipelineOf([...plugin, "-O0", "--enable", "count-consts"])).toEqual(["OPT-1000 count-consts"]);
  });

  it("--debug-counter limits the transformations a pass makes", () => {
    const all = irJson([SMALL, "--plugin", EXAMPLE_PLUGIN, "--function", "<module>"]).functions[0]!;
    const one = irJson([SMALL, "--plugin", EXAMPLE_PLUGIN, "--function", "<module>", "--debug-counter", "count-consts=1"]).functions[0]!;
    const none = irJson([SMALL, "--plugin", EXAMPLE_PLUGIN, "--function", "<module>", "--debug-counter", "OPT-1000=0"]).functions[0]!;
    expect(all.stats["count-consts"]!.merged).toBeGreaterThan(one.stats["count-consts"]!.merged!);
    expect(one.stats["count-consts"]!.merged).toBeGreaterThan(0);
    expect(none.passes).not.toContain("OPT-1000 count-consts");
  });
});

describe("pyjc ir --function", () => {
  it("selects functions by qualname, several times over", () => {
    const doc = irJson([SMALL, "--function", "Point.norm2", "--function", "outer.<locals>.inner"]);
    expect(doc.functions.map((f) => f.qualname)).toEqual(["Point.norm2", "outer.<locals>.inner"]);
  });

  it("selects every function sharing a qualname", () => {
    const doc = irJson(["examples/bank_sim.py", "--function", "main.<locals>.<genexpr>"]);
    expect(doc.functions.length).toBe(2);
    expect(new Set(doc.functions.map((f) => f.firstlineno)).size).toBe(2);
  });

  it("lists the qualnames when none matches", () => {
    const r = pyjc(["ir", SMALL, "--function", "Point.norm"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const names = codeObjects(SMALL).map((c) => `  ${c.qualname}\n`);
    expect(r.stderr).toBe(`pyjc: no function 'Point.norm' in ${SMALL}; its functions are:\n${[...new Set(names)].join("")}`);
  });
});

describe("pyjc ir --after / --print-after-all", () => {
  const plugin = ["--plugin", EXAMPLE_PLUGIN];
  const header = /^; \*\*\* IR after (OPT-\d+ [a-z0-9-]+) on '([^']+)' \((changed|no change)\) \*\*\*$/;

  it("--after PASS shows each function right after that pass", () => {
    const r = pyjc(["ir", SMALL, ...plugin, "--after", "count-consts"]);
    expect(r.status).toBe(0);
    const doc = irJson([SMALL, ...plugin, "--after", "count-consts"]);
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("; ***")).map((l) => header.exec(l)!.slice(1));
    const compiled = doc.functions.filter((f) => f.rejected === null);
    expect(headers).toEqual(compiled.map((f) => ["OPT-1000 count-consts", f.qualname, f.passes.includes("OPT-1000 count-consts") ? "changed" : "no change"]));
    // count-consts runs last, so the IR right after it is the final IR.
    for (const f of compiled) expect(f.snapshots).toEqual([{ pass: "OPT-1000 count-consts", changed: expect.any(Boolean), ir: f.ir }]);
  });

  it("--print-after-all shows every pass of the pipeline, marking those that changed the IR", () => {
    const pipeline = pipelineOf(plugin);
    const r = pyjc(["ir", SMALL, ...plugin, "--print-after-all", "--function", "add", "--function", "countdown"]);
    expect(r.status).toBe(0);
    const doc = irJson([SMALL, ...plugin, "--function", "add"]);
    const add = doc.functions[0]!;
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("; ***")).map((l) => header.exec(l)!.slice(1));
    expect(headers).toEqual(pipeline.map((p) => [p, "add", add.passes.includes(p) ? "changed" : "no change"]));
    // The last snapshot is the final IR; the generator gets its comment.
    expect(r.stdout.endsWith(`${add.ir}\n; countdown: left to the interpreter: generator\n`)).toBe(true);
  });

  it("an empty pipeline shows the IR as built", () => {
    const r = pyjc(["ir", SMALL, "-O0", "--print-after-all", "--function", "add"]);
    expect(r.stdout).toMatch(/^; \*\*\* IR of 'add' as built: the pipeline is empty \*\*\*\nfunc 'add'/);
  });

  it("--after a pass that is not in the pipeline is an error", () => {
    const r = pyjc(["ir", SMALL, ...plugin, "--after", "count-consts", "--disable", "count-consts"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pyjc: --after: OPT-1000 count-consts is not in the pipeline \(it runs: .*\)\n$/);
  });

  it("--after and --print-after-all exclude each other", () => {
    const r = pyjc(["ir", SMALL, "--after", "x", "--print-after-all"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/mutually exclusive/);
  });
});

describe("pyjc ir --format dot", () => {
  it("prints one digraph per function", () => {
    const r = pyjc(["ir", SMALL, "--format", "dot"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\n// countdown: left to the interpreter: generator\n");
    const graphs = r.stdout.replace(/^\/\/ countdown: .*\n/m, "").split(/^(?=\/\/ changed by)/m);
    const compiled = codeObjects(SMALL).filter((c) => c.qualname !== "countdown");
    expect(graphs.length).toBe(compiled.length);
    for (const [i, g] of graphs.entries()) {
      expect(g).toMatch(new RegExp(`^// changed by: .*\\ndigraph "${compiled[i]!.qualname.replace(/[.<>]/g, "\\$&")}" \\{\\n`));
      expect(g.trimEnd().endsWith("}")).toBe(true);
      expect(g).toMatch(/^ {2}bb\d+ \[label="\{bb\d+\(.*\)/m);
      const body = g.slice(g.indexOf("{"));
      for (const m of body.matchAll(/^ {2}bb(\d+) -> bb(\d+)/gm)) {
        expect(body).toMatch(new RegExp(`^ {2}bb${m[1]} \\[`, "m"));
        expect(body).toMatch(new RegExp(`^ {2}bb${m[2]} \\[`, "m"));
      }
    }
  });

  it("works with --json (the ir field holds DOT)", () => {
    const doc = irJson([SMALL, "--format", "dot", "--function", "add"]);
    expect(doc.functions[0]!.ir).toMatch(/^digraph "add" \{/);
  });
});
