// Reference leaks on the paths leaks.test.ts does not take: values whose last use is not an
// operand. Lowering keeps a value alive for as long as a frame state names it (an error or
// deoptimization path would hand it to the frame), so when a frame state is a value's last use,
// the reference must be released there, on the normal path, like an operand's. Found through
// regrtest: under `pyjc --threshold 0 -m test test_functools` every Thread of the threaded
// lru_cache tests stayed alive (`threading._dangling` grew by 25) because the list holding them was
// stored in a local that was never read again: its last use was the next call's frame state.
//
// The same holds for deoptimization, which hands those values to the frame.
//
// Each function runs many times compiled, at every optimization level, after the interpreter has
// specialized it (so the profile-guided passes fire too); the watched object's reference count must
// not move and the objects it made must die with the call.

import { describe, expect, it } from "vitest";
import { embeddedJit } from "./helpers/embedded.js";

const CALLS = 200;
const LEVELS = [0, 1, 2] as const;

const { rt, run } = embeddedJit("pyjc-refleak", { level: 2, verifyEach: true, threshold: 2 ** 31 });

run(`
import gc, sys, threading, types, weakref, pyjc

class Box:
    pass

S = Box()          # the object whose reference count must not move

def dead_store():
    y = [S]                     # never read again: its last use is the next call's frame state
    return len("ab")

def dead_store_weak():
    x = Box()
    y = [x]
    return weakref.ref(x)

def dead_tuple_store(f):
    y = (S, 1)
    return f()

def overwritten_in_loop(n):
    for i in range(n):
        y = [S, i]              # each iteration's list is dropped when the local is overwritten
    return n

def dead_store_then_raise():
    y = {1: S}
    try:
        raise ValueError("x")
    except ValueError as e:
        return len(e.args)

def dead_store_then_loop(n):
    y = [S]
    total = 0
    for i in range(n):
        total += i * 2
    return total

def dead_store_in_with():
    y = [S]
    with open("/dev/null") as f:
        z = (S, f)
    return 1

def deopt_midway(n, step):
    y = [S]
    t = (S, n)
    big = 2 ** 62
    for i in range(n):
        big = big + step        # unboxed as int64 from -O1 on: overflows and deoptimizes when step is big
    return len(y) + len(t) + (big > 0)

def threads_joined():
    # test_functools.test_lru_cache_threaded in small
    threads = [threading.Thread(target=len, args=[(S,)]) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [weakref.ref(t) for t in threads]

# name -> how to make the k-th call
CASES = {
    "dead_store": lambda f, k: f(),
    "dead_store_weak": lambda f, k: f(),
    "dead_tuple_store": lambda f, k: f(tuple),
    "overwritten_in_loop": lambda f, k: f(5),
    "dead_store_then_raise": lambda f, k: f(),
    "dead_store_then_loop": lambda f, k: f(20),
    "dead_store_in_with": lambda f, k: f(),
    # every 8th call deoptimizes (below the runtime's give-up ratio, so the function stays compiled)
    "deopt_midway": lambda f, k: f(3, 2 ** 62 if k % 8 == 1 else 1),
    "threads_joined": lambda f, k: f(),
}

def compiled_copy(name, level):
    f = globals()[name]
    g = types.FunctionType(f.__code__.replace(), f.__globals__, f.__name__, f.__defaults__, f.__closure__)
    for _ in range(20):          # let the interpreter specialize the bytecode first
        CASES[name](g, 0)
    pyjc.config(level=level)
    assert pyjc.compile(g), pyjc.info(g)
    return g

def check(name, level, calls):
    g = compiled_copy(name, level)
    call = CASES[name]
    call(g, 0)
    gc.collect()
    before = sys.getrefcount(S)
    dangling = len(threading._dangling)
    runs, deopts = pyjc.info(g)["compiled_runs"], pyjc.info(g)["deopts"]
    alive = 0
    for k in range(calls):
        r = call(g, k)
        refs = r if isinstance(r, list) else [r] if isinstance(r, weakref.ref) else []
        del r
        gc.collect()
        alive += sum(w() is not None for w in refs)
    return {
        "compiled_runs": pyjc.info(g)["compiled_runs"] - runs,
        "deopts": pyjc.info(g)["deopts"] - deopts,
        "refcount_growth": sys.getrefcount(S) - before,
        "alive": alive,
        "dangling_threads": len(threading._dangling) - dangling,
    }
`);

const NAMES = JSON.parse(rt.eval("__import__('json').dumps(list(CASES))")) as string[];

describe("values whose last use is a frame state are released", () => {
  it.each(NAMES.flatMap((name) => LEVELS.map((level) => [name, level] as const)))("%s at -O%d", (name, level) => {
    const calls = name === "threads_joined" ? 20 : CALLS;
    const result = JSON.parse(rt.eval(`__import__('json').dumps(check(${JSON.stringify(name)}, ${level}, ${calls}))`)) as Record<string, number>;
    const { deopts, ...rest } = result;
    expect(rest).toEqual({ compiled_runs: calls, refcount_growth: 0, alive: 0, dangling_threads: 0 });
    // The deoptimization case must take its deopt path (OPT-5 speculates from -O1 on); no other case may.
    expect(deopts).toBe(name === "deopt_midway" && level >= 1 ? calls / 8 : 0);
  });
});
