// Frame layout and the stack discipline: rsp 16-byte aligned at every call whatever the number of
// saved registers, slots, spills and stack arguments; parameters from the caller's stack.

import { describe, expect, test } from "vitest";
import { LirBuilder, type LirFunc, type VReg } from "@pyjc/core";
import { auditStack, compile } from "./helpers.js";

/** `across` values live across a call, `slots` stack slots, `stackArgs` extra call arguments. */
function shaped(across: number, slots: number[], stackArgs: number): LirFunc {
  const b = new LirBuilder(`shaped_${across}_${slots.length}_${stackArgs}`);
  const x = b.param();
  b.at(b.block());
  const live: VReg[] = [];
  for (let k = 0; k < across; k++) {
    const v = b.vreg();
    b.emit({ op: "bin", kind: "add", dst: v, a: x, b: { imm: k } });
    live.push(v);
  }
  for (const size of slots) {
    const s = b.slot(size, size >= 16 ? 16 : 8);
    const a = b.vreg();
    b.emit({ op: "slotaddr", dst: a, slot: s });
    b.emit({ op: "store", base: a, offset: 0, src: x, width: 8 });
  }
  const r = b.vreg();
  b.emit({ op: "call", dst: r, target: { sym: "g" }, args: Array.from({ length: 6 + stackArgs }, () => x) });
  for (const v of live) b.emit({ op: "bin", kind: "add", dst: r, a: r, b: v });
  b.emit({ op: "ret", value: r });
  return b.finish();
}

describe("frame", () => {
  test("every combination of saved registers, slots, spills and stack arguments keeps calls aligned", () => {
    for (let across = 0; across <= 9; across++) {
      for (const slots of [[], [8], [24], [16, 8], [40, 16, 8]]) {
        for (const stackArgs of [0, 1, 2, 3]) {
          const c = compile(shaped(across, slots, stackArgs));
          expect(auditStack(c.code), `${across} ${slots} ${stackArgs}`).toEqual([]);
          const { frame, alloc } = c.selected;
          expect(frame.saved.length).toBe(Math.min(across, 5));
          expect(alloc.spillSlots).toBeGreaterThanOrEqual(across - 5);
          expect(frame.outgoing).toBe(8 * stackArgs);
          expect((8 + 8 + 8 * frame.saved.length + frame.size) % 16).toBe(0);
        }
      }
    }
  });

  test("slots never overlap the saved registers, each other or the spill slots", () => {
    const c = compile(shaped(9, [40, 16, 8], 2));
    const { frame } = c.selected;
    const ranges: [number, number][] = [
      [-8 * frame.saved.length, 0],
      ...frame.slotDisp.map((d, k) => [d, d + [40, 16, 8][k]!] as [number, number]),
      ...frame.spillDisp.map((d) => [d, d + 8] as [number, number]),
    ];
    for (const [i, a] of ranges.entries()) {
      for (const b of ranges.slice(i + 1)) expect(a[1] <= b[0] || b[1] <= a[0], `${a} ${b}`).toBe(true);
    }
    expect(Math.abs(frame.slotDisp[1]!) % 16).toBe(0);
    const lowest = Math.min(...ranges.map((r) => r[0]));
    expect(-lowest + frame.outgoing).toBeLessThanOrEqual(8 * frame.saved.length + frame.size);
  });

  test("parameters beyond the sixth integer come from the caller's stack above the return address", () => {
    const b = new LirBuilder("many");
    const ps = Array.from({ length: 9 }, () => b.param());
    b.at(b.block());
    const r = b.vreg();
    b.emit({ op: "bin", kind: "add", dst: r, a: ps[6]!, b: ps[8]! });
    b.emit({ op: "ret", value: r });
    const c = compile(b.finish());
    expect(c.text).toMatch(/^push rbp\nmov rbp,rsp$/m);
    expect(c.text).toMatch(/QWORD PTR \[rbp\+0x10\]/);
    expect(c.text).toMatch(/QWORD PTR \[rbp\+0x20\]/);
    expect(c.text).not.toMatch(/\[rbp\+0x18\]/); // the unused eighth parameter is never read
    expect(auditStack(c.code)).toEqual([]);
  });
});
