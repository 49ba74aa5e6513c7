// Leak check: a compiled loop of a million iterations that allocates ints, floats, tuples and
// instances, calls functions (keywords, defaults, closures), raises and catches exceptions and
// stores into containers must leave the interpreter exactly as it found it: the same number of
// allocated blocks (sys.getallocatedblocks), the same RSS, and the same reference counts of the
// objects it touched. Measured after a warm-up, across two identical runs, so caches that fill
// once (free lists, method caches, arenas) do not count as leaks.

import { describe, expect, it } from "vitest";
import { testBackend } from "./helpers/backend.js";
import { embeddedJit } from "./helpers/embedded.js";

const ITERATIONS = 1_000_000;
/** Blocks that may differ between two identical runs (gc generations, free lists filling up). */
const BLOCK_TOLERANCE = 50;
/** KiB of RSS growth allowed between two identical runs (malloc trimming is not exact). */
const RSS_TOLERANCE_KB = 1024;
/**
 * Singletons and small ints are shared by the whole interpreter, whose own bookkeeping moves their
 * counts by a few between two runs even with nothing compiled; a leak in the loop would move them
 * by about a million. Everything else the loop touches must keep its count exactly.
 */
const SHARED = new Set(["None", "True", "False", "int 1", "int 3"]);
const SHARED_TOLERANCE = 100;

const { rt, run } = embeddedJit("pyjc-leaks", { level: 2, verifyEach: true, threshold: 2 ** 31 });

run(`
import gc, sys, json, types, pyjc

class Obj:
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

SENTINEL = object()
# Bignums come from globals: from an int constant that fits int64, OPT-5 would speculate int64 and
# deoptimize at the first overflow, leaving the rest of the loop to the interpreter (deoptimization
# paths have their own leak check in refleak.test.ts).
BIG = 2 ** 64
BIG_LIMIT = 2 ** 70
GLOBAL_LIST = [0, 1, 2]
CONST_STR = "a string constant " + str(7)

def helper(a, b=2, *, c=3):
    return a + b + c

def make_adder(k):
    def add(x):
        return x + k
    return add

def work(n, sentinel):
    total = 0
    acc = 0.0
    last = None
    big = BIG
    for i in range(n):
        total += i * 3
        acc = acc * 0.5 + i
        last = (i, acc, sentinel, CONST_STR)
        total += helper(i, c=1)
        o = Obj(i)
        total += o.v & 1
        try:
            if i % 5 == 0:
                raise ValueError(i)
            if i % 7 == 0:
                {}[i]
        except ValueError as e:
            total += len(e.args)
        except KeyError:
            total -= 1
        add = make_adder(i)
        total += add(1) & 1
        big = big + i * 2 ** 40 if big < BIG_LIMIT else BIG
        total &= 0xFFFFFFFF
        GLOBAL_LIST[0] = i
    return total, last[0], big > 0

def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

WATCHED = {
    "SENTINEL": SENTINEL, "Obj": Obj, "ValueError": ValueError, "KeyError": KeyError,
    "helper": helper, "make_adder": make_adder, "work": work, "GLOBAL_LIST": GLOBAL_LIST,
    "CONST_STR": CONST_STR, "None": None, "True": True, "False": False, "int 1": 1, "int 3": 3,
}

def measure():
    gc.collect()
    return json.dumps({
        "blocks": sys.getallocatedblocks(),
        "rss": rss_kb(),
        # minus the references this function's own locals and the dict hold
        "refs": {k: sys.getrefcount(v) for k, v in WATCHED.items()},
    })

def interpreted_copy(f):
    return types.FunctionType(f.__code__.replace(), f.__globals__, f.__name__, f.__defaults__, f.__closure__)
`);

interface Measure {
  blocks: number;
  rss: number;
  refs: Record<string, number>;
}
const measure = (): Measure => JSON.parse(rt.eval("measure()")) as Measure;

describe("a compiled million-iteration loop leaks nothing", () => {
  it("compiles the loop, the functions it calls and the closure", () => {
    run("compiled = [pyjc.compile(f) for f in (work, helper, make_adder, Obj.__init__)]");
    run("compiled.append(pyjc.compile([c for c in make_adder.__code__.co_consts if isinstance(c, types.CodeType)][0]))");
    expect(rt.eval("compiled")).toBe("[True, True, True, True, True]");
    expect(rt.eval("[pyjc.info(f)['compiled'] for f in (work, helper, make_adder)]")).toBe("[True, True, True]");
  });

  it("computes what the interpreter computes", () => {
    const interpreted = rt.eval("(pyjc.disable(), interpreted_copy(work)(20000, SENTINEL), pyjc.enable())[1]");
    expect(rt.eval("work(20000, SENTINEL)")).toBe(interpreted);
  });

  it(`keeps allocated blocks, RSS and reference counts flat over ${ITERATIONS} iterations`, () => {
    rt.eval("work(100_000, SENTINEL)"); // warm-up
    const before = measure();
    const runsBefore = Number(rt.eval("pyjc.info(work)['compiled_runs']"));
    rt.eval(`work(${ITERATIONS}, SENTINEL)`);
    const middle = measure();
    rt.eval(`work(${ITERATIONS}, SENTINEL)`);
    const after = measure();
    expect(Number(rt.eval("pyjc.info(work)['compiled_runs']"))).toBe(runsBefore + 2);
    // The measured loop ran in machine code to the end, not in the interpreter after a deopt.
    expect(rt.eval("pyjc.info(work)['deopts'], pyjc.info(work)['state']")).toBe("(0, 'compiled')");
    // Printed so the numbers are in the test log, not just pass/fail.
    console.log(`leak check (${testBackend().name}): blocks ${before.blocks} -> ${middle.blocks} -> ${after.blocks}, ` +
      `RSS ${before.rss} -> ${middle.rss} -> ${after.rss} KiB, refcounts ${JSON.stringify(before.refs)} -> ${JSON.stringify(middle.refs)} -> ${JSON.stringify(after.refs)}`);
    for (const m of [middle, after]) {
      for (const [name, n] of Object.entries(before.refs)) {
        if (SHARED.has(name)) expect(Math.abs(m.refs[name]! - n), `refcount of ${name}`).toBeLessThanOrEqual(SHARED_TOLERANCE);
        else expect(m.refs[name], `refcount of ${name}`).toBe(n);
      }
    }
    expect(Math.abs(middle.blocks - before.blocks)).toBeLessThanOrEqual(BLOCK_TOLERANCE);
    expect(Math.abs(after.blocks - before.blocks)).toBeLessThanOrEqual(BLOCK_TOLERANCE);
    expect(after.rss - before.rss).toBeLessThanOrEqual(RSS_TOLERANCE_KB);
  });
});
