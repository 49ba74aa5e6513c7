// Python constants as plain TypeScript data: what marshal can carry and co_consts can hold.

import type { CodeObject } from "./code-object.js";

export type PyValue =
  | PyNone
  | PyBool
  | PyInt
  | PyFloat
  | PyComplex
  | PyStr
  | PyBytes
  | PyTuple
  | PyList
  | PyDict
  | PySet
  | PyFrozenSet
  | PyEllipsis
  | PyStopIteration
  | PyCode;

export interface PyNone { readonly kind: "none" }
export interface PyBool { readonly kind: "bool"; readonly value: boolean }
/** Python ints are unbounded, hence bigint even for small values. */
export interface PyInt { readonly kind: "int"; readonly value: bigint }
export interface PyFloat { readonly kind: "float"; readonly value: number }
export interface PyComplex { readonly kind: "complex"; readonly real: number; readonly imag: number }
/**
 * A Python str as a JS string. Lone surrogates survive (marshal writes them with surrogatepass);
 * the one thing UTF-16 cannot keep apart is a Python string holding a high and a low surrogate as
 * two separate code points, which reads back as the single astral character they pair into.
 */
export interface PyStr { readonly kind: "str"; readonly value: string }
export interface PyBytes { readonly kind: "bytes"; readonly value: Uint8Array }
export interface PyTuple { readonly kind: "tuple"; readonly items: readonly PyValue[] }
export interface PyList { readonly kind: "list"; readonly items: readonly PyValue[] }
/** Insertion order, as Python keeps it. */
export interface PyDict { readonly kind: "dict"; readonly entries: readonly (readonly [PyValue, PyValue])[] }
export interface PySet { readonly kind: "set"; readonly items: readonly PyValue[] }
export interface PyFrozenSet { readonly kind: "frozenset"; readonly items: readonly PyValue[] }
export interface PyEllipsis { readonly kind: "ellipsis" }
export interface PyStopIteration { readonly kind: "stopiteration" }
export interface PyCode { readonly kind: "code"; readonly value: CodeObject }

export type PyValueKind = PyValue["kind"];

// Singletons are shared; they are frozen, so sharing them is not shared mutable state.
export const PY_NONE: PyNone = Object.freeze({ kind: "none" });
export const PY_TRUE: PyBool = Object.freeze({ kind: "bool", value: true });
export const PY_FALSE: PyBool = Object.freeze({ kind: "bool", value: false });
export const PY_ELLIPSIS: PyEllipsis = Object.freeze({ kind: "ellipsis" });
export const PY_STOP_ITERATION: PyStopIteration = Object.freeze({ kind: "stopiteration" });
