// OPT-1 is-pointer-compare on real compiled code (helpers/compiled-diff.ts): `is` / `is not` in
// branches, as values, negated, in loops and in `try`, run interpreted and compiled with the pass on
// and off at -O0/-O1/-O2. Operands are chosen so identity is interesting: the same object twice
// (module-level sentinels, None, True/False, cached small ints, interned strs), equal but distinct
// objects (1000 evaluated twice, equal floats, NaN), bool against int (True is 1 is False), and
// objects whose __eq__ or __bool__ log or raise: identity must never call them (the zoo log says).

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { intLiteral, pythonIntValue } from "../../testing/src/values.js";
import { oddValue } from "../../testing/src/differential/inputs.js";
import { CompiledDiff, LEVELS, type FunctionSpec, type VariantInfo } from "./helpers/compiled-diff.js";

const PASS = "is-pointer-compare";
const LABEL = "OPT-1 is-pointer-compare";
const RUNS = Number(process.env.PYJC_PROPERTY_RUNS ?? 150);

const SOURCE = `
SENT = object()
OTHER = object()
NAN = float('nan')
BIG = 10 ** 20

def is_branch(a, b):
    if a is b:
        return 'same'
    if a is not b:
        return 'different'
    return 'unreachable'

def is_values(a, b):
    x = a is b
    y = a is not b
    return x, y, not x, not y, not not x

def is_loop(a, b):
    n = 0
    for x in [a, b, None, SENT, a]:
        if x is a:
            n += 1
        if x is not None:
            n += 10
        if (x is b) is (x is a):
            n += 100
    return n

def is_while(a, b):
    # 'is not' as a loop condition, the loop variable changing type.
    x = a
    steps = 0
    while x is not b and steps < 4:
        x = b if steps == 2 else (x, steps)
        steps += 1
    return steps, x is b

def in_try(a, b):
    try:
        if a is b:
            return 'same'
        return a.no_such_attribute
    except AttributeError:
        return 'AttributeError'

def no_dunder(a, b):
    r = a is b
    if not r:
        return 'not same', r
    return 'same', not r
`;

/** Sources whose identity relations are deterministic (each call evaluates them anew). */
const identityArg = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "None", "True", "False", "0", "1", "-5", "256", "257", "-6", "1000", "BIG", "SENT", "OTHER", "NAN",
      "float('nan')", "1.0", "0.0", "-0.0", "'a'", "'hello'", "'hello world!'", "''", "()", "[]", "(1,)",
      "Ellipsis", "NotImplemented", "int", "bool", "IntSub(1)", "IntOver(1)",
    ),
  },
  { weight: 2, arbitrary: pythonIntValue().map(intLiteral) },
  { weight: 1, arbitrary: oddValue() },
);
const pair = fc.tuple(identityArg, identityArg);
/** Pairs that are often the same object: one source used twice. */
const samePair = fc.oneof(pair, identityArg.map((a) => [a, a] as const));

const TARGETS: readonly (FunctionSpec & { args: fc.Arbitrary<readonly string[]> })[] = [
  { name: "is_branch", warm: [["None", "None"], ["1", "2"]], args: samePair },
  { name: "is_values", warm: [["SENT", "SENT"], ["1", "2"]], args: samePair },
  { name: "is_loop", warm: [["SENT", "None"], ["1", "1"]], args: samePair },
  { name: "is_while", warm: [["1", "2"], ["None", "None"]], args: samePair },
  { name: "in_try", warm: [["1", "1"], ["SENT", "OTHER"]], args: samePair },
  { name: "no_dunder", warm: [["1", "1"], ["SENT", "OTHER"]], args: samePair },
];

const firedIn = (infos: Record<string, VariantInfo>) =>
  Object.entries(infos).filter(([, i]) => i.passes.includes(LABEL)).map(([v]) => v).sort();
const ON = LEVELS.map((l) => `O${l}+`).sort();

describe("OPT-1 is-pointer-compare, compiled against interpreted", () => {
  const diff = new CompiledDiff(PASS, SOURCE);

  for (const t of TARGETS) {
    it(`${t.name}: fires in every pass-on variant and agrees with the interpreter`, () => {
      const infos = diff.prepare(t);
      for (const [variant, info] of Object.entries(infos)) {
        if (variant !== "interp") expect(info.compiled, `${variant}: ${info.reason}`).toBe(true);
      }
      expect(firedIn(infos)).toEqual(ON);
      diff.check(t.name, t.args, RUNS);
      const runs = Object.entries(diff.infos(t.name)).filter(([v]) => v !== "interp").reduce((n, [, i]) => n + i.runs, 0);
      expect(runs).toBeGreaterThan(0);
      // Identity needs no guard: with the pass alone (-O0), nothing ever deoptimizes.
      expect(diff.infos(t.name)["O0+"]!.deopts).toBe(0);
    });
  }
});
