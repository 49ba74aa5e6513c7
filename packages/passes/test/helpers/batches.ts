// The fast-check driver the differential harnesses share (compiled-diff.ts, frame-diff.ts): batches
// of generated argument tuples go to one `runBatch` call (one round trip into Python each), which
// returns null when every variant agreed or the description of the first difference.

import fc from "fast-check";

export function checkBatches(
  runBatch: (cases: readonly (readonly string[])[]) => string | null,
  args: fc.Arbitrary<readonly string[]>,
  numRuns: number,
  maxBatch: number,
): void {
  let message = "";
  const details = fc.check(
    fc.property(fc.array(args, { minLength: 1, maxLength: maxBatch }), (cases) => {
      const m = runBatch(cases);
      if (m !== null) message = m;
      return m === null;
    }),
    // fast-check never ends a run with a fractional numRuns (RUNS / 4 with RUNS = 150).
    { numRuns: Math.max(1, Math.ceil(numRuns)) },
  );
  if (details.failed) {
    const cases = (details.counterexample?.[0] ?? []) as string[][];
    const why = message || String(details.errorInstance);
    throw new Error(`${why}\n(seed ${details.seed}, shrunk batch: ${JSON.stringify(cases)})`);
  }
}
