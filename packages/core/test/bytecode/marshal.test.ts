import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { MarshalError, parsePythonFloat, readMarshal, readMarshalCode, type PyValue } from "../../src/bytecode/index.js";
import { oracle } from "./oracle.js";

/** The oracle's description of a Python value (see scripts/oracle/marshal_cases.py). */
type Described =
  | { k: "none" | "ellipsis" | "stopiteration" }
  | { k: "bool"; v: boolean }
  | { k: "int"; v: string }
  | { k: "float"; v: string }
  | { k: "complex"; re: string; im: string }
  | { k: "str"; u: number[] }
  | { k: "bytes"; hex: string }
  | { k: "tuple" | "list" | "set" | "frozenset"; items: Described[] }
  | { k: "dict"; entries: [Described, Described][] }
  | { k: "code"; qualname: string };

interface Case {
  name: string;
  version: number;
  hex: string;
  top: string;
  expect: Described;
}

const { cases, refs } = oracle<{ cases: Case[]; refs: Record<"shared" | "cyclic" | "sharedCode", string> }>(
  "marshal_cases.py",
);

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
const float = (repr: string): number => parsePythonFloat(repr)!;
const units = (s: string): number[] => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

/** Our value in the oracle's vocabulary; sets sorted, since set order is not part of the value. */
function describeOurs(v: PyValue): unknown {
  switch (v.kind) {
    case "none":
    case "ellipsis":
    case "stopiteration":
      return { k: v.kind };
    case "bool":
      return { k: "bool", v: v.value };
    case "int":
      return { k: "int", v: v.value.toString() };
    case "float":
      return { k: "float", v: v.value };
    case "complex":
      return { k: "complex", re: v.real, im: v.imag };
    case "str":
      return { k: "str", u: units(v.value) };
    case "bytes":
      return { k: "bytes", hex: Buffer.from(v.value).toString("hex") };
    case "tuple":
    case "list":
      return { k: v.kind, items: v.items.map(describeOurs) };
    case "set":
    case "frozenset":
      return { k: v.kind, items: sortedItems(v.items.map(describeOurs)) };
    case "dict":
      return { k: "dict", entries: v.entries.map(([k, x]) => [describeOurs(k), describeOurs(x)]) };
    case "code":
      return { k: "code", qualname: v.value.qualname };
  }
}

function normalizeExpected(d: Described): unknown {
  switch (d.k) {
    case "float":
      return { k: "float", v: float(d.v) };
    case "complex":
      return { k: "complex", re: float(d.re), im: float(d.im) };
    case "tuple":
    case "list":
      return { k: d.k, items: d.items.map(normalizeExpected) };
    case "set":
    case "frozenset":
      return { k: d.k, items: sortedItems(d.items.map(normalizeExpected)) };
    case "dict":
      return { k: "dict", entries: d.entries.map(([k, x]) => [normalizeExpected(k), normalizeExpected(x)]) };
    default:
      return d;
  }
}

function sortedItems(items: unknown[]): unknown[] {
  const key = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (typeof v === "number" ? String(v) : v));
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

describe("marshal reader against marshal.dumps", () => {
  it("covers every type code marshal writes at top level", () => {
    const seen = new Set(cases.map((c) => c.top));
    for (const code of "NFTS.ifglxysutaAzZ()[{<>c") expect(seen, `type code ${code}`).toContain(code);
  });

  it.each(cases.map((c) => [`${c.name} (version ${c.version})`, c] as const))("%s", (_, c) => {
    // toEqual compares numbers with Object.is, so -0.0 and NaN are checked exactly.
    expect(describeOurs(readMarshal(bytes(c.hex)))).toEqual(normalizeExpected(c.expect));
  });

  it("keeps lone surrogates and astral characters apart", () => {
    const read = (name: string): string => {
      const v = readMarshal(bytes(cases.find((c) => c.name === name && c.version === 4)!.hex));
      if (v.kind !== "str") throw new Error(v.kind);
      return v.value;
    };
    expect(read("str lone high")).toBe("\ud800");
    expect(read("str lone inside")).toBe("a\udc80b");
    expect(read("str astral")).toBe("\u{1F600} \u{10FFFF}");
    expect(read("str leading bom")).toBe("\ufeffx");
    expect(read("str latin1")).toBe("café");
  });

  it("resolves refs to the same JS object", () => {
    const shared = readMarshal(bytes(refs.shared));
    if (shared.kind !== "tuple") throw new Error(shared.kind);
    const [s1, s2, l1, l2] = shared.items;
    expect(s1).toBe(s2);
    expect(l1).toBe(l2);
    expect(s1).toEqual({ kind: "str", value: "shared string" });
  });

  it("reads a list that contains itself", () => {
    const cyclic = readMarshal(bytes(refs.cyclic));
    if (cyclic.kind !== "list") throw new Error(cyclic.kind);
    expect(cyclic.items).toHaveLength(1);
    expect(cyclic.items[0]).toBe(cyclic);
  });

  it("reads code objects whose strings are refs", () => {
    const code = readMarshalCode(bytes(refs.sharedCode));
    expect(code.name).toBe("<module>");
    expect(code.filename).toBe("<refs>");
    expect(code.names).toEqual(["a", "b"]);
  });
});

