// Conformance cases that are whole programs: loops, calls (many arguments of both classes, stack
// arguments, permutations, indirect calls, double results), values live across calls and more
// live values than registers, stack slots and memory of every width, refcounting with a generated
// _Py_Dealloc.

import { LirBuilder, type LirFunc, type RegClass, type VReg } from "../../src/index.js";
import { fn, I64_MAX, I64_MIN, runs, wrap, type ConformanceCase } from "./case-kit.js";
import type { Value } from "./interpret.js";

/** sum = 0; for (i = 1; i <= n; i++) sum += i * i */
export function loopCases(): ConformanceCase[] {
  const sumSquares = (() => {
    const b = new LirBuilder("sum_squares");
    const n = b.param();
    const [i, sum, sq] = [b.vreg(), b.vreg(), b.vreg()];
    const [entry, head, body, exit] = [b.block(), b.block(), b.block(), b.block()];
    b.at(entry);
    b.emit({ op: "iconst", dst: i, value: 1n });
    b.emit({ op: "iconst", dst: sum, value: 0n });
    b.emit({ op: "jump", target: head.id });
    b.at(head);
    b.emit({ op: "brcmp", cond: "sle", a: i, b: n, ifTrue: body.id, ifFalse: exit.id });
    b.at(body);
    b.emit({ op: "bin", kind: "mul", dst: sq, a: i, b: i });
    b.emit({ op: "bin", kind: "add", dst: sum, a: sum, b: sq });
    b.emit({ op: "bin", kind: "add", dst: i, a: i, b: { imm: 1 } });
    b.emit({ op: "jump", target: head.id });
    b.at(exit);
    b.emit({ op: "ret", value: sum });
    return b.finish();
  })();
  // factorial with overflow detection: returns -1 once n! no longer fits.
  const factorial = (() => {
    const b = new LirBuilder("factorial");
    const n = b.param();
    const [acc, ovf, k, minus1] = [b.vreg(), b.vreg(), b.vreg(), b.vreg()];
    const [entry, head, body, cont, overflow, exit] = [b.block(), b.block(), b.block(), b.block(), b.block(true), b.block()];
    b.at(entry);
    b.emit({ op: "iconst", dst: acc, value: 1n });
    b.emit({ op: "iconst", dst: k, value: 2n });
    b.emit({ op: "jump", target: head.id });
    b.at(head);
    b.emit({ op: "brcmp", cond: "sgt", a: k, b: n, ifTrue: exit.id, ifFalse: body.id });
    b.at(body);
    b.emit({ op: "bino", kind: "mul", dst: acc, ovf, a: acc, b: k });
    b.emit({ op: "br", cond: ovf, ifTrue: overflow.id, ifFalse: cont.id });
    b.at(cont);
    b.emit({ op: "bin", kind: "add", dst: k, a: k, b: { imm: 1 } });
    b.emit({ op: "jump", target: head.id });
    b.at(overflow);
    b.emit({ op: "iconst", dst: minus1, value: -1n });
    b.emit({ op: "ret", value: minus1 });
    b.at(exit);
    b.emit({ op: "ret", value: acc });
    return b.finish();
  })();
  const fact = (n: bigint) => {
    let acc = 1n;
    for (let k = 2n; k <= n; k++) {
      acc *= k;
      if (acc > I64_MAX) return -1n;
    }
    return acc;
  };
  // Nested loops over doubles: sum over i < n, j < n of (i + 0.5) * j.
  const nested = (() => {
    const b = new LirBuilder("nested");
    const n = b.param();
    const [i, j, fi, fj, acc, half, t] = [b.vreg(), b.vreg(), b.vreg("f64"), b.vreg("f64"), b.vreg("f64"), b.vreg("f64"), b.vreg("f64")];
    const [entry, outer, innerInit, inner, innerBody, outerNext, exit] = [b.block(), b.block(), b.block(), b.block(), b.block(), b.block(), b.block()];
    b.at(entry);
    b.emit({ op: "iconst", dst: i, value: 0n });
    b.emit({ op: "fconst", dst: acc, value: 0 });
    b.emit({ op: "fconst", dst: half, value: 0.5 });
    b.emit({ op: "jump", target: outer.id });
    b.at(outer);
    b.emit({ op: "brcmp", cond: "slt", a: i, b: n, ifTrue: innerInit.id, ifFalse: exit.id });
    b.at(innerInit);
    b.emit({ op: "iconst", dst: j, value: 0n });
    b.emit({ op: "i2f", dst: fi, a: i });
    b.emit({ op: "fbin", kind: "add", dst: fi, a: fi, b: half });
    b.emit({ op: "jump", target: inner.id });
    b.at(inner);
    b.emit({ op: "brcmp", cond: "slt", a: j, b: n, ifTrue: innerBody.id, ifFalse: outerNext.id });
    b.at(innerBody);
    b.emit({ op: "i2f", dst: fj, a: j });
    b.emit({ op: "fbin", kind: "mul", dst: t, a: fi, b: fj });
    b.emit({ op: "fbin", kind: "add", dst: acc, a: acc, b: t });
    b.emit({ op: "bin", kind: "add", dst: j, a: j, b: { imm: 1 } });
    b.emit({ op: "jump", target: inner.id });
    b.at(outerNext);
    b.emit({ op: "bin", kind: "add", dst: i, a: i, b: { imm: 1 } });
    b.emit({ op: "jump", target: outer.id });
    b.at(exit);
    b.emit({ op: "ret", value: acc });
    return b.finish();
  })();
  const nestedRef = (n: bigint) => {
    let acc = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) acc += (i + 0.5) * j;
    return acc;
  };
  return [
    { name: "loop.sum-squares", func: sumSquares, runs: runs([[0n], [1n], [10n], [1000n], [-5n]], (n: bigint) => {
      let s = 0n;
      for (let i = 1n; i <= n; i++) s += i * i;
      return s;
    }) },
    { name: "loop.factorial-overflow", func: factorial, runs: runs([[0n], [5n], [20n], [21n], [25n]], fact) },
    { name: "loop.nested-f64", func: nested, runs: runs([[0n], [3n], [17n]], nestedRef) },
  ];
}

