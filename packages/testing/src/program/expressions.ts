// Typed expressions. Every production keeps the program runnable and deterministic:
//   - values stay small: multiplication takes a small right operand, powers are modular, every
//     list or str built from two others is cut to a few items, so loops cannot blow sizes up;
//   - divisions are mostly guarded (`a // (b or 1)`), and the unguarded ones raise
//     deterministically (ZeroDivisionError), which is as good a result as any;
//   - nothing depends on addresses, str hashing or set order (sets only feed `len`, `in`, `sorted`).
// In f-string replacement fields (`scope.fstring`) literals use double quotes and a plain
// alphabet, since 3.11 allows neither backslashes nor the f-string's own quote there.

import fc from "fast-check";

import { INT_EDGES, pythonStrValue, strLiteral } from "../values.js";
import { ArbitraryCache, atom, base, choose, num, op, opnd, w, type Ex } from "./syntax.js";
import { allReadable, DICT_KEYS, paramRef, readable, writable, type Scope, type ValueType } from "./scope.js";

/** The function's `_Box` instance and the list `_CM` context managers log into (always bound). */
export const BOX = "o0";
export const LOG = "l0";

/** The `**kw` parameter (a parameter the signature may leave out; see `paramRef`). */
const KWARGS_REF = paramRef("kw");

const EXC_NAMES = ["ValueError", "KeyError", "IndexError", "ZeroDivisionError", "TypeError", "ArithmeticError", "LookupError", "RuntimeError"];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

export class ExpressionGenerator {
  private readonly cache = new ArbitraryCache();

  /** An expression of type `ty`; `size` bounds its nesting. */
  expr(ty: ValueType, scope: Scope, size: number): fc.Arbitrary<Ex> {
    const s = exprScope(scope);
    return this.cache.get(`${ty}|${size}|${JSON.stringify(s)}`, () => {
      if (size <= 0) return this.leaf(ty, s);
      switch (ty) {
        case "int": return this.int(s, size);
        case "float": return this.float(s, size);
        case "bool": return this.bool(s, size);
        case "str": return this.str(s, size);
        case "list": return this.list(s, size);
        case "dict": return this.dict(s, size);
        case "tuple": return this.tuple(s, size);
        case "any": return this.any(s, size);
      }
    });
  }

  /** A variable of the type, if one is readable. */
  variable(ty: ValueType, scope: Scope): fc.Arbitrary<Ex> | null {
    const names = readable(scope, ty);
    return names.length > 0 ? pick(names).map(atom) : null;
  }

  leaf(ty: ValueType, scope: Scope): fc.Arbitrary<Ex> {
    const v = this.variable(ty, scope);
    return choose(v && w(3, v), w(v ? 1 : 3, this.literal(ty, scope)));
  }

  literal(ty: ValueType, scope: Scope): fc.Arbitrary<Ex> {
    switch (ty) {
      case "int": return intLit();
      case "float": return floatLit();
      case "bool": return pick(["True", "False"]).map(atom);
      case "str": return strLit(scope);
      case "list": return fc.array(intLit(), { maxLength: 3 }).map((xs) => atom(`[${xs.map((x) => x.s).join(", ")}]`));
      case "dict": return fc.array(fc.tuple(pick(DICT_KEYS), intLit()), { maxLength: 2 })
        .map((kv) => atom(`{${kv.map(([k, v]) => `"${k}": ${v.s}`).join(", ")}}`));
      case "tuple": return fc.array(this.literal("int", scope), { maxLength: 2 }).map((xs) => atom(xs.length === 1 ? `(${xs[0]!.s},)` : `(${xs.map((x) => x.s).join(", ")})`));
      case "any": return fc.oneof(intLit(), floatLit(), strLit(scope), pick(["None", "True", "()", "[1, 2]"]).map(atom));
    }
  }

  /** A non-negative int below ~100: the right operand of `*`, repeat counts, ranges. */
  small(scope: Scope, size: number): fc.Arbitrary<Ex> {
    return choose(
      w(3, fc.integer({ min: 0, max: 6 }).map((n) => num(String(n)))),
      size > 0 && w(2, fc.tuple(this.expr("int", scope, size - 1), fc.integer({ min: 2, max: 97 })).map(([a, m]) => op(`${opnd(a)} % ${m}`))),
      size > 0 && w(1, this.expr("str", scope, size - 1).map((s) => atom(`len(${s.s})`))),
    );
  }

