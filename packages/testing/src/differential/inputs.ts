// Inputs for differential tests, as Python source: each arbitrary yields an expression that the
// harness evaluates (once per run, so every run gets fresh objects) in a namespace holding the odd
// classes of `zoo.py`. Plain values come from `../values.ts`; this file adds the odd objects and the
// named input kinds a corpus function declares (`# inputs: num, seq`).

import { fileURLToPath } from "node:url";
import fc from "fast-check";

import { floatLiteral, intLiteral, pythonFloatValue, pythonIntValue, pythonStrValue, pythonValue, strLiteral } from "../values.js";

/** The Python file defining the odd classes (`EqOdd`, `IterOdd`, ...) the sources refer to. */
export const ZOO_PATH: string = fileURLToPath(new URL("./zoo.py", import.meta.url));

const int = (): fc.Arbitrary<string> => pythonIntValue().map(intLiteral);
const float = (): fc.Arbitrary<string> => pythonFloatValue().map(floatLiteral);
const str = (): fc.Arbitrary<string> => pythonStrValue({ loneSurrogates: true }).map(strLiteral);
const smallInt = (min = -3, max = 12): fc.Arbitrary<string> => fc.integer({ min, max }).map(String);
const bool = (): fc.Arbitrary<string> => fc.constantFrom("True", "False");
const list = (item: fc.Arbitrary<string>, maxLength = 5): fc.Arbitrary<string> =>
  fc.array(item, { maxLength }).map((xs) => `[${xs.join(", ")}]`);
