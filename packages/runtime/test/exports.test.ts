import { execFileSync } from "node:child_process";
import { SHIM_HELPERS } from "@pyjc/core";
import { describe, expect, it } from "vitest";
import { addonPath, LAYOUT_KEYS, SYMBOL_NAMES } from "../src/index.js";
import { py, run, startRuntime } from "./helpers/runtime.js";

const LIBPYTHON = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

/** Dynamic symbols of an ELF file: `nm -D` with the given filter flag. */
function dynamicSymbols(file: string, flag: "--undefined-only" | "--defined-only"): Set<string> {
  const out = execFileSync("nm", ["-D", flag, file], { encoding: "utf8", maxBuffer: 64 << 20 });
  return new Set(
    out
      .split("\n")
      .map((l) => l.trim().split(/\s+/).pop() ?? "")
      .filter((s) => s !== "")
      .map((s) => s.replace(/@.*$/, "")),
  );
}

describe("layout and symbols", () => {
  const rt = startRuntime();

  it("has exactly the names src/names.ts lists", () => {
    expect(Object.keys(rt.layout).sort()).toEqual([...LAYOUT_KEYS].sort());
    expect(Object.keys(rt.symbols).sort()).toEqual([...SYMBOL_NAMES].sort());
  });

  it("exports every helper the lowering contract (SHIM_HELPERS) lists", () => {
    const exported = new Set<string>(SYMBOL_NAMES);
    expect(Object.keys(SHIM_HELPERS).filter((name) => !exported.has(name))).toEqual([]);
  });

  it("resolves every symbol to a non-null address", () => {
    for (const name of SYMBOL_NAMES) {
      expect(typeof rt.symbols[name], name).toBe("bigint");
      expect(rt.symbols[name], name).not.toBe(0n);
    }
  });

  it("agrees with id() for objects", () => {
    const id = (expr: string): bigint => BigInt(rt.eval(`id(${expr})`));
    const s = rt.symbols;
    expect(id("None")).toBe(s._Py_NoneStruct);
    expect(id("True")).toBe(s._Py_TrueStruct);
    expect(id("False")).toBe(s._Py_FalseStruct);
    expect(id("NotImplemented")).toBe(s._Py_NotImplementedStruct);
    expect(id("...")).toBe(s._Py_EllipsisObject);
    expect(id("int")).toBe(s.PyLong_Type);
    expect(id("float")).toBe(s.PyFloat_Type);
    expect(id("list")).toBe(s.PyList_Type);
    expect(id("type(lambda: 0)")).toBe(s.PyFunction_Type);
    expect(id("TypeError")).toBe(s.PyExc_TypeError);
    expect(id("KeyboardInterrupt")).toBe(s.PyExc_KeyboardInterrupt);
  });

  it("locates the small-int cache", () => {
    const { small_int_min, small_int_max, small_int_stride } = rt.layout;
    expect([small_int_min, small_int_max]).toEqual([-5, 256]);
    for (const n of [-5, -1, 0, 1, 7, 255, 256]) {
      const expected = rt.symbols.small_int_zero + BigInt(n * small_int_stride);
      expect(BigInt(rt.eval(`id(${n})`)), String(n)).toBe(expected);
    }
  });

  it("locates the main interpreter's eval_breaker", () => {
    run(rt, py`
      import ctypes
      _main_interp = ctypes.pythonapi.PyInterpreterState_Main
      _main_interp.restype = ctypes.c_void_p
    `);
    const interp = BigInt(rt.eval("_main_interp()"));
    expect(rt.symbols.eval_breaker).toBe(interp + BigInt(rt.layout.PyInterpreterState_ceval_eval_breaker));
  });

  it("has plausible layout values", () => {
    const l = rt.layout;
    expect(l.PyObject_ob_refcnt).toBe(0);
    expect(l.PyObject_ob_type).toBe(8);
    expect(l.sizeof_code_unit).toBe(2);
    expect(l.sizeof_digit).toBe(4);
    expect(l.PyLong_SHIFT).toBe(30);
    expect(l.deopt_sentinel).toBe(1);
    expect(l.Py_TPFLAGS_LONG_SUBCLASS).toBe(2 ** 24);
    expect(l.Py_TPFLAGS_TYPE_SUBCLASS).toBe(2 ** 31);
    expect(rt.eval("int.__flags__ & (1 << 24) != 0")).toBe("True");
    // localsplus is the last member; a frame's specials occupy the words before it
    expect(l._PyInterpreterFrame_localsplus % 8).toBe(0);
    expect(l._PyInterpreterFrame_localsplus).toBeGreaterThan(l._PyInterpreterFrame_is_entry);
  });

  it("links only against symbols libpython3.11 exports", () => {
    const needed = [...dynamicSymbols(addonPath(), "--undefined-only")].filter((s) => /^_?Py/.test(s));
    const exported = dynamicSymbols(LIBPYTHON, "--defined-only");
    expect(needed.length).toBeGreaterThan(50);
    expect(needed.filter((s) => !exported.has(s))).toEqual([]);
    for (const missing of ["_PyFrame_MakeAndSetFrameObject", "_PyCode_GetCode", "_Py_HandlePending"]) {
      expect(exported.has(missing), missing).toBe(false);
    }
  });
});
