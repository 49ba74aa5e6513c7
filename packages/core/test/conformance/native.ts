// Running conformance cases on a native backend, whatever executes the code (the runtime's test
// trampolines in-process for x64, qemu for ARM64). The backend compiles each case's callees, then
// the case, resolving symbols to the addresses the earlier functions were installed at.
//
// The trampolines call `int64_t f(int64_t x8)` and `double f(int64_t x8, double x8)`. A case that
// returns an i64 but takes doubles is reached through an adapter generated in LIR: it takes every
// argument as i64 bits, bitcasts the doubles back and calls the case.

import { LirBuilder, type Backend, type LirFunc, type RegClass, type VReg } from "../../src/index.js";
import type { ConformanceCase } from "./cases.js";
import type { Value } from "./interpret.js";

export interface NativeCaller {
  /** Copies machine code into executable memory; returns its address. */
  install(code: Uint8Array, alignment: number): bigint;
  callI64(address: bigint, ints: readonly bigint[]): bigint;
  /** Null when the runner cannot return doubles (cases then go through the adapter). */
  readonly callF64: ((address: bigint, ints: readonly bigint[], doubles: readonly number[]) => number) | null;
}

export function returnClass(f: LirFunc): RegClass {
  for (const b of f.blocks) for (const i of b.insts) if (i.op === "ret") return f.classes[i.value]!;
  throw new Error(`${f.name} never returns`);
}

/** `i64 adapter(i64 bits...)`: calls `target` with the arguments in their classes, returns i64 bits. */
export function adapterFor(f: LirFunc, target: string): LirFunc {
  const b = new LirBuilder(`${f.name}_adapter`);
  const bits = f.params.map(() => b.param("i64"));
  b.at(b.block());
  const args: VReg[] = f.params.map((p, k) => {
    if (f.classes[p] === "i64") return bits[k]!;
    const d = b.vreg("f64");
    b.emit({ op: "bitcast", dst: d, a: bits[k]! });
    return d;
  });
  const ret = returnClass(f);
  const r = b.vreg(ret);
  b.emit({ op: "call", dst: r, target: { sym: target }, args });
  if (ret === "i64") {
    b.emit({ op: "ret", value: r });
  } else {
    const out = b.vreg("i64");
    b.emit({ op: "bitcast", dst: out, a: r });
    b.emit({ op: "ret", value: out });
  }
  return b.finish();
}

function toBits(v: Value): bigint {
  if (typeof v === "bigint") return v;
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v, true);
  return dv.getBigInt64(0, true);
}

function fromBits(v: bigint): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigInt64(0, v, true);
  return dv.getFloat64(0, true);
}

const CASE_SYMBOL = "__conformance_case";

/**
 * Compiles and installs a case and its callees; returns a function that runs it natively.
 * `installed` lets many cases share callees that are compiled and installed only once.
 */
export function prepareNative(
  backend: Backend, c: ConformanceCase, native: NativeCaller, installed: Map<LirFunc, bigint> = new Map(),
): (args: readonly Value[]) => Value {
  const addresses = new Map<string, bigint>();
  const env = {
    symbol(name: string): bigint {
      const a = addresses.get(name);
      if (a === undefined) throw new Error(`conformance: ${c.name} refers to unknown symbol ${name}`);
      return a;
    },
  };
  const install = (f: LirFunc): bigint => {
    const code = backend.compile(f, env);
    return native.install(code.bytes, code.alignment) + BigInt(code.entryOffset);
  };
  for (const [name, f] of c.callees ?? []) {
    if (!installed.has(f)) installed.set(f, install(f));
    addresses.set(name, installed.get(f)!);
  }
  const entry = install(c.func);
  addresses.set(CASE_SYMBOL, entry);

  const classes = c.func.params.map((p) => c.func.classes[p]!);
  const ret = returnClass(c.func);
  const ints = classes.filter((k) => k === "i64").length;
  const floats = classes.length - ints;
  if (ints > 8 || floats > 8) throw new Error(`conformance: ${c.name} takes more arguments than the trampolines pass`);

  if (floats === 0 && ret === "i64") return (args) => native.callI64(entry, args as bigint[]);
  if (ret === "f64" && native.callF64 !== null) {
    const callF64 = native.callF64;
    return (args) => callF64(entry, args.filter((a) => typeof a === "bigint"), args.filter((a) => typeof a === "number"));
  }
  const adapter = install(adapterFor(c.func, CASE_SYMBOL));
  return (args) => {
    const r = native.callI64(adapter, args.map(toBits));
    return ret === "i64" ? r : fromBits(r);
  };
}