/** Weighted sums make every argument's position matter. */
const weighted = (xs: readonly bigint[]) => wrap(xs.reduce((s, x, k) => s + x * BigInt(k + 1), 0n));

/** A callee taking `classes` arguments, returning sum(arg_k * (k+1)) in the class `ret`. */
function weightedCallee(name: string, classes: readonly RegClass[], ret: RegClass): LirFunc {
  return fn(name, classes, (b, ps) => {
    const acc = b.vreg("f64");
    const t = b.vreg("f64");
    const w = b.vreg("f64");
    b.emit({ op: "fconst", dst: acc, value: 0 });
    ps.forEach((p, k) => {
      if (classes[k] === "i64") b.emit({ op: "i2f", dst: t, a: p });
      else b.emit({ op: "mov", dst: t, src: p });
      b.emit({ op: "fconst", dst: w, value: k + 1 });
      b.emit({ op: "fbin", kind: "mul", dst: t, a: t, b: w });
      b.emit({ op: "fbin", kind: "add", dst: acc, a: acc, b: t });
    });
    if (ret === "f64") return acc;
    const r = b.vreg();
    b.emit({ op: "f2i", dst: r, a: acc });
    return r;
  });
}

export function callCases(): ConformanceCase[] {
  // sum10: ten i64 arguments, four of them on the stack.
  const sum10 = fn("sum10", Array(10).fill("i64"), (b, ps) => {
    const acc = b.vreg();
    const t = b.vreg();
    b.emit({ op: "iconst", dst: acc, value: 0n });
    ps.forEach((p, k) => {
      b.emit({ op: "bin", kind: "mul", dst: t, a: p, b: { imm: k + 1 } });
      b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: t });
    });
    return acc;
  });
  const callSum10 = fn("call_sum10", ["i64", "i64"], (b, [x, y]) => {
    const args: (VReg | { imm: number })[] = [];
    for (let k = 0; k < 10; k++) {
      if (k === 4) args.push({ imm: -7 });
      else if (k === 7) args.push({ imm: 0 });
      else {
        const v = b.vreg();
        b.emit({ op: "bin", kind: "add", dst: v, a: k % 2 === 0 ? x! : y!, b: { imm: k * 1000 } });
        args.push(v);
      }
    }
    const r = b.vreg();
    b.emit({ op: "call", dst: r, target: { sym: "sum10" }, args });
    return r;
  });
  const sum10Ref = (x: bigint, y: bigint) =>
    weighted(Array.from({ length: 10 }, (_, k) => (k === 4 ? -7n : k === 7 ? 0n : wrap((k % 2 === 0 ? x : y) + BigInt(k * 1000)))));

  // mixed: 7 i64 and 10 f64 arguments interleaved (two doubles and one integer on the stack).
  const mixedClasses: RegClass[] = ["f64", "i64", "f64", "f64", "i64", "f64", "i64", "f64", "i64", "f64", "f64", "i64", "f64", "i64", "f64", "i64", "f64"];
  const mixed = weightedCallee("mixed", mixedClasses, "f64");
  const callMixed = fn("call_mixed", ["i64", "f64"], (b, [x, d]) => {
    const args: VReg[] = mixedClasses.map((c, k) => {
      const v = b.vreg(c);
      if (c === "i64") b.emit({ op: "bin", kind: "add", dst: v, a: x!, b: { imm: k } });
      else {
        const kk = b.vreg("f64");
        b.emit({ op: "fconst", dst: kk, value: k / 4 });
        b.emit({ op: "fbin", kind: "add", dst: v, a: d!, b: kk });
      }
      return v;
    });
    const r = b.vreg("f64");
    b.emit({ op: "call", dst: r, target: { sym: "mixed" }, args });
    return r;
  });
  const mixedRef = (x: bigint, d: number) => mixedClasses.reduce((acc, c, k) => acc + (c === "i64" ? Number(x + BigInt(k)) : d + k / 4) * (k + 1), 0);

  // The same arguments permuted through the argument registers: a parallel move with cycles.
  const sub3 = fn("sub3", ["i64", "i64", "i64"], (b, [p, q, r]) => {
    const t = b.vreg();
    b.emit({ op: "bin", kind: "mul", dst: t, a: q!, b: { imm: 10 } });
    b.emit({ op: "bin", kind: "sub", dst: t, a: p!, b: t });
    b.emit({ op: "bin", kind: "mul", dst: q!, a: r!, b: { imm: 100 } });
    b.emit({ op: "bin", kind: "add", dst: t, a: t, b: q! });
    return t;
  });
  const rotate = fn("rotate", ["i64", "i64", "i64"], (b, [p, q, r]) => {
    const [a1, a2, a3] = [b.vreg(), b.vreg(), b.vreg()];
    b.emit({ op: "call", dst: a1, target: { sym: "sub3" }, args: [q!, r!, p!] });
    b.emit({ op: "call", dst: a2, target: { sym: "sub3" }, args: [r!, p!, q!] });
    b.emit({ op: "call", dst: a3, target: { sym: "sub3" }, args: [p!, p!, a1] });
    b.emit({ op: "bin", kind: "add", dst: a1, a: a1, b: a2 });
    b.emit({ op: "bin", kind: "add", dst: a1, a: a1, b: a3 });
    return a1;
  });
  const s3 = (p: bigint, q: bigint, r: bigint) => wrap(p - q * 10n + r * 100n);
  const rotateRef = (p: bigint, q: bigint, r: bigint) => wrap(s3(q, r, p) + s3(r, p, q) + s3(p, p, s3(q, r, p)));

  // An indirect call through an address from `sym`.
  const indirect = fn("indirect", ["i64", "i64", "i64"], (b, [p, q, r]) => {
    const target = b.vreg();
    const out = b.vreg();
    b.emit({ op: "sym", dst: target, name: "sub3" });
    b.emit({ op: "call", dst: out, target, args: [r!, q!, p!] });
    return out;
  });

  // f64 through calls: a double returned and passed back.
  const scale = fn("scale", ["f64", "i64"], (b, [d, k]) => {
    const [fk, r] = [b.vreg("f64"), b.vreg("f64")];
    b.emit({ op: "i2f", dst: fk, a: k! });
    b.emit({ op: "fbin", kind: "mul", dst: r, a: d!, b: fk });
    return r;
  });
  const twice = fn("twice", ["f64"], (b, [d]) => {
    const [r1, r2] = [b.vreg("f64"), b.vreg("f64")];
    b.emit({ op: "call", dst: r1, target: { sym: "scale" }, args: [d!, { imm: 3 }] });
    b.emit({ op: "call", dst: r2, target: { sym: "scale" }, args: [r1, { imm: -2 }] });
    b.emit({ op: "fbin", kind: "add", dst: r2, a: r2, b: d! });
    return r2;
  });

  return [
    { name: "call.ten-int-args", func: callSum10, callees: [["sum10", sum10]], runs: runs([[1n, 2n], [-5n, I64_MAX], [0n, 0n]], sum10Ref) },
    { name: "call.mixed-17-args", func: callMixed, callees: [["mixed", mixed]], runs: runs([[1n, 0.5], [-100n, -3.25]], mixedRef) },
    { name: "call.permuted-args", func: rotate, callees: [["sub3", sub3]], runs: runs([[1n, 2n, 3n], [-7n, 11n, 1000n]], rotateRef) },
    { name: "call.indirect", func: indirect, callees: [["sub3", sub3]], runs: runs([[1n, 2n, 3n], [5n, -6n, 7n]], (p: bigint, q: bigint, r: bigint) => s3(r, q, p)) },
    { name: "call.f64-result", func: twice, callees: [["scale", scale]], runs: runs([[1.5], [-0.25], [1e300]], (d: number) => d * 3 * -2 + d) },
    { name: "call.callee-with-8-doubles", func: weightedCallee("w8", ["f64", "f64", "f64", "f64", "f64", "f64", "f64", "f64", "i64", "i64"], "f64"),
      runs: runs([[1, 2, 3, 4, 5, 6, 7, 8, 9n, 10n]], (...a: Value[]) => a.reduce<number>((s, v, k) => s + Number(v) * (k + 1), 0)) },
    { name: "call.callee-with-8-ints", func: weightedCallee("w8i", Array(8).fill("i64"), "i64"),
      runs: runs([[1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n], [-1n, 0n, 0n, 0n, 0n, 0n, 0n, 100n]], (...a: bigint[]) => weighted(a)) },
  ];
}

