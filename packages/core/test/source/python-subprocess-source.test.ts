import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { walkCodeObjects, type CodeObject, type PyValue } from "../../src/bytecode/index.js";
import {
  CodeSourceError,
  PythonSubprocessSource,
  type CodeSource,
  type CompileResult,
} from "../../src/source/index.js";

const PYTHON = "/usr/bin/python3.11";
const source: CodeSource = new PythonSubprocessSource();
const dir = mkdtempSync(join(tmpdir(), "pyjc-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function ok(result: CompileResult): CodeObject {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.code;
}

function error(result: CompileResult) {
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

/** What `python3.11 path` prints on stderr when the file does not compile. */
function pythonStderr(path: string): string {
  return spawnSync(PYTHON, ["-I", "-S", path], { encoding: "utf-8" }).stderr;
}

/** traceback.format_exception_only() of what compile() raises for the file. */
function compileErrorText(path: string): string {
  const script = [
    "import sys, traceback",
    "try: compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec', dont_inherit=True)",
    "except Exception as e: sys.stdout.write(''.join(traceback.format_exception_only(type(e), e)))",
  ].join("\n");
  return spawnSync(PYTHON, ["-I", "-S", "-c", script, path], { encoding: "utf-8" }).stdout;
}

const strConst = (code: CodeObject): string[] =>
  code.consts.flatMap((c: PyValue) => (c.kind === "str" ? [c.value] : []));

describe("PythonSubprocessSource", () => {
  it("compiles source text to the module code object", () => {
    const module = ok(source.compileSource("def f(x):\n    return x + 1\n\nclass C:\n    pass\n", "mod.py"));
    expect(module.name).toBe("<module>");
    expect(module.filename).toBe("mod.py");
    expect(walkCodeObjects(module).map((c) => c.qualname)).toEqual(["<module>", "f", "C"]);
  });

  it("keeps non-ASCII source and filenames intact", () => {
    const module = ok(source.compileSource("s = 'h\u00e9 \u{1F600}'\n", "caf\u00e9.py"));
    expect(module.filename).toBe("caf\u00e9.py");
    expect(strConst(module)).toContain("h\u00e9 \u{1F600}");
  });

  it("reports syntax errors exactly as Python prints them", () => {
    // The last column says whether running the file prints the same: for some errors 3.11's file
    // tokenizer reports a different end column than compile() on the same bytes.
    const cases: [string, string, string, boolean][] = [
      ["syntax.py", "def f(:\n    pass\n", "SyntaxError", true],
      ["indent.py", "def f():\nreturn 1\n", "IndentationError", false],
      ["tabs.py", "if x:\n\tif y:\n        pass\n", "TabError", true],
      ["unclosed.py", "x = (1,\n", "SyntaxError", true],
    ];
    for (const [name, text, type, sameAsRunning] of cases) {
      const path = file(name, text);
      const e = error(source.compileFile(path));
      expect(e.kind).toBe("syntax");
      if (e.kind !== "syntax") continue;
      expect(e.type).toBe(type);
      expect(e.filename).toBe(path);
      expect(e.lineno).toBeGreaterThan(0);
      expect(e.formatted).toBe(compileErrorText(path));
      if (sameAsRunning) expect(e.formatted).toBe(pythonStderr(path));
      expect(e.formatted.endsWith(`${type}: ${e.msg}\n`)).toBe(true);
    }
    const e = error(source.compileSource("x = = 1\n", "<string>"));
    expect(e).toMatchObject({ kind: "syntax", type: "SyntaxError", msg: "invalid syntax", lineno: 1, offset: 5, text: "x = = 1\n" });
  });

  it("honours encoding declarations and BOMs when compiling files", () => {
    const latin1 = file("latin1.py", Uint8Array.from([...Buffer.from("# -*- coding: latin-1 -*-\ns = '"), 0xe9, ...Buffer.from("'\n")]));
    expect(strConst(ok(source.compileFile(latin1)))).toContain("\u00e9");
    const bom = file("bom.py", Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from("s = '\u00e9'\n")]));
    expect(strConst(ok(source.compileFile(bom)))).toContain("\u00e9");
  });

  it("reports undeclared non-UTF-8 files as Python does", () => {
    const path = file("binary.py", Uint8Array.from([...Buffer.from("x = 1\ny = '"), 0xff, ...Buffer.from("'\n")]));
    const e = error(source.compileFile(path));
    expect(e).toMatchObject({ kind: "source", reason: "encoding", code: "EILSEQ", filename: path });
    expect(`SyntaxError: ${e.kind === "source" ? e.message : ""}\n`).toBe(pythonStderr(path));
  });

  it("reports unreadable files with an errno code", () => {
    const missing = join(dir, "missing.py");
    expect(error(source.compileFile(missing))).toEqual({
      kind: "source",
      reason: "io",
      code: "ENOENT",
      message: `[Errno 2] No such file or directory: '${missing}'`,
      filename: missing,
    });
    const sub = join(dir, "a-directory.py");
    mkdirSync(sub);
    expect(error(source.compileFile(sub))).toMatchObject({ kind: "source", reason: "io", code: "EISDIR" });
  });

  it("passes on what compile() raises besides SyntaxError", () => {
    const e = error(source.compileSource("x = 1\0\n", "nul.py"));
    expect(e).toMatchObject({ kind: "syntax", type: "ValueError", lineno: null });
    if (e.kind === "syntax") expect(e.formatted).toBe("ValueError: source code string cannot contain null bytes\n");
  });

  it("returns compile-time warnings with the code", () => {
    const result = source.compileSource("x = 1\nif x is 1:\n    pass\n", "warn.py");
    expect(result.ok && result.warnings).toEqual([
      'warn.py:2: SyntaxWarning: "is" with a literal. Did you mean "=="?',
    ]);
    expect(ok(source.compileSource("x = 1\n", "quiet.py"))).toBeDefined();
    expect("warnings" in source.compileSource("x = 1\n", "quiet.py")).toBe(false);
  });

  it("compiles a batch in order, with per-file results", () => {
    const good = file("good.py", "a = 1\n");
    const bad = file("bad.py", "a = \n");
    const results = source.compileFiles([good, join(dir, "nope.py"), bad, good]);
    expect(results.map((r) => (r.ok ? "ok" : r.error.kind))).toEqual(["ok", "source", "syntax", "ok"]);
    expect(source.compileFiles([])).toEqual([]);
  });

  it("fails as a whole when the interpreter cannot run", () => {
    const broken = new PythonSubprocessSource({ python: join(dir, "no-such-python") });
    expect(() => broken.compileSource("x = 1\n", "x.py")).toThrow(CodeSourceError);
    const notPython = new PythonSubprocessSource({ python: "/bin/false" });
    expect(() => notPython.compileSource("x = 1\n", "x.py")).toThrow(/exited with status 1/);
  });
});