  // ---- per type ---------------------------------------------------------------------------------

  private int(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const sub = (ty: ValueType) => this.expr(ty, scope, size - 1);
    const i = sub("int");
    const bin = (ops: readonly string[]) => fc.tuple(i, pick(ops), i).map(([a, o, b]) => op(`${opnd(a)} ${o} ${opnd(b)}`));
    const walrusTargets = writable(scope, "int");
    const lam = this.lambdaParam(scope);
    return choose(
      w(6, this.leaf("int", scope)),
      w(6, bin(["+", "-", "&", "|", "^"])),
      w(3, fc.tuple(i, this.small(scope, size - 1)).map(([a, b]) => op(`${opnd(a)} * ${opnd(b)}`))),
      w(3, fc.tuple(i, pick(["//", "%"]), i).map(([a, o, b]) => op(`${opnd(a)} ${o} (${opnd(b)} or ${o === "%" ? 7 : 1})`))),
      scope.inTry && w(1, fc.tuple(i, pick(["//", "%"]), i).map(([a, o, b]) => op(`${opnd(a)} ${o} ${opnd(b)}`))),
      w(1, fc.tuple(i, i).map(([a, b]) => op(`${opnd(a)} << (${opnd(b)} & 15)`))),
      w(1, fc.tuple(i, i).map(([a, b]) => op(`${opnd(a)} >> (${opnd(b)} & 63)`))),
      w(2, fc.tuple(pick(["-", "~", "+"]), i).map(([o, a]) => op(`${o}${opnd(a)}`))),
      w(1, fc.tuple(i, this.small(scope, size - 1)).map(([a, b]) => atom(`pow(${a.s}, ${b.s}, 1000003)`))),
      w(1, fc.tuple(i, i).map(([a, b]) => op(`(${opnd(a)} % 1000) ** (${opnd(b)} % 4)`))),
      w(3, fc.oneof(sub("str"), sub("list"), sub("dict"), sub("tuple")).map((x) => atom(`len(${x.s})`))),
      w(2, fc.tuple(pick(["abs", "int"]), i).map(([f, a]) => atom(`${f}(${a.s})`))),
      w(2, fc.tuple(pick(["min", "max"]), fc.array(i, { minLength: 2, maxLength: 3 })).map(([f, xs]) => atom(`${f}(${xs.map((x) => x.s).join(", ")})`))),
      w(1, sub("list").map((l) => atom(`sum(${l.s})`))),
      w(1, sub("bool").map((b) => atom(`int(${b.s})`))),
      // int(nan), round(inf): raise, so only where a handler is likely.
      scope.inTry && w(1, fc.tuple(pick(["int", "round"]), sub("float")).map(([f, x]) => atom(`${f}(${x.s})`))),
      w(2, fc.tuple(i, sub("bool"), i).map(([a, c, b]) => op(`${opnd(a)} if ${opnd(c)} else ${opnd(b)}`))),
      w(1, fc.tuple(i, pick(["or", "and"]), i).map(([a, o, b]) => op(`${opnd(a)} ${o} ${opnd(b)}`))),
      // Methods, items and attributes.
      w(2, fc.tuple(sub("str"), strLit(scope), pick(["count", "find"])).map(([s, t, m]) => atom(`${base(s)}.${m}(${t.s})`))),
      w(1, fc.tuple(sub("list"), i).map(([l, x]) => atom(`${base(l)}.count(${x.s})`))),
      w(2, fc.tuple(sub("dict"), pick(DICT_KEYS), i).map(([d, k, x]) => atom(`${base(d)}.get("${k}", ${x.s})`))),
      scope.inTry && w(2, fc.tuple(sub("dict"), pick(DICT_KEYS)).map(([d, k]) => atom(`${base(d)}["${k}"]`))),
      w(2, fc.tuple(sub("list"), i, this.small(scope, size - 1)).map(([l, x, k]) => atom(`(${opnd(l)} + [${x.s}, 5, 6])[${opnd(k)} % 3]`))),
      scope.inTry && w(2, fc.tuple(sub("list"), i).map(([l, k]) => atom(`${base(l)}[${k.s}]`))),
      w(2, pick([`${BOX}.v`]).map(atom)),
      w(1, fc.tuple(i, fc.boolean()).map(([x, kw]) => atom(`${BOX}.bump(${kw ? "k=" : ""}${x.s})`))),
      w(1, sub("str").map((s) => atom(`ord((${opnd(s)} + "a")[0])`))),
      // Calls with keyword and star arguments (see the prelude's `_call`).
      w(3, this.callHelper(scope, size)),
      w(1, fc.constant(atom(`len(${KWARGS_REF})`))),
      // Lambdas and comprehensions (nested scopes: closures over the locals they read).
      w(2, fc.tuple(this.expr("int", lam.scope, size - 1), i, fc.option(intLit(), { nil: null })).map(([body, a, dflt]) =>
        atom(`(lambda ${lam.name}${dflt ? `, b${scope.depth}=${dflt.s}` : ""}: ${body.s})(${a.s})`))),
      w(2, this.comprehension(scope, size, "int").map((c) => atom(`sum([${c}])`))),
      w(1, this.comprehension(scope, size, "int").map((c) => atom(`sum(${c})`))),
      w(1, fc.array(i, { minLength: 1, maxLength: 3 }).map((xs) => atom(`len({${xs.map((x) => `${opnd(x)} % 3`).join(", ")}})`))),
      walrusTargets.length > 0 && w(1, fc.tuple(pick(walrusTargets), i).map(([t, x]) => atom(`(${t} := ${x.s})`))),
    );
  }

