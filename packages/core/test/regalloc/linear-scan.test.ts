// Linear scan on hand-built LIR: spill choice, the call rule, hole reuse, spill-slot sharing.

import { describe, expect, test } from "vitest";
import {
  allocateRegisters, checkAllocation, LirBuilder, printAllocation, type LirFunc, type Location, type VReg,
} from "../../src/index.js";
import { STARVED, SYSV_LIKE, TINY } from "./register-files.js";

const alloc2 = (f: LirFunc) => allocateRegisters(f, STARVED);
const where = (l: Location | null | undefined) => (l == null ? "none" : l.kind === "reg" ? l.reg.name : `spill${l.slot}`);

describe("linear scan", () => {
  test("with too few registers, the interval with the lowest use density is spilled", () => {
    // a, x, c live at once; a is long-lived and used once, x and c are used often: a goes to memory.
    const b = new LirBuilder("pressure");
    const [a, x, c, t] = [b.vreg(), b.vreg(), b.vreg(), b.vreg()];
    b.at(b.block());
    b.emit({ op: "iconst", dst: a, value: 1n });
    b.emit({ op: "iconst", dst: x, value: 2n });
    b.emit({ op: "iconst", dst: c, value: 3n });
    b.emit({ op: "bin", kind: "add", dst: t, a: x, b: c });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: x });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: c });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: a });
    b.emit({ op: "ret", value: t });
    const f = b.finish();
    const alloc = allocateRegisters(f, STARVED);
    expect(checkAllocation(f, STARVED, alloc)).toEqual([]);
    // Two registers for four values live at the first add: a is the first to go to memory.
    expect(where(alloc.locations[a])).toBe("spill0");
    expect([where(alloc.locations[x]), where(alloc.locations[c])].some((l) => l.startsWith("g"))).toBe(true);
  });

  test("an active interval that ends later than the current one is evicted", () => {
    const b = new LirBuilder("evict");
    const [long, s1, s2, t] = [b.vreg(), b.vreg(), b.vreg(), b.vreg()];
    b.at(b.block());
    b.emit({ op: "iconst", dst: long, value: 1n });
    b.emit({ op: "iconst", dst: s1, value: 2n });
    b.emit({ op: "iconst", dst: s2, value: 3n }); // needs a register: long (used at the end) gives way
    b.emit({ op: "bin", kind: "add", dst: t, a: s1, b: s2 });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: long });
    b.emit({ op: "ret", value: t });
    const f = b.finish();
    const alloc = allocateRegisters(f, STARVED);
    expect(checkAllocation(f, STARVED, alloc)).toEqual([]);
    expect(where(alloc.locations[long])).toBe("spill0");
    expect(alloc.stats.evicted).toBe(1);
  });

  test("values live across a call get callee-saved registers; doubles without any are spilled", () => {
    const b = new LirBuilder("call");
    const [i, d, r] = [b.param("i64"), b.param("f64"), b.vreg()];
    b.at(b.block());
    b.emit({ op: "call", dst: r, target: { sym: "f" }, args: [] });
    b.emit({ op: "bin", kind: "add", dst: r, a: r, b: i });
    b.emit({ op: "f2i", dst: i, a: d });
    b.emit({ op: "bin", kind: "add", dst: r, a: r, b: i });
    b.emit({ op: "ret", value: r });
    const f = b.finish();
    const alloc = allocateRegisters(f, SYSV_LIKE);
    expect(checkAllocation(f, SYSV_LIKE, alloc)).toEqual([]);
    expect(where(alloc.locations[i])).toBe("g7"); // first callee-saved (g7..g11)
    expect(where(alloc.locations[d])).toBe("spill0");
    expect(where(alloc.locations[r])).toBe("g0"); // not across the call: caller-saved
    expect(alloc.calleeSavedUsed.map((x) => x.name)).toEqual(["g7"]);
  });

  test("values not live across calls prefer caller-saved registers", () => {
    const b = new LirBuilder("leaf");
    const vs: VReg[] = [];
    b.at(b.block());
    for (let k = 0; k < 8; k++) {
      const v = b.vreg();
      vs.push(v);
      b.emit({ op: "iconst", dst: v, value: BigInt(k) });
    }
    for (const v of vs.slice(1)) b.emit({ op: "bin", kind: "add", dst: vs[0]!, a: vs[0]!, b: v });
    b.emit({ op: "ret", value: vs[0]! });
    const f = b.finish();
    const alloc = allocateRegisters(f, SYSV_LIKE);
    expect(checkAllocation(f, SYSV_LIKE, alloc)).toEqual([]);
    const used = vs.map((v) => where(alloc.locations[v]));
    expect(used.filter((n) => ["g0", "g1", "g2", "g3", "g4", "g5", "g6"].includes(n))).toHaveLength(7);
    expect(alloc.calleeSavedUsed.map((x) => x.name)).toEqual(["g7"]);
  });

  test("a value in a hole of another interval can share its register", () => {
    // x is dead between its last use and its redefinition; y lives exactly there.
    const b = new LirBuilder("holes");
    const [x, y, t] = [b.vreg(), b.vreg(), b.vreg()];
    b.at(b.block());
    b.emit({ op: "iconst", dst: x, value: 1n });
    b.emit({ op: "bin", kind: "add", dst: t, a: x, b: { imm: 1 } });
    b.emit({ op: "iconst", dst: y, value: 2n });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: y });
    b.emit({ op: "iconst", dst: x, value: 3n });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: x });
    b.emit({ op: "ret", value: t });
    const f = b.finish();
    expect(alloc2(f).stats.spilled).toBe(0);
    const alloc = alloc2(f);
    expect(checkAllocation(f, STARVED, alloc)).toEqual([]);
    expect(where(alloc.locations[x])).toBe(where(alloc.locations[y]));
  });

  test("spilled intervals that do not overlap share a spill slot", () => {
    const b = new LirBuilder("slots");
    b.at(b.block());
    const keep = [b.vreg(), b.vreg(), b.vreg()];
    const acc = b.vreg();
    b.emit({ op: "iconst", dst: acc, value: 0n });
    for (let round = 0; round < 2; round++) {
      for (const k of keep) b.emit({ op: "iconst", dst: k, value: BigInt(round) });
      for (const k of keep) b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: k });
    }
    b.emit({ op: "ret", value: acc });
    const f = b.finish();
    const alloc = allocateRegisters(f, STARVED);
    expect(checkAllocation(f, STARVED, alloc)).toEqual([]);
    expect(alloc.spillSlots).toBeLessThanOrEqual(2);
    expect(printAllocation(f, alloc)).toContain("spill");
  });

  test("unused parameters get no location; dead results get one", () => {
    const b = new LirBuilder("unused");
    const [p, q] = [b.param(), b.param()];
    const d = b.vreg();
    b.at(b.block());
    b.emit({ op: "iconst", dst: d, value: 1n });
    b.emit({ op: "ret", value: q });
    const alloc = allocateRegisters(b.finish(), TINY);
    expect(alloc.locations[p]).toBeNull();
    expect(alloc.locations[d]).not.toBeNull();
  });
});
