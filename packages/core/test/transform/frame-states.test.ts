// FrameStateFinder: the frame state a pass can give an instruction the front end left without one.

import { describe, expect, it } from "vitest";

import { buildCfg } from "../../src/analysis/cfg.js";
import { computeDominators } from "../../src/analysis/dominators.js";
import type { Func } from "../../src/hir/function.js";
import { FrameStateFinder } from "../../src/transform/frame-states.js";
import { ir } from "../fixtures/ir.js";

function finder(f: Func): FrameStateFinder {
  const cfg = buildCfg(f);
  return new FrameStateFinder(f, cfg, computeDominators(cfg));
}

/** The k-th instruction with this op, in block order. */
function nth(f: Func, op: string, k = 0) {
  return [...f.instructions()].filter((i) => i.op === op)[k]!;
}

describe("FrameStateFinder", () => {
  it("takes the locals of the nearest frame state and applies the stores after it", () => {
    const f = ir(`
      bb0(v0, v1):
          v2 = binary_op add v0, v1 @4 [v0 v1 | v0 v1]
          store_local $b v2
          store_local $a v2
          return v2
    `, { slots: ["a", "b"] });
    const fs = finder(f).before(nth(f, "store_local", 1));
    expect(fs).toEqual({ offset: 4, locals: [0, 2], stack: [0, 1] });
  });

  // Regression: the entry block is its own immediate dominator, and the search for an anchor
  // before an entry-block instruction with no frame state above it looped forever (pyjc hung
  // importing unittest at --threshold 0).
  it("answers null, and terminates, when nothing before the instruction has a frame state", () => {
    const f = ir(`
      bb0(v0):
          store_local $a v0
          v1 = binary_op add v0, v0 @4 [v0 | v0 v0]
          return v1
    `);
    expect(finder(f).before(nth(f, "store_local"))).toBeNull();
  });
});
