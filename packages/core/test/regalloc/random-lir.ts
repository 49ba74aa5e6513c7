// Random valid LIR functions for fuzzing the register allocator and the backends: random CFGs
// (loops, back edges to the entry, unreachable and cold blocks), both register classes, calls
// (direct and indirect, many arguments, both classes), refcounting, loads/stores and many vregs
// live at once. Generated from small "recipes" so fast-check can shrink them.

import fc from "fast-check";
import {
  LirBuilder, type BinKind, type FloatCond, type IntCond, type LirBlock, type LirFunc, type LirInst, type Operand, type VReg,
} from "../../src/index.js";

export interface Recipe {
  readonly op: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

export interface BlockRecipe {
  readonly insts: readonly Recipe[];
  readonly term: Recipe;
  readonly cold: boolean;
}

export interface FuncRecipe {
  readonly intVregs: number;
  readonly floatVregs: number;
  readonly intParams: number;
  readonly floatParams: number;
  /** Initialize every non-parameter vreg in the entry block (else only some). */
  readonly initAll: boolean;
  readonly entry: readonly Recipe[];
  readonly blocks: readonly BlockRecipe[];
}

export interface RandomLirOptions {
  /** Leave out `mov` (so no two vregs may legitimately share a location). */
  readonly noMov?: boolean;
}

const recipeArb: fc.Arbitrary<Recipe> = fc.record({
  op: fc.nat(1000), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000), d: fc.nat(1000),
});

export function funcRecipeArb(size: { maxBlocks?: number; maxInsts?: number } = {}): fc.Arbitrary<FuncRecipe> {
  return fc.record({
    intVregs: fc.integer({ min: 1, max: 40 }),
    floatVregs: fc.integer({ min: 1, max: 24 }),
    intParams: fc.integer({ min: 0, max: 8 }),
    floatParams: fc.integer({ min: 0, max: 9 }),
    initAll: fc.boolean(),
    entry: fc.array(recipeArb, { maxLength: 6 }),
    blocks: fc.array(
      fc.record({ insts: fc.array(recipeArb, { maxLength: size.maxInsts ?? 14 }), term: recipeArb, cold: fc.boolean() }),
      { minLength: 1, maxLength: size.maxBlocks ?? 9 },
    ),
  });
}

const BIN_KINDS: BinKind[] = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr", "sar"];
const INT_CONDS: IntCond[] = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"];
const FLOAT_CONDS: FloatCond[] = ["eq", "ne", "lt", "le", "gt", "ge", "uno"];
const OPS = [
  "iconst", "fconst", "sym", "mov", "fmov", "load", "fload", "store", "fstore", "storeimm", "slotaddr", "bin", "binimm", "bino",
  "neg", "not", "icmp", "icmpimm", "select", "fselect", "fbin", "funary", "fcmp", "i2f", "f2i", "bitcast", "fbitcast",
  "call", "callind", "incref", "decref", "xincref", "xdecref",
] as const;

