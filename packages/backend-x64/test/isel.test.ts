// Instruction selection, op by op: compile small hand-written LIR functions and check the shapes
// of the instructions objdump decodes (mnemonics, folded immediates, memory operands).

import { describe, expect, test } from "vitest";
import { LirBuilder, type LirBlock, type LirFunc, type LirInst, type RegClass, type VReg } from "@pyjc/core";
import { compile, ENV, mismatches } from "./helpers.js";

/** A function of `params`, with `body` emitting into the entry block and returning the result. */
function fn(params: RegClass[], body: (b: LirBuilder, ps: VReg[]) => VReg | null): LirFunc {
  const b = new LirBuilder("t");
  const ps = params.map((c) => b.param(c));
  b.at(b.block());
  const r = body(b, ps);
  if (r !== null) b.emit({ op: "ret", value: r });
  return b.finish();
}

/** Emits `inst` with a fresh destination of class `cls` and returns it. */
function one(b: LirBuilder, cls: RegClass, make: (dst: VReg) => LirInst): VReg {
  const d = b.vreg(cls);
  b.emit(make(d));
  return d;
}

function text(f: LirFunc): string {
  const c = compile(f);
  expect(mismatches(c.out)).toEqual([]);
  return c.text;
}

describe("constants and symbols", () => {
  test("iconst: xor for zero, short movs, movabs only for wide values", () => {
    const t = (value: bigint) => text(fn([], (b) => one(b, "i64", (dst) => ({ op: "iconst", dst, value }))));
    expect(t(0n)).toMatch(/^xor eax,eax$/m);
    expect(t(5n)).toMatch(/^mov eax,0x5$/m);
    expect(t(-1n)).toMatch(/^mov rax,0xffffffffffffffff$/m);
    expect(t(0x1234_5678_9abcn)).toMatch(/^movabs rax,0x123456789abc$/m);
  });

  test("fconst: xorpd for +0.0, a constant-pool load otherwise (-0.0 included)", () => {
    const t = (value: number) => text(fn([], (b) => one(b, "f64", (dst) => ({ op: "fconst", dst, value }))));
    expect(t(0)).toMatch(/^xorpd xmm0,xmm0$/m);
    expect(t(-0)).toMatch(/^movsd xmm0,QWORD PTR \[rip\+0x[0-9a-f]+\]/m);
    expect(t(2.5)).toMatch(/^movsd xmm0,QWORD PTR \[rip\+0x[0-9a-f]+\]/m);
  });

  test("sym: a RIP-relative load of the address from the constant pool", () => {
    const c = compile(fn([], (b) => one(b, "i64", (dst) => ({ op: "sym", dst, name: "PyNumber_Add" }))));
    expect(c.text).toMatch(/^mov rax,QWORD PTR \[rip\+0x[0-9a-f]+\]/m);
    const view = new DataView(c.out.bytes.buffer);
    const pool = Array.from({ length: (c.out.bytes.length - c.out.codeSize) >> 3 }, (_, k) => c.out.bytes.length - 8 * (k + 1));
    expect(pool.map((o) => view.getBigUint64(o, true))).toContain(ENV.symbol("PyNumber_Add"));
    expect(c.text).not.toMatch(/movabs/);
  });
});

