// What `pyjc` says when something is wrong, and its exit status: Python's own messages for the
// user's file, one line naming the problem otherwise, never a JavaScript stack trace.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRegistry } from "@pyjc/passes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCli, removeTempDirs, tempDir, EXAMPLE_PLUGIN, FIXTURES, hasStackTrace, pyjc, python, ROOT, type Run } from "./helpers.js";

const SMALL = "packages/cli/test/fixtures/python/small.py";
let last: Run | null = null;

function run(args: string[], cwd?: string): Run {
  return (last = pyjc(args, cwd));
}

beforeAll(buildCli);
afterAll(removeTempDirs);
afterEach(() => {
  if (last) expect(hasStackTrace(last.stderr), last.stderr).toBe(false);
  last = null;
});

describe("the Python file", () => {
  it.each([["nope.py"], ["sub/dir/nope.py"], ["/nonexistent/nope.py"]])("a missing file %s: Python's message and status 2", (file) => {
    const py = python([file]);
    const r = run(["ir", file]);
    expect(py.status).toBe(2);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(py.stderr.replace(/^\/usr\/bin\/python3\.11: /, "pyjc: "));
  });

  it("a directory cannot be opened either", () => {
    const r = run(["ir", "examples"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pyjc: can't open file '${ROOT}/examples': [Errno 21] Is a directory\n`);
  });

  it("a syntax error prints exactly what python3.11 prints, status 1", () => {
    const file = "packages/cli/test/fixtures/python/syntax_error.py";
    const py = python([file]);
    const r = run(["ir", file]);
    expect(py.status).toBe(1);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(py.stderr);
    expect(r.stderr).toMatch(/^ {2}File ".*syntax_error\.py", line 2\n.*\n.*\^\nSyntaxError: invalid syntax\n$/);
  });

  it("undeclared non-UTF-8 source prints python3.11's SyntaxError, status 1", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "latin1.py"), Buffer.from('s = "caf\xe9"\n', "latin1"));
    const py = python(["latin1.py"], dir);
    const r = run(["ir", "latin1.py"], dir);
    expect(r.status).toBe(py.status);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(py.stderr);
  });
});

describe("passes named on the command line", () => {
  const known = createRegistry()
    .list()
    .map(({ pass }) => `${pass.label} ${pass.name}`);

  it.each([
    [["--enable", "foo"]],
    [["--disable", "foo"]],
    [["--passes", "foo"]],
    [["--passes", `${known[0]?.split(" ")[1] ?? "foo"},foo`]],
    [["--after", "foo"]],
    [["--debug-counter", "foo=3"]],
    [["--enable", "OPT-99999"]],
  ])("an unknown pass in %j: status 2, the known passes listed", (args) => {
    const r = run(["ir", SMALL, ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const name = args[1]!.includes("foo") ? "foo" : args[1]!;
    expect(r.stderr).toBe(`pyjc: unknown pass '${name}' (known: ${known.join(", ") || "none"})\n`);
  });

  it("plugin passes count as known", () => {
    const r = run(["ir", SMALL, "--plugin", EXAMPLE_PLUGIN, "--enable", "nope"]);
    expect(r.stderr).toMatch(/^pyjc: unknown pass 'nope' \(known: .*OPT-1000 count-consts\)\n$/);
  });
});

describe("usage", () => {
  it("no command: the help on stderr, status 2", () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^pyjc: a JIT compiler framework/);
    expect(r.stderr).toMatch(/^ {2}pyjc passes /m);
    expect(r.stderr).toMatch(/^ {2}pyjc ir <file> /m);
  });

  it.each([
    [["ir", SMALL, "--bogus"], "Unknown argument: bogus", "ir"],
    [["passes", "--list", "--frobnicate=3"], "Unknown argument: frobnicate", "passes"],
    [["ir", SMALL, "extra.py"], "Unknown argument: extra.py", "ir"],
    [["ir"], "missing argument: pyjc ir <file>", "ir"],
    [["ir", SMALL, "-O", "3"], "-O/--opt-level must be one of 0, 1, 2 (got '3')", "ir"],
    [["ir", SMALL, "-Ofast"], "-O/--opt-level must be one of 0, 1, 2\n", "ir"],
    [["ir", SMALL, "--format", "svg"], "Invalid values:", "ir"],
    [["ir", SMALL, "--debug-counter", "dce"], "--debug-counter expects PASS=N", "ir"],
    [["ir", SMALL, "--passes", "a", "--enable", "b"], "mutually exclusive", "ir"],
  ])("%j: status 2", (args, message, command) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith("pyjc: ")).toBe(true);
    expect(r.stderr).toContain(message);
    expect(r.stderr.endsWith(`See 'pyjc ${command ? `${command} ` : ""}--help'.\n`)).toBe(true);
  });

  it("an argument that is not a command names a program, like python3.11: a missing file is status 2", () => {
    const r = run(["frob"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/can't open file '.*frob': \[Errno 2\] No such file or directory\n$/);
  });

  it.each([[[]], [["passes"]], [["ir"]]])("%j --help: status 0, on stdout", (args) => {
    const r = run([...args, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(args.length ? new RegExp(`^pyjc ${args[0]}`) : /^pyjc: a JIT compiler framework/);
    expect(r.stdout).toContain("--help");
  });

  it("--version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "packages/cli/package.json"), "utf-8")) as { version: string };
    const r = run(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`pyjc ${version}\n`);
  });

  it("options take their value from the next word, not the file after it", () => {
    const r = run(["ir", "--enable", "count-consts", "--plugin", EXAMPLE_PLUGIN, SMALL, "--function", "add"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^; changed by: .*\nfunc 'add'/);
  });

  it("fixtures exist where the tests expect them", () => {
    expect(readFileSync(join(FIXTURES, "python/small.py"), "utf-8")).toContain("def add");
  });
});
