// Control flow against objdump, and branch relaxation at the rel8 boundaries.

import { describe, expect, test } from "vitest";
import { Assembler, CONDITIONS, EncodeError, rax, eax, type Label } from "../../src/encoder/index.js";
import { ObjdumpBatch, mismatches } from "./objdump.js";
import { R64, memOperands } from "./operand-sets.js";

const batch = new ObjdumpBatch();
const pool = batch.asm.constAddress(0x7fff_dead_beefn);

batch.group("jmp / call through register and memory", (asm) => {
  for (const r of R64) {
    asm.jmp(r);
    asm.call(r);
  }
  for (const m of memOperands(null, pool)) {
    asm.jmp(m);
    asm.call(m);
  }
  asm.callAbsolute(0x7fff_1234_5678n);
  asm.callAbsolute(0x5555_0000_1000n);
});

batch.group("label branches, short and near, both directions", (asm) => {
  const back = asm.here("back");
  const fwd = asm.newLabel("fwd");
  for (const cond of CONDITIONS) {
    asm.jcc(cond, back);
    asm.jcc(cond, fwd);
    asm.jcc(cond, fwd, { near: true });
  }
  asm.jmp(back);
  asm.jmp(fwd);
  asm.call(back);
  asm.call(fwd);
  asm.nop(300);
  for (const cond of CONDITIONS) asm.jcc(cond, back);
  asm.bind(fwd);
  asm.ret();
});

batch.group("nops, align, ret, int3, ud2", (asm) => {
  for (let n = 1; n <= 20; n++) asm.nop(n);
  for (const a of [1, 2, 4, 8, 16]) {
    asm.int3();
    asm.align(a);
  }
  asm.ret();
  asm.ud2();
});

describe("control flow matches objdump", () => {
  for (const name of batch.names()) {
    test(name, () => {
      const { mismatches, count } = batch.check(name);
      expect(mismatches).toEqual([]);
      expect(count).toBeGreaterThan(0);
    });
  }
});

function finish(asm: Assembler) {
  const result = asm.finish();
  expect(mismatches(result)).toEqual([]);
  return result;
}

/** Length of the branch emitted by `emit` to a label `gap` bytes of nops away. */
function branchLength(direction: "forward" | "backward", gap: number, cond: "e" | null): number {
  const asm = new Assembler();
  const jump = (l: Label) => (cond === null ? asm.jmp(l) : asm.jcc(cond, l));
  let at: Label;
  if (direction === "forward") {
    const l = asm.newLabel();
    at = asm.here();
    jump(l);
    if (gap > 0) asm.nop(gap);
    asm.bind(l);
  } else {
    const l = asm.here();
    if (gap > 0) asm.nop(gap);
    at = asm.here();
    jump(l);
  }
  asm.ret();
  const result = finish(asm);
  const offset = result.labels.get(at)!;
  return result.entries.find((e) => e.offset === offset && e.kind === "inst")!.bytes.length;
}

describe("branch relaxation", () => {
  test("forward: rel8 up to +127, rel32 from +128", () => {
    expect(branchLength("forward", 127, null)).toBe(2);
    expect(branchLength("forward", 128, null)).toBe(5);
    expect(branchLength("forward", 127, "e")).toBe(2);
    expect(branchLength("forward", 128, "e")).toBe(6);
    expect(branchLength("forward", 0, null)).toBe(2);
  });

  test("backward: rel8 down to -128, rel32 from -129", () => {
    expect(branchLength("backward", 126, null)).toBe(2);
    expect(branchLength("backward", 127, null)).toBe(5);
    expect(branchLength("backward", 126, "e")).toBe(2);
    expect(branchLength("backward", 127, "e")).toBe(6);
  });

  test("a lengthened branch pushes an earlier one out of range (second round)", () => {
    const asm = new Assembler();
    const a = asm.newLabel("a");
    const b = asm.newLabel("b");
    asm.jmp(a);
    asm.jmp(b);
    asm.nop(123);
    asm.bind(a);
    asm.nop(200);
    asm.bind(b);
    asm.ret();
    const result = finish(asm);
    expect(result.entries[0]!.bytes.length).toBe(5);
    expect(result.entries[1]!.bytes.length).toBe(5);
    expect(result.labels.get(a)).toBe(5 + 5 + 123);
  });

  test("relaxBranches: false and { near: true } keep rel32", () => {
    const asm = new Assembler({ relaxBranches: false });
    const l = asm.here();
    asm.jmp(l);
    asm.jcc("ne", l);
    const near = new Assembler();
    const m = near.here();
    near.jmp(m, { near: true });
    expect([...finish(asm).bytes]).toEqual([0xe9, 0xfb, 0xff, 0xff, 0xff, 0x0f, 0x85, 0xf5, 0xff, 0xff, 0xff]);
    expect([...finish(near).bytes]).toEqual([0xe9, 0xfb, 0xff, 0xff, 0xff]);
  });

  test("alignment padding follows relaxation", () => {
    const asm = new Assembler();
    const end = asm.newLabel();
    asm.jmp(end);
    asm.align(16);
    const loop = asm.here("loop");
    asm.nop(200);
    asm.bind(end);
    asm.ret();
    const result = finish(asm);
    expect(result.labels.get(loop)! % 16).toBe(0);
    expect(result.entries[0]!.bytes.length).toBe(5);
    expect(result.alignment).toBe(16);
  });
});

describe("label errors", () => {
  test("unbound, bound twice, foreign", () => {
    const asm = new Assembler();
    const l = asm.newLabel("nowhere");
    asm.jmp(l);
    expect(() => asm.finish()).toThrow(/nowhere is used but never bound/);
    const b = new Assembler();
    const twice = b.here("twice");
    expect(() => b.bind(twice)).toThrow(/bound twice/);
    expect(() => b.jmp(asm.newLabel("other"))).toThrow(/another assembler/);
  });

  test("a finished assembler refuses more code", () => {
    const asm = new Assembler();
    asm.ret();
    const first = asm.finish();
    expect(asm.finish()).toBe(first);
    expect(() => asm.ret()).toThrow(EncodeError);
    expect(() => asm.constF64(1)).toThrow(EncodeError);
  });

  test("indirect jumps need 64-bit operands", () => {
    expect(() => new Assembler().jmp(eax)).toThrow(EncodeError);
    expect(() => new Assembler().call(eax)).toThrow(EncodeError);
    expect(() => new Assembler().nop(0)).toThrow(EncodeError);
    expect(() => new Assembler().align(3)).toThrow(EncodeError);
  });

  test("call to a label in the buffer is rel32", () => {
    const asm = new Assembler();
    const f = asm.newLabel("f");
    asm.call(f);
    asm.ret();
    asm.bind(f);
    asm.mov(rax, 1);
    asm.ret();
    expect([...finish(asm).bytes.slice(0, 5)]).toEqual([0xe8, 0x01, 0, 0, 0]);
  });
});
