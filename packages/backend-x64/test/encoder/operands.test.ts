// Registers, conditions and the addressing special cases, byte for byte.

import { describe, expect, test } from "vitest";
import {
  Assembler, EncodeError, CONDITIONS, invertCond, swapCond, parseCond, condCode, gpr, gprs, xmm, resize, byteRegNeedsRex,
  rax, rcx, rsp, rbp, r12, r13, eax, ecx, mem, qword, absolute, sized, type Mem,
} from "../../src/encoder/index.js";

function movBytes(m: Mem): number[] {
  const asm = new Assembler();
  asm.mov(rax, m);
  return [...asm.finish().bytes];
}

describe("registers", () => {
  test("names at every width", () => {
    expect(gprs(8).map((r) => r.name).join(" ")).toBe("rax rcx rdx rbx rsp rbp rsi rdi r8 r9 r10 r11 r12 r13 r14 r15");
    expect(gprs(4).map((r) => r.name).join(" ")).toBe("eax ecx edx ebx esp ebp esi edi r8d r9d r10d r11d r12d r13d r14d r15d");
    expect(gprs(2).map((r) => r.name).join(" ")).toBe("ax cx dx bx sp bp si di r8w r9w r10w r11w r12w r13w r14w r15w");
    expect(gprs(1).map((r) => r.name).join(" ")).toBe("al cl dl bl spl bpl sil dil r8b r9b r10b r11b r12b r13b r14b r15b");
    expect(xmm(15).name).toBe("xmm15");
  });

  test("identity, resize, REX-only byte registers", () => {
    expect(gpr(0, 4)).toBe(eax);
    expect(resize(rcx, 4)).toBe(ecx);
    expect(gprs(1).filter(byteRegNeedsRex).map((r) => r.name)).toEqual(["spl", "bpl", "sil", "dil"]);
    expect(() => gpr(16)).toThrow(RangeError);
    expect(() => xmm(-1)).toThrow(RangeError);
  });
});

describe("conditions", () => {
  test("codes are the hardware order, inverse flips the low bit", () => {
    expect(CONDITIONS.map(condCode)).toEqual([...Array(16).keys()]);
    expect(CONDITIONS.map(invertCond)).toEqual(["no", "o", "ae", "b", "ne", "e", "a", "be", "ns", "s", "np", "p", "ge", "l", "g", "le"]);
    for (const c of CONDITIONS) expect(invertCond(invertCond(c))).toBe(c);
  });

  test("swapping operands", () => {
    expect(swapCond("l")).toBe("g");
    expect(swapCond("ae")).toBe("be");
    expect(swapCond("e")).toBe("e");
    expect(swapCond("o")).toBeNull();
    for (const c of CONDITIONS) {
      const s = swapCond(c);
      if (s !== null) expect(swapCond(s)).toBe(c);
    }
  });

  test("aliases", () => {
    expect(parseCond("z")).toBe("e");
    expect(parseCond("NC")).toBe("ae");
    expect(parseCond("nle")).toBe("g");
    expect(parseCond("ge")).toBe("ge");
    expect(() => parseCond("zz")).toThrow(RangeError);
  });
});

describe("addressing special cases", () => {
  test("plain base: no displacement, disp8, disp32", () => {
    expect(movBytes(mem(rcx))).toEqual([0x48, 0x8b, 0x01]);
    expect(movBytes(mem(rcx, 0x7f))).toEqual([0x48, 0x8b, 0x41, 0x7f]);
    expect(movBytes(mem(rcx, -0x80))).toEqual([0x48, 0x8b, 0x41, 0x80]);
    expect(movBytes(mem(rcx, 0x80))).toEqual([0x48, 0x8b, 0x81, 0x80, 0, 0, 0]);
    expect(movBytes(mem(rcx, -0x81))).toEqual([0x48, 0x8b, 0x81, 0x7f, 0xff, 0xff, 0xff]);
  });

  test("rsp and r12 as base need a SIB byte", () => {
    expect(movBytes(mem(rsp))).toEqual([0x48, 0x8b, 0x04, 0x24]);
    expect(movBytes(mem(r12))).toEqual([0x49, 0x8b, 0x04, 0x24]);
    expect(movBytes(mem(rsp, 8))).toEqual([0x48, 0x8b, 0x44, 0x24, 0x08]);
  });

  test("rbp and r13 as base need a displacement, even 0", () => {
    expect(movBytes(mem(rbp))).toEqual([0x48, 0x8b, 0x45, 0x00]);
    expect(movBytes(mem(r13))).toEqual([0x49, 0x8b, 0x45, 0x00]);
    expect(movBytes(mem({ base: r13, index: rcx }))).toEqual([0x49, 0x8b, 0x44, 0x0d, 0x00]);
  });

  test("r12 and r13 are ordinary index registers", () => {
    expect(movBytes(mem({ base: rax, index: r12, scale: 8 }))).toEqual([0x4a, 0x8b, 0x04, 0xe0]);
    expect(movBytes(mem({ base: rax, index: r13, scale: 2 }))).toEqual([0x4a, 0x8b, 0x04, 0x68]);
  });

  test("no base: disp32 through SIB (base=101), absolute with index=100", () => {
    expect(movBytes(mem({ index: rcx, scale: 4 }))).toEqual([0x48, 0x8b, 0x04, 0x8d, 0, 0, 0, 0]);
    expect(movBytes(absolute(0x10))).toEqual([0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0]);
  });

  test("invalid addresses are rejected", () => {
    expect(() => mem({ base: rax, index: rsp })).toThrow(/rsp cannot be an index/);
    expect(() => mem({ base: rax, index: rcx, scale: 3 as 1 })).toThrow(/scale/);
    expect(() => mem({ base: rax, scale: 2 })).toThrow(/needs an index/);
    expect(() => mem(rax, 0x8000_0000)).toThrow(/32-bit/);
    expect(() => mem(rax, 1.5)).toThrow(/32-bit/);
    expect(() => mem(eax)).toThrow(/64-bit register/);
    expect(() => mem({ base: rax, index: ecx })).toThrow(/64-bit register/);
    expect(() => qword(rax, -0x8000_0001)).toThrow(EncodeError);
  });

  test("sized() and the width helpers", () => {
    expect(sized(mem(rax, 8), 4)).toEqual({ ...mem(rax, 8), size: 4 });
    expect(qword({ base: rax, index: rcx, scale: 8, disp: -8 }).size).toBe(8);
  });
});
