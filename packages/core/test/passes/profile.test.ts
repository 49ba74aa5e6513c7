// The inline caches the profile reads out of adaptive bytecode: co_code_adaptive as CPython 3.11
// leaves it after specializing LOAD_GLOBAL and LOAD_ATTR of a module, read by profileFrom and
// decoded by moduleGlobalCache / moduleAttrCache.

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

import { moduleAttrCache, moduleGlobalCache, profileFrom } from "../../src/passes/profile.js";

const PYTHON = "/usr/bin/python3.11";

/**
 * Runs `f` often enough for the interpreter to specialize it, then prints its adaptive bytecode
 * (hex), the offsets of its LOAD_GLOBAL and LOAD_ATTR, and what their caches must say: the keys
 * versions are not visible from Python, so the script reports the entry indexes (the position of
 * the name among the dict's keys, which is the entry index of a dict that never deleted a key).
 */
const SCRIPT = `
import dis, math, json
def f(x):
    return math.sqrt(x)
for _ in range(100):
    f(2.0)
code = f.__code__
adaptive = code._co_code_adaptive
offsets = {i.opname: i.offset for i in dis.get_instructions(f, adaptive=True)}
print(json.dumps({
    "hex": adaptive.hex(),
    "global": offsets.get("LOAD_GLOBAL_MODULE"),
    "attr": offsets.get("LOAD_ATTR_MODULE"),
    "globalIndex": list(globals()).index("math"),
    "attrIndex": list(vars(math)).index("sqrt"),
}))
`;

describe("profile caches", () => {
  it("reads the keys version and entry index of LOAD_GLOBAL_MODULE and LOAD_ATTR_MODULE", () => {
    const out = JSON.parse(execFileSync(PYTHON, ["-c", SCRIPT], { encoding: "utf-8" })) as {
      hex: string; global: number | null; attr: number | null; globalIndex: number; attrIndex: number;
    };
    expect(out.global).not.toBeNull();
    expect(out.attr).not.toBeNull();
    const profile = profileFrom(Uint8Array.from(Buffer.from(out.hex, "hex")), []);
    const global = moduleGlobalCache(profile, out.global!);
    const attr = moduleAttrCache(profile, out.attr!);
    expect(global).toMatchObject({ index: out.globalIndex });
    expect(attr).toMatchObject({ index: out.attrIndex });
    expect(global!.version).toBeGreaterThan(0);
    expect(attr!.version).toBeGreaterThan(0);
    // Each reads only its own specialization.
    expect(moduleAttrCache(profile, out.global!)).toBeNull();
    expect(moduleGlobalCache(profile, out.attr!)).toBeNull();
  });
});
