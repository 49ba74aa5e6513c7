// Statements. Loops are bounded by construction (`for` over ranges of at most 6 and slices, `while`
// with a counter the body cannot touch, at most two loops deep counting enclosing functions), so
// every generated program terminates; names a construct introduces are suffixed with its depth
// (see scope.ts). Compound statements that introduce a function or class (`def`, `class`) come
// with their use, so no statement depends on another having run.

import fc from "fast-check";

import { BOX, ExpressionGenerator, LOG } from "./expressions.js";
import { DICT_KEYS, deeper, readable, writable, type Scope, type ValueType } from "./scope.js";
import { ArbitraryCache, base, choose, opnd, suite, w, type Ex, type Lines } from "./syntax.js";

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** Exception classes handlers name; a tuple catches any of them. */
const HANDLER_TYPES = [
  "ValueError", "ZeroDivisionError", "(KeyError, IndexError)", "ArithmeticError", "Exception",
  "TypeError", "(ValueError, TypeError)", "NameError", "AssertionError", "RuntimeError", "LookupError",
];

/** Expression size used in statements. */
const SIZE = 2;
/** Loops nested at most this deep (5-6 iterations each), so bodies run at most a few dozen times. */
const MAX_LOOPS = 2;
/** Functions and classes nested at most this deep inside the generated function. */
const MAX_DEFS = 2;

const CAPTURE_OPEN = "\u0003";
const CAPTURE_CLOSE = "\u0004";

export class StatementGenerator {
  private readonly cache = new ArbitraryCache();

  constructor(readonly ex: ExpressionGenerator) {}

  private e(ty: ValueType, scope: Scope, size = SIZE): fc.Arbitrary<Ex> {
    return this.ex.expr(ty, scope, size);
  }

  /** One to `max` statements. */
  block(scope: Scope, depth: number, max = 3): fc.Arbitrary<string[]> {
    return fc.array(this.stmt(scope, depth), { minLength: 1, maxLength: max }).map((ss) => ss.flat());
  }

