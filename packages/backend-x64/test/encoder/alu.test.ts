// Integer arithmetic forms against objdump: every register pair, every addressing case, immediates
// at the imm8/imm32 boundaries, for all operand widths.

import { describe, expect, test } from "vitest";
import {
  ALU_OPS, UNARY_OPS, SHIFT_OPS, EncodeError, Assembler, rax, eax, rcx, cl, qword, type AluOp, type UnaryOp, type ShiftOp,
} from "../../src/encoder/index.js";
import { ObjdumpBatch } from "./objdump.js";
import { SIZES, memOperands, regsOf, cycle, immsFor } from "./operand-sets.js";

const batch = new ObjdumpBatch();
const pool = batch.asm.constU64(0x1122334455667788n);

for (const op of Object.keys(ALU_OPS) as AluOp[]) {
  for (const size of SIZES) {
    const regs = regsOf(size);
    batch.group(`${op} r${size * 8}, r${size * 8}`, (asm) => {
      for (const a of regs) for (const b of regs) asm.alu(op, a, b);
    });
    batch.group(`${op} r/m${size * 8}, r and r, m`, (asm) => {
      memOperands(null, pool).forEach((m, i) => {
        asm.alu(op, m, cycle(regs, i));
        asm.alu(op, cycle(regs, i + 5), m);
      });
    });
    batch.group(`${op} r/m${size * 8}, imm`, (asm) => {
      for (const imm of immsFor(size)) {
        for (const r of regs) asm.alu(op, r, imm);
        memOperands(size, pool).forEach((m, i) => i % 7 === 0 && asm.alu(op, m, imm));
      }
    });
  }
}

for (const size of SIZES) {
  const regs = regsOf(size);
  batch.group(`test ${size * 8}`, (asm) => {
    for (const a of regs) for (const b of regs) asm.test(a, b);
    memOperands(null, pool).forEach((m, i) => {
      asm.test(m, cycle(regs, i));
      asm.test(cycle(regs, i + 3), m);
    });
    for (const imm of immsFor(size)) {
      for (const r of regs) asm.test(r, imm);
      memOperands(size, pool).forEach((m, i) => i % 9 === 0 && asm.test(m, imm));
    }
  });
  for (const op of Object.keys(UNARY_OPS) as UnaryOp[]) {
    batch.group(`${op} ${size * 8}`, (asm) => {
      for (const r of regs) asm.unary(op, r);
      for (const m of memOperands(size, pool)) asm.unary(op, m);
    });
  }
  for (const op of Object.keys(SHIFT_OPS) as ShiftOp[]) {
    batch.group(`${op} ${size * 8}`, (asm) => {
      const max = size === 8 ? 63 : 31;
      for (const r of regs) for (const n of [0, 1, 2, 7, 8, max]) asm.shift(op, r, n);
      for (const r of regs) asm.shift(op, r, cl);
      memOperands(size, pool).forEach((m, i) => {
        asm.shift(op, m, cycle([1, 3, max], i));
        if (i % 3 === 0) asm.shift(op, m, cl);
      });
    });
  }
}

for (const size of [2, 4, 8] as const) {
  const regs = regsOf(size);
  batch.group(`imul ${size * 8}`, (asm) => {
    for (const a of regs) for (const b of regs) asm.imul(a, b);
    memOperands(null, pool).forEach((m, i) => asm.imul(cycle(regs, i), m));
    for (const imm of immsFor(size)) {
      regs.forEach((r, i) => asm.imul(r, cycle(regs, i + 1), imm));
      memOperands(null, pool).forEach((m, i) => i % 11 === 0 && asm.imul(cycle(regs, i), m, imm));
    }
  });
}

batch.group("cqo cdq", (asm) => {
  asm.cqo();
  asm.cdq();
});

describe("integer arithmetic matches objdump", () => {
  for (const name of batch.names()) {
    test(name, () => {
      const { mismatches, count } = batch.check(name);
      expect(mismatches).toEqual([]);
      expect(count).toBeGreaterThan(0);
    });
  }
});

describe("immediate selection", () => {
  const bytesOf = (emit: (asm: Assembler) => void): number[] => {
    const asm = new Assembler();
    emit(asm);
    return [...asm.finish().bytes];
  };

  test("imm8 short form at the sign-extension boundary", () => {
    expect(bytesOf((a) => a.add(rcx, 0x7f))).toEqual([0x48, 0x83, 0xc1, 0x7f]);
    expect(bytesOf((a) => a.add(rcx, -0x80))).toEqual([0x48, 0x83, 0xc1, 0x80]);
    expect(bytesOf((a) => a.add(rcx, 0x80))).toEqual([0x48, 0x81, 0xc1, 0x80, 0, 0, 0]);
    expect(bytesOf((a) => a.add(rcx, -0x81))).toEqual([0x48, 0x81, 0xc1, 0x7f, 0xff, 0xff, 0xff]);
  });

  test("accumulator short form when imm8 does not fit", () => {
    expect(bytesOf((a) => a.cmp(rax, 0x1000))).toEqual([0x48, 0x3d, 0, 0x10, 0, 0]);
    expect(bytesOf((a) => a.cmp(rax, 1))).toEqual([0x48, 0x83, 0xf8, 0x01]);
  });

  test("32-bit operations accept the unsigned spelling of negative values", () => {
    expect(bytesOf((a) => a.add(eax, 0xffffffff))).toEqual(bytesOf((a) => a.add(eax, -1)));
  });

  test("out-of-range immediates are rejected, never truncated", () => {
    const asm = new Assembler();
    expect(() => asm.add(rax, 0x8000_0000)).toThrow(EncodeError);
    expect(() => asm.add(rax, 0xffff_ffff)).toThrow(/sign-extended 32-bit/);
    expect(() => asm.add(eax, 0x1_0000_0000)).toThrow(EncodeError);
    expect(() => asm.add(rax, 2 ** 60)).toThrow(/does not fit|safe integer/);
    expect(() => asm.test(rax, 0x8000_0000)).toThrow(EncodeError);
    expect(() => asm.imul(rax, rcx, 0x8000_0000)).toThrow(EncodeError);
    expect(() => asm.shl(rax, 64)).toThrow(/outside 0..63/);
    expect(() => asm.shl(eax, 32)).toThrow(/outside 0..31/);
    expect(() => asm.shl(rax, rcx)).toThrow(/cl/);
  });

  test("operand checks", () => {
    const asm = new Assembler();
    expect(() => asm.add(rax, eax)).toThrow(/sizes differ/);
    expect(() => asm.add(qword(rax, 0), qword(rcx, 0))).toThrow(/both operands are memory/);
    expect(() => asm.inc(memOf())).toThrow(/operand size unknown/);
    expect(() => asm.imul(cl, cl)).toThrow(/wrong width/);
  });
});

function memOf() {
  return { ...qword(rax, 0), size: null };
}