  private float(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const f = this.expr("float", scope, size - 1);
    const i = this.expr("int", scope, size - 1);
    return choose(
      w(5, this.leaf("float", scope)),
      w(5, fc.tuple(f, pick(["+", "-", "*"]), fc.oneof(f, i)).map(([a, o, b]) => op(`${opnd(a)} ${o} ${opnd(b)}`))),
      w(2, fc.tuple(f, fc.oneof(f, i)).map(([a, b]) => op(`${opnd(a)} / (${opnd(b)} or 1.0)`))),
      scope.inTry && w(1, fc.tuple(f, fc.oneof(f, i)).map(([a, b]) => op(`${opnd(a)} / ${opnd(b)}`))),
      w(1, fc.tuple(i, fc.integer({ min: 1, max: 9 })).map(([a, d]) => op(`${opnd(a)} / ${d}`))),
      w(2, fc.tuple(pick(["-", "+"]), f).map(([o, a]) => op(`${o}${opnd(a)}`))),
      w(2, fc.tuple(pick(["abs", "float"]), fc.oneof(f, i)).map(([fn, a]) => atom(`${fn}(${a.s})`))),
      w(1, fc.tuple(pick(["min", "max"]), f, f).map(([fn, a, b]) => atom(`${fn}(${a.s}, ${b.s})`))),
      w(1, fc.tuple(f, fc.integer({ min: 0, max: 3 })).map(([a, d]) => atom(`round(${a.s}, ${d})`))),
      scope.inTry && w(1, f.map((a) => op(`${opnd(a)} ** 2`))),
      w(1, fc.tuple(f, this.expr("bool", scope, size - 1), f).map(([a, c, b]) => op(`${opnd(a)} if ${opnd(c)} else ${opnd(b)}`))),
    );
  }

