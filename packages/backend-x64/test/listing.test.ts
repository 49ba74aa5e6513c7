// The listing: a header, then objdump-identical instruction lines with the annotator's lines
// (Python source, bytecode) before the first instruction of each new LIR location.

import { describe, expect, test } from "vitest";
import { LirBuilder, type LirFunc } from "@pyjc/core";
import { x64Backend } from "../src/index.js";
import { ENV } from "./helpers.js";

function annotated(): LirFunc {
  const b = new LirBuilder("f");
  const [frame, x] = [b.param(), b.param()];
  const [t, r] = [b.vreg(), b.vreg()];
  const [entry, slow, done] = [b.block(), b.block(true), b.block()];
  b.at(entry);
  b.emit({ op: "load", dst: t, base: frame, offset: 72, width: 8, loc: { offset: 2 } });
  b.emit({ op: "bin", kind: "add", dst: t, a: t, b: x, loc: { offset: 6 } });
  b.emit({ op: "brcmp", cond: "eq", a: t, b: { imm: 0 }, ifTrue: slow.id, ifFalse: done.id, loc: { offset: 6 } });
  b.at(slow);
  b.emit({ op: "call", dst: r, target: { sym: "PyErr_Occurred" }, args: [], loc: { offset: 6 } });
  b.emit({ op: "ret", value: r, loc: { offset: 6 } });
  b.at(done);
  b.emit({ op: "incref", v: t, loc: { offset: 8 } });
  b.emit({ op: "ret", value: t, loc: { offset: 8 } });
  return b.finish();
}

const SOURCE: Record<number, string[]> = {
  2: ["x.py:3  return a.b + x", "  @2 LOAD_FAST 0"],
  6: ["  @6 BINARY_OP 0"],
  8: ["x.py:4  return y", "  @8 RETURN_VALUE"],
};

describe("listing", () => {
  test("annotator lines come before the first instruction of each new location, in code order", () => {
    const seen: number[] = [];
    const code = x64Backend.compile(annotated(), ENV, (loc) => (seen.push(loc.offset), SOURCE[loc.offset] ?? []));
    const lines = code.listing().split("\n");
    // Each location is announced once per change in emission order; the cold block's @6 comes
    // after @8 (it is placed after the hot code), so it is announced again there.
    expect(seen).toEqual([2, 6, 8, 6]);
    const at = (text: string) => lines.findIndex((l) => l === `; ${text}`);
    expect(at("x.py:3  return a.b + x")).toBeGreaterThan(0);
    expect(lines[at("x.py:3  return a.b + x") + 1]).toBe(";   @2 LOAD_FAST 0");
    expect(lines[at("x.py:3  return a.b + x") + 2]).toMatch(/^ {2}0{3}[0-9a-f]: .* mov {4}rax,QWORD PTR \[rdi\+0x48\]$/);
    expect(lines[at("  @6 BINARY_OP 0") + 1]).toMatch(/ add {4}rax,rsi$/);
    expect(lines[at("x.py:4  return y") + 2]).toMatch(/ add {4}QWORD PTR \[rax\],0x1$/);
    const cold = lines.findIndex((l) => l.startsWith("L1.cold:"));
    expect(cold).toBeGreaterThan(at("x.py:4  return y"));
    expect(lines[cold + 1]).toBe(";   @6 BINARY_OP 0");
  });

  test("the header names the frame and the allocation; without an annotator, offsets are shown", () => {
    const listing = x64Backend.compile(annotated(), ENV).listing();
    expect(listing).toMatch(/^; x64 f: \d+ bytes of code, \d+ of data\n; frame 8 bytes: saves none/);
    expect(listing).toMatch(/^; r0=rdi r1=rsi r2=rax r3=rax$/m);
    expect(listing).toMatch(/^; @2\n/m);
    expect(listing).toMatch(/ call {3}QWORD PTR \[rip\+0x[0-9a-f]+\] +# 0x[0-9a-f]+ <\.LC0>$/m);
  });
});
