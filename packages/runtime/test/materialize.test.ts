/**
 * runtime.materialize: marshalled tuples rebuilt as objects in the interpreter, and how long
 * those objects live (with the code object compiled, until a refused compile returns, or for
 * the life of the process outside callbacks).
 */
import { writeMarshal, type PyValue } from "@pyjc/core";
import { afterEach, describe, expect, it } from "vitest";
import { loadRuntime } from "../src/index.js";
import { DEOPT_STUB, recordingHost } from "./helpers/host.js";
import { py, run, startRuntime } from "./helpers/runtime.js";

const tuple = (...items: PyValue[]): Uint8Array => writeMarshal({ kind: "tuple", items });

// Before startRuntime() below initializes the interpreter.
const beforeInit = (() => {
  try {
    loadRuntime().materialize(tuple());
    return "no error";
  } catch (e) {
    return (e as Error).message;
  }
})();

describe("materialize", () => {
  it("needs a running interpreter", () => {
    expect(beforeInit).toMatch(/needs a running interpreter/);
  });

  const rt = startRuntime();
  run(rt, py`
    import ctypes, gc, sys, pyjc
    def obj_at(addr):
        return ctypes.cast(addr, ctypes.py_object).value
  `);
  const reprs = (addrs: bigint[]) => rt.eval(`[repr(obj_at(a)) for a in [${addrs.join(", ")}]]`);
  afterEach(() => rt.setHost(null));

  it("round-trips ints, floats, strings, bytes, tuples and singletons", () => {
    const addrs = rt.materialize(tuple(
      { kind: "int", value: 7n },
      { kind: "int", value: -(2n ** 100n) + 3n },
      { kind: "float", value: -0 },
      { kind: "float", value: Infinity },
      { kind: "float", value: 0.1 },
      { kind: "complex", real: 1.5, imag: -2 },
      { kind: "str", value: "héllo ☃ \u{1F600}" },
      { kind: "bytes", value: Uint8Array.from([0, 255]) },
      { kind: "tuple", items: [{ kind: "str", value: "a" }, { kind: "tuple", items: [] }] },
      { kind: "frozenset", items: [{ kind: "int", value: 1n }] },
      { kind: "none" },
      { kind: "bool", value: true },
      { kind: "ellipsis" },
    ));
    expect(addrs).toHaveLength(13);
    expect(reprs(addrs)).toBe(
      "['7', '-1267650600228229401496703205373', '-0.0', 'inf', '0.1', '(1.5-2j)', \"'héllo ☃ 😀'\", " +
      "\"b'\\\\x00\\\\xff'\", \"('a', ())\", 'frozenset({1})', 'None', 'True', 'Ellipsis']",
    );
    expect(addrs[0]).toBe(BigInt(rt.eval("id(7)"))); // small ints are the cached objects
    expect(addrs[10]).toBe(rt.symbols._Py_NoneStruct);
    expect(rt.materialize(tuple())).toEqual([]);
  });

  it("rejects malformed input and values that are not tuples", () => {
    expect(() => rt.materialize(writeMarshal({ kind: "int", value: 1n }))).toThrow(/is a int, not a tuple/);
    expect(() => rt.materialize(Uint8Array.from([0x28, 5, 0, 0, 0]))).toThrow(/unmarshalling failed: EOFError/);
    expect(() => rt.materialize(Uint8Array.from([0x3f]))).toThrow(/unmarshalling failed: ValueError: bad marshal data/);
    expect(rt.eval("sys.exc_info()")).toBe("(None, None, None)");
  });

  describe("lifetime", () => {
    // An interned str marshalled as interned comes back as the very same object, so its
    // refcount shows who holds it. The name is built at run time: a literal would be a constant
    // of some code object and hold a reference of its own.
    run(rt, "probe = sys.intern('pyjc_' + 'probe_' + 'lifetime')");
    const name = "pyjc_probe_lifetime";
    const probeTuple = Uint8Array.from([0x29, 1, 0x5a, name.length, ...new TextEncoder().encode(name)]);
    const refs = (): number => Number(rt.eval("sys.getrefcount(probe)"));
    const made: bigint[] = [];
    const materializingHost = (ok: boolean) =>
      recordingHost((req) => {
        if (req.qualname !== "target") return { ok: false, reason: "not under test" };
        made.push(...rt.materialize(probeTuple));
        return ok ? { ok: true, code: DEOPT_STUB, entryOffset: 0, info: "{}" } : { ok: false, reason: "refused" };
      });

    it("is the probe", () => {
      const [addr] = rt.materialize(probeTuple);
      expect(addr).toBe(BigInt(rt.eval("id(probe)")));
    });

    it("outside callbacks: kept for the life of the process", () => {
      const before = refs();
      rt.materialize(probeTuple);
      run(rt, "gc.collect()");
      expect(refs()).toBe(before + 1);
    });

    it("in a successful compile: as long as the code object", () => {
      const before = refs();
      const host = materializingHost(true);
      rt.setHost(host);
      run(rt, "def target():\n    return 'ran'\nresult = target()");
      rt.setHost(null);
      expect(host.for("target")).toHaveLength(1);
      expect(rt.eval("result, pyjc.info(target)['compiled']")).toBe("('ran', True)");
      expect(refs()).toBe(before + 1);
      expect(made.pop()).toBe(BigInt(rt.eval("id(probe)")));
      run(rt, "del target\ngc.collect()");
      expect(refs()).toBe(before);
    });

    it("in a refused compile: released when the callback returns", () => {
      const before = refs();
      const host = materializingHost(false);
      rt.setHost(host);
      run(rt, "def target():\n    return 'ran'\nresult = target()");
      rt.setHost(null);
      expect(host.for("target")).toHaveLength(1);
      expect(refs()).toBe(before);
      run(rt, "del target");
    });

    it("in a query callback: as long as the code object", () => {
      const before = refs();
      const host = recordingHost(undefined, (kind, req) => {
        rt.materialize(probeTuple);
        return `${kind}:${req.qualname}`;
      });
      rt.setHost(host);
      run(rt, "def target():\n    return 'ran'\nlisting = pyjc.dis(target)");
      rt.setHost(null);
      expect(rt.eval("listing")).toBe("dis:target");
      expect(refs()).toBe(before + 1);
      run(rt, "del target\ngc.collect()");
      expect(refs()).toBe(before);
    });
  });
});
