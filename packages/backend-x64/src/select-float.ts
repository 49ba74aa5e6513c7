// Instruction selection for doubles (SSE2 scalar) and the conversions between the classes.
//
// Float compares use ucomisd, which reports unordered (a NaN operand) as ZF=PF=CF=1. Ordered
// "greater" conditions (seta: CF=0 and ZF=0, setae: CF=0) are false on unordered by themselves, so
// lt/le swap the operands and use them too; eq must also see PF=0 and ne accepts PF=1.

import type { FloatCond, LirInst } from "@pyjc/core";
import { type Xmm, resize, rip } from "./encoder/index.js";
import { FSCRATCH, SCRATCH0, SCRATCH1 } from "./abi.js";
import type { Ctx } from "./context.js";

type Inst<K extends LirInst["op"]> = Extract<LirInst, { op: K }>;

const SIGN_BIT = 0x8000_0000_0000_0000n;

export function selectFconst(x: Ctx, i: Inst<"fconst">): void {
  const d = x.xmm(i.dst);
  if (d !== null && Object.is(i.value, 0)) {
    x.asm.xorpd(d, d);
    return;
  }
  const t = d ?? FSCRATCH;
  x.asm.movsd(t, rip(x.asm.constF64(i.value)));
  x.put(i.dst, t);
}

const FBIN = { add: "addsd", sub: "subsd", mul: "mulsd", div: "divsd" } as const;

export function selectFbin(x: Ctx, i: Inst<"fbin">): void {
  const op = FBIN[i.kind];
  const d = x.xmm(i.dst);
  if (d !== null && (i.kind === "add" || i.kind === "mul") && x.sameLoc(i.dst, i.b) && !x.sameLoc(i.dst, i.a)) {
    x.asm.sse(op, d, x.xm(i.a));
    return;
  }
  const t = x.ftarget(i.dst, [i.b]);
  x.get(t, i.a);
  x.asm.sse(op, t, x.xm(i.b));
  x.put(i.dst, t);
}

export function selectFunary(x: Ctx, i: Inst<"fneg" | "fabs" | "fsqrt">): void {
  const t = x.ftarget(i.dst, []);
  if (i.op === "fsqrt") {
    x.asm.sqrtsd(t, x.xm(i.a));
  } else {
    // Flip or clear the sign bit with a 16-byte-aligned mask from the constant pool.
    x.get(t, i.a);
    if (i.op === "fneg") x.asm.xorpd(t, rip(x.asm.const128(SIGN_BIT, 0)));
    else x.asm.andpd(t, rip(x.asm.const128(SIGN_BIT - 1n, 0)));
  }
  x.put(i.dst, t);
}

export function selectFcmp(x: Ctx, i: Inst<"fcmp">): void {
  const asm = x.asm;
  const swap = i.cond === "lt" || i.cond === "le";
  const [a, b] = swap ? [i.b, i.a] : [i.a, i.b];
  asm.ucomisd(x.inXmm(a), x.xm(b));
  const t = x.gpr(i.dst) ?? SCRATCH0;
  const t8 = resize(t, 1);
  const cond: FloatCond = i.cond;
  switch (cond) {
    case "gt": case "lt": asm.setcc("a", t8); break;
    case "ge": case "le": asm.setcc("ae", t8); break;
    case "uno": asm.setcc("p", t8); break;
    case "eq":
      asm.setcc("e", t8);
      asm.setcc("np", resize(SCRATCH1, 1));
      asm.and(t8, resize(SCRATCH1, 1));
      break;
    case "ne":
      asm.setcc("ne", t8);
      asm.setcc("p", resize(SCRATCH1, 1));
      asm.or(t8, resize(SCRATCH1, 1));
      break;
  }
  asm.movzx(resize(t, 4), t8);
  x.put(i.dst, t);
}

export function selectI2f(x: Ctx, i: Inst<"i2f">): void {
  const t = x.ftarget(i.dst, []);
  // cvtsi2sd writes only the low lane: clear the register first so it does not wait on its old value.
  x.asm.xorpd(t, t);
  x.asm.cvtsi2sd(t, x.rm(i.a));
  x.put(i.dst, t);
}

export function selectF2i(x: Ctx, i: Inst<"f2i">): void {
  // Truncates; out-of-range and NaN give 0x8000000000000000 (LIR callers range-check first).
  const t = x.target(i.dst, []);
  x.asm.cvttsd2si(t, x.xm(i.a));
  x.put(i.dst, t);
}

export function selectBitcast(x: Ctx, i: Inst<"bitcast">): void {
  // Same 8 bytes, other register file: movq between registers, plain loads/stores otherwise.
  const to = x.where(i.dst);
  const from = x.where(i.a);
  if (to.kind === "mem" && from.kind === "mem") {
    x.asm.mov(SCRATCH0, from);
    x.asm.mov(to, SCRATCH0);
  } else if (to.kind === "mem") {
    if (from.kind === "gpr") x.asm.mov(to, from);
    else x.asm.movsd(to, from as Xmm);
  } else if (to.kind === "gpr") {
    if (from.kind === "xmm") x.asm.movq(to, from);
    else x.asm.mov(to, from);
  } else {
    if (from.kind === "gpr") x.asm.movq(to, from);
    else x.asm.movsd(to, from);
  }
}
