// The HIR type lattice.
//
// A value is either a CPython object reference (possibly NULL, as 3.11's value stack and fast
// locals allow) or a native machine value (an unboxed i64, f64 or a C truth value). Object types are
// sets of *exact* builtin types, as bits, plus `other` for every other type, subclasses of
// builtins included: `int` means "an exact int, not a bool and not a subclass". A type with a
// single exact bit may also carry the constant it is known to be. Native types never mix with
// object types: boxing and unboxing are explicit operations.
//
// The lattice is what the analyses, the verifier, the printer and the parser share; the order of
// BUILTINS is part of the text format (names) but not of anything persistent, so new builtins can be
// added anywhere.

import type { PyValue } from "../bytecode/py-value.js";
import { constantsEqual, formatConstant, parseConstant } from "./constants.js";

/** Exact builtin types the lattice tracks, by their Python name. */
export const BUILTINS = [
  "NoneType", "bool", "int", "float", "complex", "str", "bytes", "bytearray", "tuple", "list",
  "dict", "set", "frozenset", "slice", "range", "function", "method", "code", "cell", "type",
  "ellipsis", "NotImplementedType", "BaseException", "range_iterator", "list_iterator", "tuple_iterator",
] as const;
export type BuiltinName = (typeof BUILTINS)[number];

const OTHER_BIT = 1 << BUILTINS.length;
const NULL_BIT = OTHER_BIT << 1;
const OBJECT_BITS = NULL_BIT - 1;

const SCALAR_KINDS: ReadonlySet<string> = new Set(["none", "bool", "int", "float", "complex", "str", "bytes", "ellipsis"]);

export type NativeKind = "i64" | "f64" | "cbool";

/**
 * An immutable lattice element. Construct through the helpers below (`Ty.object`, `Ty.exact`, ...);
 * compare with `equals`, combine with `join` / `meet`, test with `isSubtypeOf`.
 */
export class Type {
  private constructor(
    /** Bit set over BUILTINS, OTHER_BIT and NULL_BIT. Zero with no native kind is bottom. */
    readonly bits: number,
    readonly native: NativeKind | null,
    /** The constant this value is known to be; only with exactly one builtin bit. */
    readonly constant: PyValue | null,
  ) {}

  static readonly bottom = new Type(0, null, null);
  /** Any non-NULL object. */
  static readonly object = new Type(OBJECT_BITS, null, null);
  /** Any object or NULL: a fast local or stack slot that may be unbound. */
  static readonly optObject = new Type(OBJECT_BITS | NULL_BIT, null, null);
  static readonly null = new Type(NULL_BIT, null, null);
  static readonly i64 = new Type(0, "i64", null);
  static readonly f64 = new Type(0, "f64", null);
  static readonly cbool = new Type(0, "cbool", null);

  static exact(name: BuiltinName): Type {
    return new Type(bitOf(name), null, null);
  }

  /**
   * The type of a known constant object. Only scalar constants are kept in the type (containers
   * and code objects keep just their exact type), which keeps types small and printable.
   */
  static constant(value: PyValue): Type {
    const name = builtinOfConstant(value);
    const scalar = SCALAR_KINDS.has(value.kind);
    return new Type(bitOf(name), null, scalar ? value : null);
  }

  /** An object of any type but the listed exact builtins' complement: a union of exact types. */
  static union(...names: BuiltinName[]): Type {
    let bits = 0;
    for (const n of names) bits |= bitOf(n);
    return new Type(bits, null, null);
  }

  static fromBits(bits: number): Type {
    return new Type(bits, null, null);
  }

  get isBottom(): boolean {
    return this.bits === 0 && this.native === null;
  }
  get isNative(): boolean {
    return this.native !== null;
  }
  get isObjectLike(): boolean {
    return this.native === null && this.bits !== 0;
  }
  get mayBeNull(): boolean {
    return (this.bits & NULL_BIT) !== 0;
  }
  get isNull(): boolean {
    return this.bits === NULL_BIT;
  }
  /** Non-NULL object types only (no NULL bit, at least one object bit). */
  get isNonNullObject(): boolean {
    return this.native === null && (this.bits & NULL_BIT) === 0 && (this.bits & OBJECT_BITS) !== 0;
  }

  /** The single exact builtin this type is, if it is one (NULL not allowed). */
  get exactBuiltin(): BuiltinName | null {
    const b = this.bits;
    if (b === 0 || (b & (b - 1)) !== 0 || b === OTHER_BIT || b === NULL_BIT) return null;
    return BUILTINS[31 - Math.clz32(b)]!;
  }

  /** Whether every value of this type is an instance of the exact builtin `name`. */
  isExactly(name: BuiltinName): boolean {
    return this.native === null && this.bits === bitOf(name);
  }

  /** Whether the type may include an object of exact builtin `name`. */
  mayBe(name: BuiltinName): boolean {
    return (this.bits & bitOf(name)) !== 0;
  }

  /** Whether the type includes objects of types other than the tracked exact builtins. */
  get includesOther(): boolean {
    return (this.bits & OTHER_BIT) !== 0;
  }

