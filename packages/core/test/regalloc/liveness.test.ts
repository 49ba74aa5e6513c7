// Liveness and live intervals on small hand-built LIR.

import { describe, expect, test } from "vitest";
import { buildIntervals, computeLiveness, LirBuilder, linearOrder, type LirFunc, type VReg } from "../../src/index.js";

/** n = param; i = 0; while (i < n) { i = i + 1 }; return i */
function countingLoop(): { f: LirFunc; n: VReg; i: VReg; c: VReg } {
  const b = new LirBuilder("loop");
  const n = b.param();
  const i = b.vreg();
  const c = b.vreg();
  const [entry, head, body, exit] = [b.block(), b.block(), b.block(), b.block()];
  b.at(entry);
  b.emit({ op: "iconst", dst: i, value: 0n });
  b.emit({ op: "jump", target: head.id });
  b.at(head);
  b.emit({ op: "icmp", cond: "slt", dst: c, a: i, b: n });
  b.emit({ op: "br", cond: c, ifTrue: body.id, ifFalse: exit.id });
  b.at(body);
  b.emit({ op: "bin", kind: "add", dst: i, a: i, b: { imm: 1 } });
  b.emit({ op: "jump", target: head.id });
  b.at(exit);
  b.emit({ op: "ret", value: i });
  return { f: b.finish(), n, i, c };
}

describe("liveness", () => {
  test("a loop keeps its bound and counter live around the back edge", () => {
    const { f, n, i, c } = countingLoop();
    const live = computeLiveness(f);
    const set = (k: number, which: "liveIn" | "liveOut") => live[which][k]!.toArray();
    expect(set(0, "liveIn")).toEqual([n]);
    expect(set(1, "liveIn")).toEqual([n, i]);
    expect(set(1, "liveOut")).toEqual([n, i]);
    expect(set(2, "liveOut")).toEqual([n, i]);
    expect(set(3, "liveIn")).toEqual([i]);
    expect(set(3, "liveOut")).toEqual([]);
    expect(set(1, "liveOut")).not.toContain(c);
  });

  test("a redefinition kills liveness above it, not below", () => {
    const b = new LirBuilder("redef");
    const x = b.param();
    const y = b.vreg();
    b.at(b.block());
    b.emit({ op: "mov", dst: y, src: x });
    b.emit({ op: "iconst", dst: x, value: 1n });
    b.emit({ op: "bin", kind: "add", dst: y, a: y, b: x });
    b.emit({ op: "ret", value: y });
    const { intervals } = buildIntervals(b.finish());
    // positions: params 1; mov 2/3; iconst 4/5; add 6/7; ret 8/9
    expect(intervals[x]!.ranges).toEqual([1, 3, 5, 7]);
    expect(intervals[y]!.ranges).toEqual([3, 9]);
  });

  test("a vreg read before any definition is live into the entry", () => {
    const b = new LirBuilder("undef");
    const u = b.vreg();
    b.at(b.block());
    b.emit({ op: "ret", value: u });
    expect(computeLiveness(b.finish()).liveIn[0]!.toArray()).toEqual([u]);
  });
});

describe("intervals", () => {
  test("loop values span the whole loop; the compare result is a short interval", () => {
    const { f, n, i, c } = countingLoop();
    const { intervals, numbering } = buildIntervals(f);
    // entry: insts 1,2 (2..6); head: 3,4 (6..10); body: 5,6 (10..14); exit: 7 (14..16)
    expect(numbering.first).toEqual([1, 3, 5, 7]);
    expect(intervals[n]!.ranges).toEqual([1, 14]);
    expect(intervals[i]!.ranges).toEqual([3, 15]);
    expect(intervals[c]!.ranges).toEqual([7, 9]);
    expect(intervals[i]!.crossesCall).toBe(false);
  });

  test("cold blocks go last in the linear order, and values dead on them have holes there", () => {
    const b = new LirBuilder("cold");
    const x = b.param();
    const [entry, slow, fast] = [b.block(), b.block(true), b.block()];
    b.at(entry);
    b.emit({ op: "brcmp", cond: "eq", a: x, b: { imm: 0 }, ifTrue: slow.id, ifFalse: fast.id });
    b.at(slow);
    const z = b.vreg();
    b.emit({ op: "iconst", dst: z, value: 0n });
    b.emit({ op: "ret", value: z });
    b.at(fast);
    b.emit({ op: "ret", value: x });
    const f = b.finish();
    expect(linearOrder(f)).toEqual([0, 2, 1]);
    const { intervals } = buildIntervals(f);
    expect(intervals[x]!.ranges).toEqual([1, 5]); // entry and the fast block, not the cold one
    expect(intervals[z]!.ranges).toEqual([7, 9]);
  });

  test("a value is across a call only when live both before and after it", () => {
    const b = new LirBuilder("calls");
    const [a, across, dead, result] = [b.param(), b.param(), b.param(), b.vreg()];
    b.at(b.block());
    b.emit({ op: "call", dst: result, target: { sym: "f" }, args: [a, dead] });
    b.emit({ op: "bin", kind: "add", dst: result, a: result, b: across });
    b.emit({ op: "ret", value: result });
    const { intervals } = buildIntervals(b.finish());
    expect(intervals[across]!.crossesCall).toBe(true);
    expect(intervals[a]!.crossesCall).toBe(false);
    expect(intervals[dead]!.crossesCall).toBe(false);
    expect(intervals[result]!.crossesCall).toBe(false);
  });

  test("unused parameters and dead results", () => {
    const b = new LirBuilder("dead");
    const [used, unused, d] = [b.param(), b.param(), b.vreg()];
    b.at(b.block());
    b.emit({ op: "iconst", dst: d, value: 5n });
    b.emit({ op: "ret", value: used });
    const { intervals } = buildIntervals(b.finish());
    expect(intervals[used]!.ranges).toEqual([1, 5]);
    expect(intervals[unused]).toBeNull();
    expect(intervals[d]!.ranges).toEqual([3, 4]);
  });
});
