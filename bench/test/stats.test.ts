// The statistics behind every table, on samples whose answers are known.

import { describe, expect, it } from "vitest";
import { bootstrapSpeedupInterval, geomean, median, medianInterval, seededRandom, shuffled, speedup } from "../src/stats.js";

describe("median", () => {
  it("is the middle sample, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow();
  });
});

describe("medianInterval (order statistics)", () => {
  it("takes ranks 2 and 9 of 10 samples, covering 97.9%", () => {
    const i = medianInterval([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    expect([i.low, i.high]).toEqual([2, 9]);
    expect(i.coverage).toBeCloseTo(1 - 22 / 1024, 10);
  });

  it("matches the textbook ranks for 20 samples (6 and 15, 95.9%)", () => {
    const xs = Array.from({ length: 20 }, (_, k) => k + 1);
    const i = medianInterval(xs);
    expect([i.low, i.high]).toEqual([6, 15]);
    expect(i.coverage).toBeGreaterThanOrEqual(0.95);
    expect(i.coverage).toBeCloseTo(0.9586, 4);
  });

  // Regression: 0.5^n underflowed to 0 above 1074 samples, and the interval became [min, max].
  it("stays near the normal approximation for 2000 samples (rank about n/2 - 0.98 sqrt(n))", () => {
    const xs = Array.from({ length: 2000 }, (_, k) => k + 1);
    const i = medianInterval(xs);
    expect(i.low).toBeGreaterThanOrEqual(954);
    expect(i.low).toBeLessThanOrEqual(958);
    expect(i.high).toBe(2001 - i.low);
    expect(i.coverage).toBeGreaterThanOrEqual(0.95);
    expect(i.coverage).toBeLessThan(0.96);
  });

  it("falls back to [min, max] below 6 samples and says how little it covers", () => {
    const five = medianInterval([5, 4, 3, 2, 1]);
    expect([five.low, five.high, five.coverage]).toEqual([1, 5, 1 - 2 / 32]);
    const six = medianInterval([1, 2, 3, 4, 5, 6]);
    expect([six.low, six.high]).toEqual([1, 6]);
    expect(six.coverage).toBeCloseTo(1 - 2 / 64, 10);
    expect(medianInterval([42])).toEqual({ low: 42, high: 42, coverage: 0 });
  });
});

describe("geomean and speedup", () => {
  it("treats 2x faster and 2x slower symmetrically", () => {
    expect(geomean([2, 0.5])).toBeCloseTo(1, 12);
    expect(geomean([1, 4, 16])).toBeCloseTo(4, 12);
  });

  it("is a ratio of medians, above 1 when the measured side is faster", () => {
    expect(speedup({ baseline: [10, 12, 11], measured: [5, 6, 5.5] })).toBeCloseTo(2, 12);
  });
});

describe("seeded randomness", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(xs[0]);
  });

  it("shuffles into a permutation without touching the input", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffled(items, seededRandom(3));
    expect([...out].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(shuffled(items, seededRandom(3))).toEqual(out);
  });
});

describe("bootstrapSpeedupInterval", () => {
  it("is a point when the samples do not vary", () => {
    const i = bootstrapSpeedupInterval([{ baseline: [6, 6, 6], measured: [2, 2, 2] }], 500, 1);
    expect(i.low).toBeCloseTo(3, 12);
    expect(i.high).toBeCloseTo(3, 12);
  });

  it("brackets the ratio of medians, and is reproducible from its seed", () => {
    const random = seededRandom(11);
    const baseline = Array.from({ length: 30 }, () => 100 + 20 * random());
    const measured = Array.from({ length: 30 }, () => 50 + 10 * random());
    const pair = { baseline, measured };
    const i = bootstrapSpeedupInterval([pair], 2000, 5);
    expect(i.low).toBeLessThan(speedup(pair));
    expect(i.high).toBeGreaterThan(speedup(pair));
    expect(i.low).toBeGreaterThan(1.6);
    expect(i.high).toBeLessThan(2.5);
    expect(bootstrapSpeedupInterval([pair], 2000, 5)).toEqual(i);
  });

  it("bootstraps the geometric mean of several speedups at once", () => {
    const pairs = [
      { baseline: [4, 4, 4], measured: [1, 1, 1] },
      { baseline: [1, 1, 1], measured: [1, 1, 1] },
    ];
    const i = bootstrapSpeedupInterval(pairs, 200, 2);
    expect(i.low).toBeCloseTo(2, 12);
    expect(i.high).toBeCloseTo(2, 12);
  });
});
