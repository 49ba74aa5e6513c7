// fast-check generators for random, always-encodable instruction sequences. Steps are plain data
// (registers by name, memory as an address record, labels and constants by index) so a shrunk
// counterexample prints readably; `apply` turns a step into an Assembler call.

import fc from "fast-check";
import {
  Assembler, ALU_OPS, UNARY_OPS, SHIFT_OPS, SSE_OPS, CONDITIONS, gprs, xmms, mem, rip, sized,
  type Label, type Gpr, type MemSize, type GprSize, type Scale, type MemOperand,
} from "../../src/encoder/index.js";

type Reg = string;
type Address = { readonly base: Reg | null; readonly index: Reg | null; readonly scale: Scale; readonly disp: number };
type MemArg =
  | { readonly m: Address; readonly size: MemSize | null }
  | { readonly rip: number; readonly addend: number; readonly size: MemSize | null };
type Arg = Reg | MemArg | bigint | number | { readonly label: number };
export interface Step { readonly op: string; readonly args: readonly Arg[] }

export const LABELS = 4;

const REGS = new Map<string, unknown>([...[1, 2, 4, 8].flatMap((s) => gprs(s as GprSize)), ...xmms()].map((r) => [r.name, r]));
const names = (size: GprSize) => gprs(size).map((r) => r.name);
const reg = (size: GprSize) => fc.constantFrom(...names(size));
const xmm = fc.constantFrom(...xmms().map((r) => r.name));
const r64 = reg(8);

const disp = fc.oneof(
  fc.constantFrom(0, 1, -1, 0x7f, 0x80, -0x80, -0x81, 0x7fff_ffff, -0x8000_0000),
  fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }),
);
const address = fc.record({
  base: fc.option(r64, { nil: null }),
  index: fc.option(r64.filter((r) => r !== "rsp"), { nil: null }),
  scale: fc.constantFrom<Scale>(1, 2, 4, 8),
  disp,
}).map((a) => ({ ...a, scale: a.index === null ? (1 as Scale) : a.scale }));

/** A memory operand of width `size` (null: unsized), sometimes RIP-relative to a constant. */
const memory = (size: MemSize | null): fc.Arbitrary<MemArg> =>
  fc.oneof(
    { weight: 4, arbitrary: address.map((m) => ({ m, size })) },
    { weight: 1, arbitrary: fc.record({ rip: fc.nat(2), addend: fc.constantFrom(0, 8), size: fc.constant(size) }) },
  );

/** Immediates for a `bits`-wide operation whose field sign-extends from `field` bits. */
const imm = (bits: number, field = bits): fc.Arbitrary<bigint> => {
  const valid = (v: bigint) => {
    const p = BigInt.asIntN(bits, v);
    return v >= -(1n << BigInt(bits - 1)) && v < 1n << BigInt(bits) && p === BigInt.asIntN(field, p);
  };
  const signed = fc.bigInt({ min: -(1n << BigInt(field - 1)), max: (1n << BigInt(field - 1)) - 1n });
  const edges = fc.constantFrom(0n, 1n, -1n, 0x7fn, 0x80n, -0x80n, -0x81n, 0xffn, 0x7fff_ffffn, -0x8000_0000n, 0xffff_ffffn).filter(valid);
  if (field < bits) return fc.oneof(edges, signed);
  return fc.oneof(edges, signed, fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }));
};

const step = (op: string, ...args: fc.Arbitrary<Arg>[]): fc.Arbitrary<Step> => fc.tuple(...args).map((a) => ({ op, args: a }));
const sizes = [1, 2, 4, 8] as const;
const wide = [2, 4, 8] as const;
const immField = (s: GprSize) => (s === 8 ? 32 : s * 8);

const alu = fc.constantFrom(...(Object.keys(ALU_OPS) as string[])).chain((op) =>
  fc.constantFrom(...sizes).chain((s) =>
    fc.oneof(
      step(op, reg(s), reg(s)),
      step(op, memory(null), reg(s)),
      step(op, reg(s), memory(null)),
      step(op, reg(s), imm(s * 8, immField(s))),
      step(op, memory(s), imm(s * 8, immField(s))),
    ),
  ),
);

const test = fc.constantFrom(...sizes).chain((s) =>
  fc.oneof(step("test", reg(s), reg(s)), step("test", memory(null), reg(s)), step("test", reg(s), imm(s * 8, immField(s)))),
);

const unary = fc.constantFrom(...(Object.keys(UNARY_OPS) as string[])).chain((op) =>
  fc.constantFrom(...sizes).chain((s) => fc.oneof(step(op, reg(s)), step(op, memory(s)))),
);

const imul = fc.constantFrom(...wide).chain((s) =>
  fc.oneof(
    step("imul", reg(s), fc.oneof(reg(s), memory(null))),
    step("imul", reg(s), fc.oneof(reg(s), memory(s)), imm(s * 8, immField(s))),
  ),
);

const shift = fc.constantFrom(...(Object.keys(SHIFT_OPS) as string[])).chain((op) =>
  fc.constantFrom(...sizes).chain((s) =>
    step("shift", fc.constant(op), fc.oneof(reg(s), memory(s)),
      fc.oneof(fc.integer({ min: 0, max: s === 8 ? 63 : 31 }), fc.constant("cl"))),
  ),
);

