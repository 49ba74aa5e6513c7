// CPython 3.11's semantics for the constant operations OPT-9 const-fold evaluates at compile time.
//
// Each function returns the value CPython computes, or null when the operation is not folded:
// because it would raise (division by zero, a negative shift count), because the result could be
// too large to be worth materializing (the same limits Python/ast_opt.c applies), or because this
// module cannot reproduce CPython bit for bit (NaN payloads and signs, strings whose UTF-16 form is
// ambiguous). Operands are exact builtin values as marshal reads them: `bool` is never an `int`
// here, and mixed int/float operations are never folded. test/const-eval.test.ts checks every rule
// against a CPython 3.11 subprocess.

import type { BinOp, CompareOp, PyValue, UnaryOp } from "@pyjc/core";

/** Python/ast_opt.c's MAX_INT_SIZE: folds that could build an int wider than this are left alone. */
export const MAX_INT_SIZE = 128;

/** Bits of |x| (Python's int.bit_length()); 0 for 0. */
export function bitLength(x: bigint): number {
  return x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length;
}

/**
 * The truth of a constant when `PyObject_IsTrue` cannot fail or run Python code on it: the exact
 * builtin types below, whose nb_bool / sq_length are C functions that only read the object.
 */
export function truthOf(v: PyValue): boolean | null {
  switch (v.kind) {
    case "none": return false;
    case "bool": return v.value;
    case "int": return v.value !== 0n;
    case "float": return v.value !== 0; // NaN is true, -0.0 is false, as in float_bool
    case "complex": return v.real !== 0 || v.imag !== 0;
    case "str": return v.value.length > 0;
    case "bytes": return v.value.length > 0;
    case "tuple": case "frozenset": return v.items.length > 0;
    case "ellipsis": return true; // no nb_bool, no length: true
    default: return null;
  }
}

/** Constants of types with a single instance: equal values are the same object. */
export function isSingleton(v: PyValue): boolean {
  return v.kind === "none" || v.kind === "bool" || v.kind === "ellipsis";
}

/**
 * Whether a Python str is represented unambiguously by its JS string. The marshal reader turns a
 * Python string holding a high and a low surrogate as two code points into the astral character
 * they pair into, so any surrogate code unit makes code-point order and equality uncertain.
 */
export function hasSurrogates(s: string): boolean {
  return /[\ud800-\udfff]/.test(s);
}

function compareWith<T>(op: CompareOp, a: T, b: T): boolean {
  switch (op) {
    case "<": return a < b;
    case "<=": return a <= b;
    case "==": return a === b;
    case "!=": return a !== b;
    case ">": return a > b;
    case ">=": return a >= b;
  }
}

/** COMPARE_OP on two exact ints, two exact floats (IEEE: NaN compares unequal) or two exact strs. */
export function foldCompare(op: CompareOp, a: PyValue, b: PyValue): boolean | null {
  if (a.kind === "int" && b.kind === "int") return compareWith(op, a.value, b.value);
  if (a.kind === "float" && b.kind === "float") return compareWith(op, a.value, b.value);
  if (a.kind === "str" && b.kind === "str") {
    if (hasSurrogates(a.value) || hasSurrogates(b.value)) return null;
    // Without surrogates a UTF-16 code unit is a code point: JS order is unicode_compare's order.
    return compareWith(op, a.value, b.value);
  }
  return null;
}

/** The operator of a BINARY_OP immediate, with `inplace_` dropped (ints and floats are immutable). */
export function baseBinOp(op: BinOp): string {
  return op.startsWith("inplace_") ? op.slice("inplace_".length) : op;
}

/** BINARY_OP on two exact ints: an int, or a float for true division. */
export function foldIntBinary(op: BinOp, a: bigint, b: bigint): PyValue | null {
  const int = (value: bigint): PyValue => ({ kind: "int", value });
  switch (baseBinOp(op)) {
    case "add": return int(a + b);
    case "subtract": return int(a - b);
    case "and": return int(a & b);
    case "or": return int(a | b);
    case "xor": return int(a ^ b);
    case "multiply":
      // ast_opt.c safe_multiply: the product of two nonzero ints must fit in MAX_INT_SIZE bits.
      if (a !== 0n && b !== 0n && bitLength(a) + bitLength(b) > MAX_INT_SIZE) return null;
      return int(a * b);
    case "floor_divide": {
      if (b === 0n) return null; // ZeroDivisionError
      const q = a / b;
      return int(a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q);
    }
    case "remainder": {
      if (b === 0n) return null; // ZeroDivisionError
      const r = a % b;
      return int(r !== 0n && r < 0n !== b < 0n ? r + b : r);
    }
    case "power":
      if (b < 0n) return null; // a float result (or ZeroDivisionError for 0 ** -n)
      if (b === 0n) return int(1n);
      if (a === 0n) return int(0n);
      // ast_opt.c safe_power: vbits > MAX_INT_SIZE / wbits (integer division) is not folded.
      if (b > BigInt(MAX_INT_SIZE) || bitLength(a) > Math.floor(MAX_INT_SIZE / Number(b))) return null;
      return int(a ** b);
    case "lshift":
      if (b < 0n) return null; // ValueError: negative shift count
      if (a === 0n || b === 0n) return int(a);
      // ast_opt.c safe_lshift.
      if (b > BigInt(MAX_INT_SIZE) || bitLength(a) > MAX_INT_SIZE - Number(b)) return null;
      return int(a << b);
    case "rshift":
      if (b < 0n) return null; // ValueError: negative shift count
      // Shifting every bit out leaves 0 or -1 (long_rshift1), however large the count.
      if (b >= BigInt(bitLength(a))) return int(a < 0n ? -1n : 0n);
      return int(a >> b);
    case "true_divide": {
      // long_true_divide's fast path, (double)a / (double)b, is taken when both are below 2**53,
      // where the conversions are exact and IEEE division rounds correctly, as JS division does.
      const limit = 1n << 53n;
      if (b === 0n || a >= limit || -a >= limit || b >= limit || -b >= limit) return null;
      return { kind: "float", value: Number(a) / Number(b) };
    }
    default:
      return null; // matrix_multiply: TypeError
  }
}

/**
 * BINARY_OP on two exact floats: +, -, * and / by a nonzero divisor, as the C doubles float_add,
 * float_sub, float_mul and float_div compute them. NaN operands and results are never folded: the
 * sign and payload of a NaN depend on the hardware (x86-64 produces a negative default NaN for
 * inf - inf), and a JS number does not keep them. //, % and ** are never folded (their special
 * cases are subtle and not needed yet).
 */
export function foldFloatBinary(op: BinOp, a: number, b: number): PyValue | null {
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  let value: number;
  switch (baseBinOp(op)) {
    case "add": value = a + b; break;
    case "subtract": value = a - b; break;
    case "multiply": value = a * b; break;
    case "true_divide":
      if (b === 0) return null; // ZeroDivisionError (for -0.0 too)
      value = a / b;
      break;
    default:
      return null;
  }
  return Number.isNaN(value) ? null : { kind: "float", value };
}

/** UNARY_NEGATIVE / UNARY_INVERT of an exact int or UNARY_NEGATIVE of an exact float (not NaN). */
export function foldUnary(op: UnaryOp, v: PyValue): PyValue | null {
  if (v.kind === "int") {
    if (op === "neg") return { kind: "int", value: -v.value };
    if (op === "invert") return { kind: "int", value: -v.value - 1n };
    return null; // pos returns the operand itself: the pass rewrites that by identity
  }
  if (v.kind === "float" && op === "neg" && !Number.isNaN(v.value)) return { kind: "float", value: -v.value };
  return null;
}
