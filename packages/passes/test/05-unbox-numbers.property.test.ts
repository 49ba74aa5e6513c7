// OPT-5 unbox-numbers on real compiled code (helpers/compiled-diff.ts): float and int kernels run
// interpreted and compiled with the pass on and off at -O0/-O1/-O2, warmed up so CPython's
// specializations and the argument types are in the profile, on generated operands that are mostly
// what the profile saw (so the native code runs) and sometimes everything it must not take for a
// float or an int: bools, int and float subclasses with overridden operators (the zoo log and the
// OverFloat/OverInt logs tell whether they were called), strs, None. Floats come with nan, ±inf,
// ±0.0, subnormals and ±2**53 neighbours; ints with every int64 edge (±2**63, 2**63 - 1 + 1,
// -2**63 // -1, shifts by 63 and 64) and bignums, so overflow, ZeroDivisionError and friends come
// out of the deoptimized interpreter exactly as CPython raises them.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { floatLiteral, intLiteral, pythonFloatValue, pythonIntValue } from "../../testing/src/values.js";
import { CompiledDiff, LEVELS, type FunctionSpec, type VariantInfo } from "./helpers/compiled-diff.js";

const PASS = "unbox-numbers";
const LABEL = "OPT-5 unbox-numbers";
const RUNS = Number(process.env.PYJC_PROPERTY_RUNS ?? 30);

const SOURCE = `
class OverFloat(float):
    def __add__(self, other):
        return ("OverFloat.add", float(self), other)
    __radd__ = __add__
    def __mul__(self, other):
        return ("OverFloat.mul", float(self), other)
    __rmul__ = __mul__
    def __lt__(self, other):
        return "OverFloat.lt"
    def __repr__(self):
        return f"OverFloat({float.__repr__(self)})"

class OverInt(int):
    def __add__(self, other):
        return ("OverInt.add", int(self), other)
    __radd__ = __add__
    def __mod__(self, other):
        return ("OverInt.mod", int(self), other)
    def __lt__(self, other):
        return "OverInt.lt"
    def __repr__(self):
        return f"OverInt({int(self)})"

def float_ops(a, b):
    return (a + b, a - b, a * b, b - a, -a, +a, a < b, a <= b, a == b, a != b, a > b, a >= b)

def float_div(a, b):
    try:
        q = a / b
    except ZeroDivisionError as e:
        q = str(e)
    try:
        fq = a // b
        r = a % b
    except ZeroDivisionError as e:
        fq = r = str(e)
    try:
        p = a ** b
    except Exception as e:
        p = (type(e).__name__, str(e))
    return q, fq, r, p

def float_inline_div(a, b):
    return a / b + a % b - a // b

def float_pow(a, b):
    return a ** b

def int_ops(a, b):
    return (a + b, a - b, a * b, -a, ~a, a & b, a | b, a ^ b, a < b, a <= b, a == b, a != b, a > b, a >= b)

def int_div(a, b):
    return a // b, a % b, a / b

def int_shift(a, b):
    return a << b, a >> b

def mixed(a, b):
    return a + b, b - a, a * b, b / a, a < b, b <= a, a == b, b != a, b ** 2, a * 0.5, 3 * b

def int_true_divide(a, b):
    return a / b

def float_sum(xs):
    t = 0.0
    for x in xs:
        t += x * 1.5 - 0.25
    return t

def int_sum(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total

def range_args(a, b, s):
    out = 0
    for i in range(a, b, s):
        out = out * 31 + i
        if out > 10 ** 6:
            out = out % 1000003
    return out, i if b != a else None

def grow(x, n):
    # int64 overflow partway through the loop: the rest runs in the interpreter on big ints.
    for _ in range(n):
        x = x * 3 + 1
    return x

def count_below(xs, lim):
    c = 0
    for x in xs:
        if x < lim:
            c += 1
    return c

def polynomial(x):
    return ((2.5 * x - 1.25) * x + 0.125) * x - 7.0

def advance(bodies, dt):
    for i in range(len(bodies)):
        a = bodies[i]
        for j in range(i + 1, len(bodies)):
            b = bodies[j]
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            d2 = dx * dx + dy * dy
            mag = dt / (d2 * d2 ** 0.5)
            a[2] -= dx * b[4] * mag
            a[3] -= dy * b[4] * mag
            b[2] += dx * a[4] * mag
            b[3] += dy * a[4] * mag
    for b in bodies:
        b[0] += dt * b[2]
        b[1] += dt * b[3]
    return bodies

def float_store_alias(v, n):
    # A float item only the list references takes the new value in place; one something else
    # references too (keep, the tuple, the argument) is replaced and keeps its value.
    xs = [v, 2.0, v * 1.0, 0.5]
    keep = xs[0]
    t = (xs[2],)
    for i in range(n):
        xs[0] += 0.5
        xs[1] = xs[1] * 1.5
        xs[2] -= 1.0
        xs[3] -= xs[1]
    return xs, keep, t, keep is v, [type(x).__name__ for x in xs]

def list_index(xs, n):
    # Subscripts by the loop counter: negative ones and out of range ones take the generic path.
    s = 0.0
    for i in range(-2, n):
        s += xs[i]
    return s

def in_try(a, b):
    try:
        x = a * b
        return x - a / b
    except ZeroDivisionError as e:
        return ("ZeroDivisionError", str(e))
`;