  private bool(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const sub = (ty: ValueType) => this.expr(ty, scope, size - 1);
    const cmp = pick(["<", "<=", "==", "!=", ">", ">="]);
    const ordered = fc.oneof(
      fc.array(sub("int"), { minLength: 2, maxLength: 3 }),
      fc.array(fc.oneof(sub("int"), sub("float")), { minLength: 2, maxLength: 3 }),
      fc.array(sub("str"), { minLength: 2, maxLength: 3 }),
    );
    const chain = fc.tuple(ordered, fc.array(cmp, { minLength: 2, maxLength: 2 }))
      .map(([xs, ops]) => op(xs.map((x, k) => (k === 0 ? opnd(x) : `${ops[k - 1]} ${opnd(x)}`)).join(" ")));
    const any = sub("any");
    const b = sub("bool");
    const lam = this.lambdaParam(scope);
    return choose(
      w(3, this.leaf("bool", scope)),
      w(6, chain),
      w(2, fc.tuple(any, pick(["==", "!="]), any).map(([x, o, y]) => op(`${opnd(x)} ${o} ${opnd(y)}`))),
      w(2, fc.tuple(any, pick(["is", "is not"])).map(([x, o]) => op(`${opnd(x)} ${isLiteral(x) ? (o === "is" ? "==" : "!=") : o} None`))),
      w(2, fc.tuple(sub("int"), pick(["in", "not in"]), sub("list")).map(([x, o, l]) => op(`${opnd(x)} ${o} ${opnd(l)}`))),
      w(1, fc.tuple(pick(DICT_KEYS), sub("dict")).map(([k, d]) => op(`"${k}" in ${opnd(d)}`))),
      w(1, fc.tuple(sub("str"), sub("str")).map(([x, s]) => op(`${opnd(x)} in ${opnd(s)}`))),
      w(1, fc.tuple(sub("int"), fc.array(sub("int"), { minLength: 1, maxLength: 3 })).map(([x, xs]) => op(`${opnd(x)} in {${xs.map((y) => y.s).join(", ")}}`))),
      w(2, b.map((x) => op(`not ${opnd(x)}`))),
      w(3, fc.tuple(b, pick(["and", "or"]), b).map(([x, o, y]) => op(`${opnd(x)} ${o} ${opnd(y)}`))),
      w(2, fc.tuple(any, pick(["int", "str", "float", "bool", "(list, tuple)", "(int, float)", "dict"])).map(([x, t]) => atom(`isinstance(${x.s}, ${t})`))),
      w(1, any.map((x) => atom(`bool(${x.s})`))),
      w(1, fc.tuple(sub("str"), pick(["startswith", "endswith"]), strLit(scope)).map(([s, m, t]) => atom(`${base(s)}.${m}(${t.s})`))),
      w(1, fc.tuple(sub("str"), pick(["isalpha", "isdigit", "isupper"])).map(([s, m]) => atom(`${base(s)}.${m}()`))),
      w(1, fc.tuple(pick(["any", "all"]), this.comprehension(scope, size, "bool")).map(([f, c]) => atom(`${f}(${c})`))),
      w(1, fc.tuple(pick(["any", "all"]), this.comprehension(scope, size, "bool")).map(([f, c]) => atom(`${f}([${c}])`))),
      w(1, fc.tuple(this.expr("bool", lam.scope, size - 1), sub("int")).map(([body, a]) => atom(`(lambda ${lam.name}: ${body.s})(${a.s})`))),
      scope.exc.length > 0 && w(3, fc.tuple(pick(scope.exc), pick(EXC_NAMES)).map(([e, t]) => atom(`isinstance(${e}, ${t})`))),
    );
  }

  private str(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const sub = (ty: ValueType) => this.expr(ty, scope, size - 1);
    const s = sub("str");
    const i = sub("int");
    const cut = (text: string) => atom(`(${text})[:12]`);
    return choose(
      w(5, this.leaf("str", scope)),
      w(4, fc.tuple(s, s).map(([a, b]) => cut(`${opnd(a)} + ${opnd(b)}`))),
      w(1, fc.tuple(s, fc.integer({ min: 0, max: 3 })).map(([a, k]) => cut(`${opnd(a)} * ${k}`))),
      w(2, fc.tuple(s, fc.option(i, { nil: null }), fc.option(i, { nil: null })).map(([a, lo, hi]) => atom(`${base(a)}[${lo?.s ?? ""}:${hi?.s ?? ""}]`))),
      w(2, fc.tuple(s, i).map(([a, k]) => atom(`(${opnd(a)} + "x")[${opnd(k)} % (len(${a.s}) + 1)]`))),
      w(2, fc.tuple(s, pick(["upper", "lower", "strip", "title", "swapcase"])).map(([a, m]) => atom(`${base(a)}.${m}()`))),
      w(1, fc.tuple(s, strLit(scope), strLit(scope)).map(([a, x, y]) => cut(`${base(a)}.replace(${x.s}, ${y.s})`))),
      w(3, fc.tuple(pick(["str", "repr"]), fc.oneof(i, sub("float"), sub("bool"), sub("list"))).map(([f, x]) => cut(`${f}(${x.s})`))),
      w(2, fc.tuple(pick(["str", "repr"]), sub("any")).map(([f, x]) => cut(`${f}(${x.s})`))),
      w(2, sub("any").map((x) => atom(`type(${x.s}).__name__`))),
      !scope.fstring && w(4, this.fstring(scope, size).map((f) => atom(`${f.s}[:16]`))),
      w(1, fc.tuple(pick(["-", ", ", ""]), sub("list")).map(([sep, l]) => atom(`"${sep}".join([str(c${scope.depth}) for c${scope.depth} in ${opnd(l)}[:4]])`))),
      w(1, sub("dict").map((d) => atom(`",".join(sorted(${d.s}))`))),
      w(1, s.map((a) => atom(`"".join(reversed(${a.s}))`))),
      w(1, i.map((k) => atom(`chr(65 + ${opnd(k)} % 26)`))),
      w(1, fc.tuple(sub("any"), i).map(([x, k]) => cut(`"%r/%d" % (${x.s}, ${k.s})`))),
      w(1, fc.tuple(i, sub("str")).map(([k, x]) => cut(`"{}:{}".format(${k.s}, ${x.s})`))),
      w(1, fc.tuple(sub("float"), pick([".2f", "e", "g", ">8.1f"])).map(([x, spec]) => atom(`format(${x.s}, "${spec}")`))),
      w(1, fc.tuple(s, sub("bool"), s).map(([a, c, b]) => op(`${opnd(a)} if ${opnd(c)} else ${opnd(b)}`))),
      w(1, fc.tuple(s, s).map(([a, b]) => op(`${opnd(a)} or ${opnd(b)}`))),
      w(1, fc.constant(atom(`",".join(sorted(${KWARGS_REF}))`))),
      scope.exc.length > 0 && w(4, fc.tuple(pick(scope.exc), fc.boolean()).map(([e, name]) => atom(name ? `type(${e}).__name__` : `str(${e})`))),
    );
  }

