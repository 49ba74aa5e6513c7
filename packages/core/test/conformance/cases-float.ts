// Conformance cases for doubles: arithmetic on the IEEE special values, in-place forms, unary
// operations, constants and the conversions and bitcasts between the classes.

import { cross, fn, FLOATS, I64_MIN, INTERESTING, runs, showValue, type ConformanceCase } from "./case-kit.js";

export function floatCases(): ConformanceCase[] {
  const kinds = ["add", "sub", "mul", "div"] as const;
  const ops: Record<string, (a: number, b: number) => number> = { add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b };
  const fbin = kinds.map((kind): ConformanceCase => ({
    name: `fbin.${kind}`,
    func: fn(`fbin_${kind}`, ["f64", "f64"], (b, [x, y]) => {
      const d = b.vreg("f64");
      b.emit({ op: "fbin", kind, dst: d, a: x!, b: y! });
      return d;
    }),
    runs: runs(cross(FLOATS), ops[kind]!),
  }));
  const fbinInPlace = kinds.map((kind): ConformanceCase => ({
    name: `fbin.${kind}.in-place`,
    func: fn(`fbin_${kind}_inplace`, ["f64", "f64"], (b, [x, y]) => {
      const t = b.vreg("f64");
      b.emit({ op: "fbin", kind, dst: y!, a: x!, b: y! });
      b.emit({ op: "fbin", kind, dst: t, a: y!, b: x! });
      return t;
    }),
    runs: runs(cross([1.5, -3, 0.25, -0]), (a: number, c: number) => ops[kind]!(ops[kind]!(a, c), a)),
  }));
  const unary = (["fneg", "fabs", "fsqrt"] as const).map((op): ConformanceCase => ({
    name: `funary.${op}`,
    func: fn(op, ["f64"], (b, [x]) => {
      const d = b.vreg("f64");
      b.emit({ op, dst: d, a: x! });
      return d;
    }),
    runs: runs([...FLOATS, 2, -4].map((v) => [v]), (a: number) => (op === "fneg" ? -a : op === "fabs" ? Math.abs(a) : Math.sqrt(a))),
  }));
  const consts = [0, -0, 1.5, -1e300, NaN, Infinity].map((value): ConformanceCase => ({
    name: `fconst(${showValue(value)})`,
    func: fn("fconst", [], (b) => {
      const d = b.vreg("f64");
      b.emit({ op: "fconst", dst: d, value });
      return d;
    }),
    runs: [{ args: [], expect: value }],
  }));
  const conv: ConformanceCase[] = [
    {
      name: "i2f",
      func: fn("i2f", ["i64"], (b, [x]) => {
        const d = b.vreg("f64");
        b.emit({ op: "i2f", dst: d, a: x! });
        return d;
      }),
      runs: runs(INTERESTING.map((v) => [v]), (a: bigint) => Number(a)),
    },
    {
      name: "f2i",
      func: fn("f2i", ["f64"], (b, [x]) => {
        const d = b.vreg();
        b.emit({ op: "f2i", dst: d, a: x! });
        return d;
      }),
      runs: runs([0, -0, 1.9, -1.9, -2.5, 1e18, -9.2e18, 4503599627370497].map((v) => [v]), (a: number) => BigInt(Math.trunc(a))),
    },
    {
      name: "bitcast.f2i",
      func: fn("bitcast_f2i", ["f64"], (b, [x]) => {
        const d = b.vreg();
        b.emit({ op: "bitcast", dst: d, a: x! });
        return d;
      }),
      runs: runs([0, -0, 1, -2, Infinity].map((v) => [v]), (a: number) => {
        const dv = new DataView(new ArrayBuffer(8));
        dv.setFloat64(0, a, true);
        return dv.getBigInt64(0, true);
      }),
    },
    {
      name: "bitcast.i2f",
      func: fn("bitcast_i2f", ["i64"], (b, [x]) => {
        const d = b.vreg("f64");
        b.emit({ op: "bitcast", dst: d, a: x! });
        return d;
      }),
      runs: runs([0n, I64_MIN, 0x3ff0_0000_0000_0000n, 1n, 0x7ff0_0000_0000_0000n].map((v) => [v]), (a: bigint) => {
        const dv = new DataView(new ArrayBuffer(8));
        dv.setBigInt64(0, a, true);
        return dv.getFloat64(0, true);
      }),
    },
  ];
  return [...fbin, ...fbinInPlace, ...unary, ...consts, ...conv];
}

