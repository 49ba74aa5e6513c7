// The statistics every table reports, and nothing else.
//
// - The centre of a set of timings is its median: timings on a shared machine have a long right
//   tail (another process takes the core), which moves the mean and barely moves the median.
// - The 95% interval of a median is distribution-free, from order statistics: with n samples the
//   number below the true median is Binomial(n, 1/2), so [x(l), x(n-l+1)] covers it with
//   probability 1 - 2 P(B <= l-1). l is the largest rank keeping that at or above 95%. With fewer
//   than 6 samples no ranks reach 95%: the interval is [min, max] and its real coverage
//   (1 - 2^(1-n)) is reported with it.
// - A speedup is a ratio of two medians; its interval is a percentile bootstrap (resample both
//   sample sets, take the ratio of the resampled medians, 2.5th and 97.5th percentiles).
// - A table's summary is the geometric mean of its speedups (the mean that treats 2x faster and
//   2x slower symmetrically), with the same bootstrap over every program at once.
// Bootstraps draw from a seeded generator, so a report is reproducible from its samples and seed.

export interface Interval {
  readonly low: number;
  readonly high: number;
  /** Probability that the interval covers the true value (0.95 unless too few samples). */
  readonly coverage: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median of no samples");
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** P(B <= k) for B ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  // Terms in log space: 0.5^n underflows to 0 for n > 1074, which made every term 0.
  let logTerm = n * Math.log(0.5); // log P(B = 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1));
  }
  return sum;
}

/** Distribution-free confidence interval of the median (order statistics, see above). */
export function medianInterval(xs: readonly number[], level = 0.95): Interval {
  if (xs.length === 0) throw new Error("interval of no samples");
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let rank = 1; // 1-based lower rank
  while (rank + 1 <= n - rank && 1 - 2 * binomialHalfCdf(n, rank) >= level) rank++;
  return { low: s[rank - 1]!, high: s[n - rank]!, coverage: Math.max(0, 1 - 2 * binomialHalfCdf(n, rank - 1)) };
}

export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("geometric mean of nothing");
  return Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length);
}

/** mulberry32: a small, fast, seeded 32-bit generator; uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates, in a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function resample(xs: readonly number[], random: () => number): number[] {
  return xs.map(() => xs[Math.floor(random() * xs.length)]!);
}

function percentile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** A ratio of medians: `median(baseline) / median(measured)`, > 1 when `measured` is faster. */
export interface RatioSamples {
  readonly baseline: readonly number[];
  readonly measured: readonly number[];
}

export function speedup(r: RatioSamples): number {
  return median(r.baseline) / median(r.measured);
}

/**
 * Percentile-bootstrap interval of the geometric mean of the speedups of `pairs` (of one speedup
 * when given one pair): every replicate resamples every sample set independently.
 */
export function bootstrapSpeedupInterval(pairs: readonly RatioSamples[], resamples: number, seed: number, level = 0.95): Interval {
  if (pairs.length === 0) throw new Error("bootstrap of nothing");
  const random = seededRandom(seed);
  const replicates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    replicates.push(geomean(pairs.map((p) => median(resample(p.baseline, random)) / median(resample(p.measured, random)))));
  }
  replicates.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: percentile(replicates, tail), high: percentile(replicates, 1 - tail), coverage: level };
}