describe("integer arithmetic", () => {
  const bin = (kind: any, imm?: number) =>
    text(fn(["i64", "i64"], (b, [x, y]) => one(b, "i64", (dst) => ({ op: "bin", kind, dst, a: x!, b: imm === undefined ? y! : { imm } }))));

  test("add is lea when the destination is a third register; immediates fold", () => {
    expect(bin("add")).toMatch(/^lea rax,\[rdi\+rsi\*1\]$/m);
    expect(bin("add", 12)).toMatch(/^lea rax,\[rdi\+0xc\]$/m);
    expect(bin("sub", 7)).toMatch(/^sub rax,0x7$/m);
    expect(bin("and", 0xff)).toMatch(/^and rax,0xff$/m);
    expect(bin("xor")).toMatch(/^xor rax,rsi$/m);
  });

  test("mul by an immediate is the three-operand imul", () => {
    expect(bin("mul", 10)).toMatch(/^imul rax,rdi,0xa$/m);
    expect(bin("mul")).toMatch(/^imul rax,rsi$/m);
  });

  test("shifts: immediate counts fold (mod 64); variable counts go through cl", () => {
    expect(bin("shl", 3)).toMatch(/^shl rax,0x3$/m);
    expect(bin("sar", 65)).toMatch(/^sar rax,1$/m);
    const v = bin("shr");
    expect(v).toMatch(/^shr rax,cl$/m);
    expect(v).toMatch(/^mov r11,rcx$/m); // rcx saved around the shift
    expect(v).toMatch(/^mov rcx,r11$/m);
  });

  test("bino: the operation, then seto and a zero extension for the overflow flag", () => {
    const f = fn(["i64", "i64"], (b, [x, y]) => {
      const [d, o, r] = [b.vreg(), b.vreg(), b.vreg()];
      b.emit({ op: "bino", kind: "mul", dst: d, ovf: o, a: x!, b: y! });
      b.emit({ op: "bin", kind: "add", dst: r, a: d, b: o });
      return r;
    });
    const t = text(f);
    expect(t).toMatch(/^imul \w+,rsi\nseto (\w+)\nmovzx \w+,\1$/m);
    expect(t).not.toMatch(/^lea/m); // lea would not set OF
  });

  test("a result that lands in an operand's register is computed in a scratch register first", () => {
    // d = a - b where the allocator gives d the register of b (b dies here).
    const f = fn(["i64", "i64"], (b, [x, y]) => {
      b.emit({ op: "bin", kind: "sub", dst: y!, a: x!, b: y! });
      return y!;
    });
    expect(text(f)).toMatch(/^mov r10,rdi\nsub r10,rsi\nmov rsi,r10$/m);
  });

  test("neg and not", () => {
    expect(text(fn(["i64"], (b, [x]) => one(b, "i64", (dst) => ({ op: "neg", dst, a: x! }))))).toMatch(/^neg rax$/m);
    expect(text(fn(["i64"], (b, [x]) => one(b, "i64", (dst) => ({ op: "not", dst, a: x! }))))).toMatch(/^not rax$/m);
  });
});

describe("compares and selects", () => {
  test("icmp: cmp with a folded immediate, setcc, zero extension", () => {
    const t = text(fn(["i64"], (b, [x]) => one(b, "i64", (dst) => ({ op: "icmp", cond: "ult", dst, a: x!, b: { imm: 5 } }))));
    expect(t).toMatch(/^cmp rdi,0x5\nsetb al\nmovzx eax,al$/m);
  });

  test("select: test and cmov", () => {
    const t = text(fn(["i64", "i64", "i64"], (b, [c, x, y]) => one(b, "i64", (dst) => ({ op: "select", dst, cond: c!, a: x!, b: y! }))));
    expect(t).toMatch(/^test rdi,rdi$/m);
    expect(t).toMatch(/^cmovne rax,rsi$/m);
  });

  test("select of doubles: a short branch, no cmov", () => {
    const t = text(fn(["i64", "f64", "f64"], (b, [c, x, y]) => one(b, "f64", (dst) => ({ op: "select", dst, cond: c!, a: x!, b: y! }))));
    expect(t).toMatch(/^test rdi,rdi$/m);
    expect(t).toMatch(/^je 0x/m);
    expect(t).not.toMatch(/cmov/);
  });

  test("fcmp: NaN-correct flag combinations after ucomisd", () => {
    const t = (cond: any) =>
      text(fn(["f64", "f64"], (b, [x, y]) => one(b, "i64", (dst) => ({ op: "fcmp", cond, dst, a: x!, b: y! }))));
    expect(t("eq")).toMatch(/^ucomisd xmm0,xmm1\nsete al\nsetnp r11b\nand al,r11b\nmovzx eax,al$/m);
    expect(t("ne")).toMatch(/^ucomisd xmm0,xmm1\nsetne al\nsetp r11b\nor al,r11b$/m);
    expect(t("gt")).toMatch(/^ucomisd xmm0,xmm1\nseta al$/m);
    expect(t("ge")).toMatch(/^ucomisd xmm0,xmm1\nsetae al$/m);
    expect(t("lt")).toMatch(/^ucomisd xmm1,xmm0\nseta al$/m); // swapped: unordered stays false
    expect(t("le")).toMatch(/^ucomisd xmm1,xmm0\nsetae al$/m);
    expect(t("uno")).toMatch(/^ucomisd xmm0,xmm1\nsetp al$/m);
  });
});