const tuple = (item: fc.Arbitrary<string>, maxLength = 4): fc.Arbitrary<string> =>
  fc.array(item, { maxLength }).map((xs) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`));
/** A scalar that is cheap and hashable: small and edge ints, floats, strs, bools, None. */
const scalar = (): fc.Arbitrary<string> =>
  fc.oneof(smallInt(-5, 20), int(), float(), str(), bool(), fc.constant("None"));

/** Odd objects (see zoo.py), each constructed from plain values. */
export function oddValue(): fc.Arbitrary<string> {
  const small = smallInt(-3, 6);
  return fc.oneof(
    fc.constant("BoolRaises()"),
    fc.oneof(bool(), smallInt(0, 2), fc.constant("'yes'"), fc.constant("None")).map((v) => `BoolOdd(${v})`),
    fc.tuple(scalar(), fc.integer({ min: 0, max: 5 })).map(([v, m]) => `EqOdd(${v}, ${m})`),
    fc.oneof(smallInt(-2, 4), fc.constant("2**63"), fc.constant("'3'"), fc.constant("IntSub(2)")).map((n) => `LenOdd(${n})`),
    fc.oneof(small, int(), fc.constant("'1'"), fc.constant("True"), fc.constant("1.5")).map((n) => `Idx(${n})`),
    fc.oneof(small, int(), fc.constant("'h'"), fc.constant("-1")).map((h) => `HashOdd(${h})`),
    fc.tuple(list(scalar(), 4), fc.integer({ min: -1, max: 4 })).map(([xs, k]) => `IterOdd(${xs}, ${k})`),
    list(scalar(), 4).map((xs) => `SeqOdd(${xs})`),
    list(scalar(), 2).map((xs) => `MapOdd(${xs})`),
    fc.oneof(bool(), smallInt(0, 2), fc.constant("''"), fc.constant("BoolRaises()")).map((r) => `ContainsOdd(${r})`),
    fc.integer({ min: -2, max: 5 }).map((v) => `NumOdd(${v})`),
    int().map((n) => `IntSub(${n})`),
    fc.oneof(smallInt(), int()).map((n) => `IntOver(${n})`),
    float().map((x) => `FloatSub(${x})`),
    str().map((s) => `StrSub(${s})`),
    list(scalar(), 4).map((xs) => `ListSub(${xs})`),
    fc.array(fc.tuple(fc.oneof(str(), smallInt()), scalar()), { maxLength: 3 })
      .map((kv) => `DictSub({${kv.map(([k, v]) => `${k}: ${v}`).join(", ")}})`),
    fc.oneof(str(), fc.constant("3"), fc.constant("None")).map((s) => `ReprOdd(${s})`),
    fc.oneof(scalar(), list(scalar(), 2)).map((a) => `Attrs(${a})`),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom("'a'", "'b'")).map(([m, t]) => `CM(${m}, ${t})`),
    bool().map((f) => `CallOdd(${f})`),
  );
}

/** Any input value: plain data (nested containers included) or an odd object. */
export function anyValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: pythonValue({ depth: 2, loneSurrogates: true }) },
    { weight: 2, arbitrary: oddValue() },
  );
}

/** Numbers of every kind an arithmetic operator meets: ints, floats, bools, complex, subclasses, odd numbers. */
export function numValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: int() },
    { weight: 4, arbitrary: float() },
    { weight: 1, arbitrary: bool() },
    { weight: 1, arbitrary: fc.tuple(float(), float()).map(([a, b]) => `complex(${a}, ${b})`) },
    { weight: 1, arbitrary: int().map((n) => `IntSub(${n})`) },
    { weight: 1, arbitrary: smallInt().map((n) => `IntOver(${n})`) },
    { weight: 1, arbitrary: float().map((x) => `FloatSub(${x})`) },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 5 }).map((v) => `NumOdd(${v})`) },
    { weight: 1, arbitrary: fc.constantFrom("None", "EqOdd(1, 2)", "Idx(3)") },
  );
}

/** Sequences: lists, tuples, strs, bytes, ranges and sequence-like odd objects. */
export function seqValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: list(scalar()) },
    { weight: 2, arbitrary: tuple(scalar()) },
    { weight: 2, arbitrary: str() },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }).map((b) => `bytes(${JSON.stringify([...b])})`) },
    { weight: 1, arbitrary: fc.tuple(smallInt(-3, 5), smallInt(-3, 8), fc.constantFrom(1, 2, -1)).map(([a, b, s]) => `range(${a}, ${b}, ${s})`) },
    { weight: 1, arbitrary: list(scalar(), 4).map((xs) => `SeqOdd(${xs})`) },
    { weight: 1, arbitrary: list(scalar(), 4).map((xs) => `ListSub(${xs})`) },
  );
}

/** Iterables, including ones that fail half-way and one-shot iterators. */
export function iterValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: seqValue() },
    { weight: 1, arbitrary: fc.tuple(list(scalar(), 4), fc.integer({ min: -1, max: 4 })).map(([xs, k]) => `IterOdd(${xs}, ${k})`) },
    { weight: 1, arbitrary: list(smallInt(), 4).map((xs) => `iter(${xs})`) },
    { weight: 1, arbitrary: list(smallInt(), 4).map((xs) => `set(${xs})`) },
    { weight: 1, arbitrary: fc.array(fc.tuple(str(), scalar()), { maxLength: 3 }).map((kv) => `dict([${kv.map(([k, v]) => `(${k}, ${v})`).join(", ")}])`) },
    { weight: 1, arbitrary: fc.constantFrom("None", "5", "LenOdd(2)", "BoolRaises()") },
  );
}

/** Subscript keys: small and edge ints (negative, out of range), bools, Idx, slices, strs, floats, None. */
export function keyValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: smallInt(-7, 7) },
    { weight: 1, arbitrary: int() },
    { weight: 1, arbitrary: bool() },
    { weight: 1, arbitrary: fc.oneof(smallInt(-4, 4), fc.constant("2**63"), fc.constant("'x'")).map((n) => `Idx(${n})`) },
    { weight: 1, arbitrary: fc.tuple(fc.option(smallInt(-5, 5)), fc.option(smallInt(-5, 5)), fc.option(fc.constantFrom("1", "2", "-1", "-2", "0"))).map(([a, b, c]) => `slice(${a ?? "None"}, ${b ?? "None"}, ${c ?? "None"})`) },
    { weight: 1, arbitrary: str() },
    { weight: 1, arbitrary: fc.constantFrom("None", "1.0", "-0.0", "(1, 2)", "[1]", "IntSub(1)", "HashOdd(1)") },
  );
}

/** Containers for subscripting and membership: lists, tuples, strs, dicts, sets and odd mappings. */
export function containerValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: seqValue() },
    { weight: 2, arbitrary: fc.array(fc.tuple(fc.oneof(smallInt(-3, 5), str()), scalar()), { maxLength: 4 }).map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(", ")}}`) },
    { weight: 1, arbitrary: list(smallInt(-3, 5), 4).map((xs) => `set(${xs})`) },
    { weight: 1, arbitrary: fc.oneof(list(scalar(), 2).map((xs) => `MapOdd(${xs})`), fc.constant("DictSub({'a': 1, 2: 3})"), fc.constant("ContainsOdd(1)"), fc.constant("ContainsOdd(BoolRaises())")) },
    { weight: 1, arbitrary: fc.constantFrom("None", "5", "Attrs(1)") },
  );
}

/**
 * The input kinds a corpus function can declare, each an arbitrary of Python source:
 * `int` (edges around ±2**31, ±2**63, bignums), `smallint` (-3..12, for counts and ranges),
 * `float` (nan, ±inf, -0.0, subnormals), `num` (every numeric kind and odd numbers), `bool`,
 * `str` (non-ASCII, lone surrogates), `bytes`, `list`/`tuple`/`dict` (of scalars), `intlist`,
 * `seq`, `iter`, `key`, `container`, `odd` (odd objects only), `any` (anything), `cm` (context
 * managers), `callable`, `attrs` (objects for attribute traffic), `none`; and bounded kinds for
 * operands that could otherwise allocate gigabytes or run for hours: `exp` (exponents), `shift`
 * (shift counts), `tiny` (0..3, e.g. for Ackermann).
 *
 * No kind may make a corpus function build a huge object: `num * num` is safe, `seq * int` is not
 * (use `smallint` for repetition counts and ranges).
 */
