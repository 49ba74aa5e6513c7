// Conformance cases for integer operations: arithmetic (including the in-place forms where the
// result overwrites an operand), overflow-checked arithmetic at the i64 limits, shifts (counts
// taken modulo 64), compares and branches on every condition, float compares with NaN and -0.0,
// constants and selects.

import { LirBuilder, type BinKind, type FloatCond, type IntCond, type LirFunc } from "../../src/index.js";
import {
  cross, fn, I64_MAX, I64_MIN, INTERESTING, runs, SHIFT_COUNTS, wrap, type ConformanceCase,
} from "./case-kit.js";
import { binary, floatCompare, intCompare } from "./interpret.js";

export function binCases(): ConformanceCase[] {
  const kinds: BinKind[] = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr", "sar"];
  return kinds.flatMap((kind) => {
    const shifts = kind === "shl" || kind === "shr" || kind === "sar";
    const ys = shifts ? SHIFT_COUNTS : INTERESTING;
    const imms = shifts ? [0, 1, 13, 63] : [0, 1, -1, 100, -128, 0x7fff_ffff, -(2 ** 31)];
    const reg: ConformanceCase = {
      name: `bin.${kind}`,
      func: fn(`bin_${kind}`, ["i64", "i64"], (b, [x, y]) => {
        const d = b.vreg();
        b.emit({ op: "bin", kind, dst: d, a: x!, b: y! });
        return d;
      }),
      runs: runs(cross(INTERESTING, ys), (a: bigint, c: bigint) => wrap(binary(kind, a, c))),
    };
    const withImm: ConformanceCase[] = imms.map((imm) => ({
      name: `bin.${kind}.imm(${imm})`,
      func: fn(`bin_${kind}_imm`, ["i64"], (b, [x]) => {
        const d = b.vreg();
        b.emit({ op: "bin", kind, dst: d, a: x!, b: { imm } });
        return d;
      }),
      runs: runs(INTERESTING.map((v) => [v]), (a: bigint) => wrap(binary(kind, a, BigInt(imm)))),
    }));
    // The same operation where the result overwrites an operand (d = a op d and d = d op a).
    const inPlace: ConformanceCase = {
      name: `bin.${kind}.in-place`,
      func: fn(`bin_${kind}_inplace`, ["i64", "i64"], (b, [x, y]) => {
        const t = b.vreg();
        b.emit({ op: "bin", kind, dst: y!, a: x!, b: y! });
        b.emit({ op: "bin", kind, dst: t, a: y!, b: x! });
        return t;
      }),
      runs: runs(cross(INTERESTING.slice(0, 9), ys.slice(0, 7)), (a: bigint, c: bigint) => wrap(binary(kind, wrap(binary(kind, a, c)), a))),
    };
    return [reg, ...withImm, inPlace];
  });
}

export function binoCases(): ConformanceCase[] {
  const kinds = ["add", "sub", "mul"] as const;
  const exact = (k: string, a: bigint, c: bigint) => (k === "add" ? a + c : k === "sub" ? a - c : a * c);
  const values = [...INTERESTING, 2n ** 31n, 3037000499n, 3037000500n, -(2n ** 32n)];
  return kinds.flatMap((kind) => [
    {
      // (result, ovf) packed as result * 2 + ovf would overflow; return them separately instead.
      name: `bino.${kind}.value`,
      func: fn(`bino_${kind}_value`, ["i64", "i64"], (b, [x, y]) => {
        const [d, o] = [b.vreg(), b.vreg()];
        b.emit({ op: "bino", kind, dst: d, ovf: o, a: x!, b: y! });
        return d;
      }),
      runs: runs(cross(values), (a: bigint, c: bigint) => wrap(exact(kind, a, c))),
    },
    {
      name: `bino.${kind}.ovf`,
      func: fn(`bino_${kind}_ovf`, ["i64", "i64"], (b, [x, y]) => {
        const [d, o] = [b.vreg(), b.vreg()];
        b.emit({ op: "bino", kind, dst: d, ovf: o, a: x!, b: y! });
        return o;
      }),
      runs: runs(cross(values), (a: bigint, c: bigint) => (exact(kind, a, c) === wrap(exact(kind, a, c)) ? 0n : 1n)),
    },
    ...[1, -1, 2, 0x7fff_ffff].map((imm) => ({
      name: `bino.${kind}.imm(${imm}).ovf`,
      func: fn(`bino_${kind}_imm`, ["i64"], (b, [x]) => {
        const [d, o, r] = [b.vreg(), b.vreg(), b.vreg()];
        b.emit({ op: "bino", kind, dst: d, ovf: o, a: x!, b: { imm } });
        // ovf in bit 0, the low 62 bits of the result above it: both must be right.
        b.emit({ op: "bin", kind: "shl", dst: r, a: d, b: { imm: 1 } });
        b.emit({ op: "bin", kind: "or", dst: r, a: r, b: o });
        return r;
      }),
      runs: runs(values.map((v) => [v]), (a: bigint) => {
        const e = exact(kind, a, BigInt(imm));
        return wrap((wrap(e) << 1n) | (e === wrap(e) ? 0n : 1n));
      }),
    })),
  ]);
}