describe("floating point and conversions", () => {
  test("fbin, fsqrt, and sign-bit masks from the 16-byte-aligned pool for fneg/fabs", () => {
    const un = (op: any) => text(fn(["f64"], (b, [x]) => one(b, "f64", (dst) => ({ op, dst, a: x! }))));
    expect(un("fneg")).toMatch(/^xorpd xmm0,XMMWORD PTR \[rip\+0x[0-9a-f]+\]/m);
    expect(un("fabs")).toMatch(/^andpd xmm0,XMMWORD PTR \[rip\+0x[0-9a-f]+\]/m);
    expect(un("fsqrt")).toMatch(/^sqrtsd xmm0,xmm0$/m);
    const c = compile(fn(["f64"], (b, [x]) => one(b, "f64", (dst) => ({ op: "fneg", dst, a: x! }))));
    expect(c.out.alignment).toBe(16);
    const t = text(fn(["f64", "f64"], (b, [x, y]) => one(b, "f64", (dst) => ({ op: "fbin", kind: "div", dst, a: x!, b: y! }))));
    expect(t).toMatch(/^divsd xmm0,xmm1$/m);
  });

  test("i2f, f2i, bitcast", () => {
    expect(text(fn(["i64"], (b, [x]) => one(b, "f64", (dst) => ({ op: "i2f", dst, a: x! }))))).toMatch(/^xorpd xmm0,xmm0\ncvtsi2sd xmm0,rdi$/m);
    expect(text(fn(["f64"], (b, [x]) => one(b, "i64", (dst) => ({ op: "f2i", dst, a: x! }))))).toMatch(/^cvttsd2si rax,xmm0$/m);
    expect(text(fn(["f64"], (b, [x]) => one(b, "i64", (dst) => ({ op: "bitcast", dst, a: x! }))))).toMatch(/^movq rax,xmm0$/m);
    expect(text(fn(["i64"], (b, [x]) => one(b, "f64", (dst) => ({ op: "bitcast", dst, a: x! }))))).toMatch(/^movq xmm0,rdi$/m);
  });
});

describe("memory", () => {
  test("loads of every width, signed and unsigned, at the offset", () => {
    const ld = (width: 1 | 2 | 4 | 8, signed: boolean) =>
      text(fn(["i64"], (b, [p]) => one(b, "i64", (dst) => ({ op: "load", dst, base: p!, offset: 24, width, signed }))));
    expect(ld(1, false)).toMatch(/^movzx eax,BYTE PTR \[rdi\+0x18\]$/m);
    expect(ld(1, true)).toMatch(/^movsx rax,BYTE PTR \[rdi\+0x18\]$/m);
    expect(ld(2, false)).toMatch(/^movzx eax,WORD PTR \[rdi\+0x18\]$/m);
    expect(ld(4, false)).toMatch(/^mov eax,DWORD PTR \[rdi\+0x18\]$/m);
    expect(ld(4, true)).toMatch(/^movsxd rax,DWORD PTR \[rdi\+0x18\]$/m);
    expect(ld(8, false)).toMatch(/^mov rax,QWORD PTR \[rdi\+0x18\]$/m);
    const fl = text(fn(["i64"], (b, [p]) => one(b, "f64", (dst) => ({ op: "load", dst, base: p!, offset: 8, width: 8 }))));
    expect(fl).toMatch(/^movsd xmm0,QWORD PTR \[rdi\+0x8\]$/m);
  });

  test("stores of registers and immediates (narrow immediates keep their low bytes)", () => {
    const st = (src: VReg | { imm: number } | null, width: 1 | 2 | 4 | 8) =>
      text(fn(["i64", "i64"], (b, [p, v]) => {
        b.emit({ op: "store", base: p!, offset: -8, src: src ?? v!, width });
        return p!;
      }));
    expect(st(null, 1)).toMatch(/^mov BYTE PTR \[rdi-0x8\],sil$/m);
    expect(st(null, 4)).toMatch(/^mov DWORD PTR \[rdi-0x8\],esi$/m);
    expect(st({ imm: 0x1ff }, 1)).toMatch(/^mov BYTE PTR \[rdi-0x8\],0xff$/m);
    expect(st({ imm: -1 }, 8)).toMatch(/^mov QWORD PTR \[rdi-0x8\],0xffffffffffffffff$/m);
  });

  test("stack slots are addressed from rbp", () => {
    const b = new LirBuilder("slots");
    const s0 = b.slot(24, 8);
    const s1 = b.slot(16, 16);
    b.at(b.block());
    const [a0, a1] = [b.vreg(), b.vreg()];
    b.emit({ op: "slotaddr", dst: a0, slot: s0 });
    b.emit({ op: "slotaddr", dst: a1, slot: s1 });
    b.emit({ op: "bin", kind: "sub", dst: a0, a: a0, b: a1 });
    b.emit({ op: "ret", value: a0 });
    const c = compile(b.finish());
    expect(c.text).toMatch(/^lea \w+,\[rbp-0x18\]$/m);
    expect(c.text).toMatch(/^lea \w+,\[rbp-0x30\]$/m); // 16-byte aligned below the first slot
    expect(c.selected.frame.slotDisp).toEqual([-0x18, -0x30]);
  });
});

