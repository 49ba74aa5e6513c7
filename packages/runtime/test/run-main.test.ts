import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pythonCommandLine, type RunMainOptions } from "../src/index.js";
import { py } from "./helpers/runtime.js";

const PYTHON = "/usr/bin/python3.11";
const FIXTURE = fileURLToPath(new URL("./fixtures/run-main.mjs", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "pyjc-run-main-"));
const write = (name: string, source: string): string => {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
};

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runBoth(opts: RunMainOptions, input = "", host = ""): { pyjc: Outcome; python: Outcome } {
  const line = pythonCommandLine(opts);
  const common = { cwd: dir, input, encoding: "utf8" as const, timeout: 60_000 };
  const pick = (r: ReturnType<typeof spawnSync>): Outcome => ({
    status: r.status,
    signal: r.signal,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
  });
  const env = { ...process.env, PYJC_FIXTURE_HOST: host };
  return {
    pyjc: pick(spawnSync(process.execPath, [FIXTURE, ...line], { ...common, env })),
    python: pick(spawnSync(line[0]!, line.slice(1), { ...common, env })),
  };
}

const argvScript = write(
  "show_argv.py",
  py`
    import sys, os
    print(sys.argv)
    print(__name__, repr(__file__))
    print(sys.path)
    print(sys.orig_argv)
    print(sys.executable, sys.prefix, sys.flags)
    print(repr(sys.stdin.read()))
    print(sys.stdout.line_buffering, sys.stdout.encoding, sys.stdout.errors)
  `,
);
write(
  "showmod.py",
  py`
    import sys
    print(sys.argv, __name__, sys.path[0] == __import__("os").getcwd())
  `,
);
const exit3 = write("exit3.py", "print('before exit')\nimport sys\nsys.exit(3)\n");
const boom = write(
  "boom.py",
  py`
    import sys
    print("to stdout")
    def inner(x):
        return x / 0
    def outer():
        return inner(1)
    print("to stderr", file=sys.stderr)
    outer()
  `,
);
const big = write(
  "big.py",
  py`
    import atexit, sys
    atexit.register(lambda: print("atexit ran"))
    for i in range(20000):
        print(i, "x" * 20)
    sys.stderr.write("done\\n")
  `,
);

describe.each(["", "refuse"])("runMain matches python3.11 (host: %s)", (host) => {
  const cases: [string, RunMainOptions, string][] = [
    ["file, argv and stdin", { mode: "file", target: argvScript, argv: ["a", "-b", "--c=d"] }, "in\nput"],
    ["module", { mode: "module", target: "showmod", argv: ["x", "y"] }, ""],
    ["command", { mode: "command", target: "import sys; print(sys.argv, __name__)", argv: ["z"] }, ""],
    ["sys.exit(3)", { mode: "file", target: exit3, argv: [] }, ""],
    ["uncaught exception", { mode: "file", target: boom, argv: [] }, ""],
    ["large buffered output and atexit", { mode: "file", target: big, argv: [] }, ""],
  ];
  it.each(cases)("%s", (_name, opts, input) => {
    const { pyjc, python } = runBoth(opts, input, host);
    expect(pyjc).toEqual(python);
  });

  it("reports the statuses python3.11 does", () => {
    expect(runBoth({ mode: "file", target: exit3, argv: [] }, "", host).pyjc.status).toBe(3);
    const r = runBoth({ mode: "file", target: boom, argv: [] }, "", host).pyjc;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
    expect(r.stderr).toContain(`File "${boom}", line 4, in inner`);
  });
});

/** Starts a program that signals readiness, then spins in the interpreter; sends SIGINT. */
async function interrupt(command: string, args: string[]): Promise<Outcome> {
  const child = spawn(command, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("ready\n")) resolve();
    });
    child.on("exit", () => reject(new Error(`exited early: ${stderr}`)));
  });
  // Let the program get past print() and into the loop / blocking call.
  await new Promise((r) => setTimeout(r, 300));
  child.kill("SIGINT");
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("exit", (code, sig) => resolve([code, sig])),
  );
  return { status, signal, stdout, stderr };
}

describe("Ctrl-C", () => {
  it("raises KeyboardInterrupt in interpreted code and exits like python3.11", async () => {
    const spin = write("spin.py", "print('ready', flush=True)\nwhile True:\n    pass\n");
    const line = pythonCommandLine({ mode: "file", target: spin, argv: [] });
    const pyjc = await interrupt(process.execPath, [FIXTURE, ...line]);
    const python = await interrupt(PYTHON, line.slice(1));
    expect(python.signal).toBe("SIGINT");
    expect(pyjc).toEqual(python);
    expect(pyjc.stderr).toMatch(/\nKeyboardInterrupt\n$/);
  });

  it("interrupts a blocking call (time.sleep)", async () => {
    const sleeper = write("sleeper.py", "import time\nprint('ready', flush=True)\ntime.sleep(60)\n");
    const line = pythonCommandLine({ mode: "file", target: sleeper, argv: [] });
    const pyjc = await interrupt(process.execPath, [FIXTURE, ...line]);
    const python = await interrupt(PYTHON, line.slice(1));
    expect(pyjc).toEqual(python);
  });

  it("lets the program catch KeyboardInterrupt", async () => {
    const catcher = write(
      "catcher.py",
      py`
        print("ready", flush=True)
        try:
            while True:
                pass
        except KeyboardInterrupt:
            print("caught")
        raise SystemExit(5)
      `,
    );
    const line = pythonCommandLine({ mode: "file", target: catcher, argv: [] });
    const pyjc = await interrupt(process.execPath, [FIXTURE, ...line]);
    expect(pyjc).toEqual({ status: 5, signal: null, stdout: "ready\ncaught\n", stderr: "" });
  });
});