export function unaryCases(): ConformanceCase[] {
  return (["neg", "not"] as const).map((op) => ({
    name: `unary.${op}`,
    func: fn(`unary_${op}`, ["i64"], (b, [x]) => {
      const d = b.vreg();
      b.emit({ op, dst: d, a: x! });
      return d;
    }),
    runs: runs(INTERESTING.map((v) => [v]), (a: bigint) => wrap(op === "neg" ? -a : ~a)),
  }));
}

export function compareCases(): ConformanceCase[] {
  const conds: IntCond[] = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"];
  const values = [0n, 1n, -1n, 5n, I64_MAX, I64_MIN, -(2n ** 31n)];
  const icmp = conds.flatMap((cond): ConformanceCase[] => [
    {
      name: `icmp.${cond}`,
      func: fn(`icmp_${cond}`, ["i64", "i64"], (b, [x, y]) => {
        const d = b.vreg();
        b.emit({ op: "icmp", cond, dst: d, a: x!, b: y! });
        return d;
      }),
      runs: runs(cross(values), (a: bigint, c: bigint) => (intCompare(cond, a, c) ? 1n : 0n)),
    },
    {
      name: `icmp.${cond}.imm(-1)`,
      func: fn(`icmp_${cond}_imm`, ["i64"], (b, [x]) => {
        const d = b.vreg();
        b.emit({ op: "icmp", cond, dst: d, a: x!, b: { imm: -1 } });
        return d;
      }),
      runs: runs(values.map((v) => [v]), (a: bigint) => (intCompare(cond, a, -1n) ? 1n : 0n)),
    },
    {
      // brcmp: 10 when taken, 20 when not.
      name: `brcmp.${cond}`,
      func: branchOn(cond),
      runs: runs(cross(values), (a: bigint, c: bigint) => (intCompare(cond, a, c) ? 10n : 20n)),
    },
  ]);
  const fconds: FloatCond[] = ["eq", "ne", "lt", "le", "gt", "ge", "uno"];
  const fcmp = fconds.map((cond): ConformanceCase => ({
    name: `fcmp.${cond}`,
    func: fn(`fcmp_${cond}`, ["f64", "f64"], (b, [x, y]) => {
      const d = b.vreg();
      b.emit({ op: "fcmp", cond, dst: d, a: x!, b: y! });
      return d;
    }),
    runs: runs(cross([0, -0, 1, -2.5, Infinity, -Infinity, NaN]), (a: number, c: number) => (floatCompare(cond, a, c) ? 1n : 0n)),
  }));
  return [...icmp, ...fcmp];
}

function branchOn(cond: IntCond): LirFunc {
  const b = new LirBuilder(`brcmp_${cond}`);
  const [x, y] = [b.param(), b.param()];
  const [entry, yes, no] = [b.block(), b.block(), b.block()];
  const r = b.vreg();
  b.at(entry);
  b.emit({ op: "brcmp", cond, a: x, b: y, ifTrue: yes.id, ifFalse: no.id });
  b.at(yes);
  b.emit({ op: "iconst", dst: r, value: 10n });
  b.emit({ op: "ret", value: r });
  b.at(no);
  b.emit({ op: "iconst", dst: r, value: 20n });
  b.emit({ op: "ret", value: r });
  return b.finish();
}

export function constAndSelectCases(): ConformanceCase[] {
  const iconsts = [0n, 1n, -1n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, -(2n ** 31n) - 1n, I64_MAX, I64_MIN].map(
    (value): ConformanceCase => ({
      name: `iconst(${value})`,
      func: fn("iconst", [], (b) => {
        const d = b.vreg();
        b.emit({ op: "iconst", dst: d, value });
        return d;
      }),
      runs: [{ args: [], expect: value }],
    }),
  );
  const select: ConformanceCase[] = [
    {
      name: "select.i64",
      func: fn("select_i64", ["i64", "i64", "i64"], (b, [c, x, y]) => {
        const d = b.vreg();
        b.emit({ op: "select", dst: d, cond: c!, a: x!, b: y! });
        return d;
      }),
      runs: runs([[0n, 5n, 6n], [1n, 5n, 6n], [-1n, 5n, 6n], [I64_MIN, 5n, 6n], [2n ** 32n, 7n, 8n]], (c: bigint, a: bigint, y: bigint) => (c !== 0n ? a : y)),
    },
    {
      name: "select.i64.same-register",
      func: fn("select_same", ["i64", "i64"], (b, [c, x]) => {
        const d = b.vreg();
        b.emit({ op: "select", dst: x!, cond: c!, a: x!, b: c! });
        b.emit({ op: "select", dst: d, cond: c!, a: c!, b: x! });
        return d;
      }),
      runs: runs([[0n, 5n], [3n, 5n]], (c: bigint) => c), // x = c ? x : c; d = c ? c : x
    },
    {
      name: "select.f64",
      func: fn("select_f64", ["i64", "f64", "f64"], (b, [c, x, y]) => {
        const d = b.vreg("f64");
        b.emit({ op: "select", dst: d, cond: c!, a: x!, b: y! });
        return d;
      }),
      runs: runs([[0n, 1.5, -0], [1n, 1.5, -0], [2n ** 40n, NaN, 2]], (c: bigint, a: number, y: number) => (c !== 0n ? a : y)),
    },
  ];
  return [...iconsts, ...select];
}