export const INPUT_KINDS: Readonly<Record<string, () => fc.Arbitrary<string>>> = {
  int,
  smallint: () => smallInt(),
  float,
  num: numValue,
  bool,
  str,
  bytes: () => fc.uint8Array({ maxLength: 5 }).map((b) => `bytes(${JSON.stringify([...b])})`),
  list: () => list(scalar()),
  intlist: () => list(fc.oneof(smallInt(-50, 50), int()), 6),
  tuple: () => tuple(scalar()),
  dict: () =>
    fc.array(fc.tuple(fc.oneof(str(), smallInt(-3, 5)), scalar()), { maxLength: 4 })
      .map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
  seq: seqValue,
  iter: iterValue,
  key: keyValue,
  container: containerValue,
  odd: oddValue,
  any: anyValue,
  cm: () => fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom("'a'", "'b'")).map(([m, t]) => `CM(${m}, ${t})`) },
    { weight: 1, arbitrary: fc.constantFrom("None", "1", "open") },
  ),
  callable: () => fc.oneof(
    fc.constantFrom("len", "abs", "str", "repr", "list", "sorted", "int", "print", "CallOdd(False)", "CallOdd(True)", "None", "Attrs(1).method", "(lambda *a, **k: (a, k))"),
  ),
  attrs: () => fc.oneof(
    { weight: 4, arbitrary: fc.oneof(scalar(), list(scalar(), 2)).map((a) => `Attrs(${a})`) },
    { weight: 1, arbitrary: fc.oneof(scalar(), fc.constant("CM(0, 'a')"), fc.constant("IntSub(3)")) },
  ),
  none: () => fc.constant("None"),
  exp: () => fc.oneof(
    { weight: 4, arbitrary: smallInt(-4, 40) },
    { weight: 2, arbitrary: fc.constantFrom("0.5", "-0.5", "2.0", "-1.0", "0.0", "float('nan')", "float('inf')", "-0.0", "1e300", "True", "IntSub(3)") },
    { weight: 1, arbitrary: fc.constantFrom("-2**63", "NumOdd(2)", "None", "complex(0.5, 1.0)") },
  ),
  shift: () => fc.oneof(
    { weight: 5, arbitrary: smallInt(-2, 130) },
    { weight: 1, arbitrary: fc.constantFrom("2**63", "-2**63", "1.0", "True", "IntSub(3)", "Idx(2)", "None") },
  ),
  tiny: () => smallInt(0, 3),
};

export function inputOfKind(kind: string): fc.Arbitrary<string> {
  const make = INPUT_KINDS[kind];
  if (!make) throw new Error(`unknown input kind '${kind}' (known: ${Object.keys(INPUT_KINDS).join(", ")})`);
  return make();
}

/**
 * The most common type of each kind (small ints for `any`/`num`/`key`, lists for sequences and
 * iterables, ...): a monomorphic warm-up, after which a JIT that speculates on what it saw meets
 * every other type of the kind.
 */
export const TYPICAL_KINDS: Readonly<Record<string, () => fc.Arbitrary<string>>> = {
  ...INPUT_KINDS,
  int: () => smallInt(-5, 100),
  num: () => smallInt(-5, 100),
  any: () => smallInt(-5, 100),
  key: () => smallInt(0, 2),
  exp: () => smallInt(0, 5),
  shift: () => smallInt(0, 10),
  float: () => fc.integer({ min: -100, max: 100 }).map((n) => `${n / 4}`),
  str: () => fc.constantFrom("'a'", "'bc'", "'xyz'"),
  seq: () => list(smallInt(0, 9), 4).map((xs) => (xs === "[]" ? "[0, 1]" : xs)),
  iter: () => list(smallInt(0, 9), 4),
  container: () => list(smallInt(0, 9), 4).map((xs) => (xs === "[]" ? "[0, 1, 2]" : xs)),
  list: () => list(smallInt(0, 9), 4).map((xs) => (xs === "[]" ? "[0, 1, 2]" : xs)),
  intlist: () => list(smallInt(-9, 9), 5),
  tuple: () => tuple(smallInt(0, 9)),
  dict: () => fc.constantFrom("{'k0': 1, 'k1': 2}", "{'a': 0}", "{1: 'x', 'k0': 2}"),
  odd: () => fc.constantFrom("Attrs(1)", "IntSub(3)", "ListSub([1, 2])"),
  attrs: () => smallInt(0, 9).map((a) => `Attrs(${a})`),
  cm: () => fc.constantFrom("CM(0, 'a')"),
  callable: () => fc.constantFrom("len", "str"),
};

export function typicalOfKind(kind: string): fc.Arbitrary<string> {
  const make = TYPICAL_KINDS[kind];
  if (!make) throw new Error(`unknown input kind '${kind}'`);
  return make();
}
