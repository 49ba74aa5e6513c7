// OPT-6 fast-locals on real compiled code (helpers/frame-diff.ts): functions whose locals Python
// code looks at while they run, interpreted and compiled with the pass on and off at -O0/-O1/-O2,
// on generated arguments. What must agree with the interpreter besides the result: the locals a
// callee reads through sys._getframe(1).f_locals, those of every traceback entry after an
// exception raised in a loop (by native arithmetic that deoptimizes, or by the generic operation),
// what a handler's callee sees after catching, the interpreter's view after a guard fails in the
// middle of a loop (int64 overflow, a float where ints were seen), the order of __del__ calls and
// the locals each finalizer sees (also when a list item or an object local is replaced while
// other locals are native), UnboundLocalError after `del`, locals that only frame states read
// (unbound before the loop, native in it) after a failed guard, a trace function turned on in the
// middle of a loop, a signal handler reading the frame at the eval breaker, and a frame kept
// alive past its function's return. Generators are never compiled; functions that call locals()
// keep every store.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { FrameDiff, type VariantInfo } from "./helpers/frame-diff.js";

const RUNS = Number(process.env.PYJC_PROPERTY_RUNS ?? 30);
const LABEL = "OPT-6 fast-locals";

const SOURCE = `
import signal
import sys
LOG = []

def _scalars(d):
    return sorted((k, repr(v)) for k, v in d.items() if type(v) in (int, float, str, bool, type(None)))

def peek():
    return _scalars(sys._getframe(1).f_locals)

class Fin:
    def __init__(self, tag):
        self.tag = tag
        LOG.append(('new', tag))
    def __del__(self):
        LOG.append(('del', self.tag, _scalars(sys._getframe(1).f_locals)))

def callee_peeks(n, k):
    x = 0.5
    total = 0
    i = 0
    while i < n:
        x = x * 1.5 + 1.0
        total = total + i
        i = i + 1
        if i % k == 0:
            LOG.append(peek())
    return x, total, i

def uses_locals(n):
    x = 1.0
    total = 0
    for i in range(n):
        total = total + i
        x = x * 2.0
    return _scalars(locals())

def divides(n, k):
    x = 0.0
    i = 0
    while i < n:
        x = x + 1.0
        i = i + 1
        y = x / (k - i)
    return x, i

def divides_ints(n, k):
    x = 0
    i = 0
    while i < n:
        x = x + 3
        i = i + 1
        y = x // (k - i)
    return x, i

def catches(n, k):
    x = 0.0
    i = 0
    try:
        while i < n:
            x = x + 1.0
            i = i + 1
            y = x / (k - i)
    except ZeroDivisionError:
        return 'caught', x, i, peek()
    return x, i, peek()

def overflows(n):
    x = 1
    s = 0
    for i in range(n):
        x = x * 3 + 1
        s = s + i
    return x, s, peek()

def mixed(xs):
    total = 0.0
    i = 0
    n = len(xs)
    while i < n:
        total = total + xs[i]
        i = i + 1
    return total, i, peek()

def finalizers(n):
    x = 0.0
    obj = None
    for i in range(n):
        obj = Fin(i)
        x = x + 1.5
        LOG.append(('x', x))
    obj = None
    return x

def deletes(n):
    x = 1
    total = 0
    for i in range(n):
        total = total + i
    del x
    if n > 3:
        x = 5
    return total + x

def tracer(frame, event, arg):
    if event == 'call' and frame.f_code.co_name == 'helper':
        LOG.append(('traced', _scalars(frame.f_back.f_locals)))
    return None

def start_trace():
    sys.settrace(tracer)

def stop_trace():
    sys.settrace(None)

def helper(v):
    return v + 1

def traced(n):
    s = 0
    t = 0.5
    for i in range(n):
        s = s + i
        t = t * 1.5
        if i == 2:
            start_trace()
        if i % 3 == 0:
            s = helper(s)
    stop_trace()
    return s, t

def grab():
    LOG.append(sys._getframe(1))

def kept_frame(n):
    grab()
    x = 0.0
    k = 0
    for i in range(n):
        x = x + 0.5
        k = k + i
    return x

def gen(n):
    x = 0
    for i in range(n):
        x = x + i
        yield x

class Noisy:
    def __init__(self, tag):
        self.tag = tag
    def __del__(self):
        LOG.append(('del', self.tag, _scalars(sys._getframe(1).f_locals)))

def list_finalizers(n):
    # Replacing a list item drops the old one, whose __del__ reads the locals the loop keeps native
    # (assigned after the last call, so the frame does not hold them yet).
    xs = [Noisy(-1), 0.0]
    x = 0.5
    k = 0
    for i in range(n):
        new = Noisy(i)
        x = x * 1.5 + 1.0
        k = k + i
        xs[0] = new
        xs[1] += x
    return x, k, xs[1]

def store_finalizers(n):
    # Storing to an object local drops its old value, whose __del__ reads the native locals.
    obj = Noisy(-1)
    x = 0.25
    t = 0
    for i in range(n):
        new = Noisy(i)
        x = x + 0.5
        t = t + i * i
        obj = new
        new = None
    return x, t

def carried(xs):
    # d and m are unbound until the loop body runs, then carried natively (only frame states read
    # them); a guard failing on a later item resumes the interpreter with them, and the traceback
    # of a TypeError, or the UnboundLocalError of an empty loop, shows what they were.
    for x in xs:
        d = x * 2.0
        m = d - 0.5
    return d, m

def carried_ints(xs, big):
    # The same with ints, and an int64 overflow.
    for x in xs:
        p = x * big
        q = p + 1
    return p, q

def _consistent(signum, frame):
    if frame.f_code.co_name != 'signalled':
        LOG.append(('elsewhere', frame.f_code.co_name))
        return
    loc = frame.f_locals
    i, x, s = loc.get('i'), loc.get('x'), loc.get('s')
    started = i is not None and x == 0.5 * (i + 1) and s == i * (i + 1) // 2
    LOG.append(('handler', started or (i is None and x == 0.0 and s == 0)))

def signalled(n):
    # A signal handler runs at the next eval-breaker check (right after the call that raised the
    # signal in the interpreter, at the loop's first back edge in compiled code) and reads the
    # frame's locals: whatever the point, they must be the values of that point.
    old = signal.signal(signal.SIGUSR2, _consistent)
    try:
        x = 0.0
        s = 0
        signal.raise_signal(signal.SIGUSR2)
        for i in range(n):
            x = x + 0.5
            s = s + i
    finally:
        signal.signal(signal.SIGUSR2, old)
    return x, s
`;