/** Many values live across calls and more values live at once than there are registers. */
export function pressureCases(): ConformanceCase[] {
  // A callee with high register pressure of its own, so it really uses (and, for callee-saved
  // registers, restores) the registers the caller keeps values in.
  const churn = fn("churn", ["i64"], (b, [x]) => {
    const vs = Array.from({ length: 20 }, (_, k) => {
      const v = b.vreg();
      b.emit({ op: "bin", kind: "mul", dst: v, a: x!, b: { imm: k + 3 } });
      return v;
    });
    const fs = Array.from({ length: 18 }, (_, k) => {
      const v = b.vreg("f64");
      b.emit({ op: "i2f", dst: v, a: vs[k]! });
      return v;
    });
    const acc = b.vreg();
    const facc = b.vreg("f64");
    b.emit({ op: "iconst", dst: acc, value: 0n });
    b.emit({ op: "fconst", dst: facc, value: 0 });
    for (const v of vs) b.emit({ op: "bin", kind: "xor", dst: acc, a: acc, b: v });
    for (const v of fs) b.emit({ op: "fbin", kind: "add", dst: facc, a: facc, b: v });
    const fi = b.vreg();
    b.emit({ op: "f2i", dst: fi, a: facc });
    b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: fi });
    return acc;
  });
  const churnRef = (x: bigint) => {
    const vs = Array.from({ length: 20 }, (_, k) => wrap(x * BigInt(k + 3)));
    const f = vs.slice(0, 18).reduce((s, v) => s + Number(v), 0);
    return wrap(vs.reduce((s, v) => s ^ v, 0n) + BigInt(Math.trunc(f)));
  };
  const across = (ni: number, nf: number) => fn(`across_${ni}_${nf}`, ["i64", "f64"], (b, [x, d]) => {
    const vs = Array.from({ length: ni }, (_, k) => {
      const v = b.vreg();
      b.emit({ op: "bin", kind: "add", dst: v, a: x!, b: { imm: k * 7 + 1 } });
      return v;
    });
    const fs = Array.from({ length: nf }, (_, k) => {
      const v = b.vreg("f64");
      const c = b.vreg("f64");
      b.emit({ op: "fconst", dst: c, value: k + 0.25 });
      b.emit({ op: "fbin", kind: "mul", dst: v, a: d!, b: c });
      return v;
    });
    const r1 = b.vreg();
    const r2 = b.vreg();
    b.emit({ op: "call", dst: r1, target: { sym: "churn" }, args: [vs[0]!] });
    b.emit({ op: "call", dst: r2, target: { sym: "churn" }, args: [vs[vs.length - 1]!] });
    const acc = b.vreg();
    b.emit({ op: "bin", kind: "sub", dst: acc, a: r1, b: r2 });
    vs.forEach((v, k) => {
      const t = b.vreg();
      b.emit({ op: "bin", kind: "mul", dst: t, a: v, b: { imm: k + 1 } });
      b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: t });
    });
    const facc = b.vreg("f64");
    b.emit({ op: "fconst", dst: facc, value: 0 });
    for (const v of fs) b.emit({ op: "fbin", kind: "add", dst: facc, a: facc, b: v });
    const fi = b.vreg();
    b.emit({ op: "f2i", dst: fi, a: facc });
    b.emit({ op: "bin", kind: "add", dst: acc, a: acc, b: fi });
    return acc;
  });
  const acrossRef = (ni: number, nf: number) => (x: bigint, d: number) => {
    const vs = Array.from({ length: ni }, (_, k) => wrap(x + BigInt(k * 7 + 1)));
    let acc = wrap(churnRef(vs[0]!) - churnRef(vs[ni - 1]!));
    vs.forEach((v, k) => (acc = wrap(acc + wrap(v * BigInt(k + 1)))));
    const f = Array.from({ length: nf }, (_, k) => d * (k + 0.25)).reduce((s, v) => s + v, 0);
    return wrap(acc + BigInt(Math.trunc(f)));
  };
  return [
    { name: "pressure.churn", func: churn, runs: runs([[3n], [-1234567n]], churnRef) },
    { name: "pressure.across-calls-8", func: across(8, 3), callees: [["churn", churn]], runs: runs([[10n, 1.5], [-3n, -2]], acrossRef(8, 3)) },
    { name: "pressure.across-calls-30", func: across(30, 20), callees: [["churn", churn]], runs: runs([[10n, 1.5], [2n ** 40n, 0.125]], acrossRef(30, 20)) },
  ];
}