const intArg = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20, max: 300 }).map(String) },
  { weight: 3, arbitrary: pythonIntValue().map(intLiteral) },
  { weight: 1, arbitrary: fc.constantFrom("2**63 - 1", "-2**63", "2**53", "-2**53", "2**53 + 1", "2**62", "63", "64", "-1", "0") },
);
const floatArg = fc.oneof(
  { weight: 4, arbitrary: pythonFloatValue().map(floatLiteral) },
  { weight: 1, arbitrary: fc.constantFrom("-0.0", "0.0", "float('nan')", "float('inf')", "-float('inf')", "2.0**53", "5e-324", "1e308") },
);
const notNumber = fc.constantFrom(
  "True", "False", "IntSub(3)", "IntOver(2)", "FloatSub(1.5)", "OverFloat(2.5)", "OverInt(7)", "'x'", "None", "1j",
);
const floatOrOdd = fc.oneof({ weight: 6, arbitrary: floatArg }, { weight: 1, arbitrary: notNumber });
const intOrOdd = fc.oneof({ weight: 6, arbitrary: intArg }, { weight: 1, arbitrary: notNumber });
const list = (item: fc.Arbitrary<string>) => fc.array(item, { maxLength: 8 }).map((xs) => `[${xs.join(", ")}]`);
const smallInt = fc.integer({ min: -3, max: 40 }).map(String);
const body = fc.tuple(floatArg, floatArg, floatArg, floatArg, fc.oneof(floatArg, fc.constantFrom("1.0", "0.01"))).map((xs) => `[${xs.join(", ")}]`);

/** Ranges of a few hundred items at most, anywhere (near ±2**63 the iterator is a longrange_iterator). */
const rangeArgs = fc.oneof(
  fc.tuple(smallInt, smallInt, fc.integer({ min: -4, max: 4 }).map(String)),
  fc.tuple(intArg, fc.integer({ min: -30, max: 30 }), fc.constantFrom(1, -1, 2, 7, -3)).map(([a, d, s]) => [a, `${a} + ${d}`, String(s)] as const),
  fc.tuple(notNumber, smallInt, fc.constantFrom("1", "2")),
  fc.tuple(smallInt, smallInt, fc.constantFrom("0", "True", "2.0")),
);

const WARM_FF = [["1.5", "2.25"], ["-3.0", "0.5"]];
const WARM_II = [["7", "3"], ["-12", "5"]];

