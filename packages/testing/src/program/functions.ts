// Whole functions and modules, and calls to them.
//
// A generated function has a signature drawn from a fixed pool of typed parameters (p0..p7,
// `*args`, `**kw`) in every shape Python allows (positional-only, defaults, keyword-only), a
// prologue that binds its locals (n0 n1: int, f0: float, s0: str, b0: bool, l0: list, d0: dict,
// o0: a `_Box`), a body, and a final `return` of all its locals. Bodies are generated against
// every parameter of the pool; references to parameters the signature leaves out become literals
// (see `paramRef`), so signature and body shrink independently.

import fc from "fast-check";

import { floatLiteral, intLiteral, pyValue, pythonFloatValue, pythonIntValue, pythonLiteral, pythonStrValue, strLiteral } from "../values.js";
import { BOX, ExpressionGenerator, LOG } from "./expressions.js";
import { DICT_KEYS, paramRef, resolveParamRefs, type Scope, type ValueType } from "./scope.js";
import { StatementGenerator } from "./statements.js";
import { suite } from "./syntax.js";

export type ParamKind = "positional-only" | "positional" | "keyword-only" | "var-positional" | "var-keyword";

export interface ParamSpec {
  readonly name: string;
  /** The type of the values the function expects (`tuple` for *args; **kw takes anything). */
  readonly type: ValueType;
  readonly kind: ParamKind;
  /** The default's literal source, or null. */
  readonly default: string | null;
}

export interface GeneratedFunction {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** The `def`, at module level, ending in a newline; it needs the module prelude (PRELUDE). */
  readonly source: string;
  /** Whether it declares `global G0` (it always assigns G0 before reading it). */
  readonly usesGlobal: boolean;
}

export interface GeneratedModule {
  /** The prelude followed by every function. */
  readonly source: string;
  readonly functions: readonly GeneratedFunction[];
}

/**
 * Definitions generated functions rely on: `_call` (keyword and star arguments), `_Box`
 * (attributes and methods), `_CM` (a context manager that logs enter/exit into a list and can
 * swallow exceptions), `_K` (value patterns) and the global `G0`.
 */
export const PRELUDE = `G0 = 0


def _call(a, b=1, *rest, c=2, **kw):
    return a + b + c + len(rest) + 2 * len(kw)


class _Box:
    def __init__(self, v):
        self.v = v

    def bump(self, k=1):
        self.v = self.v + k
        return self.v


class _CM:
    def __init__(self, log, tag, swallow=False):
        self.log = log
        self.tag = tag
        self.swallow = swallow

    def __enter__(self):
        self.log.append(self.tag)
        return self.tag

    def __exit__(self, typ, exc, tb):
        self.log.append(-self.tag)
        return self.swallow


class _K:
    A = 1
    B = "b"
`;

/** The parameter pool: name and type. */
const PARAMS: readonly { readonly name: string; readonly type: ValueType }[] = [
  { name: "p0", type: "int" }, { name: "p1", type: "int" }, { name: "p2", type: "float" }, { name: "p3", type: "str" },
  { name: "p4", type: "bool" }, { name: "p5", type: "list" }, { name: "p6", type: "dict" }, { name: "p7", type: "any" },
];

/** The locals every generated function binds first, by type. */
const LOCALS: readonly (readonly [string, ValueType])[] = [
  ["n0", "int"], ["n1", "int"], ["f0", "float"], ["s0", "str"], ["b0", "bool"], ["d0", "dict"], [LOG, "list"],
];

/**
 * What a reference to a parameter the signature left out reads as (and writes to). The literals
 * must also work inside f-string replacement fields: double quotes, no leading brace.
 */
const ABSENT: Readonly<Record<string, { read: string; write: string }>> = {
  p0: { read: "3", write: "n0" }, p1: { read: "-2", write: "n1" }, p2: { read: "2.5", write: "f0" },
  p3: { read: '"p"', write: "s0" }, p4: { read: "False", write: "b0" }, p5: { read: "[1, 2]", write: LOG },
  p6: { read: "dict(k1=1)", write: "d0" }, p7: { read: "None", write: "n0" }, args: { read: "()", write: "n0" },
  kw: { read: "dict()", write: "n0" }, G0: { read: "0", write: "n1" },
};

