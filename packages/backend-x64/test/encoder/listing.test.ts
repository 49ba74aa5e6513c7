// Output shape: one buffer with code, padding and constant pool; labels; listing with annotations.

import { describe, expect, test } from "vitest";
import { Assembler, rax, rdi, rip, qword, xmm0, xmm1 } from "../../src/encoder/index.js";
import { mismatches, objdump, normalize } from "./objdump.js";

function sample() {
  const asm = new Assembler();
  const entry = asm.here("entry");
  const done = asm.newLabel("done");
  asm.annotate({ kind: "source", line: 3, text: "return x * 1.5 if x else 0.0" });
  asm.annotate({ kind: "bytecode", offset: 2, text: "LOAD_FAST 0 (x)" });
  asm.mov(rax, qword(rdi, 8));
  asm.test(rax, rax);
  asm.jcc("e", done);
  asm.annotate({ kind: "bytecode", offset: 6, text: "BINARY_OP 5 (*)" });
  asm.movsd(xmm0, rip(asm.constF64(1.5)));
  asm.mulsd(xmm0, rip(asm.constF64(1.5)));
  asm.callAbsolute(0x7f00_0000_1000n);
  asm.bind(done);
  asm.xorpd(xmm1, rip(asm.const128(0x8000_0000_0000_0000n, 0)));
  asm.ret();
  asm.annotate({ kind: "note", text: "end of function" });
  return { asm, entry, done };
}

describe("assembled output", () => {
  test("code, int3 padding, then an aligned, deduplicated constant pool", () => {
    const { asm, entry, done } = sample();
    const r = asm.finish();
    expect(mismatches(r)).toEqual([]);
    expect(r.labels.get(entry)).toBe(0);
    expect(r.labels.get(done)).toBeGreaterThan(0);
    const data = r.entries.filter((e) => e.kind === "data");
    expect(data.map((e) => e.offset % 8)).toEqual([0, 0, 0, 0]);
    expect(data).toHaveLength(4); // 1.5 once, the address, the 16-byte mask in two slices
    const poolStart = data[0]!.offset;
    expect(poolStart).toBeGreaterThanOrEqual(r.codeSize);
    expect([...r.bytes.slice(r.codeSize, poolStart)].every((b) => b === 0xcc)).toBe(true);
    expect(new DataView(r.bytes.buffer).getFloat64(poolStart, true)).toBe(1.5);
    expect(r.bytes.length).toBe(data.at(-1)!.offset + 8);
  });

  test("RIP-relative operands point at their constants", () => {
    const { asm } = sample();
    const r = asm.finish();
    const decoded = objdump(r.bytes);
    const call = decoded.find((d) => d.text.startsWith("call"))!;
    const target = Number.parseInt(/# 0x([0-9a-f]+)/.exec(call.text)![1]!, 16);
    expect(new DataView(r.bytes.buffer).getBigUint64(target, true)).toBe(0x7f00_0000_1000n);
  });

  test("listing interleaves annotations, labels and objdump text", () => {
    const { asm } = sample();
    const text = asm.listing();
    const lines = text.split("\n");
    expect(lines[0]).toBe("entry:");
    expect(lines[1]).toBe("; line 3: return x * 1.5 if x else 0.0");
    expect(lines[2]).toBe(";   bytecode 2: LOAD_FAST 0 (x)");
    expect(lines[3]).toMatch(/^ {2}0000: 48 8b 47 08 +mov {4}rax,QWORD PTR \[rdi\+0x8\]$/);
    expect(text).toMatch(/je {5}0x[0-9a-f]+ <done>/);
    expect(text).toMatch(/\n; end of function\n/);
    expect(text).toMatch(/\.LC0:\n.*\.quad {2}0x3ff8000000000000 {2}# f64 1\.5/);
    expect(text).toMatch(/movsd {2}xmm0,QWORD PTR \[rip\+0x[0-9a-f]+\] {8}# 0x[0-9a-f]+ <\.LC0>/);
  });

  test("entry text is exactly objdump's, spacing included", () => {
    const { asm } = sample();
    const r = asm.finish();
    const decoded = new Map(objdump(r.bytes).map((d) => [d.offset, d.text.trimEnd()]));
    for (const e of r.entries.filter((x) => x.kind === "inst")) expect(e.text).toBe(decoded.get(e.offset));
    expect(normalize("  mov    rax,rcx ")).toBe("mov rax,rcx");
  });

  test("labels bound at the very end get an end entry", () => {
    const asm = new Assembler();
    asm.ret();
    const end = asm.here("end");
    const r = asm.finish();
    expect(r.labels.get(end)).toBe(1);
    expect(r.entries.at(-1)).toMatchObject({ kind: "end", offset: 1, labels: [end] });
  });

  test("constants are deduplicated by bit pattern", () => {
    const asm = new Assembler();
    expect(asm.constF64(0)).not.toBe(asm.constF64(-0));
    expect(asm.constF64(Number.NaN)).toBe(asm.constF64(Number.NaN));
    expect(asm.constU64(-1)).toBe(asm.constU64(0xffff_ffff_ffff_ffffn));
    expect(asm.constU64(1)).not.toBe(asm.data(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), 16));
  });
});