const VARIANTS = Object.fromEntries(
  [0, 1, 2].flatMap((level) => [
    [`O${level}+`, { selection: { level, enable: ["fast-locals"] } }],
    [`O${level}-`, { selection: { level, disable: ["fast-locals"] } }],
  ]),
);

/**
 * Loop counts, mostly small ints; sometimes what the guards must refuse (the big int is negative:
 * a loop up to 2**70 would not end, interpreted or compiled).
 */
const count = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -2, max: 45 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("True", "False", "4.0", "None", "-2**70", "'5'") },
);
/** Divisors and periods: small ints, zero included, sometimes a float or a bool. */
const small = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 12 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0.0", "2.5", "True", "-0.0", "float('nan')") },
);
const number = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map((x) => (Object.is(x, -0) ? "-0.0" : `${x}`.includes(".") || `${x}`.includes("e") ? `${x}` : `${x}.0`)) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("float('inf')", "float('nan')", "True", "2**64", "'s'", "None") },
);
const list = fc.array(number, { maxLength: 12 }).map((xs) => `[${xs.join(", ")}]`);
/** Mostly floats, sometimes something else (a guard fails there), sometimes empty. */
const floats = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -1e9, max: 1e9 }).map((x) => (Number.isNaN(x) ? "float('nan')" : Object.is(x, -0) ? "-0.0" : /[.e]/.test(`${x}`) ? `${x}` : `${x}.0`)) },
    { weight: 1, arbitrary: fc.constantFrom("float('inf')", "-0.0", "float('nan')", "1e308", "'s'", "None", "3", "True") },
  ),
  { maxLength: 8 },
).map((xs) => `[${xs.join(", ")}]`);
/** Ints at the int64 limits and beyond, with other things mixed in (no str: 's' * 2**40 is huge). */
const ints = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom("2**62", "-2**63", "2**63 - 1", "2**31", "-1", "0") },
    { weight: 1, arbitrary: fc.constantFrom("2**64", "1.5", "None", "False") },
  ),
  { maxLength: 8 },
).map((xs) => `[${xs.join(", ")}]`);
const multiplier = fc.constantFrom("1", "3", "-7", "2**31", "2**40", "-2**62");

