// Python constants in the IR's text form: formatConstant and parseConstant round-trip every
// value (nan, -0.0, lone surrogates, nested tuples, bytes, complex, sets), and the text is Python
// that CPython evaluates to the same value.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { pyValue, pythonLiteral } from "../../../testing/src/index.js";
import type { PyValue } from "../../src/bytecode/py-value.js";
import { constantsEqual, floatRepr, formatConstant, parseConstant } from "../../src/hir/constants.js";
import { FIXTURES, runPython } from "../fixtures/python.js";

const values = pyValue({ depth: 3, allKinds: true, loneSurrogates: true });

describe("constants", () => {
  it("format and parse back to equal values", () => {
    fc.assert(fc.property(values, (v) => {
      const text = formatConstant(v);
      const back = parseConstant(text);
      expect(constantsEqual(back, v), text).toBe(true);
      expect(formatConstant(back)).toBe(text);
    }), { numRuns: 5000 });
  });

  it("parse inside a line, with surrounding text", () => {
    fc.assert(fc.property(values, (v) => {
      const text = formatConstant(v);
      expect(constantsEqual(parseConstant(`  ${text}  `), v)).toBe(true);
    }), { numRuns: 500 });
  });

  it("keep the edge cases apart", () => {
    const cases: [PyValue, string][] = [
      [{ kind: "float", value: Number.NaN }, "float('nan')"],
      [{ kind: "float", value: -0 }, "-0.0"],
      [{ kind: "float", value: Infinity }, "float('inf')"],
      [{ kind: "float", value: -Infinity }, "float('-inf')"],
      [{ kind: "float", value: 1e16 }, "1e+16"],
      [{ kind: "float", value: 1e-5 }, "1e-05"],
      [{ kind: "float", value: 123.0 }, "123.0"],
      [{ kind: "int", value: -(2n ** 63n) }, "-9223372036854775808"],
      [{ kind: "str", value: "\ud800x" }, "'\\ud800x'"],
      [{ kind: "str", value: "it's" }, `"it's"`],
      [{ kind: "str", value: "\x00\x7f\xa0\n" }, "'\\x00\\x7f\\xa0\\n'"],
      [{ kind: "bytes", value: Uint8Array.from([0, 39, 92, 255]) }, "b'\\x00\\'\\\\\\xff'"],
      [{ kind: "tuple", items: [{ kind: "tuple", items: [] }] }, "((),)"],
      [{ kind: "complex", real: -0, imag: Number.NaN }, "complex(-0.0, float('nan'))"],
      [{ kind: "frozenset", items: [] }, "frozenset()"],
      [{ kind: "set", items: [] }, "set()"],
      [{ kind: "dict", entries: [] }, "{}"],
      [{ kind: "ellipsis" }, "..."],
    ];
    for (const [v, text] of cases) {
      expect(formatConstant(v)).toBe(text);
      expect(constantsEqual(parseConstant(text), v), text).toBe(true);
    }
    expect(constantsEqual({ kind: "float", value: 0 }, { kind: "float", value: -0 })).toBe(false);
    expect(constantsEqual({ kind: "int", value: 1n }, { kind: "bool", value: true })).toBe(false);
  });

  it("print floats like Python's repr", () => {
    // Python's repr switches to exponent form outside 1e-4 <= |x| < 1e16.
    const cases: [number, string][] = [
      [0.0001, "0.0001"], [0.00001, "1e-05"], [1e15, "1000000000000000.0"], [1e16, "1e+16"], [1.5e300, "1.5e+300"],
      [5e-324, "5e-324"], [0.1, "0.1"], [-2.5, "-2.5"], [1 / 3, "0.3333333333333333"], [2 ** 53, "9007199254740992.0"],
    ];
    for (const [x, text] of cases) expect(floatRepr(x)).toBe(text);
  });

  it("are Python expressions CPython evaluates to the same value", () => {
    // Each line: the generator's own literal and core's text form; CPython compares both.
    const sample = fc.sample(values, { numRuns: 1500, seed: 20261123 });
    const input = sample.map((v) => JSON.stringify([pythonLiteral(v), formatConstant(v)])).join("\n");
    const report = JSON.parse(runPython(`${FIXTURES}eval_constants.py`, [], input)) as { checked: number; mismatches: string[] };
    expect(report.mismatches).toEqual([]);
    expect(report.checked).toBe(sample.length);
  });

  it("reject malformed text with the column", () => {
    expect(() => parseConstant("(1")).toThrow(/expected '\)' at column 3/);
    expect(() => parseConstant("'abc")).toThrow(/unterminated string/);
    expect(() => parseConstant("'\\q'")).toThrow(/unknown escape \\q/);
    expect(() => parseConstant("b'\u0100'")).toThrow(/non-byte character/);
    expect(() => parseConstant("float('x')")).toThrow(/bad float\(\)/);
    expect(() => parseConstant("(1)")).toThrow(/not a tuple/);
    expect(() => parseConstant("1 2")).toThrow(/trailing text/);
    expect(() => parseConstant("<code 'f'>")).toThrow(/unknown code object 'f'/);
    expect(() => parseConstant("?")).toThrow(/expected a constant at column 1/);
  });
});
