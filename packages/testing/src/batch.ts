// Property tests whose check needs an expensive external step (compiling with python3.11, running
// interpreted and compiled), done for many values at once.
//
// fast-check generates values one by one, but starting a Python process per value would dominate
// the run. `assertBatched` runs the property twice with the same seed: the first pass only collects
// the generated values, `prepare` handles all of them in one batch, and the second pass checks
// each value against its prepared result. Values fast-check produces while shrinking a failure are
// prepared one at a time. Both passes generate the same values because the seed is the same and
// generation does not depend on the check.

import fc from "fast-check";

export interface BatchedProperty<T, R> {
  readonly arbitrary: fc.Arbitrary<T>;
  /** Handles many values at once (one process); returns one result per value, in order. */
  prepare(values: readonly T[]): R[];
  /** Throws (or returns false) when the property does not hold for the value. */
  check(value: T, prepared: R): boolean | void;
  /** Identifies a value (default: `String(value)`, which is the source for generated programs). */
  key?(value: T): string;
}

/**
 * `fc.assert` for a batched property. `parameters` are fast-check's (numRuns, seed, ...); without a
 * seed one is drawn, and a failure reports it like any fast-check failure.
 */
export function assertBatched<T, R>(property: BatchedProperty<T, R>, parameters: fc.Parameters<[T]> = {}): void {
  const seed = parameters.seed ?? (Math.random() * 0x7fffffff) | 0;
  const key = property.key ?? ((v: T) => String(v));
  const collected: T[] = [];
  fc.assert(fc.property(property.arbitrary, (v) => void collected.push(v)), { ...parameters, seed });
  const results = property.prepare(collected);
  const prepared = new Map<string, R>();
  collected.forEach((v, i) => prepared.set(key(v), results[i]!));
  const lookup = (v: T): R => {
    const k = key(v);
    if (!prepared.has(k)) prepared.set(k, property.prepare([v])[0]!);
    return prepared.get(k)!;
  };
  fc.assert(fc.property(property.arbitrary, (v) => property.check(v, lookup(v))), { ...parameters, seed });
}
