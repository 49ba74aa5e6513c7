// What the program generator knows at a point of the program: which variables of which type can be
// read and written, which constructs are allowed (break, bare raise, return), how deeply loops are
// nested. Every name a construct introduces carries the construct's depth (`i2`, `e1`, `m2_0`), so
// nested constructs never collide and siblings may safely reuse names.

/**
 * The generator's small type system. `list` is a list of ints, `dict` maps strs (from a fixed pool
 * of keys) to ints, `tuple` holds anything (it is what `*args` is), `any` is any input value.
 */
export type ValueType = "int" | "float" | "bool" | "str" | "list" | "dict" | "tuple" | "any";

export const VALUE_TYPES: readonly ValueType[] = ["int", "float", "bool", "str", "list", "dict", "tuple", "any"];

/** The keys dicts use, so dict sizes stay bounded and `**d` never hits a parameter name. */
export const DICT_KEYS = ["k0", "k1", "k2", "k3"] as const;

type Pools = Readonly<Partial<Record<ValueType, readonly string[]>>>;

export interface Scope {
  /** Readable variables by type (names, or parameter markers; see `paramRef`). */
  readonly read: Pools;
  /** Assignable variables by type: locals of the current function and declared nonlocals. */
  readonly write: Pools;
  /** Caught exceptions in scope (only within their handler). */
  readonly exc: readonly string[];
  /** Nesting depth; suffix of every name a construct introduces. */
  readonly depth: number;
  /** Loops around this point (counting enclosing functions): bounds nested iteration. */
  readonly loops: number;
  /** Inside a loop of the current function: break and continue are allowed. */
  readonly inLoop: boolean;
  /** Inside an except handler: a bare `raise` is allowed. */
  readonly inExcept: boolean;
  /** Inside a try body or handler: raising is likely to be caught, so it is generated more often. */
  readonly inTry: boolean;
  /** Nested function definitions around this point. */
  readonly defs: number;
  /** What `return` returns here: anything in the generated function, an int in nested ones. */
  readonly returns: ValueType;
  /** Inside an `except*` handler of the current function: no return (and no break or continue out of it). */
  readonly exceptStar: boolean;
  /** Inside an f-string replacement field: no backslashes, no single quotes, no nested f-strings. */
  readonly fstring: boolean;
}

const MARK_OPEN = "\u0001";
const MARK_CLOSE = "\u0002";

/**
 * A reference to a function parameter that the signature may leave out. The body is generated
 * against every possible parameter; rendering replaces a reference to a parameter the signature
 * kept by its name, and one to a parameter it left out by a literal (reads) or by a local of the
 * same type (writes). This keeps body and signature independent, so both shrink freely.
 */
export function paramRef(name: string, write = false): string {
  return `${MARK_OPEN}${write ? "=" : ""}${name}${MARK_CLOSE}`;
}

/** Replaces parameter references: `resolve(name, isWrite)` gives the text for each. */
export function resolveParamRefs(text: string, resolve: (name: string, write: boolean) => string): string {
  return text.replace(/\u0001(=?)([A-Za-z_0-9]+)\u0002/g, (_m, w: string, name: string) => resolve(name, w === "="));
}

export function readable(scope: Scope, ty: ValueType): readonly string[] {
  return scope.read[ty] ?? [];
}

export function writable(scope: Scope, ty: ValueType): readonly string[] {
  return scope.write[ty] ?? [];
}

/** Every readable variable, whatever its type (for `any` contexts). */
export function allReadable(scope: Scope): string[] {
  return VALUE_TYPES.flatMap((t) => readable(scope, t));
}

export function withRead(scope: Scope, ty: ValueType, ...names: string[]): Scope {
  return { ...scope, read: { ...scope.read, [ty]: [...readable(scope, ty), ...names] } };
}

export function deeper(scope: Scope, changes: Partial<Scope> = {}): Scope {
  return { ...scope, depth: scope.depth + 1, ...changes };
}

/** A stable key for memoizing arbitraries per scope. */
export function scopeKey(scope: Scope): string {
  return JSON.stringify(scope);
}
