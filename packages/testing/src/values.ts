// Python values: as data (`PyValue`, the type @pyjc/core's marshal reader produces) and as Python
// literal source that evaluates to them. Inputs for differential tests are generated here, and so
// are the constants the IR's text form must round-trip.
//
// The literal writer is independent of core's `formatConstant` on purpose: tests check the two
// against each other and against CPython's own `eval`.

import fc from "fast-check";

import type { PyValue } from "@pyjc/core";

/** Integers where implementations change representation: tagged/untagged, int64, uint64, digits. */
export const INT_EDGES: readonly bigint[] = [
  0n, 1n, -1n, 2n, -5n, 255n, 256n, 257n, -6n,
  2n ** 30n - 1n, 2n ** 30n, 2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n,
  2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 62n,
  2n ** 63n - 2n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 63n + 1n,
  -(2n ** 63n) + 1n, -(2n ** 63n), -(2n ** 63n) - 1n,
  2n ** 64n - 1n, 2n ** 64n, -(2n ** 64n), 10n ** 30n, -(10n ** 30n) + 7n,
];

/** Doubles with special behaviour: signed zeros, infinities, nan, subnormals, int boundaries. */
export const FLOAT_EDGES: readonly number[] = [
  0, -0, 1, -1, 0.5, 0.1, -2.5, 1e16, 1e-5, 1e22, 123456789.125, Number.NaN, Infinity, -Infinity,
  Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
  2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64, Number.EPSILON,
];

/** Ints: mostly small, often next to a representation boundary (±2**63 and friends), sometimes huge. */
export function pythonIntValue(): fc.Arbitrary<bigint> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -10, max: 300 }).map(BigInt) },
    { weight: 3, arbitrary: fc.constantFrom(...INT_EDGES) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...INT_EDGES), fc.integer({ min: -3, max: 3 })).map(([e, d]) => e + BigInt(d)) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }) },
  );
}

/** Floats: every double is possible; nan, ±inf, -0.0 and other edges come up often. */
export function pythonFloatValue(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...FLOAT_EDGES) },
    { weight: 3, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8) },
    { weight: 2, arbitrary: fc.double() },
  );
}

export interface StrOptions {
  /** Include unpaired UTF-16 surrogates (valid in a Python str, not encodable as UTF-8). */
  readonly loneSurrogates?: boolean;
  readonly maxLength?: number;
}

/** Strs: short, mostly ASCII, with quotes, backslashes, control and non-BMP characters mixed in. */
export function pythonStrValue(options: StrOptions = {}): fc.Arbitrary<string> {
  const pieces: fc.Arbitrary<string>[] = [
    fc.constantFrom("a", "b", "x", "Z", "0", "7", " ", "_", "-", "ab", "key"),
    fc.constantFrom("'", '"', "\\", "\n", "\t", "\r", "\0", "\x7f", "\x85", "\xa0", "{", "}", "%"),
    fc.constantFrom("é", "ß", "Ж", "中", "\u2028", "\ufeff", "😀", "\u{10FFFF}", "\u{1F600}"),
  ];
  if (options.loneSurrogates) pieces.push(fc.constantFrom("\ud800", "\udfff", "\udc00"));
  return fc.array(fc.oneof(...pieces), { maxLength: options.maxLength ?? 6 }).map((parts) => parts.join(""));
}

export interface PyValueOptions {
  /** Nesting depth of containers (0: scalars only). */
  readonly depth?: number;
  /**
   * Also complex, frozenset, set and Ellipsis, i.e. everything co_consts can hold (sets only of
   * ints, so their repr is deterministic).
   */
  readonly allKinds?: boolean;
  readonly loneSurrogates?: boolean;
  /** Dict keys, when given; otherwise keys are ints and strs. */
  readonly dictKeys?: readonly string[];
}

/**
 * Python values as data. The default kinds are the inputs a differential test passes to a
 * function: None, bool, int, float, str, bytes, tuple, list, dict (no sets: the iteration order of
 * a set of strs differs between runs).
 */