  /** The exact builtins the type includes. */
  builtins(): BuiltinName[] {
    return BUILTINS.filter((_, i) => (this.bits & (1 << i)) !== 0);
  }

  withoutNull(): Type {
    return this.native !== null ? this : new Type(this.bits & ~NULL_BIT, null, this.constant);
  }
  withNull(): Type {
    return this.native !== null ? this : new Type(this.bits | NULL_BIT, null, null);
  }

  equals(other: Type): boolean {
    return (
      this.bits === other.bits &&
      this.native === other.native &&
      constantsEqual(this.constant, other.constant)
    );
  }

  join(other: Type): Type {
    if (this.isBottom) return other;
    if (other.isBottom) return this;
    if (this.native !== null || other.native !== null) {
      if (this.native === other.native) return this;
      throw new TypeError(`cannot join ${this} with ${other}`);
    }
    const constant = constantsEqual(this.constant, other.constant) ? this.constant : null;
    return new Type(this.bits | other.bits, null, constant);
  }

  meet(other: Type): Type {
    if (this.native !== null || other.native !== null) {
      return this.native === other.native ? this : Type.bottom;
    }
    const bits = this.bits & other.bits;
    if (this.constant && other.constant && !constantsEqual(this.constant, other.constant)) {
      return Type.bottom;
    }
    return new Type(bits, null, bits === 0 ? null : (this.constant ?? other.constant));
  }

  isSubtypeOf(other: Type): boolean {
    if (this.isBottom) return true;
    if (this.native !== null || other.native !== null) return this.native === other.native;
    if ((this.bits & ~other.bits) !== 0) return false;
    return other.constant === null || constantsEqual(this.constant, other.constant);
  }

  /** The text form used by the printer and accepted by `parseType`. */
  toString(): string {
    if (this.native !== null) return this.native;
    if (this.bits === 0) return "bottom";
    if (this.bits === (OBJECT_BITS | NULL_BIT)) return "object?";
    if (this.bits === OBJECT_BITS) return "object";
    if (this.bits === NULL_BIT) return "null";
    const parts: string[] = [];
    for (let i = 0; i < BUILTINS.length; i++) if (this.bits & (1 << i)) parts.push(BUILTINS[i]!);
    if (this.bits & OTHER_BIT) parts.push("other");
    let text = parts.join("|");
    if (this.constant !== null) text += `[${formatConstant(this.constant)}]`;
    if (this.bits & NULL_BIT) text = parts.length > 1 ? `(${text})?` : `${text}?`;
    return text;
  }
}

function bitOf(name: BuiltinName): number {
  const i = BUILTINS.indexOf(name);
  if (i < 0) throw new Error(`unknown builtin type ${name}`);
  return 1 << i;
}

/** The exact builtin type of a constant as marshal reads it. */
export function builtinOfConstant(value: PyValue): BuiltinName {
  switch (value.kind) {
    case "none": return "NoneType";
    case "bool": return "bool";
    case "int": return "int";
    case "float": return "float";
    case "complex": return "complex";
    case "str": return "str";
    case "bytes": return "bytes";
    case "tuple": return "tuple";
    case "list": return "list";
    case "dict": return "dict";
    case "set": return "set";
    case "frozenset": return "frozenset";
    case "ellipsis": return "ellipsis";
    case "code": return "code";
    case "stopiteration": return "type";
    default: throw new Error(`no builtin type for constant kind ${(value as PyValue).kind}`);
  }
}

/** Parses the text produced by `Type.toString`. */
export function parseType(text: string): Type {
  const t = text.trim();
  switch (t) {
    case "bottom": return Type.bottom;
    case "object": return Type.object;
    case "object?": return Type.optObject;
    case "null": return Type.null;
    case "i64": return Type.i64;
    case "f64": return Type.f64;
    case "cbool": return Type.cbool;
  }
  let body = t;
  let nullable = false;
  if (body.endsWith("?")) {
    nullable = true;
    body = body.slice(0, -1);
    if (body.startsWith("(") && body.endsWith(")")) body = body.slice(1, -1);
  }
  let constantText: string | null = null;
  const bracket = body.indexOf("[");
  if (bracket >= 0) {
    if (!body.endsWith("]")) throw new SyntaxError(`bad type ${text}`);
    constantText = body.slice(bracket + 1, -1);
    body = body.slice(0, bracket);
  }
  let bits = 0;
  for (const part of body.split("|")) {
    if (part === "other") bits |= OTHER_BIT;
    else if ((BUILTINS as readonly string[]).includes(part)) bits |= bitOf(part as BuiltinName);
    else throw new SyntaxError(`unknown type name '${part}' in ${text}`);
  }
  if (constantText !== null) {
    const value = parseConstant(constantText);
    const ty = Type.constant(value);
    if (ty.bits !== bits) throw new SyntaxError(`constant ${constantText} is not a ${body}`);
    return nullable ? ty.withNull() : ty;
  }
  return Type.fromBits(bits | (nullable ? NULL_BIT : 0));
}
