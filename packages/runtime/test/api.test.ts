import { describe, expect, it } from "vitest";
import { loadRuntime, pythonCommandLine } from "../src/index.js";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsStackSizeKb, loadAddon } from "../src/load.js";

describe("TypeScript API", () => {
  it("builds python3.11 command lines", () => {
    expect(pythonCommandLine({ mode: "file", target: "a.py", argv: ["-x", "y"] })).toEqual([
      "/usr/bin/python3.11",
      "a.py",
      "-x",
      "y",
    ]);
    expect(pythonCommandLine({ mode: "module", target: "m", argv: [], programName: "/p" })).toEqual([
      "/p",
      "-m",
      "m",
    ]);
    expect(pythonCommandLine({ mode: "command", target: "print(1)", argv: ["a"] })).toEqual([
      "/usr/bin/python3.11",
      "-c",
      "print(1)",
      "a",
    ]);
  });

  it("names the fix when the addon cannot be loaded", () => {
    expect(() => loadAddon("/nonexistent/pyjc_runtime.node")).toThrow(
      /native addon not built \(\/nonexistent\/pyjc_runtime.node is missing\); run `pnpm run setup`/,
    );
    const bogus = join(tmpdir(), `pyjc-bogus-${process.pid}.node`);
    writeFileSync(bogus, "not an ELF file");
    expect(() => loadAddon(bogus)).toThrow(/loading .*pyjc-bogus.* failed .*pnpm run setup/);
  });

  it("reads V8's --stack-size", () => {
    expect(jsStackSizeKb([])).toBe(984);
    expect(jsStackSizeKb(["--inspect", "--stack-size=2000"])).toBe(2000);
  });

  it("needs an interpreter for exec/eval, and refuses runMain after initialize", () => {
    const rt = loadRuntime();
    expect(loadRuntime()).toBe(rt);
    expect(rt.isInitialized()).toBe(false);
    expect(() => rt.exec("pass")).toThrow(/not initialized \(call initialize\(\) first\)/);
    expect(() => rt.eval("1")).toThrow(/not initialized/);
    // Usable before initialization: tables, host, switches.
    expect(rt.layout.sizeof_pointer).toBe(8);
    expect(rt.symbols.PyNumber_Add).not.toBe(0n);
    rt.setThreshold(3);
    expect(rt.stats().threshold).toBe(3);
    expect(() => rt.setThreshold(-1)).toThrow(/integer n >= 0/);
    rt.initialize({ argv: [] });
    expect(rt.eval("__import__('sys').argv")).toBe("['']");
    expect(() => rt.runMain({ mode: "command", target: "pass", argv: [] })).toThrow(
      /already initialized in this process \(one interpreter per process\)/,
    );
  });
});
