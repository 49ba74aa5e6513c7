// A guard on a builtin compares what the program loaded with the object the runtime names as
// `builtins.<name>` (or `module.attr`); the passes then treat a passing guard as "this is the real
// builtin" (len() inlined as a length read, math.sqrt computed as sqrtsd). A program that replaced
// the builtin before the function was compiled must not have its replacement taken for the real
// one: the runtime only hands out the module's own function or type, and the function stays
// interpreted, with the reason recorded, and computes what the interpreter computes.

import { describe, expect, it } from "vitest";
import { embeddedJit } from "./helpers/embedded.js";

const { rt, run } = embeddedJit("pyjc-replaced-builtins", { level: 1, threshold: 2 ** 40 });

describe("builtins replaced before compilation", () => {
  it("math.sqrt replaced: no native root, the replacement is called", () => {
    run(`
import math, pyjc
_real_sqrt = math.sqrt
def roots(x):
    return math.sqrt(x * 1.0)
math.sqrt = lambda x: ('replaced', x)
try:
    pyjc.compile(roots)
    replaced = roots(4.0)
    replaced_info = pyjc.info(roots)
finally:
    math.sqrt = _real_sqrt
`);
    expect(rt.eval("replaced")).toBe("('replaced', 4.0)");
    expect(rt.eval("replaced_info['compiled']")).toBe("False");
    expect(rt.eval("replaced_info['reason']")).toMatch(/'math\.sqrt' is not the original builtin/);
  });

  it("the real math.sqrt: compiled, with the guard", () => {
    // \`import math\` in the same source: CPython 3.11 compiles \`math.sqrt(...)\` of an imported
    // name to LOAD_ATTR (what OPT-4 handles), otherwise to LOAD_METHOD.
    run(`
import math
def roots2(x):
    return math.sqrt(x * 1.0)
for _ in range(3):
    roots2(2.25)
pyjc.compile(roots2)
real = (roots2(2.25), roots2(-0.0))
real_info = pyjc.info(roots2)
`);
    expect(rt.eval("real")).toBe("(1.5, -0.0)");
    expect(rt.eval("real_info['compiled']")).toBe("True");
    expect(rt.eval("real_info['passes']")).toContain("OPT-4 builtin-types");
    expect(rt.eval("pyjc.ir(roots2)")).toMatch(/guard_is v\d+, v\d+/);
  });

  it("globals that gain and lose names after compilation keep the function compiled and right", () => {
    // load_global_cached's cached keys version no longer matches: LOAD_GLOBAL's generic lookup,
    // not a deoptimization (16 of those and the function would be interpreted for good).
    run(`
import math
def hyp(x, y):
    return math.sqrt(x * x + y * y)
for _ in range(20):
    hyp(3.0, 4.0)
pyjc.compile(hyp)
before = hyp(3.0, 4.0)
for k in range(40):
    globals()[f'_added_{k}'] = k
    after = hyp(5.0, 12.0)
for k in range(40):
    del globals()[f'_added_{k}']
after_del = hyp(8.0, 15.0)
hyp_info = pyjc.info(hyp)
`);
    expect(rt.eval("(before, after, after_del)")).toBe("(5.0, 13.0, 17.0)");
    expect(rt.eval("pyjc.ir(hyp)")).toMatch(/load_global_cached 'math'/);
    expect(rt.eval("hyp_info['compiled'], hyp_info['deopts']")).toBe("(True, 0)");
  });

  it("a global deleted after compilation: NameError from compiled code, as from the interpreter", () => {
    run(`
import math
def uses_math(x):
    return math.sqrt(x)
for _ in range(20):
    uses_math(4.0)
pyjc.compile(uses_math)
del math
try:
    uses_math(4.0)
    raised = None
except NameError as e:
    raised = str(e)
import math
`);
    expect(rt.eval("raised")).toBe("name 'math' is not defined");
    expect(rt.eval("pyjc.info(uses_math)['compiled']")).toBe("True");
  });

  it("builtins.len replaced: not inlined as a length read", () => {
    run(`
import builtins
_real_len = builtins.len
def size(xs):
    return len(xs)
builtins.len = lambda xs: -1
try:
    pyjc.compile(size)
    replaced_len = size([1, 2, 3])
    len_info = pyjc.info(size)
finally:
    builtins.len = _real_len
`);
    expect(rt.eval("replaced_len")).toBe("-1");
    expect(rt.eval("len_info['compiled']")).toBe("False");
  });
});