export interface PythonFunctionOptions {
  /** The function's name (default `f`). */
  readonly name?: string;
  /** Statements at the top level of the body (default 6). */
  readonly maxStatements?: number;
  /** Nesting depth of compound statements (default 3). */
  readonly depth?: number;
}

interface Signature {
  readonly params: readonly ParamSpec[];
  readonly usesGlobal: boolean;
}

/** The grammar's memoized arbitraries, built on first use and shared by every generated program. */
class ProgramGenerator {
  readonly ex = new ExpressionGenerator();
  readonly st = new StatementGenerator(this.ex);
}

let shared: ProgramGenerator | null = null;
const generator = (): ProgramGenerator => (shared ??= new ProgramGenerator());

function immutableLiteral(ty: ValueType): fc.Arbitrary<string> {
  switch (ty) {
    case "int": return pythonIntValue().map(intLiteral);
    case "float": return pythonFloatValue().map(floatLiteral);
    case "str": return pythonStrValue({ maxLength: 3 }).map(strLiteral);
    case "bool": return fc.constantFrom("True", "False");
    default: return pyValue({ depth: 0 }).map(pythonLiteral);
  }
}

function signature(): fc.Arbitrary<Signature> {
  const chosen = fc.shuffledSubarray([...PARAMS], { maxLength: 5 });
  return fc.record({
    chosen,
    posonly: fc.nat(5),
    kwonly: fc.nat(3),
    defaults: fc.nat(5),
    kwDefaults: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    literals: fc.tuple(...PARAMS.map((p) => immutableLiteral(p.type))),
    varargs: fc.boolean(),
    varkw: fc.boolean(),
    usesGlobal: fc.boolean(),
  }).map((r) => {
    const n = r.chosen.length;
    const kwonly = Math.min(r.kwonly, n);
    const positional = n - kwonly;
    const posonly = Math.min(r.posonly, positional);
    const literalOf = (name: string) => r.literals[PARAMS.findIndex((p) => p.name === name)]!;
    const mutable = (ty: ValueType) => ty === "list" || ty === "dict";
    // Defaults are a suffix of the positional parameters, never of a mutable type (a shared default
    // list would carry state from one call to the next).
    let defaults = Math.min(r.defaults, positional);
    while (defaults > 0 && r.chosen.slice(positional - defaults, positional).some((p) => mutable(p.type))) defaults--;
    const params: ParamSpec[] = r.chosen.map((p, i) => {
      const kind: ParamKind = i < posonly ? "positional-only" : i < positional ? "positional" : "keyword-only";
      const hasDefault = kind === "keyword-only" ? r.kwDefaults[i - positional]! && !mutable(p.type) : i >= positional - defaults;
      return { name: p.name, type: p.type, kind, default: hasDefault ? literalOf(p.name) : null };
    });
    if (r.varargs) params.splice(positional, 0, { name: "args", type: "tuple", kind: "var-positional", default: null });
    if (r.varkw) params.push({ name: "kw", type: "any", kind: "var-keyword", default: null });
    return { params, usesGlobal: r.usesGlobal };
  });
}

function renderSignature(params: readonly ParamSpec[]): string {
  const parts: string[] = [];
  let sawPosonly = false;
  let sawStar = false;
  for (const p of params) {
    if (sawPosonly && p.kind !== "positional-only") {
      parts.push("/");
      sawPosonly = false;
    }
    if (p.kind === "positional-only") sawPosonly = true;
    if (p.kind === "keyword-only" && !sawStar) {
      parts.push("*");
      sawStar = true;
    }
    if (p.kind === "var-positional") {
      parts.push(`*${p.name}`);
      sawStar = true;
    } else if (p.kind === "var-keyword") parts.push(`**${p.name}`);
    else parts.push(p.default === null ? p.name : `${p.name}=${p.default}`);
  }
  if (sawPosonly) parts.push("/");
  return parts.join(", ");
}

