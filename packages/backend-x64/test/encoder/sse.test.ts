// SSE2 scalar double forms (and SSE4.1 roundsd) against objdump.

import { describe, expect, test } from "vitest";
import {
  Assembler, SSE_OPS, EncodeError, xmms, xmm0, xmm1, xmm15, rax, eax, ax, qword, dword, xmmword, mem, rip,
  ROUND_TRUNCATE, ROUND_NO_PRECISION_EXCEPTION, type SseOpName,
} from "../../src/encoder/index.js";
import { ObjdumpBatch, mismatches } from "./objdump.js";
import { R64, memOperands, regsOf, cycle } from "./operand-sets.js";

const XMM = xmms();
const batch = new ObjdumpBatch();
const f64 = batch.asm.constF64(1.5);
const mask = batch.asm.const128(0x8000_0000_0000_0000n, 0x8000_0000_0000_0000n);

for (const op of Object.keys(SSE_OPS) as SseOpName[]) {
  const target = SSE_OPS[op].mem === 16 ? mask : f64;
  batch.group(op, (asm) => {
    for (const a of XMM) for (const b of XMM) asm.sse(op, a, b);
    memOperands(null, target).forEach((m, i) => asm.sse(op, cycle(XMM, i), m));
    if (op === "movsd" || op === "movapd") memOperands(null, target).forEach((m, i) => asm.sse(op, m, cycle(XMM, i + 3)));
  });
}

batch.group("movq / movd", (asm) => {
  for (const x of XMM) {
    for (const r of R64) {
      asm.movq(x, r);
      asm.movq(r, x);
    }
    for (const r of regsOf(4)) {
      asm.movd(x, r);
      asm.movd(r, x);
    }
  }
});

batch.group("cvtsi2sd / cvttsd2si / cvtsd2si", (asm) => {
  for (const x of XMM) {
    for (const size of [4, 8] as const) {
      for (const r of regsOf(size)) {
        asm.cvtsi2sd(x, r);
        asm.cvttsd2si(r, x);
        asm.cvtsd2si(r, x);
      }
    }
  }
  memOperands(null, f64).forEach((m, i) => {
    asm.cvtsi2sd(cycle(XMM, i), m);
    asm.cvtsi2sd(cycle(XMM, i + 1), { ...m, size: 4 });
    asm.cvttsd2si(cycle(R64, i), m);
    asm.cvtsd2si(cycle(regsOf(4), i), m);
  });
});

batch.group("roundsd", (asm) => {
  for (const a of XMM) for (const b of XMM) asm.roundsd(a, b, (a.num + b.num) % 16);
  memOperands(null, f64).forEach((m, i) => asm.roundsd(cycle(XMM, i), m, ROUND_TRUNCATE | ROUND_NO_PRECISION_EXCEPTION));
});

describe("SSE matches objdump", () => {
  for (const name of batch.names()) {
    test(name, () => {
      const { mismatches, count } = batch.check(name);
      expect(mismatches).toEqual([]);
      expect(count).toBeGreaterThan(0);
    });
  }
});

describe("SSE details", () => {
  test("roundsd is recorded as needing SSE4.1; plain SSE2 code needs nothing", () => {
    const a = new Assembler();
    a.roundsd(xmm0, xmm1, ROUND_TRUNCATE);
    expect([...a.finish().features]).toEqual(["sse4.1"]);
    const b = new Assembler();
    b.addsd(xmm0, xmm1);
    expect(b.finish().features.size).toBe(0);
  });

  test("16-byte constants are 16-byte aligned for xorpd/andpd", () => {
    const asm = new Assembler();
    asm.xorpd(xmm15, rip(asm.const128(0x8000_0000_0000_0000n, 0n)));
    asm.addsd(xmm0, rip(asm.constF64(2)));
    asm.ret();
    const result = asm.finish();
    expect(mismatches(result)).toEqual([]);
    const [sign] = result.entries.filter((e) => e.kind === "data");
    expect(sign!.offset % 16).toBe(0);
    expect(result.alignment).toBe(16);
  });

  test("errors", () => {
    const asm = new Assembler();
    expect(() => asm.addsd(xmm0, xmmword(rax, 0))).toThrow(/64-bit/);
    expect(() => asm.xorpd(xmm0, qword(rax, 0))).toThrow(/128-bit/);
    expect(() => asm.addsd(rax as never, xmm0)).toThrow(/xmm/);
    expect(() => asm.movq(xmm0, eax)).toThrow(EncodeError);
    expect(() => asm.movd(xmm0, rax)).toThrow(EncodeError);
    expect(() => asm.movq(xmm0, xmm1 as never)).toThrow(EncodeError);
    expect(() => asm.cvtsi2sd(xmm0, ax)).toThrow(EncodeError);
    expect(() => asm.cvtsi2sd(xmm0, { ...mem(rax, 0), size: 2 })).toThrow(EncodeError);
    expect(() => asm.cvttsd2si(ax, xmm0)).toThrow(EncodeError);
    expect(() => asm.roundsd(xmm0, xmm1, 16)).toThrow(/0..15/);
    expect(() => asm.movsd(qword(rax, 0), qword(rax, 0) as never)).toThrow(/xmm/);
    expect(() => asm.cvtsi2sd(xmm0, dword(rax, 0))).not.toThrow();
  });
});
