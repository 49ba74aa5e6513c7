// Random LIR programs that can be executed, for differential testing of a backend against the
// reference interpreter: the same random CFGs, classes, calls and pressure as the allocator
// fuzzer, but every program terminates (a fuel counter checked at every block), reads only memory
// it owns (a 64-byte stack slot and a fake object), calls only the fixed callees below, avoids
// results LIR leaves to the target (f2i operands are range-checked first), and returns one i64
// checksum of everything it computed (NaNs folded to one bit pattern, since payloads may differ).

import fc from "fast-check";
import {
  LirBuilder, type BinKind, type FloatCond, type IntCond, type LirBlock, type LirFunc, type LirInst, type Operand, type RegClass,
  type VReg,
} from "../../src/index.js";
import type { FuncRecipe, Recipe } from "../regalloc/random-lir.js";
import { funcRecipeArb } from "../regalloc/random-lir.js";

export { funcRecipeArb as programRecipeArb };

export const PROGRAM_FUEL = 40;
const CANONICAL_NAN = 0x7ff8_0000_0000_0000n;

type Callee = { readonly name: string; readonly params: readonly RegClass[]; readonly ret: RegClass; readonly func: LirFunc };

function callee(name: string, params: RegClass[], ret: RegClass, body: (b: LirBuilder, ps: VReg[]) => VReg): Callee {
  const b = new LirBuilder(name);
  const ps = params.map((c) => b.param(c));
  b.at(b.block());
  b.emit({ op: "ret", value: body(b, ps) });
  return { name, params, ret, func: b.finish() };
}

/** The functions random programs call; compile and install them once. */
export function programCallees(): Callee[] {
  const mix = callee("mix2", ["i64", "i64"], "i64", (b, [x, y]) => {
    const t = b.vreg();
    b.emit({ op: "bin", kind: "mul", dst: t, a: x!, b: { imm: 31 } });
    b.emit({ op: "bin", kind: "xor", dst: t, a: t, b: y! });
    return t;
  });
  const classes: RegClass[] = ["i64", "f64", "i64", "i64", "f64", "i64", "i64", "i64", "f64", "i64"];
  const wide = callee("wide10", classes, "i64", (b, ps) => {
    const acc = b.vreg();
    const t = b.vreg();
    b.emit({ op: "iconst", dst: acc, value: 7n });
    ps.forEach((p, k) => {
      if (classes[k] === "f64") b.emit({ op: "bitcast", dst: t, a: p });
      else b.emit({ op: "mov", dst: t, src: p });
      b.emit({ op: "bin", kind: "mul", dst: acc, a: acc, b: { imm: 1_000_003 } });
      b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: t });
    });
    return acc;
  });
  const fscale = callee("fscale", ["f64", "i64"], "f64", (b, [d, k]) => {
    const [fk, r] = [b.vreg("f64"), b.vreg("f64")];
    b.emit({ op: "i2f", dst: fk, a: k! });
    b.emit({ op: "fbin", kind: "mul", dst: r, a: d!, b: fk });
    return r;
  });
  // Refcount drops to zero: reset it and count deallocations in the object's second word.
  const dealloc = callee("_Py_Dealloc", ["i64"], "i64", (b, [obj]) => {
    const n = b.vreg();
    b.emit({ op: "store", base: obj!, offset: 0, src: { imm: 3 }, width: 8 });
    b.emit({ op: "load", dst: n, base: obj!, offset: 8, width: 8 });
    b.emit({ op: "bin", kind: "add", dst: n, a: n, b: { imm: 1 } });
    b.emit({ op: "store", base: obj!, offset: 8, src: n, width: 8 });
    return n;
  });
  return [mix, wide, fscale, dealloc];
}

