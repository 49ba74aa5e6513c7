import { afterEach, describe, expect, it } from "vitest";
import { loadAddon } from "../src/load.js";
import { compileOnly, DEOPT_STUB, recordingHost } from "./helpers/host.js";
import { py, run, startRuntime } from "./helpers/runtime.js";

const rt = startRuntime();
run(rt, "import pyjc, marshal, sys, threading");
const id = (expr: string): bigint => BigInt(rt.eval(`id(${expr})`));

afterEach(() => {
  rt.setHost(null);
  rt.setThreshold(0);
  rt.setEnabled(true);
});

describe("compile requests", () => {
  it("are made at the threshold, with a correct CompileRequest", () => {
    const host = recordingHost();
    rt.setHost(host);
    rt.setThreshold(2);
    run(rt, py`
      K = 7
      def add(a, b):
          c = a + b
          return c + K
    `);
    run(rt, "add(1, 2.5)");
    run(rt, "add(1, 2.5)");
    expect(host.for("add")).toHaveLength(0);
    run(rt, "add(1, 2.5)");
    expect(host.for("add")).toHaveLength(1);

    const req = host.for("add")[0]!;
    expect(req.code).toBe(id("add.__code__"));
    expect(Buffer.from(req.marshal).toString("hex")).toBe(rt.eval("marshal.dumps(add.__code__).hex()"));
    expect(Buffer.from(req.quickened).toString("hex")).toBe(rt.eval("add.__code__._co_code_adaptive.hex()"));
    expect(req.firstInstr).toBe(req.code + BigInt(rt.layout.PyCodeObject_co_code_adaptive));
    expect(req.consts).toEqual(JSON.parse(rt.eval("[id(c) for c in add.__code__.co_consts]")).map(BigInt));
    expect(req.names).toEqual([id("add.__code__.co_names[0]")]);
    expect(rt.eval("add.__code__.co_names")).toBe("('K',)");
    expect(req.globals).toBe(id("globals()"));
    expect(req.builtins).toBe(id("add.__builtins__"));
    expect(req.func).toBe(id("add"));
    expect(req.localTypes).toEqual([id("int"), id("float"), 0n]);
    expect(req.localTypeNames).toEqual(["int", "float", ""]);
    expect(req.qualname).toBe("add");
    expect(req.filename).toBe("<string>");
    expect(req.firstLineNo).toBe(2);
    expect(rt.eval("pyjc.info(add)['reason']")).toBe("test host refuses");
  });

  it("counts calls and compiles exactly once", () => {
    const host = recordingHost(compileOnly(["twice"]));
    rt.setHost(host);
    rt.setThreshold(5);
    run(rt, "def twice(x):\n    return 2 * x");
    for (let i = 1; i <= 5; i++) {
      expect(rt.eval(`twice(${i})`)).toBe(String(2 * i));
      expect(rt.eval("pyjc.info(twice)['state']")).toBe("counting");
    }
    expect(rt.eval("pyjc.info(twice)['calls']")).toBe("5");
    run(rt, "for i in range(10): assert twice(i) == 2 * i");
    expect(host.for("twice")).toHaveLength(1);
    expect(rt.eval("pyjc.info(twice)['calls'], pyjc.info(twice)['compiled_runs']")).toBe("(15, 10)");
  });

  it("never sends generators, coroutines or async generators", () => {
    const host = recordingHost(() => ({ ok: true, code: DEOPT_STUB, entryOffset: 0, info: "{}" }));
    rt.setHost(host);
    run(rt, py`
      def gen(n):
          yield from range(n)
      async def coro():
          return 1
      async def agen():
          yield 1
      for _ in range(5):
          assert list(gen(3)) == [0, 1, 2]
          c = coro()
          try:
              c.send(None)
          except StopIteration as e:
              assert e.value == 1
          a = agen().__anext__()
          try:
              a.send(None)
          except StopIteration as e:
              assert e.value == 1
    `);
    expect(host.for("gen")).toEqual([]);
    expect(host.for("coro")).toEqual([]);
    expect(host.for("agen")).toEqual([]);
    for (const f of ["gen", "coro", "agen"]) {
      expect(rt.eval(`pyjc.info(${f})['reason']`)).toBe("generator");
      expect(rt.eval(`pyjc.compile(${f})`)).toBe("False");
    }
  });

  it("records a JS exception from the compiler and keeps the function interpreted", () => {
    rt.setHost(
      recordingHost((req) => {
        if (req.qualname === "fragile") throw new Error("kaput");
        return { ok: false, reason: "no" };
      }),
    );
    run(rt, "def fragile(x):\n    return x + 1");
    expect(rt.eval("fragile(41)")).toBe("42");
    expect(rt.eval("pyjc.info(fragile)")).toBe(
      "{'compiled': False, 'state': 'interpreted', 'reason': 'compiler error: kaput', " +
        "'calls': 1, 'compiled_runs': 0, 'deopts': 0, 'passes': []}",
    );
    expect(rt.eval("fragile(1)")).toBe("2");
  });

  it("rejects malformed responses with a reason", () => {
    const responses: Record<string, unknown> = {
      r1: undefined,
      r2: { ok: true, code: [0xc3], entryOffset: 0, info: "{}" },
      r3: { ok: true, code: DEOPT_STUB, entryOffset: 6, info: "{}" },
      r4: { ok: true, code: new Uint8Array(0), entryOffset: 0, info: "{}" },
      r5: { ok: false, reason: "fine" },
      r6: {
        get ok(): boolean {
          throw new Error("getter threw");
        },
      },
    };
    rt.setHost(
      recordingHost((req) => (req.qualname in responses ? responses[req.qualname] : { ok: false, reason: "-" }) as never),
    );
    for (const name of Object.keys(responses)) run(rt, `def ${name}():\n    return 1\n${name}()`);
    const reason = (f: string) => rt.eval(`pyjc.info(${f})['reason']`);
    expect(reason("r1")).toBe("compiler error: response has no boolean 'ok'");
    expect(reason("r2")).toBe("compiler error: response 'code' is not a Uint8Array");
    expect(reason("r3")).toBe("compiler error: response 'entryOffset' is not inside 'code'");
    expect(reason("r4")).toBe("compiler error: response 'entryOffset' is not inside 'code'");
    expect(reason("r5")).toBe("fine");
    expect(reason("r6")).toBe("compiler error: getter threw");
  });

  it("does not let the compiler re-enter Python", () => {
    rt.setHost(
      recordingHost((req) => {
        if (req.qualname === "sneaky") rt.exec("x = 1");
        return { ok: false, reason: "no" };
      }),
    );
    run(rt, "def sneaky():\n    return 3\nassert sneaky() == 3");
    expect(rt.eval("pyjc.info(sneaky)['reason']")).toBe(
      "compiler error: pyjc: Python cannot be re-entered from inside a host callback",
    );
  });

  it("compiles only on the JS thread; other threads keep counting", () => {
    const host = recordingHost(compileOnly(["threaded"]));
    rt.setHost(host);
    run(rt, py`
      def threaded(x):
          return x * 3
      out = []
      t = threading.Thread(target=lambda: out.extend(threaded(i) for i in range(4)))
      t.start(); t.join()
      assert out == [0, 3, 6, 9], out
    `);
    expect(host.for("threaded")).toHaveLength(0);
    expect(rt.eval("pyjc.info(threaded)['state']")).toBe("counting");
    expect(rt.eval("threaded(2)")).toBe("6");
    expect(host.for("threaded")).toHaveLength(1);
    run(rt, py`
      t = threading.Thread(target=lambda: out.append(threaded(5)))
      t.start(); t.join()
      assert out[-1] == 15
    `);
    expect(rt.eval("pyjc.info(threaded)['compiled_runs']")).toBe("2");
  });

  it("defers compiling when too close to V8's stack limit", () => {
    const host = recordingHost();
    rt.setHost(host);
    run(rt, py`
      sys.setrecursionlimit(4000)
      def deep(n):
          return 0 if n == 0 else 1 + deep(n - 1)
    `);
    // The 3001st call happens ~3000 Python frames (and hook activations) deep.
    rt.setThreshold(3000);
    const before = rt.stats().compileDeferred;
    expect(rt.eval("deep(3100)")).toBe("3100");
    expect(rt.stats().compileDeferred).toBeGreaterThan(before);
    expect(host.for("deep")).toHaveLength(0);
    expect(rt.eval("pyjc.info(deep)['state']")).toBe("counting");
    // Shallow again: compiles now.
    expect(rt.eval("deep(0)")).toBe("0");
    expect(host.for("deep")).toHaveLength(1);
  });

  it("treats V8's own stack overflow as 'try later' if the estimate was wrong", () => {
    const host = recordingHost();
    rt.setHost(host);
    const addon = loadAddon();
    addon.setJsStackSize(7000); // pretend V8 had a 7 MB stack: the headroom check passes
    try {
      run(rt, "def deep2(n):\n    return 0 if n == 0 else 1 + deep2(n - 1)");
      rt.setThreshold(3000);
      const before = rt.stats().compileDeferred;
      expect(rt.eval("deep2(3100)")).toBe("3100");
      expect(rt.stats().compileDeferred).toBeGreaterThan(before);
      expect(rt.eval("pyjc.info(deep2)['state']")).toBe("counting");
    } finally {
      addon.setJsStackSize(984);
    }
  });
});

