// `pyjc [options] FILE|-m MOD|-c CMD [args...]` end to end: the built binary against python3.11 on
// the same program, arguments, stdin and working directory. stdout, stderr and the exit status must
// be byte-identical (the run without --stats), and the program's functions must really have been
// compiled (the same run with --stats=json, whose report is the last line on stderr).

import { spawn as spawnAsync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, buildCli, PYTHON, removeTempDirs, ROOT, tempDir, type Run } from "./helpers.js";

interface Invocation {
  /** Program and its arguments, exactly as python3.11 takes them (FILE args, -m MOD, -c CMD). */
  readonly program: readonly string[];
  readonly stdin?: string;
  readonly cwd?: string;
}

interface StatsRecord {
  qualname: string;
  filename: string;
  firstlineno: number;
  compiled: boolean;
  reason: string | null;
  passes: string[];
  codeSize: number;
}

interface Stats {
  functions: StatsRecord[];
  summary: { compiled: number; interpreted: number; codeBytes: number; interpretedReasons: Record<string, number> };
}

function spawn(cmd: string, args: readonly string[], inv: Invocation): Run {
  const r = spawnSync(cmd, args, {
    cwd: inv.cwd ?? ROOT,
    input: inv.stdin ?? "",
    encoding: "utf-8",
    maxBuffer: 64 * 1024 * 1024,
    // Same environment for both; no PYTHON* variables that one of them would read differently.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", LANG: "C.UTF-8" },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const runPython = (inv: Invocation): Run => spawn(PYTHON, inv.program, inv);
const runPyjc = (options: readonly string[], inv: Invocation): Run => spawn(process.execPath, [BIN, ...options, ...inv.program], inv);

/** `--stats=json` prints one JSON object as the last line of stderr; split it off. */
function splitStats(stderr: string): { stderr: string; stats: Stats } {
  const lines = stderr.replace(/\n$/, "").split("\n");
  const last = lines.pop() ?? "";
  if (!last.startsWith('{"functions":')) throw new Error(`no --stats=json report at the end of stderr:\n${stderr}`);
  return { stderr: lines.length > 0 ? `${lines.join("\n")}\n` : "", stats: JSON.parse(last) as Stats };
}

/** Runs both, checks identical behaviour, returns pyjc's --stats=json report. */
function sameAsPython(inv: Invocation, options: readonly string[] = []): Stats {
  const py = runPython(inv);
  const plain = runPyjc(options, inv);
  expect(plain.stdout, "stdout").toBe(py.stdout);
  expect(plain.stderr, "stderr").toBe(py.stderr);
  expect(plain.status, "exit status").toBe(py.status);
  const withStats = runPyjc(["--stats=json", ...options], inv);
  const { stderr, stats } = splitStats(withStats.stderr);
  expect(withStats.stdout, "stdout with --stats").toBe(py.stdout);
  expect(stderr, "stderr with --stats").toBe(py.stderr);
  expect(withStats.status, "exit status with --stats").toBe(py.status);
  return stats;
}

/** Every function of `file` that was sent to the compiler compiled (generators excepted), and there were some. */
function expectCompiled(stats: Stats, file: string, atLeast = 1): StatsRecord[] {
  const mine = stats.functions.filter((f) => f.filename === file);
  const failed = mine.filter((f) => !f.compiled && f.reason !== "generator");
  expect(failed.map((f) => `${f.qualname}:${f.firstlineno}: ${f.reason}`), `functions of ${file} left interpreted`).toEqual([]);
  const compiled = mine.filter((f) => f.compiled);
  expect(compiled.length, `compiled functions of ${file}`).toBeGreaterThanOrEqual(atLeast);
  for (const f of compiled) expect(f.codeSize, f.qualname).toBeGreaterThan(0);
  return compiled;
}

let dir = "";

function program(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

beforeAll(() => {
  buildCli();
  dir = tempDir();
});
afterAll(removeTempDirs);

describe("pyjc FILE runs the examples like python3.11", () => {
  it.each([
    ["examples/nbody.py", 5],
    ["examples/json_encoder.py", 10],
    ["examples/bank_sim.py", 10],
  ])("%s", (file, atLeast) => {
    const stats = sameAsPython({ program: [file] });
    expectCompiled(stats, join(ROOT, file), atLeast);
    expect(stats.summary.compiled).toBeGreaterThanOrEqual(atLeast);
  });

  it("passes the program's arguments through (bank_sim.py 30)", () => {
    const stats = sameAsPython({ program: ["examples/bank_sim.py", "30"] });
    expectCompiled(stats, join(ROOT, "examples/bank_sim.py"), 10);
  });
});

describe("pyjc behaves like python3.11 at the edges", () => {
  it("an uncaught exception: the same traceback on stderr, status 1", () => {
    const file = program("raises.py", [
      "def parse(text):",
      "    return int(text)",
      "",
      "def main():",
      "    print('before', flush=True)",
      "    values = [parse(t) for t in ['1', '2', 'x3']]",
      "    print(values)",
      "",
      "main()",
      "",
    ].join("\n"));
    const stats = sameAsPython({ program: [file] });
    const py = runPython({ program: [file] });
    expect(py.status).toBe(1);
    expect(py.stderr).toMatch(/ValueError: invalid literal for int\(\) with base 10: 'x3'\n$/);
    expectCompiled(stats, file, 2);
  });

  it("sys.exit(3): status 3, output flushed, atexit handlers run", () => {
    const file = program("exits.py", [
      "import atexit, sys",
      "atexit.register(lambda: print('atexit ran'))",
      "def work(n):",
      "    total = 0",
      "    for i in range(n):",
      "        total += i * i",
      "    return total",
      "print(work(1000))",
      "sys.stderr.write('leaving\\n')",
      "sys.exit(3)",
      "",
    ].join("\n"));
    const stats = sameAsPython({ program: [file] });
    expect(runPython({ program: [file] }).status).toBe(3);
    expectCompiled(stats, file, 1);
  });

  it("reads stdin", () => {
    const file = program("stdin.py", [
      "import sys",
      "def count(lines):",
      "    words = {}",
      "    for line in lines:",
      "        for w in line.split():",
      "            words[w] = words.get(w, 0) + 1",
      "    return sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))",
      "first = input()",
      "print('first:', first)",
      "for w, n in count(sys.stdin):",
      "    print(w, n)",
      "",
    ].join("\n"));
    const stdin = "header line\nthe quick brown fox\njumps over the lazy dog\nthe end é\n";
    const stats = sameAsPython({ program: [file], stdin });
    expect(runPython({ program: [file], stdin }).stdout).toContain("the 3\n");
    expectCompiled(stats, file, 2);
  });

  it("-m MODULE with arguments, from the working directory", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "pyjc_run_mod.py"), [
      "import sys",
      "def fib(n):",
      "    return n if n < 2 else fib(n - 1) + fib(n - 2)",
      "if __name__ == '__main__':",
      "    print(sys.argv[1:], __name__, __spec__.name)",
      "    print([fib(int(a)) for a in sys.argv[1:]])",
      "",
    ].join("\n"));
    const stats = sameAsPython({ program: ["-m", "pyjc_run_mod", "10", "15"], cwd });
    expectCompiled(stats, join(cwd, "pyjc_run_mod.py"), 1);
  });

  it("-c CMD with arguments", () => {
    const cmd = "import sys\ndef sq(x):\n    return x * x\nprint(sys.argv, [sq(i) for i in range(10)])";
    const stats = sameAsPython({ program: ["-c", cmd, "a", "-b"] });
    expectCompiled(stats, "<string>", 1);
  });

  it("-m of a stdlib module (json.tool reading stdin)", () => {
    sameAsPython({ program: ["-m", "json.tool", "--sort-keys"], stdin: '{"b": [1, 2.5, null], "a": "\\u00e9"}' });
  });
});

/** Starts the program, waits for "ready" on stdout and `delayMs` more, then sends SIGINT. */
function interrupt(cmd: string, args: readonly string[], delayMs: number): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawnAsync(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.setEncoding("utf-8").on("data", (d: string) => {
      stdout += d;
      if (!sent && stdout.includes("ready\n")) {
        sent = true;
        setTimeout(() => child.kill("SIGINT"), delayMs);
      }
    });
    child.stderr.setEncoding("utf-8").on("data", (d: string) => (stderr += d));
    child.on("error", fail);
    child.on("close", (status, signal) => {
      clearTimeout(killer);
      done({ status, signal, stdout, stderr });
    });
  });
}

