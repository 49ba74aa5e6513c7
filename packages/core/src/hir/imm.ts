// Immediate payloads, one TypeScript type per ImmKind (ops.ts). Instructions keep immediates as
// `unknown[]` so the table stays the single definition; these are the shapes the builder writes and
// the printer, parser and verifier read.

import type { PyValue } from "../bytecode/py-value.js";
import type { BinOp, CompareOp, Conversion, ImmKind, UnaryOp } from "./ops.js";
import { COMPARE_OPS } from "../bytecode/opcodes.js";
import { BINOPS, CONVERSIONS, NATIVE_CMPS, NATIVE_OPS, UNARY_OPS, type NativeCmp, type NativeOp } from "./ops.js";
import { Type } from "./types.js";

/** A constant, and its index in co_consts when it is one of the code object's own. */
export interface ConstImm {
  readonly value: PyValue;
  readonly index: number | null;
}

export interface ImmTypes {
  const: ConstImm;
  name: string;
  local: number;
  int: number;
  binop: BinOp;
  cmp: CompareOp;
  unop: UnaryOp;
  names: readonly string[];
  conv: Conversion;
  type: Type;
  i64: bigint;
  f64: number;
  nop: NativeOp;
  ncmp: NativeCmp;
}

/** Whether `value` is a well-formed immediate of `kind` (the verifier's check). */
export function isImm(kind: ImmKind, value: unknown): boolean {
  switch (kind) {
    case "const": {
      const c = value as ConstImm;
      return typeof c === "object" && c !== null && typeof c.value === "object" && (c.index === null || Number.isInteger(c.index));
    }
    case "name": return typeof value === "string";
    case "local": case "int": return Number.isInteger(value);
    case "binop": return BINOPS.some(([n]) => n === value);
    case "cmp": return (COMPARE_OPS as readonly unknown[]).includes(value);
    case "unop": return (UNARY_OPS as readonly unknown[]).includes(value);
    case "names": return Array.isArray(value) && value.every((s) => typeof s === "string");
    case "conv": return (CONVERSIONS as readonly unknown[]).includes(value);
    case "type": return value instanceof Type;
    case "i64": return typeof value === "bigint" && value >= -(2n ** 63n) && value < 2n ** 63n;
    case "f64": return typeof value === "number";
    case "nop": return (NATIVE_OPS as readonly unknown[]).includes(value);
    case "ncmp": return (NATIVE_CMPS as readonly unknown[]).includes(value);
  }
}