export function buildRandomLir(r: FuncRecipe, options: RandomLirOptions = {}): LirFunc {
  const b = new LirBuilder("fuzz");
  const ints: VReg[] = [];
  const floats: VReg[] = [];
  for (let i = 0; i < Math.min(r.intParams, r.intVregs); i++) ints.push(b.param("i64"));
  for (let i = 0; i < Math.min(r.floatParams, r.floatVregs); i++) floats.push(b.param("f64"));
  const firstInt = ints.length;
  const firstFloat = floats.length;
  while (ints.length < r.intVregs) ints.push(b.vreg("i64"));
  while (floats.length < r.floatVregs) floats.push(b.vreg("f64"));
  const slot = b.slot(64, 16);

  const entry = b.block();
  const blocks = r.blocks.map((br) => b.block(br.cold));
  const all: LirBlock[] = [entry, ...blocks];
  // Half the operands come from a few "hot" vregs, so instructions often alias their operands.
  const I = (n: number) => ints[(n % 10 < 5 ? n % 3 : n) % ints.length]!;
  const F = (n: number) => floats[(n % 10 < 5 ? n % 2 : n) % floats.length]!;
  const operand = (n: number, m: number): Operand => (m % 3 === 0 ? { imm: (m % 2 === 0 ? 1 : -1) * (n % 70000) } : I(n));

  b.at(entry);
  ints.slice(firstInt).forEach((v, i) => {
    if (r.initAll || i % 2 === 0) b.emit({ op: "iconst", dst: v, value: BigInt(i * 7 - 3) });
  });
  floats.slice(firstFloat).forEach((v, i) => {
    if (r.initAll || i % 2 === 0) b.emit({ op: "fconst", dst: v, value: i * 0.5 - 1 });
  });
  const emit = (x: Recipe) => {
    const inst = instFor(x);
    if (inst !== null && !(options.noMov && inst.op === "mov")) b.emit(inst);
  };
  r.entry.forEach(emit);
  b.emit({ op: "jump", target: blocks[0]!.id });

  r.blocks.forEach((br, i) => {
    b.at(blocks[i]!);
    br.insts.forEach(emit);
    b.emit(terminator(br.term, i));
  });
  return b.finish();

  function instFor(x: Recipe): LirInst | null {
    const op = OPS[x.op % OPS.length]!;
    switch (op) {
      case "iconst": return { op, dst: I(x.a), value: BigInt(x.b) * (x.c % 2 === 0 ? 1n : 0x1_0000_0001n) - 500n };
      case "fconst": return { op, dst: F(x.a), value: x.c % 5 === 0 ? 0 : (x.b - 500) / 8 };
      case "sym": return { op, dst: I(x.a), name: `sym${x.b % 3}` };
      case "mov": return { op, dst: I(x.a), src: I(x.b) };
      case "fmov": return { op: "mov", dst: F(x.a), src: F(x.b) };
      case "load": return { op, dst: I(x.a), base: I(x.b), offset: (x.c % 64) - 16, width: ([1, 2, 4, 8] as const)[x.d % 4]!, signed: x.d % 8 >= 4 };
      case "fload": return { op: "load", dst: F(x.a), base: I(x.b), offset: x.c % 64, width: 8 };
      case "store": return { op, base: I(x.a), offset: x.c % 64, src: I(x.b), width: ([1, 2, 4, 8] as const)[x.d % 4]! };
      case "fstore": return { op: "store", base: I(x.a), offset: x.c % 64, src: F(x.b), width: 8 };
      case "storeimm": return { op: "store", base: I(x.a), offset: x.c % 64, src: { imm: x.b - 500 }, width: ([1, 2, 4, 8] as const)[x.d % 4]! };
      case "slotaddr": return { op, dst: I(x.a), slot };
      case "bin": return { op, kind: BIN_KINDS[x.d % BIN_KINDS.length]!, dst: I(x.a), a: I(x.b), b: I(x.c) };
      case "binimm": return { op: "bin", kind: BIN_KINDS[x.d % BIN_KINDS.length]!, dst: I(x.a), a: I(x.b), b: { imm: (x.c % 64) * (x.d % 2 ? 1 : 1000) } };
      case "bino": {
        if (I(x.a) === I(x.d + 1)) return null;
        return { op, kind: (["add", "sub", "mul"] as const)[x.c % 3]!, dst: I(x.a), ovf: I(x.d + 1), a: I(x.b), b: operand(x.c, x.d) };
      }
      case "neg": case "not": return { op, dst: I(x.a), a: I(x.b) };
      case "icmp": return { op, cond: INT_CONDS[x.d % INT_CONDS.length]!, dst: I(x.a), a: I(x.b), b: I(x.c) };
      case "icmpimm": return { op: "icmp", cond: INT_CONDS[x.d % INT_CONDS.length]!, dst: I(x.a), a: I(x.b), b: { imm: x.c - 500 } };
      case "select": return { op, dst: I(x.a), cond: I(x.b), a: I(x.c), b: I(x.d) };
      case "fselect": return { op: "select", dst: F(x.a), cond: I(x.b), a: F(x.c), b: F(x.d) };
      case "fbin": return { op, kind: (["add", "sub", "mul", "div"] as const)[x.d % 4]!, dst: F(x.a), a: F(x.b), b: F(x.c) };
      case "funary": return { op: (["fneg", "fabs", "fsqrt"] as const)[x.d % 3]!, dst: F(x.a), a: F(x.b) };
      case "fcmp": return { op, cond: FLOAT_CONDS[x.d % FLOAT_CONDS.length]!, dst: I(x.a), a: F(x.b), b: F(x.c) };
      case "i2f": return { op, dst: F(x.a), a: I(x.b) };
      case "f2i": return { op, dst: I(x.a), a: F(x.b) };
      case "bitcast": return { op, dst: F(x.a), a: I(x.b) };
      case "fbitcast": return { op: "bitcast", dst: I(x.a), a: F(x.b) };
      case "call": case "callind": {
        const n = x.c % 12;
        const args: (VReg | { imm: number })[] = [];
        for (let k = 0; k < n; k++) {
          const pick = (x.d * (k + 3) + x.b * k) % 7;
          args.push(pick < 4 ? I(x.b + k * 5) : pick < 6 ? F(x.b + k * 3) : { imm: k - 3 });
        }
        const dst = x.a % 4 === 0 ? null : x.a % 4 === 1 ? F(x.a) : I(x.a);
        return { op: "call", dst, target: op === "call" ? { sym: `fn${x.b % 3}` } : I(x.d), args };
      }
      case "incref": case "decref": case "xincref": case "xdecref": return { op, v: I(x.a) };
    }
  }

  function terminator(x: Recipe, i: number): LirInst {
    const target = (n: number) => all[n % all.length]!.id;
    switch (x.op % 6) {
      case 0: return { op: "ret", value: I(x.a) };
      case 1: return { op: "jump", target: target(x.b) };
      case 2: return { op: "br", cond: I(x.a), ifTrue: target(x.b), ifFalse: target(i + 2) };
      case 3: return { op: "brcmp", cond: INT_CONDS[x.d % INT_CONDS.length]!, a: I(x.a), b: operand(x.c, x.d), ifTrue: target(x.b), ifFalse: target(x.c) };
      case 4: return i + 1 < blocks.length ? { op: "jump", target: blocks[i + 1]!.id } : { op: "ret", value: I(x.a) };
      default: return x.a % 5 === 0 ? { op: "unreachable" } : { op: "ret", value: I(x.a) };
    }
  }
}
