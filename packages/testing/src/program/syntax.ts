// Building blocks for generating Python source: expressions that know whether they need
// parentheses, statements as lists of lines, and a lazily built arbitrary so that a recursive
// grammar only constructs the parts a run reaches.

import fc from "fast-check";

/**
 * Expression source. `atom`s (names, calls, displays, parenthesized forms) can be used anywhere;
 * `num`bers are atoms except before a `.`; everything else is parenthesized when it is an operand.
 */
export interface Ex {
  readonly s: string;
  readonly kind: "atom" | "num" | "op";
}

export const atom = (s: string): Ex => ({ s, kind: "atom" });
export const num = (s: string): Ex => (s.startsWith("-") ? { s, kind: "op" } : { s, kind: "num" });
export const op = (s: string): Ex => ({ s, kind: "op" });

/** The expression as an operand of an operator. */
export const opnd = (e: Ex): string => (e.kind === "op" ? `(${e.s})` : e.s);
/** The expression before `.attr`, `[...]` or `(...)`. */
export const base = (e: Ex): string => (e.kind === "atom" ? e.s : `(${e.s})`);

/** A statement or block: lines without the enclosing indentation. */
export type Lines = readonly string[];

export const indent = (lines: Lines): string[] => lines.map((l) => `    ${l}`);

/** `header:` followed by an indented body (never empty: an empty body becomes `pass`). */
export function suite(header: string, body: Lines): string[] {
  return [`${header}:`, ...indent(body.length > 0 ? body : ["pass"])];
}

/**
 * An arbitrary built on first use. Recursive grammars stay cheap to construct (only the parts a
 * generated value reaches are built) without `chain`, so values keep shrinking normally.
 */
class LazyArbitrary<T> extends fc.Arbitrary<T> {
  private built: fc.Arbitrary<T> | null = null;
  constructor(private readonly make: () => fc.Arbitrary<T>) {
    super();
  }
  private get arb(): fc.Arbitrary<T> {
    return (this.built ??= this.make());
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.arb.generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.arb.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.arb.shrink(value, context);
  }
}

export function lazy<T>(make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  return new LazyArbitrary(make);
}

/** Memoizes arbitraries by key, each built lazily. */
export class ArbitraryCache {
  private readonly entries = new Map<string, fc.Arbitrary<unknown>>();
  get<T>(key: string, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
    let a = this.entries.get(key) as fc.Arbitrary<T> | undefined;
    if (!a) this.entries.set(key, (a = lazy(make)));
    return a;
  }
}

export type Weighted<T> = fc.WeightedArbitrary<T>;

/** `fc.oneof` over weighted alternatives, leaving out absent ones (null). */
export function choose<T>(...alternatives: (Weighted<T> | null | false)[]): fc.Arbitrary<T> {
  const present = alternatives.filter((a): a is Weighted<T> => !!a);
  if (present.length === 0) throw new Error("no alternative to choose from");
  return present.length === 1 ? present[0]!.arbitrary : fc.oneof(...present);
}

export const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): Weighted<T> => ({ weight, arbitrary });