describe("Ctrl-C", () => {
  it("interrupts a compiled infinite loop with KeyboardInterrupt, like python3.11", async () => {
    const file = program("spin.py", ["def spin():", "    n = 0", "    while True: n += 1", "", "print('ready', flush=True)", "spin()", ""].join("\n"));
    const py = await interrupt(PYTHON, [file], 1000);
    const jit = await interrupt(process.execPath, [BIN, "--stats=json", file], 1000);
    expect(py.stderr).toMatch(/KeyboardInterrupt\n$/);
    const { stderr, stats } = splitStats(jit.stderr);
    expect(stderr).toBe(py.stderr);
    expect([jit.status, jit.signal]).toEqual([py.status, py.signal]);
    expect(stats.functions.find((f) => f.qualname === "spin")?.compiled).toBe(true);
  });
});

describe("pyjc options", () => {
  it("--no-jit compiles nothing and changes nothing", () => {
    const stats = sameAsPython({ program: ["examples/nbody.py"] }, ["--no-jit"]);
    expect(stats.summary.compiled).toBe(0);
    expect(stats.functions.filter((f) => f.compiled)).toEqual([]);
  });

  it("--threshold N: a function called N times stays interpreted, N+1 calls compile it", () => {
    const file = program("threshold.py", [
      "import sys",
      "def hot(x):",
      "    return x + 1",
      "n = int(sys.argv[1])",
      "print(sum(hot(i) for i in range(n)))",
      "",
    ].join("\n"));
    const hot = (stats: Stats) => stats.functions.filter((f) => f.filename === file && f.qualname === "hot");
    const five = sameAsPython({ program: [file, "5"] }, ["--threshold", "5"]);
    expect(hot(five).filter((f) => f.compiled)).toEqual([]);
    const six = sameAsPython({ program: [file, "6"] }, ["--threshold", "5"]);
    expect(hot(six).map((f) => f.compiled)).toEqual([true]);
    // The module body runs once: compiled only with --threshold 0 (the default).
    const zero = sameAsPython({ program: [file, "1"] }, ["--threshold", "0"]);
    expect(zero.functions.filter((f) => f.filename === file && f.compiled).map((f) => f.qualname).sort()).toEqual(["<module>", "hot"]);
    const one = sameAsPython({ program: [file, "1"] }, ["--threshold", "1"]);
    expect(one.functions.filter((f) => f.filename === file && f.compiled)).toEqual([]);
  });

  it("--debug-counter PASS=N counts over the whole program: N transformations in all", () => {
    const file = program("counter.py", [
      "def a():",
      "    x = 2",
      "    return x * 3",
      "def b():",
      "    x = 4",
      "    return x * 5",
      "def c():",
      "    x = 6",
      "    return x * 7",
      "print(a(), b(), c())",
      "",
    ].join("\n"));
    const folded = (stats: Stats) =>
      stats.functions.filter((f) => f.filename === file && f.passes.some((p) => p.endsWith("const-fold"))).map((f) => f.qualname).sort();
    expect(folded(sameAsPython({ program: [file] }))).toEqual(["a", "b", "c"]);
    expect(folded(sameAsPython({ program: [file] }, ["--debug-counter", "const-fold=0"]))).toEqual([]);
    // a is compiled first (the module body is compiled before it runs, and folds nothing).
    expect(folded(sameAsPython({ program: [file] }, ["--debug-counter", "const-fold=1"]))).toEqual(["a"]);
  });

  it("--verify-each: the program still runs right, but a pass that broke a function fails the run", () => {
    const plugin = join(ROOT, "packages/cli/test/fixtures/plugins/breaks-ir.mjs");
    const file = program("victim.py", ["def add(x, y):", "    return x + y", "print(add(1, 2))", ""].join("\n"));
    const plain = runPyjc(["--plugin", plugin], { program: [file] });
    expect([plain.status, plain.stdout]).toEqual([0, "3\n"]);
    const verified = runPyjc(["--plugin", plugin, "--verify-each"], { program: [file] });
    expect(verified.stdout).toBe("3\n");
    expect(verified.stderr).toMatch(/--verify-each: add: .*breaks-ir/);
    expect(verified.status).toBe(1);
  });
});
