// What the JIT keeps about a compiled code object must die with it. The runtime frees the machine
// code when the code object is deallocated (co_extra), but the Jit also keeps the function's IR and
// compiled code for `pyjc.dis`/`pyjc.graph`, keyed by the code object's address: if that entry
// outlives the code object, memory grows with every function ever compiled (programs that create
// code at run time: exec, namedtuple, dataclasses, regrtest), and a new code object allocated at
// the same address is answered for with the dead one's listing.

import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { embeddedJit } from "./helpers/embedded.js";

const { rt, run } = embeddedJit("pyjc-code-lifetime", { level: 1, threshold: 2 ** 40 });

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

run(`
import gc, pyjc

def make(name, body):
    ns = {}
    exec(f"def {name}(x):\\n    {body}", ns)
    return ns[name]
`);

describe("the JIT forgets a code object when it dies", () => {
  it("pyjc.dis of a never-compiled function does not show a dead function's machine code", () => {
    run(`
f = make("dead_function", "return x * 1000 + 7")
assert pyjc.compile(f)
addr = id(f.__code__)
del f
gc.collect()
found = None
for i in range(5000):
    g = make("fresh_function", f"return x - {i}")
    if id(g.__code__) == addr:
        found = g
        break
    del g
`);
    // CPython reuses the freed memory almost at once; if it did not, there is nothing to check.
    expect(rt.eval("found is not None")).toBe("True");
    expect(rt.eval("pyjc.info(found)['compiled']")).toBe("False");
    expect(rt.eval("pyjc.dis(found)")).not.toContain("dead_function");
  });

  it("releases the IR and listings of compiled functions that died", () => {
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed / 1048576;
    };
    run("fs = [make(f'short_lived_{i}', f'y = x + {i}\\n    return [y, x] if y > 3 else (x, y)') for i in range(200)]");
    const before = heap();
    run("assert all(pyjc.compile(f) for f in fs)");
    const compiled = heap();
    // The JIT learns of the deaths at its next compile (or dis/graph query).
    run("del fs\ngc.collect()\nassert pyjc.compile(make('next_one', 'return x'))");
    const after = heap();
    console.log(`JS heap: ${before.toFixed(1)} MB, ${compiled.toFixed(1)} MB with 200 compiled functions, ${after.toFixed(1)} MB after they died`);
    // Records for --stats (a few hundred bytes each) may stay; IR and listings may not.
    expect(after - before).toBeLessThan(5);
  });
});