  private list(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const sub = (ty: ValueType) => this.expr(ty, scope, size - 1);
    const l = sub("list");
    const i = sub("int");
    const lam = this.lambdaParam(scope);
    return choose(
      w(5, this.leaf("list", scope)),
      w(3, fc.array(i, { maxLength: 3 }).map((xs) => atom(`[${xs.map((x) => x.s).join(", ")}]`))),
      w(2, fc.tuple(i, l).map(([x, ys]) => atom(`[${x.s}, *${opnd(ys)}[:3]]`))),
      w(2, fc.tuple(l, l).map(([a, b]) => atom(`(${opnd(a)} + ${opnd(b)})[:8]`))),
      w(2, fc.tuple(l, fc.boolean()).map(([a, rev]) => atom(rev ? `sorted(${a.s}, reverse=True)` : `sorted(${a.s})`))),
      w(1, fc.tuple(l, this.expr("int", lam.scope, size - 1)).map(([a, key]) => atom(`sorted(${a.s}, key=lambda ${lam.name}: ${key.s})`))),
      w(2, fc.tuple(l, fc.option(i, { nil: null }), fc.option(i, { nil: null }), pick(["", ":-1", ":2"])).map(([a, lo, hi, step]) =>
        atom(`${base(a)}[${lo?.s ?? ""}:${hi?.s ?? ""}${step}]`))),
      w(1, this.small(scope, size - 1).map((n) => atom(`list(range(${n.s}))`))),
      w(3, this.comprehension(scope, size, "int").map((c) => atom(`[${c}]`))),
      w(1, fc.tuple(this.expr("int", lam.scope, size - 1), l).map(([body, a]) => atom(`list(map(lambda ${lam.name}: ${body.s}, ${opnd(a)}[:5]))`))),
      w(1, fc.tuple(this.expr("bool", lam.scope, size - 1), l).map(([body, a]) => atom(`list(filter(lambda ${lam.name}: ${body.s}, ${a.s}))`))),
      w(1, fc.tuple(i, fc.integer({ min: 0, max: 3 })).map(([x, k]) => op(`[${x.s}] * ${k}`))),
      w(1, sub("dict").map((d) => atom(`list(${base(d)}.values())`))),
      w(1, sub("str").map((s) => atom(`[ord(c${scope.depth}) for c${scope.depth} in ${opnd(s)}[:4]]`))),
      w(1, l.map((a) => atom(`${base(a)}.copy()`))),
    );
  }