describe("the pyjc module", () => {
  it("disable() runs everything interpreted and compiles nothing", () => {
    const host = recordingHost();
    rt.setHost(host);
    run(rt, "pyjc.disable()\ndef off(): return 1\nassert off() == 1");
    expect(host.for("off")).toEqual([]);
    expect(rt.eval("pyjc.status()['enabled']")).toBe("False");
    expect(rt.stats().enabled).toBe(false);
    run(rt, "pyjc.enable()\nassert off() == 1");
    expect(host.for("off")).toHaveLength(1);
  });

  it("config() sets the threshold here and forwards level/pgc to the host", () => {
    const host = recordingHost();
    rt.setHost(host);
    expect(rt.eval("pyjc.config(threshold=9)")).toBe(
      "{'enabled': True, 'threshold': 9, 'level': None, 'pgc': None}",
    );
    expect(rt.stats().threshold).toBe(9);
    expect(host.configs).toEqual([]);
    expect(rt.eval("pyjc.config(level=2, pgc=True)")).toBe(
      "{'enabled': True, 'threshold': 9, 'level': 2, 'pgc': True}",
    );
    expect(host.configs).toEqual(['{"level": 2, "pgc": true}']);
    expect(rt.eval("pyjc.config(level=1)['level']")).toBe("1");
    expect(host.configs[1]).toBe('{"level": 1}');
  });

  it("compile() accepts functions, bound methods and code objects", () => {
    const host = recordingHost(compileOnly(["byfunc", "C.method", "bycode"], DEOPT_STUB, '{"passes": ["OPT-1"], "size": 6}'));
    rt.setHost(host);
    rt.setThreshold(1000);
    run(rt, py`
      def byfunc(): return 1
      class C:
          def method(self): return 2
      def bycode(): return 3
    `);
    expect(rt.eval("pyjc.compile(byfunc), pyjc.compile(C().method), pyjc.compile(bycode.__code__)")).toBe(
      "(True, True, True)",
    );
    expect(host.for("byfunc")[0]!.func).toBe(id("byfunc"));
    expect(host.for("byfunc")[0]!.localTypes).toEqual([]);
    expect(host.for("C.method")[0]!.localTypes).toEqual([0n]);
    expect(host.for("bycode")[0]!.func).toBe(0n);
    expect(host.for("bycode")[0]!.globals).toBe(0n);
    expect(rt.eval("byfunc(), C().method(), bycode()")).toBe("(1, 2, 3)");
    expect(rt.eval("{k: v for k, v in pyjc.info(byfunc).items() if not k.startswith(('entry', 'code_'))}")).toBe(
      "{'compiled': True, 'state': 'compiled', 'reason': None, 'calls': 1, 'compiled_runs': 1, " +
        "'deopts': 1, 'passes': ['OPT-1'], 'size': 6}",
    );
    // Already compiled: no second request.
    expect(rt.eval("pyjc.compile(byfunc)")).toBe("True");
    expect(host.for("byfunc")).toHaveLength(1);
    expect(rt.exec("pyjc.compile(42)")).toMatch(/TypeError: pyjc: expected a function, bound method or code object, not int/);
  });

  it("dis(), graph() and ir() ask the host", () => {
    const host = recordingHost(undefined, (kind, req) => {
      if (req.qualname === "bad") throw new Error("no listing");
      return `${kind} of ${req.qualname} with ${req.marshal.length} bytes`;
    });
    rt.setHost(host);
    run(rt, "def shown(): return 1\ndef bad(): pass");
    expect(rt.eval("pyjc.dis(shown)")).toMatch(/^dis of shown with \d+ bytes$/);
    expect(rt.eval("pyjc.graph(shown.__code__)")).toMatch(/^graph of shown/);
    expect(rt.eval("pyjc.ir(shown)")).toMatch(/^ir of shown/);
    expect(host.queries.map(([k]) => k)).toEqual(["dis", "graph", "ir"]);
    expect(rt.exec("pyjc.dis(bad)")).toMatch(/RuntimeError: pyjc.dis: no listing/);
    rt.setHost(null);
    expect(rt.exec("pyjc.dis(shown)")).toMatch(/RuntimeError: pyjc.dis: no compiler host registered/);
  });

  it("status() and stats() report the same counters", () => {
    const status = rt.eval("pyjc.status()");
    const s = rt.stats();
    expect(status).toContain(`'compiled': ${s.compiled}`);
    expect(status).toContain(`'compile_requests': ${s.compileRequests}`);
    expect(s.counting + s.compiled + s.interpreted).toBeGreaterThan(0);
  });
});