/** Stack slots, loads and stores of every width, refcounting with a generated _Py_Dealloc. */
export function memoryCases(): ConformanceCase[] {
  const widths = (() => {
    const b = new LirBuilder("widths");
    const x = b.param();
    const slot = b.slot(32, 16);
    b.at(b.block());
    const base = b.vreg();
    b.emit({ op: "slotaddr", dst: base, slot });
    b.emit({ op: "store", base, offset: 0, src: { imm: 0 }, width: 8 });
    b.emit({ op: "store", base, offset: 8, src: { imm: -1 }, width: 8 });
    b.emit({ op: "store", base, offset: 0, src: x, width: 8 });
    b.emit({ op: "store", base, offset: 8, src: x, width: 2 });
    b.emit({ op: "store", base, offset: 12, src: { imm: 0x1ff }, width: 1 });
    b.emit({ op: "store", base, offset: 16, src: x, width: 4 });
    b.emit({ op: "store", base, offset: 20, src: { imm: -2 }, width: 4 });
    const acc = b.vreg();
    const t = b.vreg();
    b.emit({ op: "iconst", dst: acc, value: 0n });
    const loads: [number, 1 | 2 | 4 | 8, boolean][] = [[0, 1, false], [0, 1, true], [1, 2, false], [1, 2, true], [2, 4, true], [0, 4, false], [8, 8, false], [12, 1, true], [16, 8, false]];
    loads.forEach(([offset, width, signed], k) => {
      b.emit({ op: "load", dst: t, base, offset, width, signed });
      b.emit({ op: "bin", kind: "mul", dst: t, a: t, b: { imm: 2 * k + 1 } });
      b.emit({ op: "bin", kind: "xor", dst: acc, a: acc, b: t });
    });
    b.emit({ op: "ret", value: acc });
    return b.finish();
  })();
  const widthsRef = (x: bigint) => {
    const mem = new DataView(new ArrayBuffer(32));
    mem.setBigInt64(8, -1n, true);
    mem.setBigInt64(0, x, true);
    mem.setUint16(8, Number(BigInt.asUintN(16, x)), true);
    mem.setUint8(12, 0xff);
    mem.setUint32(16, Number(BigInt.asUintN(32, x)), true);
    mem.setInt32(20, -2, true);
    const ld = (o: number, w: number, s: boolean) => {
      const raw = w === 1 ? BigInt(mem.getUint8(o)) : w === 2 ? BigInt(mem.getUint16(o, true)) : w === 4 ? BigInt(mem.getUint32(o, true)) : mem.getBigUint64(o, true);
      return s ? BigInt.asIntN(w * 8, raw) : raw;
    };
    const loads: [number, number, boolean][] = [[0, 1, false], [0, 1, true], [1, 2, false], [1, 2, true], [2, 4, true], [0, 4, false], [8, 8, false], [12, 1, true], [16, 8, false]];
    return loads.reduce((acc, [o, w, s], k) => wrap(acc ^ wrap(ld(o, w, s) * BigInt(2 * k + 1))), 0n);
  };
  const floatsInMemory = (() => {
    const b = new LirBuilder("float_slots");
    const d = b.param("f64");
    const slot = b.slot(16, 8);
    b.at(b.block());
    const [base, back, sum] = [b.vreg(), b.vreg("f64"), b.vreg("f64")];
    b.emit({ op: "slotaddr", dst: base, slot });
    b.emit({ op: "store", base, offset: 8, src: d, width: 8 });
    b.emit({ op: "load", dst: back, base, offset: 8, width: 8 });
    b.emit({ op: "fbin", kind: "add", dst: sum, a: back, b: d });
    b.emit({ op: "ret", value: sum });
    return b.finish();
  })();
  // An object in a stack slot: refcount at offset 0, a field at 8 the deallocator marks.
  const dealloc = fn("_Py_Dealloc", ["i64"], (b, [obj]) => {
    const r = b.vreg();
    b.emit({ op: "store", base: obj!, offset: 8, src: { imm: 77 }, width: 8 });
    b.emit({ op: "iconst", dst: r, value: 0n });
    return r;
  });
  const refcounts = (() => {
    const b = new LirBuilder("refcounts");
    const [start, times] = [b.param(), b.param()];
    const slot = b.slot(16, 8);
    const [obj, nul, rc, mark, i, r] = [b.vreg(), b.vreg(), b.vreg(), b.vreg(), b.vreg(), b.vreg()];
    const [entry, head, body, exit] = [b.block(), b.block(), b.block(), b.block()];
    b.at(entry);
    b.emit({ op: "slotaddr", dst: obj, slot });
    b.emit({ op: "store", base: obj, offset: 0, src: start, width: 8 });
    b.emit({ op: "store", base: obj, offset: 8, src: { imm: 0 }, width: 8 });
    b.emit({ op: "iconst", dst: nul, value: 0n });
    b.emit({ op: "incref", v: obj });
    b.emit({ op: "xincref", v: obj });
    b.emit({ op: "xincref", v: nul });
    b.emit({ op: "xdecref", v: nul });
    b.emit({ op: "iconst", dst: i, value: 0n });
    b.emit({ op: "jump", target: head.id });
    b.at(head);
    b.emit({ op: "brcmp", cond: "slt", a: i, b: times, ifTrue: body.id, ifFalse: exit.id });
    b.at(body);
    b.emit({ op: "decref", v: obj });
    b.emit({ op: "xdecref", v: obj });
    b.emit({ op: "bin", kind: "add", dst: i, a: i, b: { imm: 1 } });
    b.emit({ op: "jump", target: head.id });
    b.at(exit);
    // refcount * 1000 + mark
    b.emit({ op: "load", dst: rc, base: obj, offset: 0, width: 8 });
    b.emit({ op: "load", dst: mark, base: obj, offset: 8, width: 8 });
    b.emit({ op: "bin", kind: "mul", dst: r, a: rc, b: { imm: 1000 } });
    b.emit({ op: "bin", kind: "add", dst: r, a: r, b: mark });
    b.emit({ op: "ret", value: r });
    return b.finish();
  })();
  return [
    { name: "memory.widths", func: widths, runs: runs([[0n], [-1n], [0x0123_4567_89ab_cdefn], [0x80n], [I64_MIN]], widthsRef) },
    { name: "memory.f64-slot", func: floatsInMemory, runs: runs([[1.25], [-0], [NaN]], (d: number) => d + d) },
    {
      // start 1, +2 increfs, 2 decrefs per iteration: dealloc runs once the count reaches zero.
      name: "refcount.incref-decref-dealloc", func: refcounts, callees: [["_Py_Dealloc", dealloc]],
      runs: runs([[1n, 0n], [1n, 1n], [0n, 1n], [1n, 2n], [5n, 1n]], (s: bigint, t: bigint) => {
        let rc = s + 2n;
        let mark = 0n;
        for (let k = 0n; k < 2n * t; k++) if (--rc === 0n) mark = 77n;
        return rc * 1000n + mark;
      }),
    },
  ];
}

