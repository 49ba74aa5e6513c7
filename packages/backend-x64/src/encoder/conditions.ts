// Condition codes as data. The index in CONDITIONS is the hardware encoding `tttn` that goes into
// the low nibble of jcc (0x70+cc, 0x0f 0x80+cc), setcc (0x0f 0x90+cc) and cmovcc (0x0f 0x40+cc);
// the names are the ones objdump prints. Inverting a condition flips the low bit.

export const CONDITIONS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"] as const;

export type Cond = (typeof CONDITIONS)[number];

/** Other spellings accepted by `parseCond`. */
const ALIASES: Readonly<Record<string, Cond>> = {
  c: "b", nae: "b", nb: "ae", nc: "ae", z: "e", nz: "ne", na: "be", nbe: "a",
  pe: "p", po: "np", nge: "l", nl: "ge", ng: "le", nle: "g",
};

/** Signed/unsigned meaning of each condition after `cmp a, b`, for documentation and tools. */
export const CONDITION_MEANING: Readonly<Record<Cond, string>> = {
  o: "overflow", no: "no overflow", b: "a < b unsigned (carry)", ae: "a >= b unsigned (no carry)",
  e: "a == b (zero)", ne: "a != b (not zero)", be: "a <= b unsigned", a: "a > b unsigned",
  s: "sign", ns: "no sign", p: "parity (unordered after ucomisd)", np: "no parity (ordered)",
  l: "a < b signed", ge: "a >= b signed", le: "a <= b signed", g: "a > b signed",
};

export function condCode(cond: Cond): number {
  const code = CONDITIONS.indexOf(cond);
  if (code < 0) throw new RangeError(`unknown condition ${String(cond)}`);
  return code;
}

/** The condition that holds exactly when `cond` does not. */
export function invertCond(cond: Cond): Cond {
  return CONDITIONS[condCode(cond) ^ 1]!;
}

const SWAPPED: Readonly<Partial<Record<Cond, Cond>>> = {
  e: "e", ne: "ne", b: "a", a: "b", ae: "be", be: "ae", l: "g", g: "l", ge: "le", le: "ge",
};

/**
 * The condition to test after `cmp b, a` that is equivalent to `cond` after `cmp a, b`; null for
 * the flag-only conditions (o, s, p and their inverses), which have no swapped counterpart.
 */
export function swapCond(cond: Cond): Cond | null {
  return SWAPPED[cond] ?? null;
}

/** A canonical condition from any common spelling (`z`, `nz`, `c`, `nae`, ...). */
export function parseCond(text: string): Cond {
  const lower = text.toLowerCase();
  if ((CONDITIONS as readonly string[]).includes(lower)) return lower as Cond;
  const alias = ALIASES[lower];
  if (alias === undefined) throw new RangeError(`unknown condition "${text}"`);
  return alias;
}
