// The type lattice's laws, as properties over random types: join and meet are commutative,
// associative and idempotent and absorb each other; the subtype order agrees with both; bottom and
// `object?` bound the object types; the text form parses back to the same type.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { pyValue } from "../../../testing/src/index.js";
import { BUILTINS, Type, parseType } from "../../src/hir/types.js";

const ALL_OBJECT_BITS = (1 << (BUILTINS.length + 2)) - 1;

/** Object types: any set of exact builtins, `other` and NULL, or a known scalar constant. */
const objectType: fc.Arbitrary<Type> = fc.oneof(
  fc.integer({ min: 0, max: ALL_OBJECT_BITS }).map((bits) => Type.fromBits(bits)),
  fc.constantFrom(...BUILTINS).map((name) => Type.exact(name)),
  fc.constantFrom(Type.bottom, Type.object, Type.optObject, Type.null),
  pyValue({ depth: 1, allKinds: true, loneSurrogates: true }).map((v) => Type.constant(v)),
  fc.constantFrom(
    Type.constant({ kind: "int", value: 1n }), Type.constant({ kind: "int", value: 2n }),
    Type.constant({ kind: "bool", value: true }), Type.constant({ kind: "float", value: Number.NaN }),
    Type.constant({ kind: "float", value: -0 }), Type.constant({ kind: "float", value: 0 }),
  ),
);
const nativeType = fc.constantFrom(Type.i64, Type.f64, Type.cbool);

/** Two or three types that can be joined: object types, or the same native type (bottom mixes with both). */
const compatible = (n: 2 | 3) =>
  fc.oneof(
    fc.array(objectType, { minLength: n, maxLength: n }),
    fc.tuple(nativeType, fc.array(fc.boolean(), { minLength: n, maxLength: n })).map(([t, bottoms]) => bottoms.map((b) => (b ? Type.bottom : t))),
  );

const eq = (a: Type, b: Type) => a.equals(b);
const show = (...ts: Type[]) => ts.map(String).join(" , ");

