// Data movement forms against objdump.

import { describe, expect, test } from "vitest";
import {
  Assembler, CONDITIONS, EncodeError, rax, eax, ecx, rcx, rsp, r8, r15, ax, al, sil, r12b, xmm0,
  qword, dword, byte, mem, resize,
} from "../../src/encoder/index.js";
import { ObjdumpBatch } from "./objdump.js";
import { SIZES, R64, memOperands, regsOf, cycle, immsFor, IMMS } from "./operand-sets.js";

const batch = new ObjdumpBatch();
const pool = batch.asm.constU64(42);

for (const size of SIZES) {
  const regs = regsOf(size);
  batch.group(`mov r${size * 8}, r/m`, (asm) => {
    for (const a of regs) for (const b of regs) asm.mov(a, b);
    memOperands(null, pool).forEach((m, i) => {
      asm.mov(cycle(regs, i), m);
      asm.mov(m, cycle(regs, i + 7));
    });
  });
  batch.group(`mov r${size * 8}, imm`, (asm) => {
    for (const imm of immsFor(size, 64)) for (const r of regs) asm.mov(r, imm);
  });
  batch.group(`mov m${size * 8}, imm`, (asm) => {
    for (const imm of immsFor(size)) memOperands(size, pool).forEach((m, i) => i % 5 === 0 && asm.mov(m, imm));
  });
}

batch.group("movabs", (asm) => {
  for (const imm of IMMS) for (const r of R64) asm.movabs(r, imm);
});

for (const [to, from] of [[2, 1], [4, 1], [8, 1], [4, 2], [8, 2], [8, 4]] as const) {
  batch.group(`movzx/movsx ${from * 8}->${to * 8}`, (asm) => {
    for (const d of regsOf(to)) {
      for (const s of regsOf(from)) {
        asm.movzx(d, s);
        asm.movsx(d, s);
      }
    }
    memOperands(from, pool).forEach((m, i) => {
      asm.movzx(cycle(regsOf(to), i), m);
      asm.movsx(cycle(regsOf(to), i + 1), m);
    });
  });
}

batch.group("movsxd", (asm) => {
  for (const d of R64) for (const s of regsOf(4)) asm.movsxd(d, s);
  memOperands(null, pool).forEach((m, i) => asm.movsxd(cycle(R64, i), m));
});

for (const size of [2, 4, 8] as const) {
  batch.group(`lea r${size * 8}`, (asm) => {
    memOperands(null, pool).forEach((m, i) => asm.lea(cycle(regsOf(size), i), m));
  });
}

for (const cond of CONDITIONS) {
  batch.group(`set${cond} / cmov${cond}`, (asm) => {
    for (const r of regsOf(1)) asm.setcc(cond, r);
    memOperands(null, pool).forEach((m, i) => i % 4 === 0 && asm.setcc(cond, m));
    for (const size of [2, 4, 8] as const) {
      const regs = regsOf(size);
      regs.forEach((r, i) => asm.cmovcc(cond, r, cycle(regs, i * 3 + 1)));
      memOperands(null, pool).forEach((m, i) => i % 6 === 0 && asm.cmovcc(cond, cycle(regs, i), m));
    }
  });
}

batch.group("push / pop", (asm) => {
  for (const r of R64) {
    asm.push(r);
    asm.pop(r);
  }
  for (const m of memOperands(null, pool)) {
    asm.push(m);
    asm.pop(m);
  }
  for (const imm of immsFor(8)) asm.push(imm);
});

describe("data movement matches objdump", () => {
  for (const name of batch.names()) {
    test(name, () => {
      const { mismatches, count } = batch.check(name);
      expect(mismatches).toEqual([]);
      expect(count).toBeGreaterThan(0);
    });
  }
});

describe("mov choices", () => {
  const bytesOf = (emit: (asm: Assembler) => void): number[] => {
    const asm = new Assembler();
    emit(asm);
    return [...asm.finish().bytes];
  };

  test("mov r64, imm picks mov r32 / sign-extended imm32 / movabs", () => {
    expect(bytesOf((a) => a.mov(rax, 0xffff_ffff))).toEqual([0xb8, 0xff, 0xff, 0xff, 0xff]);
    expect(bytesOf((a) => a.mov(r8, 1))).toEqual([0x41, 0xb8, 1, 0, 0, 0]);
    expect(bytesOf((a) => a.mov(rax, -1))).toEqual([0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff]);
    expect(bytesOf((a) => a.mov(rax, 0x1_0000_0000))).toEqual([0x48, 0xb8, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(bytesOf((a) => a.movabs(rax, 1))).toHaveLength(10);
  });

  test("movzx from 32 bits is a 32-bit mov (upper half cleared by the CPU)", () => {
    expect(bytesOf((a) => a.movzx(rax, ecx))).toEqual(bytesOf((a) => a.mov(eax, ecx)));
    expect(bytesOf((a) => a.movsx(rax, ecx))).toEqual([0x48, 0x63, 0xc1]);
  });

  test("spl/bpl/sil/dil get an empty REX prefix", () => {
    expect(bytesOf((a) => a.setcc("e", sil))).toEqual([0x40, 0x0f, 0x94, 0xc6]);
    expect(bytesOf((a) => a.mov(sil, 1))).toEqual([0x40, 0xb6, 1]);
    expect(bytesOf((a) => a.mov(al, 1))).toEqual([0xb0, 1]);
    expect(bytesOf((a) => a.movzx(eax, sil))).toEqual([0x40, 0x0f, 0xb6, 0xc6]);
    expect(bytesOf((a) => a.mov(r12b, al))).toEqual([0x41, 0x88, 0xc4]);
  });

  test("errors", () => {
    const asm = new Assembler();
    expect(() => asm.mov(qword(rax, 0), 0x8000_0000)).toThrow(/sign-extended/);
    expect(() => asm.mov(mem(rax, 0), 1)).toThrow(/operand size unknown/);
    expect(() => asm.movzx(rax, mem(rcx, 0))).toThrow(/needs a width/);
    expect(() => asm.movzx(ax, ax)).toThrow(/cannot extend/);
    expect(() => asm.movsxd(eax, ecx)).toThrow(EncodeError);
    expect(() => asm.lea(rax, rcx as never)).toThrow(/memory operand/);
    expect(() => asm.cmovcc("e", al, al)).toThrow(EncodeError);
    expect(() => asm.setcc("e", eax)).toThrow(EncodeError);
    expect(() => asm.push(ecx)).toThrow(EncodeError);
    expect(() => asm.push(dword(rsp, 0))).toThrow(EncodeError);
    expect(() => asm.push(0x8000_0000)).toThrow(/sign-extended/);
    expect(() => asm.mov(rax, xmm0 as never)).toThrow(/general-purpose/);
    expect(() => asm.mov(resize(r15, 4), byte(rax, 0))).toThrow(/sizes differ/);
  });
});