const TARGETS: readonly (FunctionSpec & { args: fc.Arbitrary<readonly string[]>; why: string })[] = [
  { name: "float_ops", warm: WARM_FF, viaCall: true, args: fc.tuple(floatOrOdd, floatOrOdd), why: "BINARY_OP_*_FLOAT" },
  { name: "float_div", warm: WARM_FF, viaCall: true, args: fc.tuple(floatOrOdd, floatOrOdd), why: "argument types" },
  { name: "float_inline_div", warm: WARM_FF, viaCall: true, args: fc.tuple(floatOrOdd, floatOrOdd), why: "argument types" },
  { name: "float_pow", warm: WARM_FF, viaCall: true, args: fc.tuple(floatOrOdd, floatOrOdd), why: "argument types" },
  { name: "int_ops", warm: WARM_II, viaCall: true, args: fc.tuple(intOrOdd, intOrOdd), why: "BINARY_OP_*_INT" },
  { name: "int_div", warm: WARM_II, viaCall: true, args: fc.tuple(intOrOdd, intOrOdd), why: "argument types" },
  { name: "int_shift", warm: [["5", "3"]], viaCall: true, args: fc.tuple(intOrOdd, fc.oneof(intOrOdd, fc.constantFrom("62", "63", "64", "-1"))), why: "argument types" },
  { name: "mixed", warm: [["3", "1.5"]], viaCall: true, args: fc.tuple(intOrOdd, floatOrOdd), why: "argument types" },
  { name: "int_true_divide", warm: WARM_II, viaCall: true, args: fc.tuple(intOrOdd, intOrOdd), why: "argument types" },
  { name: "float_sum", warm: [["[1.0, 2.5, -3.0]"]], args: list(floatOrOdd).map((x) => [x] as const), why: "BINARY_OP_MULTIPLY_FLOAT, loop-carried float" },
  { name: "int_sum", warm: [["50"]], viaCall: true, args: fc.oneof(smallInt, intOrOdd.filter((s) => !/\*\*|\d{4,}/.test(s))).map((x) => [x] as const), why: "range loop" },
  { name: "range_args", warm: [["0", "20", "3"]], viaCall: true, args: rangeArgs, why: "range loop" },
  { name: "grow", warm: [["1", "5"]], viaCall: true, args: fc.tuple(intOrOdd, smallInt), why: "overflow to big ints" },
  { name: "count_below", warm: [["[1.0, 2.0, 3.0]", "2.5"]], viaCall: true, args: fc.tuple(list(floatOrOdd), floatOrOdd), why: "COMPARE_OP_FLOAT_JUMP" },
  { name: "polynomial", warm: [["1.5"]], viaCall: true, args: floatOrOdd.map((x) => [x] as const), why: "float constants" },
  { name: "advance", warm: [["[[0.0, 0.0, 0.0, 0.0, 1.0], [1.0, 2.0, 0.5, 0.5, 0.1], [3.0, -1.0, 0.0, 0.1, 0.2]]", "0.01"]], viaCall: true,
    args: fc.tuple(fc.array(body, { minLength: 0, maxLength: 4 }).map((bs) => `[${bs.join(", ")}]`), floatOrOdd), why: "n-body step" },
  { name: "in_try", warm: WARM_FF, viaCall: true, args: fc.tuple(floatOrOdd, floatOrOdd), why: "inside try" },
  { name: "float_store_alias", warm: [["1.5", "4"]], viaCall: true, args: fc.tuple(floatOrOdd, smallInt), why: "list items updated in place or replaced" },
  { name: "list_index", warm: [["[1.0, 2.0, 3.0, 4.0]", "4"]], viaCall: true,
    args: fc.tuple(fc.oneof({ weight: 5, arbitrary: list(floatOrOdd) }, { weight: 1, arbitrary: list(floatArg).map((l) => `tuple(${l})`) }), smallInt), why: "list subscripts by int64" },
];

const firedIn = (infos: Record<string, VariantInfo>) =>
  Object.entries(infos).filter(([, i]) => i.passes.includes(LABEL)).map(([v]) => v).sort();
const ON = LEVELS.map((l) => `O${l}+`).sort();

describe("OPT-5 unbox-numbers, compiled against interpreted", () => {
  const diff = new CompiledDiff(PASS, SOURCE);
  afterAll(() => {
    console.log(`unbox-numbers: ${diff.rebuilds} variant rebuilds after repeated deoptimization`);
  });

  for (const t of TARGETS) {
    it(`${t.name}: fires in every pass-on variant (${t.why}) and agrees with the interpreter`, () => {
      const infos = diff.prepare(t);
      for (const [variant, info] of Object.entries(infos)) {
        if (variant !== "interp") expect(info.compiled, `${variant}: ${info.reason}`).toBe(true);
      }
      expect(firedIn(infos)).toEqual(ON.filter((v) => !t.skip?.variants.includes(v)));
      diff.check(t.name, t.args, RUNS);
      const after = diff.infos(t.name);
      const ran = Object.entries(after).filter(([v]) => v !== "interp").reduce((n, [, i]) => n + i.runs, 0);
      expect(ran).toBeGreaterThan(0);
    });
  }
});