interface Target {
  readonly name: string;
  readonly warm: readonly (readonly string[])[];
  readonly args: fc.Arbitrary<readonly string[]>;
  /** Whether the pass must change the function in the pass-on variants at -O1 and -O2. */
  readonly fires: boolean;
  readonly why: string;
}

const TARGETS: readonly Target[] = [
  { name: "callee_peeks", warm: [["20", "3"], ["9", "4"]], args: fc.tuple(count, small), fires: true, why: "a callee reads f_locals mid-loop" },
  { name: "divides", warm: [["5", "100"]], args: fc.tuple(count, small), fires: true, why: "ZeroDivisionError from float division in a loop" },
  { name: "divides_ints", warm: [["5", "100"]], args: fc.tuple(count, small), fires: true, why: "ZeroDivisionError from int division in a loop" },
  { name: "catches", warm: [["5", "100"]], args: fc.tuple(count, small), fires: true, why: "caught in the same function, then a callee reads f_locals" },
  { name: "overflows", warm: [["10"]], args: fc.tuple(count), fires: true, why: "int64 overflow deoptimizes mid-loop" },
  { name: "mixed", warm: [["[1.0, 2.5, 3.0]"]], args: fc.tuple(list), fires: true, why: "a float guard fails mid-loop" },
  { name: "finalizers", warm: [["3"]], args: fc.tuple(count), fires: true, why: "__del__ order, and the locals finalizers see" },
  { name: "deletes", warm: [["6"], ["2"]], args: fc.tuple(count), fires: true, why: "del, then UnboundLocalError" },
  { name: "traced", warm: [["2"]], args: fc.tuple(count), fires: true, why: "sys.settrace turned on mid-loop" },
  { name: "kept_frame", warm: [["4"]], args: fc.tuple(count), fires: true, why: "a frame kept alive past the return" },
  { name: "uses_locals", warm: [["4"]], args: fc.tuple(count), fires: false, why: "locals() keeps every store" },
  { name: "list_finalizers", warm: [["4"]], args: fc.tuple(count), fires: true, why: "a replaced list item's __del__ reads native locals" },
  { name: "store_finalizers", warm: [["4"]], args: fc.tuple(count), fires: true, why: "a store's released old value's __del__ reads native locals" },
  { name: "carried", warm: [["[1.0, 2.5, 3.0]"]], args: fc.tuple(floats), fires: true, why: "locals only frame states read, unbound on entry, on deoptimization and errors" },
  { name: "carried_ints", warm: [["[1, 2, 3]", "3"]], args: fc.tuple(ints, multiplier), fires: true, why: "int locals only frame states read, with int64 overflow" },
  { name: "signalled", warm: [["5"]], args: fc.tuple(fc.integer({ min: 1, max: 40 }).map(String)), fires: true, why: "a signal handler reads the locals at the eval breaker" },
];

const firedIn = (infos: Record<string, VariantInfo>) =>
  Object.entries(infos).filter(([, i]) => i.passes.includes(LABEL)).map(([v]) => v).sort();

describe("OPT-6 fast-locals: what Python code sees of compiled frames", () => {
  const diff = new FrameDiff(SOURCE, VARIANTS);
  afterAll(() => {
    console.log(`fast-locals: ${diff.rebuilds} variant rebuilds after repeated deoptimization`);
  });

  for (const t of TARGETS) {
    it(`${t.name}: ${t.why}`, () => {
      const infos = diff.prepare(t.name, t.warm);
      for (const [variant, info] of Object.entries(infos)) {
        if (variant !== "interp") expect(info.compiled, `${variant}: ${info.reason}`).toBe(true);
      }
      const fired = firedIn(infos);
      if (t.fires) expect(fired.filter((v) => v !== "O0+")).toEqual(["O1+", "O2+"]);
      else expect(fired).toEqual([]);
      expect(fired.every((v) => v.endsWith("+"))).toBe(true);
      diff.check(t.name, t.args, RUNS);
      const ran = Object.entries(diff.infos(t.name)).filter(([v]) => v !== "interp").reduce((n, [, i]) => n + i.runs, 0);
      expect(ran).toBeGreaterThan(0);
    });
  }

  it("never compiles generators (the consumer is compiled and agrees)", () => {
    const infos = diff.prepare("gen", [["3"]]);
    for (const [variant, info] of Object.entries(infos)) {
      if (variant !== "interp") expect(info.compiled).toBe(false);
    }
    diff.check("gen", fc.tuple(count), RUNS / 3);
  });
});