/**
 * The scope of a function body: every pool parameter, the locals, and G0, which is the global when
 * the signature declares `global G0`, and otherwise 0 (reads) and n1 (writes).
 */
function bodyScope(): Scope {
  const read: Record<string, string[]> = {};
  const write: Record<string, string[]> = {};
  for (const p of PARAMS) {
    (read[p.type] ??= []).push(paramRef(p.name));
    if (p.type !== "any") (write[p.type] ??= []).push(paramRef(p.name, true));
  }
  (read.tuple ??= []).push(paramRef("args"));
  for (const [name, ty] of LOCALS) {
    (read[ty] ??= []).push(name);
    (write[ty] ??= []).push(name);
  }
  read.int!.push(paramRef("G0"));
  write.int!.push(paramRef("G0", true));
  return { read, write, exc: [], depth: 1, loops: 0, inLoop: false, inExcept: false, inTry: false, defs: 0, fstring: false, returns: "any", exceptStar: false };
}

/** The scope of the prologue: parameters only (locals are not bound yet). */
function prologueScope(): Scope {
  const read: Record<string, string[]> = {};
  for (const p of PARAMS) (read[p.type] ??= []).push(paramRef(p.name));
  return { read, write: {}, exc: [], depth: 1, loops: 0, inLoop: false, inExcept: false, inTry: false, defs: 0, fstring: false, returns: "any", exceptStar: false };
}

function withToString<T extends object>(value: T, text: string): T {
  return Object.assign(value, { [fc.toStringMethod]: () => text });
}

/**
 * A valid Python 3.11 function (source text plus its signature) that terminates and is
 * deterministic given its arguments; it needs PRELUDE at module level. It may raise, always the same
 * way for the same arguments.
 */
export function pythonFunction(options: PythonFunctionOptions = {}): fc.Arbitrary<GeneratedFunction> {
  const g = generator();
  const name = options.name ?? "f";
  const body = g.st.block(bodyScope(), options.depth ?? 3, options.maxStatements ?? 6);
  const init = fc.tuple(...LOCALS.map(([, ty]) => g.ex.expr(ty, prologueScope(), 1)), g.ex.expr("int", prologueScope(), 1));
  return fc.tuple(signature(), init, body).map(([sig, inits, stmts]) => {
    const inParams = new Set([...sig.params.map((p) => p.name), ...(sig.usesGlobal ? ["G0"] : [])]);
    const resolve = (ref: string, write: boolean) => (inParams.has(ref) ? ref : write ? ABSENT[ref]!.write : ABSENT[ref]!.read);
    const lines = [
      ...(sig.usesGlobal ? ["global G0"] : []),
      `${BOX} = _Box(1)`,
      `${LOG} = []`,
      ...LOCALS.map(([local], i) => `${local} = ${inits[i]!.s}`),
      ...(sig.usesGlobal ? [`G0 = ${inits[LOCALS.length]!.s}`] : []),
      ...stmts,
      `return (${[...LOCALS.map(([l]) => l), `${BOX}.v`, ...(sig.usesGlobal ? ["G0"] : [])].join(", ")})`,
    ];
    const source = resolveParamRefs([...suite(`def ${name}(${renderSignature(sig.params)})`, lines)].join("\n") + "\n", resolve);
    return withToString({ name, params: sig.params, source, usesGlobal: sig.usesGlobal }, source);
  });
}

export interface PythonModuleOptions extends Omit<PythonFunctionOptions, "name"> {
  /** Number of functions, f0..f(n-1) (default 1 to 4). */
  readonly minFunctions?: number;
  readonly maxFunctions?: number;
}