const BIN_KINDS: BinKind[] = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr", "sar"];
const INT_CONDS: IntCond[] = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"];
const FLOAT_CONDS: FloatCond[] = ["eq", "ne", "lt", "le", "gt", "ge", "uno"];
const ICONSTS = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 0xffff_ffffn, 2n ** 31n, 12345n];
const FCONSTS = [0, -0, 1, -1.5, 0.1, 1e300, -1e-300, Infinity, NaN, 2 ** 62];
const OPS = [
  "iconst", "fconst", "mov", "fmov", "load", "fload", "store", "fstore", "bin", "binimm", "bino", "unary", "icmp", "select",
  "fselect", "fbin", "funary", "fcmp", "i2f", "f2i", "bitcast", "fbitcast", "call", "callind", "fcall", "refcount",
] as const;

export interface Program {
  readonly func: LirFunc;
  readonly params: readonly RegClass[];
}

/** An executable program from the same recipes as the allocator fuzzer's functions. */
export function buildProgram(r: FuncRecipe): Program {
  const b = new LirBuilder("program");
  const nI = Math.min(r.intParams, 4);
  const nF = Math.min(r.floatParams, 3);
  const params: RegClass[] = [...Array<RegClass>(nI).fill("i64"), ...Array<RegClass>(nF).fill("f64")];
  const ps = params.map((c) => b.param(c));
  const ints: VReg[] = Array.from({ length: Math.max(2, r.intVregs) }, () => b.vreg("i64"));
  const floats: VReg[] = Array.from({ length: Math.max(1, Math.min(16, r.floatVregs)) }, () => b.vreg("f64"));
  // Reserved: never chosen by random instructions.
  const [fuel, base, obj, fnaddr] = [b.vreg(), b.vreg(), b.vreg(), b.vreg()];
  const slot = b.slot(64, 16);
  const objSlot = b.slot(16, 8);

  const entry = b.block();
  const blocks = r.blocks.map((br) => [b.block(br.cold), b.block(br.cold)] as const); // body, terminator
  const exit = b.block();
  // Operands mostly come from a few "hot" vregs so that instructions often read and write the same
  // vreg (d = a - d, shifts by themselves, ...), the aliasing cases instruction selection must get right.
  const I = (n: number) => ints[(n % 10 < 6 ? n % 3 : n) % ints.length]!;
  const F = (n: number) => floats[(n % 10 < 6 ? n % 2 : n) % floats.length]!;
  const operand = (n: number, m: number): Operand => (m % 3 === 0 ? { imm: (m % 2 === 0 ? 1 : -1) * (n % 70000) } : I(n));
  const targetBody = (n: number): LirBlock => blocks[n % blocks.length]![0];

  b.at(entry);
  b.emit({ op: "iconst", dst: fuel, value: BigInt(PROGRAM_FUEL) });
  b.emit({ op: "slotaddr", dst: base, slot });
  for (let k = 0; k < 8; k++) b.emit({ op: "store", base, offset: 8 * k, src: { imm: k * 1000 - 3 }, width: 8 });
  b.emit({ op: "slotaddr", dst: obj, slot: objSlot });
  b.emit({ op: "store", base: obj, offset: 0, src: { imm: 2 }, width: 8 });
  b.emit({ op: "store", base: obj, offset: 8, src: { imm: 0 }, width: 8 });
  ints.forEach((v, k) => {
    const from = ps.filter((_, j) => params[j] === "i64");
    if (from.length > 0 && k % 3 === 0) b.emit({ op: "bin", kind: "add", dst: v, a: from[k % from.length]!, b: { imm: k } });
    else b.emit({ op: "iconst", dst: v, value: ICONSTS[k % ICONSTS.length]! + BigInt(k) });
  });
  floats.forEach((v, k) => {
    const from = ps.filter((_, j) => params[j] === "f64");
    if (from.length > 0 && k % 2 === 0) b.emit({ op: "mov", dst: v, src: from[k % from.length]! });
    else b.emit({ op: "fconst", dst: v, value: FCONSTS[k % FCONSTS.length]! });
  });
  r.entry.forEach((x) => emitRecipe(x));
  b.emit({ op: "jump", target: blocks[0]![0].id });

  r.blocks.forEach((br, i) => {
    const [body, term] = blocks[i]!;
    b.at(body);
    b.emit({ op: "bin", kind: "sub", dst: fuel, a: fuel, b: { imm: 1 } });
    const work = b.block(br.cold);
    b.emit({ op: "brcmp", cond: "sle", a: fuel, b: { imm: 0 }, ifTrue: exit.id, ifFalse: work.id });
    b.at(work);
    br.insts.forEach((x) => emitRecipe(x));
    b.emit({ op: "jump", target: term.id });
    b.at(term);
    b.emit(terminator(br.term, i));
  });

  b.at(exit);
  const acc = b.vreg();
  const t = b.vreg();
  const u = b.vreg();
  const nan = b.vreg();
  b.emit({ op: "iconst", dst: acc, value: 17n });
  b.emit({ op: "iconst", dst: nan, value: CANONICAL_NAN });
  const fold = (v: VReg) => {
    b.emit({ op: "bin", kind: "mul", dst: acc, a: acc, b: { imm: 1_000_003 } });
    b.emit({ op: "bin", kind: "xor", dst: acc, a: acc, b: v });
  };
  for (const v of ints) fold(v);
  for (const v of floats) {
    b.emit({ op: "bitcast", dst: t, a: v });
    b.emit({ op: "fcmp", cond: "uno", dst: u, a: v, b: v });
    b.emit({ op: "select", dst: t, cond: u, a: nan, b: t });
    fold(t);
  }
  for (let k = 0; k < 8; k++) {
    b.emit({ op: "load", dst: t, base, offset: 8 * k, width: 8 });
    fold(t);
  }
  for (const offset of [0, 8]) {
    b.emit({ op: "load", dst: t, base: obj, offset, width: 8 });
    fold(t);
  }
  fold(fuel);
  b.emit({ op: "ret", value: acc });
  return { func: b.finish(), params };

  function emitRecipe(x: Recipe): void {
    for (const inst of instsFor(x)) b.emit(inst);
  }

  function instsFor(x: Recipe): LirInst[] {
    const op = OPS[x.op % OPS.length]!;
    const width = ([1, 2, 4, 8] as const)[x.d % 4]!;
    switch (op) {
      case "iconst": return [{ op, dst: I(x.a), value: ICONSTS[x.b % ICONSTS.length]! * BigInt((x.c % 3) - 1) + BigInt(x.c) }];
      case "fconst": return [{ op, dst: F(x.a), value: FCONSTS[x.b % FCONSTS.length]! }];
      case "mov": return [{ op, dst: I(x.a), src: I(x.b) }];
      case "fmov": return [{ op: "mov", dst: F(x.a), src: F(x.b) }];
      case "load": return [{ op, dst: I(x.a), base, offset: x.c % (65 - width), width, signed: x.b % 2 === 0 }];
      case "fload": return [{ op: "load", dst: F(x.a), base, offset: x.c % 57, width: 8 }];
      case "store": return [{ op, base, offset: x.c % (65 - width), src: x.b % 4 === 0 ? { imm: x.a - 500 } : I(x.a), width }];
      case "fstore": return [{ op: "store", base, offset: x.c % 57, src: F(x.a), width: 8 }];
      case "bin": return [{ op, kind: BIN_KINDS[x.d % BIN_KINDS.length]!, dst: I(x.a), a: I(x.b), b: I(x.c) }];
      case "binimm": return [{ op: "bin", kind: BIN_KINDS[x.d % BIN_KINDS.length]!, dst: I(x.a), a: I(x.b), b: { imm: (x.c % 130) - 65 } }];
      case "bino": {
        if (I(x.a) === I(x.d + 1)) return [];
        return [{ op, kind: (["add", "sub", "mul"] as const)[x.c % 3]!, dst: I(x.a), ovf: I(x.d + 1), a: I(x.b), b: operand(x.c, x.d) }];
      }
      case "unary": return [{ op: x.d % 2 === 0 ? "neg" : "not", dst: I(x.a), a: I(x.b) }];
      case "icmp": return [{ op, cond: INT_CONDS[x.d % INT_CONDS.length]!, dst: I(x.a), a: I(x.b), b: operand(x.c, x.b) }];
      case "select": return [{ op, dst: I(x.a), cond: I(x.b), a: I(x.c), b: I(x.d) }];
      case "fselect": return [{ op: "select", dst: F(x.a), cond: I(x.b), a: F(x.c), b: F(x.d) }];
      case "fbin": return [{ op, kind: (["add", "sub", "mul", "div"] as const)[x.d % 4]!, dst: F(x.a), a: F(x.b), b: F(x.c) }];
      case "funary": return [{ op: (["fneg", "fabs", "fsqrt"] as const)[x.d % 3]!, dst: F(x.a), a: F(x.b) }];
      case "fcmp": return [{ op, cond: FLOAT_CONDS[x.d % FLOAT_CONDS.length]!, dst: I(x.a), a: F(x.b), b: F(x.c) }];
      case "i2f": return [{ op, dst: F(x.a), a: I(x.b) }];
      case "f2i": {
        // Only in-range operands: |v| < 2^62 (NaN fails the compare), else 0.0.
        const [limit, absv, ok, zero, safe] = [b.vreg("f64"), b.vreg("f64"), b.vreg(), b.vreg("f64"), b.vreg("f64")];
        return [
          { op: "fconst", dst: limit, value: 2 ** 62 },
          { op: "fabs", dst: absv, a: F(x.b) },
          { op: "fcmp", cond: "lt", dst: ok, a: absv, b: limit },
          { op: "fconst", dst: zero, value: 0 },
          { op: "select", dst: safe, cond: ok, a: F(x.b), b: zero },
          { op: "f2i", dst: I(x.a), a: safe },
        ];
      }
      case "bitcast": return [{ op, dst: F(x.a), a: I(x.b) }];
      case "fbitcast": return [{ op: "bitcast", dst: I(x.a), a: F(x.b) }];
      case "call": {
        if (x.c % 2 === 0) return [{ op, dst: x.a % 3 === 0 ? null : I(x.a), target: { sym: "mix2" }, args: [I(x.b), x.d % 2 ? { imm: x.d } : I(x.d)] }];
        const args = ["i64", "f64", "i64", "i64", "f64", "i64", "i64", "i64", "f64", "i64"].map((c, k) =>
          c === "f64" ? F(x.b + k) : k === 7 && x.d % 2 === 0 ? { imm: x.d } : I(x.b + 3 * k));
        return [{ op, dst: I(x.a), target: { sym: "wide10" }, args }];
      }
      case "callind": return [
        { op: "sym", dst: fnaddr, name: "mix2" },
        { op: "call", dst: I(x.a), target: fnaddr, args: [I(x.c), I(x.b)] },
      ];
      case "fcall": return [{ op: "call", dst: F(x.a), target: { sym: "fscale" }, args: [F(x.b), { imm: (x.c % 7) - 3 }] }];
      case "refcount": return [{ op: (["incref", "decref", "xincref", "xdecref"] as const)[x.d % 4]!, v: obj }];
    }
  }

  function terminator(x: Recipe, i: number): LirInst {
    switch (x.op % 5) {
      case 0: return { op: "jump", target: exit.id };
      case 1: return { op: "jump", target: targetBody(x.b).id };
      case 2: return { op: "br", cond: I(x.a), ifTrue: targetBody(x.b).id, ifFalse: targetBody(i + 1).id };
      case 3: return { op: "brcmp", cond: INT_CONDS[x.d % INT_CONDS.length]!, a: I(x.a), b: operand(x.c, x.d), ifTrue: targetBody(x.b).id, ifFalse: targetBody(x.c).id };
      default: return i + 1 < blocks.length ? { op: "jump", target: blocks[i + 1]![0].id } : { op: "jump", target: exit.id };
    }
  }
}

/** Arguments for a program's parameters from random numbers. */
export function programArgs(params: readonly RegClass[], seeds: readonly number[]): (bigint | number)[] {
  return params.map((c, k) => {
    const s = seeds[k % seeds.length]! + k;
    return c === "i64" ? BigInt(s) * 0x9e37_79b9n - 5000n : (s % 17) * 0.75 - 3;
  });
}

export const programArgsArb = fc.array(fc.integer({ min: -1000, max: 100000 }), { minLength: 1, maxLength: 8 });
