// A reference interpreter for LIR, the oracle of the backend conformance suite: i64 values are
// bigints wrapped to 64 bits, f64 values JS numbers (IEEE doubles), memory is the stack slots of
// the activations (addresses are fake but stable), and calls go to other LIR functions by symbol
// or by the fake address `sym` gave them. Where LIR leaves a result to the target (f2i out of
// range, shift counts of 64 and more) it follows what x64, ARM64 and wasm agree on or x64 does.

import { isImmOperand, type LirFunc, type LirInst, type Operand, type VReg } from "../../src/index.js";

export type Value = bigint | number;

export interface InterpreterEnv {
  /** Functions by symbol name (a call to an unknown symbol is an error). */
  readonly functions: Readonly<Record<string, LirFunc>>;
  /** Steps before giving up (guards against non-terminating programs). */
  readonly fuel?: number;
}

const MASK64 = (1n << 64n) - 1n;
const wrap = (v: bigint) => BigInt.asIntN(64, v);
const unsigned = (v: bigint) => v & MASK64;
const FUNCTION_BASE = 0x7f00_0000_0000n;
const STACK_BASE = 0x10_0000n;

interface Region {
  readonly base: bigint;
  readonly bytes: Uint8Array;
}

export class LirInterpreter {
  private readonly regions: Region[] = [];
  private nextStack = STACK_BASE;
  private readonly names: string[];
  private fuel: number;
  /** Calls made to `_Py_Dealloc`-like symbols etc. are just calls; this counts every call. */
  calls = 0;

  constructor(private readonly env: InterpreterEnv) {
    this.names = Object.keys(env.functions);
    this.fuel = env.fuel ?? 10_000_000;
  }

  symbolAddress(name: string): bigint {
    const k = this.names.indexOf(name);
    if (k < 0) throw new Error(`interpreter: unknown symbol ${name}`);
    return FUNCTION_BASE + BigInt(k) * 0x100n;
  }

  run(f: LirFunc, args: readonly Value[]): Value {
    if (args.length !== f.params.length) throw new Error(`${f.name}: ${args.length} arguments for ${f.params.length} parameters`);
    const regs: Value[] = f.classes.map((c) => (c === "i64" ? 0n : 0));
    f.params.forEach((p, i) => (regs[p] = f.classes[p] === "i64" ? wrap(BigInt(args[i]!)) : Number(args[i]!)));
    const slotBase = f.slots.map((s) => {
      const base = (this.nextStack + BigInt(s.align) - 1n) & ~(BigInt(Math.max(1, s.align)) - 1n);
      this.nextStack = base + BigInt(s.size) + 64n;
      this.regions.push({ base, bytes: new Uint8Array(s.size) });
      return base;
    });
    const blockAt = new Map(f.blocks.map((b) => [b.id as number, b]));
    let block = f.blocks[0]!;
    for (;;) {
      let next: number | null = null;
      for (const inst of block.insts) {
        if (--this.fuel < 0) throw new Error("interpreter: out of fuel");
        const r = this.step(f, inst, regs, slotBase);
        if (r === undefined) continue;
        if ("ret" in r) return r.ret;
        next = r.goto;
        break;
      }
      if (next === null) throw new Error(`${f.name}: fell off block L${block.id}`);
      block = blockAt.get(next)!;
    }
  }