export function pyValue(options: PyValueOptions = {}): fc.Arbitrary<PyValue> {
  const scalars: fc.Arbitrary<PyValue>[] = [
    fc.constant<PyValue>({ kind: "none" }),
    fc.boolean().map<PyValue>((value) => ({ kind: "bool", value })),
    pythonIntValue().map<PyValue>((value) => ({ kind: "int", value })),
    pythonFloatValue().map<PyValue>((value) => ({ kind: "float", value })),
    pythonStrValue({ loneSurrogates: options.loneSurrogates }).map<PyValue>((value) => ({ kind: "str", value })),
    fc.uint8Array({ maxLength: 5 }).map<PyValue>((value) => ({ kind: "bytes", value })),
  ];
  if (options.allKinds) {
    scalars.push(
      fc.constant<PyValue>({ kind: "ellipsis" }),
      fc.tuple(pythonFloatValue(), pythonFloatValue()).map<PyValue>(([real, imag]) => ({ kind: "complex", real, imag })),
    );
  }
  const scalar = fc.oneof(...scalars);
  const depth = options.depth ?? 2;
  if (depth === 0) return scalar;
  const inner = pyValue({ ...options, depth: depth - 1 });
  const items = fc.array(inner, { maxLength: 4 });
  const key: fc.Arbitrary<PyValue> = options.dictKeys
    ? fc.constantFrom(...options.dictKeys).map((value) => ({ kind: "str", value }))
    : fc.oneof(
      pythonIntValue().map<PyValue>((value) => ({ kind: "int", value })),
      pythonStrValue().map<PyValue>((value) => ({ kind: "str", value })),
    );
  const containers: fc.Arbitrary<PyValue>[] = [
    items.map<PyValue>((v) => ({ kind: "tuple", items: v })),
    items.map<PyValue>((v) => ({ kind: "list", items: v })),
    fc.uniqueArray(fc.tuple(key, inner), { maxLength: 3, selector: ([k]) => pythonLiteral(k) })
      .map<PyValue>((entries) => ({ kind: "dict", entries })),
  ];
  if (options.allKinds) {
    const ints = fc.uniqueArray(fc.integer({ min: -5, max: 99 }), { maxLength: 4 })
      .map((ns) => ns.map((n): PyValue => ({ kind: "int", value: BigInt(n) })));
    containers.push(
      ints.map<PyValue>((v) => ({ kind: "set", items: v })),
      ints.map<PyValue>((v) => ({ kind: "frozenset", items: v })),
    );
  }
  return fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fc.oneof(...containers) });
}

// ---- literal source ----------------------------------------------------------------------------

/** Python source for an int. */
export function intLiteral(n: bigint): string {
  return n.toString();
}

/** Python source for a float that evaluates to exactly `x` (nan, ±inf and -0.0 included). */
export function floatLiteral(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (x === Infinity) return "float('inf')";
  if (x === -Infinity) return "float('-inf')";
  if (Object.is(x, -0)) return "-0.0";
  const s = String(x); // shortest round-trip digits, which Python reads back exactly
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const CHAR_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A single-quoted str literal; non-printable, separator and surrogate code units are escaped. */
export function strLiteral(s: string): string {
  let out = "'";
  for (const ch of s) {
    // `for of` walks code points: a well-formed pair arrives as one astral character.
    const c = ch.codePointAt(0)!;
    const escape = CHAR_ESCAPES[ch];
    if (escape) out += escape;
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if ((c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + "'";
}

export function bytesLiteral(b: Uint8Array): string {
  let out = "b'";
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (CHAR_ESCAPES[ch]) out += CHAR_ESCAPES[ch];
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + "'";
}

/**
 * Python source that evaluates to `v` (with no imports: nan is `float('nan')`). Code objects and
 * StopIteration have no literal and throw.
 */
export function pythonLiteral(v: PyValue): string {
  switch (v.kind) {
    case "none": return "None";
    case "bool": return v.value ? "True" : "False";
    case "int": return intLiteral(v.value);
    case "float": return floatLiteral(v.value);
    case "complex": return `complex(${floatLiteral(v.real)}, ${floatLiteral(v.imag)})`;
    case "str": return strLiteral(v.value);
    case "bytes": return bytesLiteral(v.value);
    case "ellipsis": return "...";
    case "tuple": return v.items.length === 1 ? `(${pythonLiteral(v.items[0]!)},)` : `(${v.items.map(pythonLiteral).join(", ")})`;
    case "list": return `[${v.items.map(pythonLiteral).join(", ")}]`;
    case "set": return v.items.length === 0 ? "set()" : `{${v.items.map(pythonLiteral).join(", ")}}`;
    case "frozenset": return `frozenset([${v.items.map(pythonLiteral).join(", ")}])`;
    case "dict": return `{${v.entries.map(([k, x]) => `${pythonLiteral(k)}: ${pythonLiteral(x)}`).join(", ")}}`;
    case "code": case "stopiteration": throw new Error(`no Python literal for a ${v.kind} constant`);
  }
}

/** Input values of every default kind (see `pyValue`), as Python literal source. */
export function pythonValue(options: PyValueOptions = {}): fc.Arbitrary<string> {
  return pyValue(options).map(pythonLiteral);
}