  /** A statement; `depth` bounds the nesting of compound statements below it. */
  stmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    return this.cache.get(`${depth}|${JSON.stringify(scope)}`, () => {
      const simple = this.simple(scope);
      if (depth <= 0) return simple;
      return choose(w(6, simple), w(5, this.compound(scope, depth)));
    });
  }

  // ---- simple statements -----------------------------------------------------------------------

  private simple(scope: Scope): fc.Arbitrary<Lines> {
    const types = (["int", "float", "bool", "str", "list", "dict"] as const).filter((t) => writable(scope, t).length > 0);
    const ints = writable(scope, "int");
    const lists = writable(scope, "list");
    const one = (s: fc.Arbitrary<string>) => s.map((line) => [line]);
    return choose(
      types.length > 0 && w(12, fc.oneof(...types.map((t) => this.assign(scope, t)))),
      types.length > 0 && w(8, fc.oneof(...types.map((t) => this.augAssign(scope, t)))),
      w(6, this.mutation(scope)),
      ints.length >= 2 && w(1, fc.shuffledSubarray([...ints], { minLength: 2, maxLength: 2 }).map(([a, b]) => [`${a}, ${b} = ${b}, ${a}`])),
      ints.length >= 2 && w(1, fc.tuple(fc.shuffledSubarray([...ints], { minLength: 2, maxLength: 2 }), this.e("int", scope), this.e("int", scope))
        .map(([[a, b], x, y]) => [`${a}, ${b} = divmod(${x.s}, ${opnd(y)} or 1)`])),
      ints.length >= 2 && w(1, fc.tuple(fc.shuffledSubarray([...ints], { minLength: 2, maxLength: 2 }), this.e("int", scope))
        .map(([[a, b], x]) => [`${a} = ${b} = ${x.s}`])),
      ints.length >= 1 && lists.length >= 1 && w(3, this.starUnpack(scope)),
      w(3, this.deletion(scope)),
      scope.inTry && w(2, fc.tuple(this.e("bool", scope), fc.option(this.e("str", scope), { nil: null }))
        .map(([c, msg]) => [`assert ${c.s}${msg ? `, ${msg.s}` : ""}`])),
      // Raising (and asserting) outside a try ends the call: rare, so most of a function runs.
      w(scope.inTry ? 4 : 1, this.raise(scope)),
      !scope.exceptStar && w(scope.defs > 0 ? 3 : 1, one(this.e(scope.returns, scope).map((x) => `return ${x.s}`))),
      scope.inLoop && w(2, one(pick(["break", "continue"]))),
      w(1, one(fc.constant("pass"))),
    );
  }

  private assign(scope: Scope, ty: ValueType): fc.Arbitrary<Lines> {
    return fc.tuple(pick(writable(scope, ty)), this.e(ty, scope)).map(([v, x]) => [`${v} = ${x.s}`]);
  }

  private augAssign(scope: Scope, ty: ValueType): fc.Arbitrary<Lines> {
    const v = pick(writable(scope, ty));
    const line = (o: fc.Arbitrary<string>, x: fc.Arbitrary<string>) => fc.tuple(v, o, x).map(([t, op, rhs]) => [`${t} ${op} ${rhs}`]);
    const i = this.e("int", scope);
    switch (ty) {
      case "int": return fc.oneof(
        line(pick(["+=", "-=", "|=", "^=", "&="]), i.map((x) => x.s)),
        line(fc.constant("*="), this.ex.small(scope, 1).map((x) => x.s)),
        line(pick(["//=", "%="]), i.map((x) => `${opnd(x)} or 3`)),
        line(pick(["<<=", ">>="]), fc.integer({ min: 0, max: 9 }).map(String)),
      );
      case "float": return line(pick(["+=", "-=", "*=", "/="]), fc.oneof(this.e("float", scope), i).map((x) => (x.s === "0" ? "2" : x.s)));
      case "str": return line(fc.constant("+="), fc.oneof(this.ex.literal("str", scope), i.map((x) => ({ ...x, s: `str(${x.s})[:4]` }))).map((x) => x.s));
      case "list": return line(fc.constant("+="), fc.oneof(
        fc.array(i, { maxLength: 2 }).map((xs) => `[${xs.map((x) => x.s).join(", ")}]`),
        this.e("list", scope).map((l) => `${base(l)}[:2]`),
      ));
      case "dict": return line(fc.constant("|="), fc.tuple(pick(DICT_KEYS), i).map(([k, x]) => `{"${k}": ${x.s}}`));
      default: return fc.constant(["pass"]);
    }
  }

  /** Method calls and item/attribute stores on the function's list, dict and box. */
  private mutation(scope: Scope): fc.Arbitrary<Lines> {
    const i = this.e("int", scope);
    const lists = readable(scope, "list").length > 0 ? pick(readable(scope, "list")) : fc.constant(LOG);
    const dicts = readable(scope, "dict");
    const d = dicts.length > 0 ? pick(dicts) : null;
    const one = (a: fc.Arbitrary<string>) => a.map((s) => [s]);
    return choose(
      w(3, one(fc.tuple(lists, i).map(([l, x]) => `${l}.append(${x.s})`))),
      w(1, one(fc.tuple(lists, i).map(([l, x]) => `${l}.insert(0, ${x.s})`))),
      w(1, one(fc.tuple(lists, this.e("list", scope)).map(([l, x]) => `${l}.extend(${base(x)}[:2])`))),
      w(1, one(fc.tuple(lists, pick(["sort()", "reverse()", "sort(reverse=True)"])).map(([l, m]) => `${l}.${m}`))),
      w(1, fc.tuple(lists, i, i).map(([l, k, x]) => [`if ${l}:`, `    ${l}[${opnd(k)} % len(${l})] = ${x.s}`])),
      w(1, fc.tuple(lists, i).map(([l, x]) => [`${l}[1:3] = [${x.s}]`])),
      w(1, fc.tuple(lists).map(([l]) => [`if ${l}:`, `    ${l}.pop()`])),
      d !== null && w(2, one(fc.tuple(d, pick(DICT_KEYS), i).map(([dd, k, x]) => `${dd}["${k}"] = ${x.s}`))),
      d !== null && w(1, one(fc.tuple(d, pick(DICT_KEYS), i).map(([dd, k, x]) => `${dd}.setdefault("${k}", ${x.s})`))),
      d !== null && w(1, one(fc.tuple(d, pick(DICT_KEYS), i).map(([dd, k, x]) => `${dd}.update(${k}=${x.s})`))),
      d !== null && w(1, one(fc.tuple(d, pick(DICT_KEYS)).map(([dd, k]) => `${dd}.pop("${k}", None)`))),
      w(2, one(i.map((x) => `${BOX}.v = ${x.s}`))),
      w(1, one(i.map((x) => `${BOX}.v += ${x.s}`))),
      w(1, one(i.map((x) => `${BOX}.bump(${x.s})`))),
    );
  }

  /** `a, *rest = ...`, `*rest, a = ...`, `a, *rest, b = ...`: the list gets the middle. */
  private starUnpack(scope: Scope): fc.Arbitrary<Lines> {
    const ints = writable(scope, "int");
    const i = this.e("int", scope);
    const l = this.e("list", scope);
    return fc.tuple(pick(ints), pick(writable(scope, "list")), pick(ints), i, l, i, fc.integer({ min: 0, max: 2 }))
      .map(([a, rest, b, x, ys, z, shape]) => {
        const items = `[${x.s}, *${opnd(ys)}[:3], ${z.s}]`;
        if (shape === 0) return [`${a}, *${rest} = ${items}`];
        if (shape === 1) return [`*${rest}, ${a} = ${items}`];
        return a === b ? [`${a}, *${rest} = ${items}`] : [`${a}, *${rest}, ${b} = ${items}`];
      });
  }

  /** `del` of items and slices, and of a local, which the following `try` may find unbound. */
  private deletion(scope: Scope): fc.Arbitrary<Lines> {
    const lists = readable(scope, "list");
    const dicts = readable(scope, "dict");
    const locals = (["int", "str", "list", "float"] as const).flatMap((t) => writable(scope, t).filter((n) => /^[a-z]\d$/.test(n)).map((n) => [t, n] as const));
    const i = this.e("int", scope);
    return choose(
      lists.length > 0 && w(2, fc.tuple(pick(lists), i).map(([l, k]) => [`if ${l}:`, `    del ${l}[${opnd(k)} % len(${l})]`])),
      lists.length > 0 && w(1, pick(lists).map((l) => [`del ${l}[:1]`])),
      dicts.length > 0 && w(1, fc.tuple(pick(dicts), pick(DICT_KEYS)).map(([d, k]) => [`if "${k}" in ${d}:`, `    del ${d}["${k}"]`])),
      locals.length > 0 && w(3, fc.oneof(...locals.map(([ty, name]) => {
        const without = removeName(scope, name);
        return fc.tuple(this.e("bool", without), this.e(ty, scope, 1), this.e(ty, without, 1)).map(([cond, use, again]) => [
          `if ${cond.s}:`,
          `    del ${name}`,
          "try:",
          `    ${name} = ${ty === "list" ? name : `${name} + ${opnd(use)}`}`,
          "except NameError:",
          `    ${name} = ${again.s}`,
        ]);
      }))),
      w(1, fc.constant<Lines>([`if hasattr(${BOX}, "v"):`, `    del ${BOX}.v`, `${BOX}.v = 1`])),
    );
  }

  private raise(scope: Scope): fc.Arbitrary<Lines> {
    const s = this.e("str", scope, 1);
    const i = this.e("int", scope, 1);
    return choose(
      w(3, fc.tuple(pick(["ValueError", "RuntimeError", "TypeError"]), s).map(([t, m]) => [`raise ${t}(${m.s})`])),
      w(1, i.map((k) => [`raise KeyError(${k.s}) from None`])),
      w(1, fc.constant<Lines>(["raise IndexError"])),
      scope.inExcept && w(2, fc.constant(["raise"])),
      scope.exc.length > 0 && w(2, fc.tuple(pick(scope.exc), s).map(([e, m]) => [`raise RuntimeError(${m.s}) from ${e}`])),
    );
  }

  // ---- compound statements ---------------------------------------------------------------------

  private compound(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const loops = scope.loops < MAX_LOOPS;
    const defs = scope.defs < MAX_DEFS;
    return choose(
      w(6, this.ifStmt(scope, depth)),
      loops && w(4, this.forStmt(scope, depth)),
      loops && w(2, this.whileStmt(scope, depth)),
      w(4, this.tryStmt(scope, depth)),
      w(1, this.tryStarStmt(scope, depth)),
      w(2, this.withStmt(scope, depth)),
      w(2, this.matchStmt(scope, depth)),
      defs && w(2, this.nestedDef(scope, depth)),
      defs && w(1, this.classDef(scope)),
    );
  }

  private ifStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const body = this.block(deeper(scope), depth - 1);
    const cond = this.e("bool", scope);
    return fc.tuple(cond, body, fc.array(fc.tuple(cond, body), { maxLength: 2 }), fc.option(body, { nil: null }))
      .map(([c, then, elifs, orelse]) => [
        ...suite(`if ${c.s}`, then),
        ...elifs.flatMap(([c2, b]) => suite(`elif ${c2.s}`, b)),
        ...(orelse ? suite("else", orelse) : []),
      ]);
  }

  private loopScope(scope: Scope, vars: Partial<Record<ValueType, string[]>>): Scope {
    const read = { ...scope.read };
    for (const [t, names] of Object.entries(vars) as [ValueType, string[]][]) read[t] = [...readable(scope, t), ...names];
    return { ...scope, read, depth: scope.depth + 1, loops: scope.loops + 1, inLoop: true };
  }

  private forStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const d = scope.depth;
    const [i, x, k] = [`i${d}`, `x${d}`, `k${d}`];
    const forms: { header: fc.Arbitrary<string>; vars: Partial<Record<ValueType, string[]>> }[] = [
      { header: this.ex.small(scope, 1).map((n) => `for ${i} in range(${n.s} % 6)`), vars: { int: [i] } },
      { header: this.e("list", scope).map((l) => `for ${i} in ${opnd(l)}[:5]`), vars: { int: [i] } },
      { header: this.e("str", scope).map((s) => `for ${x} in ${opnd(s)}[:5]`), vars: { str: [x] } },
      { header: this.e("list", scope).map((l) => `for ${i}, ${k} in enumerate(${opnd(l)}[:4])`), vars: { int: [i, k] } },
      { header: this.e("dict", scope).map((dd) => `for ${x}, ${k} in list(${base(dd)}.items())[:4]`), vars: { str: [x], int: [k] } },
      { header: fc.tuple(this.e("list", scope), this.e("str", scope)).map(([l, s]) => `for ${i}, ${x} in zip(${opnd(l)}[:5], ${s.s})`), vars: { int: [i], str: [x] } },
      { header: this.e("tuple", scope).map((t) => `for ${x} in ${opnd(t)}[:4]`), vars: { any: [x] } },
    ];
    return fc.oneof(...forms.map(({ header, vars }) => {
      const inner = this.loopScope(scope, vars);
      return fc.tuple(header, this.block(inner, depth - 1), fc.option(this.block(deeper(scope), depth - 1), { nil: null, freq: 3 }))
        .map(([h, body, orelse]) => [...suite(h, body), ...(orelse ? suite("else", orelse) : [])]);
    }));
  }

  private whileStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const c = `w${scope.depth}`;
    const inner = this.loopScope(scope, { int: [c] });
    const body = this.block(inner, depth - 1);
    const bound = fc.integer({ min: 0, max: 5 });
    return fc.oneof(
      fc.tuple(bound, fc.option(this.e("bool", inner), { nil: null }), body, fc.option(this.block(deeper(scope), depth - 1), { nil: null, freq: 3 }))
        .map(([n, cond, b, orelse]) => [
          `${c} = 0`,
          ...suite(`while ${c} < ${n}${cond ? ` and ${opnd(cond)}` : ""}`, [`${c} += 1`, ...b]),
          ...(orelse ? suite("else", orelse) : []),
        ]),
      fc.tuple(bound, body).map(([n, b]) => [
        `${c} = 0`,
        ...suite("while True", [`${c} += 1`, ...suite(`if ${c} > ${n}`, ["break"]), ...b]),
      ]),
    );
  }

  private tryStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const e = `e${scope.depth}`;
    const tried = this.block(deeper(scope, { inTry: true }), depth - 1);
    const handlerScope = deeper(scope, { inExcept: true, inTry: true });
    const named = this.block({ ...handlerScope, exc: [...scope.exc, e] }, depth - 1);
    const anonymous = this.block(handlerScope, depth - 1);
    const handler = fc.oneof(
      fc.tuple(pick(HANDLER_TYPES), named).map(([t, b]) => suite(`except ${t} as ${e}`, b)),
      fc.tuple(pick(HANDLER_TYPES), anonymous).map(([t, b]) => suite(`except ${t}`, b)),
    );
    const plain = this.block(deeper(scope), depth - 1);
    return fc.tuple(tried, fc.array(handler, { maxLength: 2 }), fc.boolean(), fc.option(plain, { nil: null }), fc.option(plain, { nil: null }), fc.option(anonymous, { nil: null, freq: 4 }))
      .map(([body, handlers, bare, orelse, fin, bareBody]) => {
        const hs = [...handlers.flat(), ...(bare && bareBody ? suite("except", bareBody) : [])];
        const finallyBody = fin ?? (hs.length === 0 ? ["pass"] : null);
        return [
          ...suite("try", body),
          ...hs,
          ...(orelse && hs.length > 0 ? suite("else", orelse) : []),
          ...(finallyBody ? suite("finally", finallyBody) : []),
        ];
      });
  }

  /**
   * `try` with `except*` handlers (exception groups): the handlers may not return, break or
   * continue, and a plain exception raised in the body reaches them wrapped in a group.
   */
  private tryStarStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const e = `e${scope.depth}`;
    const tried = this.block(deeper(scope, { inTry: true }), depth - 1);
    const handlerScope = deeper(scope, { inExcept: true, inTry: true, inLoop: false, exceptStar: true });
    const handler = fc.tuple(pick(["ValueError", "(KeyError, IndexError)", "TypeError", "ArithmeticError", "RuntimeError"]), fc.boolean(), this.block({ ...handlerScope, exc: [...scope.exc, e] }, depth - 1), this.block(handlerScope, depth - 1))
      .map(([t, named, withName, without]) => (named ? suite(`except* ${t} as ${e}`, withName) : suite(`except* ${t}`, without)));
    const plain = this.block(deeper(scope), depth - 1);
    return fc.tuple(tried, fc.array(handler, { minLength: 1, maxLength: 2 }), fc.option(plain, { nil: null, freq: 3 }), fc.option(plain, { nil: null, freq: 3 }))
      .map(([body, handlers, orelse, fin]) => [
        ...suite("try", body),
        ...handlers.flat(),
        ...(orelse ? suite("else", orelse) : []),
        ...(fin ? suite("finally", fin) : []),
      ]);
  }

  private withStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const body = this.block(deeper(scope), depth - 1);
    const targets = writable(scope, "int");
    const target = targets.length > 0 ? fc.option(pick(targets), { nil: null }) : fc.constant(null);
    const cm = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.boolean()).map(([tag, swallow]) => `_CM(${LOG}, ${tag}${swallow ? ", True" : ""})`);
    return fc.tuple(fc.array(cm, { minLength: 1, maxLength: 2 }), target, body).map(([cms, t, b]) => {
      const items = cms.map((c, k) => (k === cms.length - 1 && t ? `${c} as ${t}` : c));
      return suite(`with ${items.join(", ")}`, b);
    });
  }

  /** `match` with literal, class, sequence, mapping, value, or- and as-patterns, guards, captures. */
  private matchStmt(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const d = scope.depth;
    const capture = `${CAPTURE_OPEN}${d}${CAPTURE_CLOSE}`;
    const body = this.block({ ...deeper(scope), read: { ...scope.read, any: [...readable(scope, "any"), capture] } }, depth - 1);
    const lit = fc.oneof(
      fc.integer({ min: -2, max: 5 }).map(String),
      pick(['"k0"', '"a"', "None", "True", "False", "0.5"]),
    );
    const sub = fc.oneof(lit, fc.constant("@"), fc.constant("_"), pick(["int()", "str()", "float()"]));
    const pattern = fc.oneof(
      lit,
      fc.tuple(lit, lit).map(([a, b]) => (a === b ? a : `${a} | ${b}`)),
      pick(["int()", "str()", "list()", "dict()", "tuple()", "bool()", "int(@)", "str(@)"]),
      pick(["[]", "[@]", "[@, *@]", "[_, *_]", "[*_, @]"]),
      fc.tuple(sub, sub).map(([a, b]) => `(${a}, ${b})`),
      fc.tuple(pick(DICT_KEYS), sub).map(([k, p]) => `{"${k}": ${p}}`),
      fc.tuple(pick(DICT_KEYS), sub).map(([k, p]) => `{"${k}": ${p}, **@}`),
      pick(["_K.A", "_K.B"]),
      fc.tuple(pick(["[_, *_]", "int() | str()", "{}"])).map(([p]) => `${p} as @`),
    );
    const guard = fc.option(this.e("bool", scope, 1).map((g) => ` if ${g.s}`), { nil: "", freq: 3 });
    const caseArb = fc.tuple(pattern, guard, body);
    const last = fc.option(fc.tuple(pick(["_", "@"]), body), { nil: null });
    const subject = fc.oneof(this.e("any", scope), this.e("list", scope), fc.tuple(this.e("int", scope, 1), this.e("str", scope, 1)).map(([a, b]) => ({ s: `${a.s}, ${b.s}`, kind: "op" as const })));
    return fc.tuple(subject, fc.array(caseArb, { minLength: 1, maxLength: 3 }), last).map(([subj, cases, final]) => {
      const render = (pat: string, g: string, b: readonly string[]) => {
        let n = 0;
        const names: string[] = [];
        const p = pat.replace(/@/g, () => {
          const name = `m${d}_${n++}`;
          names.push(name);
          return name;
        });
        const text = b.map((line) => line.split(capture).join(names[0] ?? "None"));
        return suite(`case ${p}${g}`, text);
      };
      const all = [...cases.flatMap(([p, g, b]) => render(p, g, b)), ...(final ? render(final[0], "", final[1]) : [])];
      return [`match ${subj.s}:`, ...all.map((l) => `    ${l}`)];
    });
  }

  /**
   * A nested function closing over the function's locals (some declared `nonlocal`), then a use of
   * it. The variants are fixed alternatives rather than a chained choice so shrinking stays simple.
   */
  private nestedDef(scope: Scope, depth: number): fc.Arbitrary<Lines> {
    const d = scope.depth;
    const g = `g${d}`;
    const [q, r] = [`q${d}`, `r${d}`];
    const candidates = (["int", "list", "str"] as const).flatMap((t) => writable(scope, t).filter((n) => /^[a-z]\d$/.test(n)).map((n) => [t, n] as const));
    const variants = [[], candidates.slice(0, 1), candidates];
    const targets = writable(scope, "int");
    return fc.oneof(...variants.map((nonlocals) => {
      const write: Partial<Record<ValueType, string[]>> = { int: [q, r] };
      for (const [t, n] of nonlocals) write[t] = [...(write[t] ?? []), n];
      const inner: Scope = {
        ...scope, depth: d + 1, defs: scope.defs + 1, inLoop: false, inExcept: false, inTry: false, exc: [], returns: "int", exceptStar: false,
        read: { ...scope.read, int: [...readable(scope, "int"), q, r] }, write,
      };
      const use = fc.tuple(targets.length > 0 ? fc.option(pick(targets), { nil: null }) : fc.constant(null), this.e("int", scope, 1), this.e("int", scope, 1), fc.integer({ min: 0, max: 2 }))
        .map(([t, a, b, shape]) => {
          const call = shape === 0 ? `${g}(${a.s})` : shape === 1 ? `${g}(${a.s}, ${r}=${b.s}) - ${g}(${b.s})` : `sum(map(${g}, [${a.s}, ${b.s}]))`;
          return t ? `${t} = ${call}` : call;
        });
      return fc.tuple(fc.integer({ min: 0, max: 9 }), this.block(inner, depth - 1, 3), this.e("int", inner), use)
        .map(([dflt, body, result, u]) => [
          ...suite(`def ${g}(${q}, ${r}=${dflt})`, [
            ...(nonlocals.length > 0 ? [`nonlocal ${nonlocals.map(([, n]) => n).join(", ")}`] : []),
            ...body,
            `return ${result.s}`,
          ]),
          u,
        ]);
    }));
  }

  /** A class body reading the function's locals (LOAD_CLASSDEREF), a method closing over them, and a use. */
  private classDef(scope: Scope): fc.Arbitrary<Lines> {
    const d = scope.depth;
    const k = `K${d}`;
    const q = `q${d}`;
    const bodyScope: Scope = { ...scope, depth: d + 1, write: {}, exc: [] };
    const methodScope: Scope = { ...bodyScope, defs: scope.defs + 1, read: { ...scope.read, int: [...readable(scope, "int"), q] } };
    const targets = writable(scope, "int");
    return fc.tuple(this.e("int", bodyScope), this.e("int", bodyScope), this.e("int", methodScope), fc.integer({ min: 0, max: 5 }),
      targets.length > 0 ? pick(targets) : fc.constant(null), this.e("int", scope, 1))
      .map(([a, b, m, dflt, t, arg]) => {
        const use = `${k}.b + ${k}().m() + ${k}().m(${arg.s})`;
        return [
          ...suite(`class ${k}`, [`a = ${a.s}`, `b = a + ${opnd(b)}`, ...suite(`def m(self, ${q}=${dflt})`, [`return self.a + ${q} + ${opnd(m)}`])]),
          t ? `${t} = ${use}` : use,
        ];
      });
  }
}

function removeName(scope: Scope, name: string): Scope {
  const strip = (pools: Scope["read"]) => Object.fromEntries(Object.entries(pools).map(([t, ns]) => [t, (ns ?? []).filter((n) => n !== name)]));
  return { ...scope, read: strip(scope.read), write: strip(scope.write) };
}