describe("calls and reference counts", () => {
  test("calls to symbols go through the pool; arguments in System V order, extra ones on the stack", () => {
    const f = fn(["i64", "f64"], (b, [x, d]) => {
      const r = b.vreg();
      const args = [x!, d!, { imm: 1 }, { imm: 2 }, { imm: 3 }, { imm: 4 }, { imm: 5 }, { imm: 6 }, x!];
      b.emit({ op: "call", dst: r, target: { sym: "callee" }, args });
      return r;
    });
    const t = text(f);
    expect(t).toMatch(/^mov QWORD PTR \[rsp\],0x6$/m);
    expect(t).toMatch(/^mov QWORD PTR \[rsp\+0x8\],rdi$/m);
    expect(t).toMatch(/^mov esi,0x1$/m);
    expect(t).toMatch(/^mov r9d,0x5$/m);
    expect(t).toMatch(/^call QWORD PTR \[rip\+0x[0-9a-f]+\]/m);
    expect(t).not.toMatch(/movsd|movapd/); // the double stays in xmm0
  });

  test("indirect calls go through r11; swapped arguments go through the cycle scratch", () => {
    const f = fn(["i64", "i64", "i64"], (b, [x, y, target]) => {
      const r = b.vreg();
      b.emit({ op: "call", dst: r, target: target!, args: [y!, x!] });
      return r;
    });
    const t = text(f);
    expect(t).toMatch(/^mov r11,rdx$/m);
    expect(t).toMatch(/^call r11$/m);
    expect(t).toMatch(/^mov r10,rdi$|^mov r10,rsi$/m);
  });

  test("incref inline; decref with the dealloc call out of line after the body", () => {
    const f = fn(["i64", "i64"], (b, [o, n]) => {
      b.emit({ op: "incref", v: o! });
      b.emit({ op: "decref", v: o! });
      b.emit({ op: "xdecref", v: n! });
      return o!;
    });
    const c = compile(f);
    expect(c.text).toMatch(/^add QWORD PTR \[(\w+)\],0x1\nsub QWORD PTR \[\1\],0x1\nje 0x/m);
    expect(c.text).toMatch(/^test (\w+),\1\nje 0x[0-9a-f]+\nsub QWORD PTR \[\1\],0x1\nje 0x/m);
    const rets = c.code.findIndex((d) => d.text === "ret");
    // The stub: reserve the save area, save, call _Py_Dealloc (through the constant pool), restore.
    const deallocCalls = c.code.map((d, i) => [d, i] as const).filter(([d]) => /^call QWORD PTR \[rip/.test(d.text));
    expect(deallocCalls).toHaveLength(2);
    for (const [, i] of deallocCalls) {
      expect(i).toBeGreaterThan(rets); // out of line
      const around = c.code.slice(i - 3, i + 4).map((d) => d.text);
      expect(around).toContain("sub rsp,0xb0");
      expect(around.slice(4)).toEqual([expect.stringMatching(/^call 0x/), "add rsp,0xb0", expect.stringMatching(/^jmp 0x/)]);
    }
    // One pair of save/restore routines for the function: every allocatable caller-saved register.
    const saves = c.code.filter((d) => /^movs?d? QWORD PTR \[rsp\+0x[0-9a-f]+\],/.test(d.text)).map((d) => d.text.split(",")[1]);
    const restores = c.code.filter((d) => /^movs?d? \w+,QWORD PTR \[rsp\+0x[0-9a-f]+\]$/.test(d.text)).map((d) => d.text.split(" ")[1]!.split(",")[0]);
    const expected = ["rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", ...Array.from({ length: 15 }, (_, k) => `xmm${k}`)];
    expect(saves.sort()).toEqual([...expected].sort());
    expect(restores.sort()).toEqual([...expected].sort());
  });

  test("values live across a call use callee-saved registers, saved in the prologue", () => {
    const f = fn(["i64", "i64"], (b, [x, y]) => {
      const r = b.vreg();
      b.emit({ op: "call", dst: r, target: { sym: "g" }, args: [] });
      b.emit({ op: "bin", kind: "add", dst: r, a: r, b: x! });
      b.emit({ op: "bin", kind: "add", dst: r, a: r, b: y! });
      return r;
    });
    const c = compile(f);
    expect(c.text).toMatch(/^push rbp\nmov rbp,rsp\npush rbx\npush r12$/m);
    expect(c.text).toMatch(/^pop r12\npop rbx\npop rbp\nret$/m);
  });
});

describe("control flow and layout", () => {
  function diamond(coldElse: boolean): LirFunc {
    const b = new LirBuilder("diamond");
    const x = b.param();
    const r = b.vreg();
    const blocks: LirBlock[] = [b.block(), b.block(), b.block(coldElse), b.block()];
    const [entry, then, other, join] = blocks as [LirBlock, LirBlock, LirBlock, LirBlock];
    b.at(entry);
    b.emit({ op: "brcmp", cond: "sgt", a: x, b: { imm: 0 }, ifTrue: then.id, ifFalse: other.id });
    b.at(then);
    b.emit({ op: "iconst", dst: r, value: 1n });
    b.emit({ op: "jump", target: join.id });
    b.at(other);
    b.emit({ op: "iconst", dst: r, value: 2n });
    b.emit({ op: "jump", target: join.id });
    b.at(join);
    b.emit({ op: "ret", value: r });
    return b.finish();
  }

  test("branches fall through to the next block", () => {
    const c = compile(diamond(false));
    expect(c.text).toMatch(/^test rdi,rdi\njle 0x/m); // then-block falls through
    expect(c.code.filter((d) => d.text.startsWith("jmp"))).toHaveLength(1); // else falls into join
  });

  test("cold blocks are placed after the hot code", () => {
    const c = compile(diamond(true));
    const ret = c.code.findIndex((d) => d.text === "ret");
    const two = c.code.findIndex((d) => d.text === "mov eax,0x2");
    expect(two).toBeGreaterThan(ret);
    expect(c.text).toMatch(/^test rdi,rdi\njle 0x/m);
  });

  test("blocks that only jump are skipped; unreachable is ud2", () => {
    const b = new LirBuilder("threading");
    const x = b.param();
    const [entry, hop1, hop2, target, dead] = [b.block(), b.block(), b.block(), b.block(), b.block()];
    b.at(entry);
    b.emit({ op: "br", cond: x, ifTrue: hop1.id, ifFalse: dead.id });
    b.at(hop1);
    b.emit({ op: "jump", target: hop2.id });
    b.at(hop2);
    b.emit({ op: "jump", target: target.id });
    b.at(dead);
    b.emit({ op: "unreachable" });
    b.at(target);
    b.emit({ op: "ret", value: x });
    const c = compile(b.finish());
    expect(c.text).toMatch(/^test rdi,rdi\nje 0x[0-9a-f]+\nmov rax,rdi\nret\nud2$/m);
  });

  test("leaf functions without stack needs get no frame", () => {
    const c = compile(fn(["i64", "i64"], (b, [x, y]) => one(b, "i64", (dst) => ({ op: "bin", kind: "add", dst, a: x!, b: y! }))));
    expect(c.text).toBe("lea rax,[rdi+rsi*1]\nret");
  });
});

describe("spills", () => {
  test("under pressure values live in rbp-relative spill slots and are used in place", () => {
    const f = fn(["i64"], (b, [x]) => {
      const vs = Array.from({ length: 20 }, (_, k) => one(b, "i64", (dst) => ({ op: "bin", kind: "mul", dst, a: x!, b: { imm: k + 2 } })));
      const acc = b.vreg();
      b.emit({ op: "iconst", dst: acc, value: 0n });
      for (const v of vs) b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: v });
      return acc;
    });
    const c = compile(f);
    expect(c.selected.alloc.spillSlots).toBeGreaterThan(0);
    expect(c.text).toMatch(/^mov QWORD PTR \[rbp-0x[0-9a-f]+\],\w+$/m);
    expect(c.text).toMatch(/^add \w+,QWORD PTR \[rbp-0x[0-9a-f]+\]$/m);
  });
});