const mov = fc.constantFrom(...sizes).chain((s) =>
  fc.oneof(
    step("mov", reg(s), reg(s)),
    step("mov", reg(s), memory(null)),
    step("mov", memory(null), reg(s)),
    step("mov", reg(s), imm(s * 8)),
    step("mov", memory(s), imm(s * 8, immField(s))),
  ),
);

const extend = fc.constantFrom([2, 1], [4, 1], [8, 1], [4, 2], [8, 2], [8, 4]).chain(([to, from]) =>
  fc.constantFrom("movzx", "movsx").chain((op) => step(op, reg(to as GprSize), fc.oneof(reg(from as GprSize), memory(from as MemSize)))),
);

const misc = fc.oneof(
  step("movabs", r64, imm(64)),
  step("movsxd", r64, fc.oneof(reg(4), memory(null))),
  fc.constantFrom(...wide).chain((s) => step("lea", reg(s), memory(null))),
  fc.constantFrom(...CONDITIONS).chain((c) => fc.oneof(step("setcc", fc.constant(c), fc.oneof(reg(1), memory(null))),
    fc.constantFrom(...wide).chain((s) => step("cmovcc", fc.constant(c), reg(s), fc.oneof(reg(s), memory(null)))))),
  step("push", fc.oneof(r64, memory(null), imm(64, 32))),
  step("pop", fc.oneof(r64, memory(null))),
  fc.constantFrom("ret", "int3", "ud2", "cqo", "cdq").map((op) => ({ op, args: [] })),
);

const control = fc.oneof(
  step("jmp", fc.record({ label: fc.nat(LABELS - 1) })),
  fc.constantFrom(...CONDITIONS).chain((c) => step("jcc", fc.constant(c), fc.record({ label: fc.nat(LABELS - 1) }))),
  step("call", fc.record({ label: fc.nat(LABELS - 1) })),
  fc.constantFrom("jmp", "call").chain((op) => step(op, fc.oneof(r64, memory(null)))),
  step("bind", fc.record({ label: fc.nat(LABELS - 1) })),
  step("nop", fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 100, max: 200 }))),
  step("align", fc.constantFrom(2, 4, 8, 16)),
);

const sse = fc.oneof(
  fc.constantFrom(...(Object.keys(SSE_OPS) as (keyof typeof SSE_OPS)[])).chain((op) =>
    step(op, xmm, fc.oneof(xmm, memory(SSE_OPS[op].mem)))),
  fc.constantFrom("movsd", "movapd").chain((op) => step(op, memory(null), xmm)),
  fc.oneof(step("movq", xmm, r64), step("movq", r64, xmm), step("movd", xmm, reg(4)), step("movd", reg(4), xmm)),
  fc.constantFrom<4 | 8>(4, 8).chain((s) => step("cvtsi2sd", xmm, fc.oneof(reg(s), memory(s)))),
  fc.constantFrom("cvttsd2si", "cvtsd2si").chain((op) => step(op, fc.oneof(reg(4), r64), fc.oneof(xmm, memory(null)))),
  step("roundsd", xmm, fc.oneof(xmm, memory(null)), fc.integer({ min: 0, max: 15 })),
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(alu, test, unary, imul, shift, mov, extend, misc, control, sse);

export interface Env {
  readonly labels: readonly Label[];
  readonly consts: readonly Label[];
  readonly bound: Set<Label>;
}

export function newEnv(asm: Assembler): Env {
  return {
    labels: Array.from({ length: LABELS }, (_, i) => asm.newLabel(`l${i}`)),
    consts: [asm.constF64(1.5), asm.const128(0x8000_0000_0000_0000n, 0n), asm.constAddress(0x7fff_0000_1000n)],
    bound: new Set(),
  };
}

function resolve(arg: Arg, env: Env): unknown {
  if (typeof arg === "string") return REGS.get(arg) ?? arg;
  if (typeof arg !== "object") return arg;
  if ("label" in arg) return env.labels[arg.label];
  let m: MemOperand;
  if ("rip" in arg) m = rip(env.consts[arg.rip]!, arg.addend);
  else {
    const { base, index, scale, disp } = arg.m;
    const gpr = (name: Reg | null) => (name === null ? null : (REGS.get(name) as Gpr));
    m = mem({ base: gpr(base), index: gpr(index), scale, disp });
  }
  return arg.size === null ? m : sized(m, arg.size);
}

export function apply(asm: Assembler, s: Step, env: Env): void {
  const args = s.args.map((a) => resolve(a, env));
  if (s.op === "bind") {
    const label = args[0] as Label;
    if (env.bound.has(label)) return;
    env.bound.add(label);
  }
  (asm as unknown as Record<string, (...a: unknown[]) => void>)[s.op]!(...args);
}

/** Bind every label the sequence left unbound, so it can be finished. */
export function closeEnv(asm: Assembler, env: Env): void {
  for (const l of env.labels) if (!env.bound.has(l)) asm.bind(l);
  asm.ret();
}