  private step(f: LirFunc, i: LirInst, regs: Value[], slotBase: bigint[]): { ret: Value } | { goto: number } | undefined {
    const I = (v: VReg) => regs[v] as bigint;
    const F = (v: VReg) => regs[v] as number;
    const O = (o: Operand) => (isImmOperand(o) ? BigInt(o.imm) : I(o));
    const set = (v: VReg, x: Value) => (regs[v] = typeof x === "bigint" ? wrap(x) : x);
    switch (i.op) {
      case "iconst": set(i.dst, i.value); break;
      case "fconst": set(i.dst, i.value); break;
      case "sym": set(i.dst, this.symbolAddress(i.name)); break;
      case "mov": set(i.dst, regs[i.src]!); break;
      case "load": {
        const at = I(i.base) + BigInt(i.offset);
        if (f.classes[i.dst] === "f64") set(i.dst, this.view(at, 8).getFloat64(0, true));
        else set(i.dst, this.loadInt(at, i.width, i.signed ?? false));
        break;
      }
      case "store": {
        const at = I(i.base) + BigInt(i.offset);
        if (!isImmOperand(i.src) && f.classes[i.src] === "f64") this.view(at, 8).setFloat64(0, F(i.src), true);
        else this.storeInt(at, i.width, O(i.src));
        break;
      }
      case "slotaddr": set(i.dst, slotBase[i.slot]!); break;
      case "bin": set(i.dst, binary(i.kind, I(i.a), O(i.b))); break;
      case "bino": {
        const exact = i.kind === "add" ? I(i.a) + O(i.b) : i.kind === "sub" ? I(i.a) - O(i.b) : I(i.a) * O(i.b);
        set(i.dst, exact);
        set(i.ovf, exact === wrap(exact) ? 0n : 1n);
        break;
      }
      case "neg": set(i.dst, -I(i.a)); break;
      case "not": set(i.dst, ~I(i.a)); break;
      case "icmp": set(i.dst, intCompare(i.cond, I(i.a), O(i.b)) ? 1n : 0n); break;
      case "select": set(i.dst, I(i.cond) !== 0n ? regs[i.a]! : regs[i.b]!); break;
      case "fbin": {
        const [a, b] = [F(i.a), F(i.b)];
        set(i.dst, i.kind === "add" ? a + b : i.kind === "sub" ? a - b : i.kind === "mul" ? a * b : a / b);
        break;
      }
      case "fneg": set(i.dst, -F(i.a)); break;
      case "fabs": set(i.dst, Math.abs(F(i.a))); break;
      case "fsqrt": set(i.dst, Math.sqrt(F(i.a))); break;
      case "fcmp": set(i.dst, floatCompare(i.cond, F(i.a), F(i.b)) ? 1n : 0n); break;
      case "i2f": set(i.dst, Number(I(i.a))); break;
      case "f2i": {
        const x = F(i.a);
        // x64's "integer indefinite" for NaN and out-of-range values (ARM64 saturates; LIR
        // callers range-check, so conformance cases never depend on it).
        const t = Number.isNaN(x) || Math.abs(x) >= 2 ** 63 ? -(2n ** 63n) : BigInt(Math.trunc(x));
        set(i.dst, t);
        break;
      }
      case "bitcast": {
        const dv = new DataView(new ArrayBuffer(8));
        if (f.classes[i.dst] === "f64") {
          dv.setBigInt64(0, I(i.a), true);
          set(i.dst, dv.getFloat64(0, true));
        } else {
          dv.setFloat64(0, F(i.a), true);
          set(i.dst, dv.getBigInt64(0, true));
        }
        break;
      }
      case "call": {
        this.calls++;
        const callee = typeof i.target === "number" ? this.functionAt(I(i.target)) : this.env.functions[i.target.sym];
        if (!callee) throw new Error(`interpreter: call to unknown ${JSON.stringify(i.target)}`);
        const args = i.args.map((a) => (isImmOperand(a) ? BigInt(a.imm) : regs[a]!));
        const r = this.run(callee, args);
        if (i.dst !== null) set(i.dst, r);
        break;
      }
      case "incref": case "xincref": case "decref": case "xdecref": {
        const at = I(i.v);
        if (at === 0n && (i.op === "xincref" || i.op === "xdecref")) break;
        const rc = this.loadInt(at, 8, true) + (i.op.endsWith("incref") ? 1n : -1n);
        this.storeInt(at, 8, rc);
        if (rc === 0n && i.op.endsWith("decref")) {
          this.calls++;
          const dealloc = this.env.functions["_Py_Dealloc"];
          if (!dealloc) throw new Error("interpreter: a refcount dropped to zero without a _Py_Dealloc function");
          this.run(dealloc, [at]);
        }
        break;
      }
      case "jump": return { goto: i.target };
      case "br": return { goto: I(i.cond) !== 0n ? i.ifTrue : i.ifFalse };
      case "brcmp": return { goto: intCompare(i.cond, I(i.a), O(i.b)) ? i.ifTrue : i.ifFalse };
      case "ret": return { ret: regs[i.value]! };
      case "unreachable": throw new Error("interpreter: reached unreachable");
    }
    return undefined;
  }

  private functionAt(address: bigint): LirFunc | undefined {
    const k = Number((address - FUNCTION_BASE) / 0x100n);
    return this.env.functions[this.names[k] ?? ""];
  }

  private view(at: bigint, width: number): DataView {
    for (const r of this.regions) {
      if (at >= r.base && at + BigInt(width) <= r.base + BigInt(r.bytes.length)) {
        return new DataView(r.bytes.buffer, Number(at - r.base), width);
      }
    }
    throw new Error(`interpreter: access to unmapped address 0x${at.toString(16)}`);
  }

  private loadInt(at: bigint, width: number, signed: boolean): bigint {
    const v = this.view(at, width);
    const raw = width === 1 ? BigInt(v.getUint8(0)) : width === 2 ? BigInt(v.getUint16(0, true)) : width === 4 ? BigInt(v.getUint32(0, true)) : v.getBigUint64(0, true);
    return signed ? BigInt.asIntN(width * 8, raw) : raw;
  }

  private storeInt(at: bigint, width: number, value: bigint): void {
    const v = this.view(at, width);
    const bits = BigInt.asUintN(width * 8, value);
    if (width === 1) v.setUint8(0, Number(bits));
    else if (width === 2) v.setUint16(0, Number(bits), true);
    else if (width === 4) v.setUint32(0, Number(bits), true);
    else v.setBigUint64(0, bits, true);
  }
}

export function binary(kind: string, a: bigint, b: bigint): bigint {
  const n = unsigned(b) & 63n;
  switch (kind) {
    case "add": return a + b;
    case "sub": return a - b;
    case "mul": return a * b;
    case "and": return a & b;
    case "or": return a | b;
    case "xor": return a ^ b;
    case "shl": return a << n;
    case "shr": return unsigned(a) >> n;
    case "sar": return a >> n;
  }
  throw new Error(`unknown bin kind ${kind}`);
}

export function intCompare(cond: string, a: bigint, b: bigint): boolean {
  const [ua, ub] = [unsigned(a), unsigned(b)];
  switch (cond) {
    case "eq": return a === b;
    case "ne": return a !== b;
    case "slt": return a < b;
    case "sle": return a <= b;
    case "sgt": return a > b;
    case "sge": return a >= b;
    case "ult": return ua < ub;
    case "ule": return ua <= ub;
    case "ugt": return ua > ub;
    case "uge": return ua >= ub;
  }
  throw new Error(`unknown condition ${cond}`);
}

export function floatCompare(cond: string, a: number, b: number): boolean {
  switch (cond) {
    case "eq": return a === b;
    case "ne": return !(a === b);
    case "lt": return a < b;
    case "le": return a <= b;
    case "gt": return a > b;
    case "ge": return a >= b;
    case "uno": return Number.isNaN(a) || Number.isNaN(b);
  }
  throw new Error(`unknown condition ${cond}`);
}