  private dict(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const sub = (ty: ValueType) => this.expr(ty, scope, size - 1);
    const d = sub("dict");
    const i = sub("int");
    const entries = fc.uniqueArray(fc.tuple(pick(DICT_KEYS), i), { maxLength: 3, selector: ([k]) => k });
    const c = `c${scope.depth}`;
    return choose(
      w(5, this.leaf("dict", scope)),
      w(3, entries.map((kv) => atom(`{${kv.map(([k, v]) => `"${k}": ${v.s}`).join(", ")}}`))),
      w(2, fc.tuple(pick(DICT_KEYS), i, d).map(([k, v, rest]) => atom(`{"${k}": ${v.s}, **${opnd(rest)}}`))),
      w(1, fc.tuple(d, d).map(([a, b]) => atom(`{**${opnd(a)}, **${opnd(b)}}`))),
      w(1, fc.tuple(pick(DICT_KEYS), i, d).map(([k, v, rest]) => atom(`dict(${rest.s}, ${k}=${v.s})`))),
      w(1, sub("list").map((l) => atom(`dict(zip(["k0", "k2"], ${l.s}))`))),
      w(2, sub("list").map((l) => atom(`{"k%d" % (${c} % 4): ${c} for ${c} in ${opnd(l)}}`))),
      w(1, d.map((a) => atom(`${base(a)}.copy()`))),
    );
  }

  private tuple(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const sub = (ty: ValueType) => this.expr(ty, scope, size - 1);
    const i = sub("int");
    return choose(
      w(4, this.leaf("tuple", scope)),
      w(3, fc.array(sub("any"), { minLength: 2, maxLength: 3 }).map((xs) => atom(`(${xs.map((x) => x.s).join(", ")})`))),
      w(1, sub("list").map((l) => atom(`tuple(${l.s})`))),
      w(1, fc.tuple(sub("tuple"), i).map(([t, k]) => atom(`${base(t)}[${k.s}:]`))),
      w(1, fc.tuple(i, i).map(([a, b]) => atom(`divmod(${a.s}, ${opnd(b)} or 3)`))),
    );
  }

  private any(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const vars = allReadable(scope);
    const typed = fc.oneof(
      ...(["int", "float", "bool", "str", "list", "dict", "tuple"] as const).map((t) => this.expr(t, scope, size - 1)),
    );
    return choose(
      vars.length > 0 && w(4, pick(vars).map(atom)),
      w(2, this.literal("any", scope)),
      w(4, typed),
      w(1, fc.tuple(this.expr("tuple", scope, size - 1), fc.integer({ min: 0, max: 2 })).map(([t, k]) => atom(`(${opnd(t)} + (None, None, None))[${k}]`))),
      w(1, pick(DICT_KEYS).map((k) => atom(`${KWARGS_REF}.get("${k}")`))),
    );
  }

  // ---- shared forms ----------------------------------------------------------------------------

  /** A lambda's parameter and the scope of its body (reads only; closures over the rest). */
  private lambdaParam(scope: Scope): { name: string; scope: Scope } {
    const name = `a${scope.depth}`;
    const inner: Scope = { ...scope, depth: scope.depth + 1, write: {}, read: { ...scope.read, int: [...readable(scope, "int"), name] } };
    return { name, scope: inner };
  }

  /**
   * The inside of a comprehension producing `ty` (without brackets): `expr for c in iterable if
   * cond`, sometimes with a second `for`. Comprehensions are functions in 3.11: their variables are
   * their own, the locals they read become cells.
   */
  comprehension(scope: Scope, size: number, ty: "int" | "bool"): fc.Arbitrary<string> {
    const c = `c${scope.depth}`;
    const inner: Scope = { ...scope, depth: scope.depth + 1, write: {}, read: { ...scope.read, int: [...readable(scope, "int"), c] } };
    const iterable = fc.oneof(
      this.expr("list", scope, size - 1).map((l) => `${opnd(l)}[:6]`),
      this.small(scope, size - 1).map((n) => `range(${n.s})`),
    );
    const second = fc.option(this.small(inner, size - 1).map((n) => ` for d${scope.depth} in range(${n.s})`), { nil: "", freq: 4 });
    const cond = fc.option(this.expr("bool", inner, size - 1).map((b) => ` if ${opnd(b)}`), { nil: "" });
    return fc.tuple(this.expr(ty, inner, size - 1), iterable, second, cond).map(([e, it, more, cnd]) => `${e.s} for ${c} in ${it}${more}${cnd}`);
  }

