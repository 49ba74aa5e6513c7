import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { py, run, startRuntime } from "./helpers/runtime.js";

describe("embedded interpreter (in-process mode)", () => {
  const rt = startRuntime(["embed-test", "--flag", "x"]);

  it("is the system python3.11, not the one first on PATH", () => {
    expect(rt.eval("__import__('sys').executable")).toBe("/usr/bin/python3.11");
    expect(rt.eval("__import__('sys').prefix")).toBe("/usr");
    expect(rt.eval("__import__('sys').version_info[:2]")).toBe("(3, 11)");
    expect(rt.eval("__import__('os').__file__")).toBe("/usr/lib/python3.11/os.py");
  });

  it("sets sys.argv verbatim and runs in __main__", () => {
    expect(rt.eval("__import__('sys').argv")).toBe("['embed-test', '--flag', 'x']");
    run(rt, "x = 40 + 2");
    expect(rt.eval("x")).toBe("42");
    expect(rt.eval("__name__")).toBe("__main__");
  });

  it("returns tracebacks from exec and throws them from eval", () => {
    expect(rt.exec("1/0")).toBe(
      'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n' +
        "ZeroDivisionError: division by zero\n",
    );
    expect(() => rt.eval("undefined_name")).toThrow(/NameError: name 'undefined_name' is not defined/);
    expect(rt.exec("raise SystemExit(3)")).toMatch(/SystemExit: 3/);
    expect(rt.eval("1 + 1")).toBe("2");
  });

  it("loads C extension modules (libpython re-opened RTLD_GLOBAL)", () => {
    run(rt, "import json, json.decoder, decimal, ctypes, _json, _decimal, _ctypes");
    expect(rt.eval("json.decoder.c_scanstring is not None")).toBe("True");
    expect(rt.eval("decimal.Decimal(1) / 3")).toBe("0.3333333333333333333333333333");
    expect(rt.eval("ctypes.c_int(7).value")).toBe("7");
  });

  it("imports the pyjc module", () => {
    run(rt, "import pyjc");
    expect(rt.eval("sorted(n for n in dir(pyjc) if not n.startswith('_'))")).toBe(
      "['compile', 'config', 'dis', 'disable', 'enable', 'graph', 'info', 'ir', 'status']",
    );
  });

  it("lets Python threads run between calls (GIL released while JS runs)", async () => {
    run(rt, py`
      import threading, time
      ticks = []
      def tick():
          for _ in range(20):
              ticks.append(1)
              time.sleep(0.005)
      t = threading.Thread(target=tick)
      t.start()
    `);
    await new Promise((r) => setTimeout(r, 300));
    expect(rt.eval("len(ticks)")).toBe("20");
    run(rt, "t.join()");
  });

  it("installs its SIGINT handler only while Python runs", () => {
    const sigintCaught = (status: string) => {
      const mask = BigInt(`0x${/SigCgt:\s*([0-9a-f]+)/.exec(status)![1]}`);
      return (mask & (1n << 1n)) !== 0n; // bit (SIGINT - 1)
    };
    const outside = sigintCaught(readFileSync("/proc/self/status", "utf8"));
    const inside = sigintCaught(rt.eval("open('/proc/self/status').read()"));
    expect(inside).toBe(true);
    expect(sigintCaught(readFileSync("/proc/self/status", "utf8"))).toBe(outside);
    expect(rt.eval("__import__('signal').getsignal(2).__name__")).toBe("default_int_handler");
  });

  it("refuses a second interpreter", () => {
    expect(() => rt.initialize({ argv: [] })).toThrow(/one interpreter per process/);
  });
});