describe("the type lattice", () => {
  it("join and meet are commutative", () => {
    fc.assert(fc.property(compatible(2), ([a, b]) => {
      expect(eq(a!.join(b!), b!.join(a!)), show(a!, b!)).toBe(true);
      expect(eq(a!.meet(b!), b!.meet(a!)), show(a!, b!)).toBe(true);
    }), { numRuns: 2000 });
  });

  it("join and meet are associative", () => {
    fc.assert(fc.property(compatible(3), ([a, b, c]) => {
      expect(eq(a!.join(b!).join(c!), a!.join(b!.join(c!))), show(a!, b!, c!)).toBe(true);
      expect(eq(a!.meet(b!).meet(c!), a!.meet(b!.meet(c!))), show(a!, b!, c!)).toBe(true);
    }), { numRuns: 2000 });
  });

  it("join and meet are idempotent and absorb each other", () => {
    fc.assert(fc.property(compatible(2), ([a, b]) => {
      expect(eq(a!.join(a!), a!), show(a!)).toBe(true);
      expect(eq(a!.meet(a!), a!), show(a!)).toBe(true);
      expect(eq(a!.join(a!.meet(b!)), a!), `a join (a meet b): ${show(a!, b!)}`).toBe(true);
      expect(eq(a!.meet(a!.join(b!)), a!), `a meet (a join b): ${show(a!, b!)}`).toBe(true);
    }), { numRuns: 2000 });
  });

  it("orders subtypes consistently with join and meet", () => {
    fc.assert(fc.property(compatible(2), ([a, b]) => {
      const sub = a!.isSubtypeOf(b!);
      expect(eq(a!.join(b!), b!), `a <= b iff a join b = b: ${show(a!, b!)}`).toBe(sub);
      expect(eq(a!.meet(b!), a!), `a <= b iff a meet b = a: ${show(a!, b!)}`).toBe(sub);
      expect(a!.isSubtypeOf(a!.join(b!)) && b!.isSubtypeOf(a!.join(b!)), `join is an upper bound: ${show(a!, b!)}`).toBe(true);
      expect(a!.meet(b!).isSubtypeOf(a!) && a!.meet(b!).isSubtypeOf(b!), `meet is a lower bound: ${show(a!, b!)}`).toBe(true);
    }), { numRuns: 2000 });
  });

  it("is a partial order", () => {
    fc.assert(fc.property(compatible(3), ([a, b, c]) => {
      expect(a!.isSubtypeOf(a!)).toBe(true);
      if (a!.isSubtypeOf(b!) && b!.isSubtypeOf(a!)) expect(eq(a!, b!), `antisymmetry: ${show(a!, b!)}`).toBe(true);
      if (a!.isSubtypeOf(b!) && b!.isSubtypeOf(c!)) expect(a!.isSubtypeOf(c!), `transitivity: ${show(a!, b!, c!)}`).toBe(true);
    }), { numRuns: 2000 });
  });

  it("has bottom below everything and object? above every object type", () => {
    fc.assert(fc.property(objectType, nativeType, (t, n) => {
      expect(Type.bottom.isSubtypeOf(t) && Type.bottom.isSubtypeOf(n)).toBe(true);
      expect(t.isSubtypeOf(Type.optObject), String(t)).toBe(true);
      expect(t.withoutNull().isSubtypeOf(Type.object), String(t)).toBe(true);
      expect(t.withNull().mayBeNull || t.isNative).toBe(true);
      expect(n.isSubtypeOf(Type.optObject)).toBe(false);
      expect(Type.optObject.meet(n).isBottom).toBe(true);
    }), { numRuns: 1000 });
  });

  it("refuses to join native and object types", () => {
    expect(() => Type.i64.join(Type.object)).toThrow(/cannot join i64 with object/);
    expect(() => Type.f64.join(Type.i64)).toThrow(TypeError);
    expect(Type.i64.join(Type.bottom)).toBe(Type.i64);
  });

  it("keeps a constant only when both sides agree on it", () => {
    const five = Type.constant({ kind: "int", value: 5n });
    const six = Type.constant({ kind: "int", value: 6n });
    expect(String(five.join(five))).toBe("int[5]");
    expect(String(five.join(six))).toBe("int");
    expect(five.meet(six).isBottom).toBe(true);
    expect(String(five.meet(Type.union("int", "str")))).toBe("int[5]");
    expect(String(Type.constant({ kind: "bool", value: true }).join(Type.constant({ kind: "int", value: 1n })))).toBe("bool|int");
    expect(Type.constant({ kind: "float", value: 0 }).equals(Type.constant({ kind: "float", value: -0 }))).toBe(false);
    expect(Type.constant({ kind: "float", value: Number.NaN }).equals(Type.constant({ kind: "float", value: Number.NaN }))).toBe(true);
  });

  it("prints types that parse back to themselves", () => {
    fc.assert(fc.property(fc.oneof(objectType, nativeType), (t) => {
      expect(eq(parseType(t.toString()), t), t.toString()).toBe(true);
    }), { numRuns: 3000 });
    const samples: [Type, string][] = [
      [Type.bottom, "bottom"], [Type.object, "object"], [Type.optObject, "object?"], [Type.null, "null"],
      [Type.i64, "i64"], [Type.f64, "f64"], [Type.cbool, "cbool"], [Type.exact("int"), "int"],
      [Type.exact("int").withNull(), "int?"], [Type.union("int", "str").withNull(), "(int|str)?"],
      [Type.fromBits(1 << BUILTINS.length), "other"],
      [Type.constant({ kind: "str", value: "a]|[b c" }), "str['a]|[b c']"],
      [Type.constant({ kind: "float", value: Number.NaN }), "float[float('nan')]"],
    ];
    for (const [t, text] of samples) {
      expect(t.toString()).toBe(text);
      expect(eq(parseType(text), t), text).toBe(true);
    }
  });

  it("rejects malformed type text", () => {
    expect(() => parseType("integer")).toThrow(/unknown type name 'integer'/);
    expect(() => parseType("int[5")).toThrow(/bad type/);
    expect(() => parseType("str[5]")).toThrow(/constant 5 is not a str/);
  });
});