  /** `_call(a, b=1, *rest, c=2, **kw)` from the prelude, called every way Python allows. */
  private callHelper(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const i = this.expr("int", scope, size - 1);
    const l = this.expr("list", scope, size - 1);
    const d = this.expr("dict", scope, size - 1);
    return fc.oneof(
      fc.array(i, { minLength: 1, maxLength: 4 }).map((xs) => `_call(${xs.map((x) => x.s).join(", ")})`),
      fc.tuple(i, i).map(([a, c]) => `_call(${a.s}, c=${c.s})`),
      fc.tuple(i, i, i).map(([a, b, c]) => `_call(${a.s}, c=${c.s}, b=${b.s})`),
      fc.tuple(i, l).map(([a, rest]) => `_call(${a.s}, *${opnd(rest)})`),
      fc.tuple(i, l).map(([a, rest]) => `_call(*[${a.s}, *${opnd(rest)}][:4])`),
      fc.tuple(i, d).map(([a, kw]) => `_call(${a.s}, **${opnd(kw)})`),
      fc.tuple(i, l, pick(DICT_KEYS), i).map(([a, rest, k, v]) => `_call(${a.s}, *${opnd(rest)}, c=1, ${k}=${v.s})`),
      fc.tuple(i, i).map(([a, v]) => `_call(${a.s}, **{"c": ${v.s}, "k1": 2})`),
    ).map(atom);
  }

  /** An f-string with conversions, format specs and nested replacement fields in specs. */
  fstring(scope: Scope, size: number): fc.Arbitrary<Ex> {
    const inner: Scope = { ...scope, fstring: true };
    const field = (e: fc.Arbitrary<Ex>, specs: readonly string[]) =>
      fc.tuple(e, pick(["", "", "!r", "!s", "!a"]), pick(specs)).map(([x, conv, spec]) =>
        `{${fieldText(x)}${conv}${conv !== "" && !["", ">8", "^7", "<5", ".2"].includes(spec) ? "" : spec ? `:${spec}` : ""}}`);
    const widthField = fc.tuple(this.expr("int", inner, size - 1), this.expr("int", inner, 0)).map(([x, wd]) =>
      `{${fieldText(x)}:>{${opnd(wd)} % 9}}`);
    const text = pick(["", "x=", " ", "-", "{{", "}}", "é", "ab "]);
    const part = fc.oneof(
      field(this.expr("int", inner, size - 1), ["", "+d", "x", ">8", ",", "_b", "05d"]),
      field(this.expr("float", inner, size - 1), ["", ".3f", "e", "g", ">10.2f", "%"]),
      field(this.expr("str", inner, size - 1), ["", ">8", "^7", "<5", ".2"]),
      field(this.expr("any", inner, size - 1), [""]),
      widthField,
    );
    return fc.array(fc.tuple(text, part), { minLength: 1, maxLength: 3 }).map((parts) => atom(`f'${parts.map(([t, p]) => t + p).join("")}'`));
  }
}

function intLit(): fc.Arbitrary<Ex> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 9 }) },
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom(...INT_EDGES) },
  ).map((n) => num(String(n)));
}

function floatLit(): fc.Arbitrary<Ex> {
  return fc.constantFrom("0.0", "1.5", "-0.0", "0.1", "2.5e-3", "1e300", "-7.25", 'float("nan")', 'float("inf")', 'float("-inf")')
    .map((s) => (s.includes("(") ? atom(s) : num(s)));
}

function strLit(scope: Scope): fc.Arbitrary<Ex> {
  if (scope.fstring) return fc.constantFrom("", "a", "ab", "xyz", " ", "k0", "A-b").map((s) => atom(`"${s}"`));
  return pythonStrValue({ maxLength: 4 }).map((s) => atom(strLiteral(s)));
}

/** A replacement field's expression: parenthesized unless a plain atom not starting with a brace. */
function fieldText(x: Ex): string {
  return x.kind === "atom" && !x.s.startsWith("{") ? x.s : `(${x.s})`;
}

/** Whether `is` could compare against a literal (a SyntaxWarning in 3.11); parameters may become literals. */
function isLiteral(x: Ex): boolean {
  return x.kind === "num" || /^(\u0001|-|\d|'|"|\(|\[|\{|f'|True$|False$|None$)/.test(x.s);
}

/** The part of a scope expressions depend on (a smaller memoization key). */
function exprScope(scope: Scope): Scope {
  return { ...scope, loops: 0, inLoop: false, inExcept: false, defs: 0, returns: "any", exceptStar: false };
}