describe("marshal reader on malformed data", () => {
  const h = (...parts: (number | string)[]): Uint8Array =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === "number" ? [p] : [...p].map((ch) => ch.charCodeAt(0)))));
  const fails = (data: Uint8Array, message: RegExp, offset: number): void => {
    let error: unknown;
    try {
      readMarshal(data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MarshalError);
    expect((error as MarshalError).message).toMatch(message);
    expect((error as MarshalError).offset).toBe(offset);
  };

  it("rejects empty and truncated input", () => {
    fails(h(), /EOF/, 0);
    fails(h("i", 1, 0), /EOF/, 1);
    fails(h("s", 5, 0, 0, 0, "ab"), /EOF/, 5);
    fails(h(")", 2, "N"), /EOF/, 3);
  });

  it("rejects unknown type codes and trailing bytes", () => {
    fails(h("?"), /unknown type code/, 0);
    fails(h("N", "N"), /trailing/, 1);
    expect(readMarshal(h("N", "N"), { allowTrailing: true })).toEqual({ kind: "none" });
  });

  it("rejects bad refs", () => {
    fails(h("r", 0, 0, 0, 0), /invalid reference/, 1);
    fails(h(")", 2, 0xe9, 1, 0, 0, 0, "r", 1, 0, 0, 0), /invalid reference 1/, 8);
    // A ref to a code object or frozenset still being read is invalid, as in marshal.c.
    fails(h(0xbe, 1, 0, 0, 0, "r", 0, 0, 0, 0), /invalid reference 0/, 6);
  });

  it("rejects NULL outside a dict and bad sizes", () => {
    fails(h("0"), /NULL object in marshal data for object/, 0);
    fails(h(")", 1, "0"), /NULL object in marshal data for tuple/, 2);
    fails(h("(", 0xff, 0xff, 0xff, 0xff), /tuple size out of range/, 1);
  });

  it("rejects unnormalized and out-of-range long digits", () => {
    fails(h("l", 1, 0, 0, 0, 0, 0), /unnormalized/, 5);
    fails(h("l", 1, 0, 0, 0, 0, 0x80), /digit out of range/, 5);
    expect(readMarshal(h("l", 0, 0, 0, 0))).toEqual({ kind: "int", value: 0n });
    expect(readMarshal(h("l", 0xfe, 0xff, 0xff, 0xff, 0, 0, 1, 0))).toEqual({ kind: "int", value: -(1n << 15n) });
  });

  it("rejects invalid UTF-8 but accepts encoded surrogates", () => {
    fails(h("u", 1, 0, 0, 0, 0xff), /invalid UTF-8/, 5);
    fails(h("u", 3, 0, 0, 0, 0xe0, 0x80, 0x80), /invalid UTF-8/, 5); // overlong
    expect(readMarshal(h("u", 3, 0, 0, 0, 0xed, 0xb2, 0x80))).toEqual({ kind: "str", value: "\udc80" });
  });

  it("reads text floats as PyOS_string_to_double does", () => {
    expect(readMarshal(h("f", 3, "1.5"))).toEqual({ kind: "float", value: 1.5 });
    expect(readMarshal(h("f", 4, "-inf"))).toEqual({ kind: "float", value: -Infinity });
    expect(readMarshal(h("f", 8, "Infinity"))).toEqual({ kind: "float", value: Infinity });
    fails(h("f", 3, "1_0"), /invalid float/, 2);
    fails(h("f", 4, " 1.5"), /invalid float/, 2);
  });

  it("checks the fields of code objects", () => {
    const i32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
    const short = (s: string): (number | string)[] => ["z", s.length, s];
    const code = (kinds: (number | string)[], names: (number | string)[] = [")", 0]): Uint8Array =>
      h("c", ...i32(1), ...i32(0), ...i32(0), ...i32(2), ...i32(3),
        "s", ...i32(2), 83, 0, // co_code: RETURN_VALUE
        ")", 1, "N", // consts
        ...names,
        ")", 1, ...short("x"), // localsplusnames
        ...kinds,
        ...short("f.py"), ...short("f"), ...short("q.f"), ...i32(7),
        "s", ...i32(0), "s", ...i32(0));
    const good = readMarshalCode(code(["s", ...i32(1), 0x20]));
    expect(good).toMatchObject({ argCount: 1, stackSize: 2, flags: 3, names: [], localsPlusNames: ["x"], nLocals: 1 });
    expect(good).toMatchObject({ filename: "f.py", name: "f", qualname: "q.f", firstLineNo: 7 });
    fails(code(["s", ...i32(0)]), /1 localsplus names but 0 kinds/, 0);
    fails(code(["N"]), /co_localspluskinds is none, expected bytes/, 38);
    fails(code(["s", ...i32(1), 0x20], [")", 1, "i", ...i32(5)]), /co_names holds a int/, 31);
  });

  it("rejects nesting deeper than marshal's limit", () => {
    const deep = new Uint8Array(2001 * 2 + 1);
    for (let i = 0; i < 2001; i++) deep.set([0x29, 1], 2 * i);
    deep[deep.length - 1] = 0x4e;
    fails(deep, /recursion limit/, 4000);
  });

  it("never fails with anything but MarshalError on random input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        try {
          readMarshal(data, { allowTrailing: true });
        } catch (e) {
          if (!(e instanceof MarshalError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