/** A module: PRELUDE, then generated functions named f0, f1, ... */
export function pythonModule(options: PythonModuleOptions = {}): fc.Arbitrary<GeneratedModule> {
  const min = options.minFunctions ?? 1;
  const max = options.maxFunctions ?? 4;
  const fns = Array.from({ length: max }, (_, i) => pythonFunction({ ...options, name: `f${i}` }));
  // All functions are generated and the count cuts them, so shrinking the count drops functions.
  return fc.tuple(fc.integer({ min, max }), fc.tuple(...fns)).map(([n, all]) => {
    const functions = all.slice(0, n);
    const source = [PRELUDE, ...functions.map((f) => f.source)].join("\n\n");
    return withToString({ source, functions }, source);
  });
}

// ---- calls -------------------------------------------------------------------------------------

/** An argument value of a parameter type, as Python literal source. */
export function pythonValueOf(ty: ValueType): fc.Arbitrary<string> {
  switch (ty) {
    case "int": return pythonIntValue().map(intLiteral);
    case "float": return pythonFloatValue().map(floatLiteral);
    case "bool": return fc.constantFrom("True", "False");
    case "str": return pythonStrValue().map(strLiteral);
    case "list": return fc.array(pythonIntValue(), { maxLength: 6 }).map((xs) => `[${xs.map(intLiteral).join(", ")}]`);
    case "dict": return fc.uniqueArray(fc.tuple(fc.constantFrom(...DICT_KEYS), pythonIntValue()), { maxLength: 4, selector: ([k]) => k })
      .map((kv) => `{${kv.map(([k, v]) => `"${k}": ${intLiteral(v)}`).join(", ")}}`);
    case "tuple": return fc.array(pyValue({ depth: 1 }).map(pythonLiteral), { maxLength: 3 }).map((xs) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`));
    case "any": return pyValue().map(pythonLiteral);
  }
}

/**
 * Arguments for a call to `fn`: the text between the parentheses. Every valid way of passing them
 * comes up: positionally or by keyword, defaults left out, extra positional arguments for *args and
 * extra keywords for **kw. The literals are fresh objects on every evaluation, so a function that
 * mutates its arguments still behaves the same on every call.
 */
export function pythonCallArgs(fn: GeneratedFunction): fc.Arbitrary<string> {
  const named = fn.params.filter((p) => p.kind !== "var-positional" && p.kind !== "var-keyword");
  const hasVarargs = fn.params.some((p) => p.kind === "var-positional");
  const hasVarkw = fn.params.some((p) => p.kind === "var-keyword");
  return fc.record({
    values: fc.tuple(...named.map((p) => pythonValueOf(p.type))),
    modes: fc.tuple(...named.map(() => fc.constantFrom("pos", "kw", "omit"))),
    extra: hasVarargs ? fc.array(pythonValueOf("any"), { maxLength: 3 }) : fc.constant([] as string[]),
    extraKw: hasVarkw ? fc.array(pythonValueOf("any"), { maxLength: 2 }) : fc.constant([] as string[]),
  }).map(({ values, modes, extra, extraKw }) => {
    const positional: string[] = [];
    const keywords: string[] = [];
    let positionalOpen = true;
    named.forEach((p, i) => {
      let mode = modes[i]!;
      if (mode === "omit" && p.default === null) mode = p.kind === "keyword-only" ? "kw" : "pos";
      if (p.kind === "keyword-only" && mode === "pos") mode = "kw";
      if (p.kind === "positional-only" && mode === "kw") mode = "pos";
      if (mode === "pos" && !positionalOpen) mode = p.kind === "positional-only" ? "omit" : "kw";
      if (mode === "omit" && p.default === null) mode = "kw";
      if (p.kind !== "keyword-only" && mode !== "pos") positionalOpen = false;
      if (mode === "pos") positional.push(values[i]!);
      else if (mode === "kw") keywords.push(`${p.name}=${values[i]!}`);
    });
    if (positionalOpen) positional.push(...extra);
    extraKw.forEach((v, i) => keywords.push(`x_${i}=${v}`));
    return [...positional, ...keywords].join(", ");
  });
}

/** A call expression `name(args)` for the function. */
export function pythonCall(fn: GeneratedFunction): fc.Arbitrary<string> {
  return pythonCallArgs(fn).map((args) => `${fn.name}(${args})`);
}
