// CPython 3.11 code objects as TypeScript data: the fields marshal stores, in camelCase, plus the
// counts CPython derives from them when it builds the object (co_nlocals, co_ncellvars, ...).

import type { PyValue } from "./py-value.js";

// co_flags bits (Include/cpython/code.h).
export const CO_OPTIMIZED = 0x0001;
export const CO_NEWLOCALS = 0x0002;
export const CO_VARARGS = 0x0004;
export const CO_VARKEYWORDS = 0x0008;
export const CO_NESTED = 0x0010;
export const CO_GENERATOR = 0x0020;
/** Gone from code.h since 3.10 and never set by the 3.11 compiler; dis still has a name for it. */
export const CO_NOFREE = 0x0040;
export const CO_COROUTINE = 0x0080;
export const CO_ITERABLE_COROUTINE = 0x0100;
export const CO_ASYNC_GENERATOR = 0x0200;
export const CO_FUTURE_DIVISION = 0x20000;
export const CO_FUTURE_ABSOLUTE_IMPORT = 0x40000;
export const CO_FUTURE_WITH_STATEMENT = 0x80000;
export const CO_FUTURE_PRINT_FUNCTION = 0x100000;
export const CO_FUTURE_UNICODE_LITERALS = 0x200000;
export const CO_FUTURE_BARRY_AS_BDFL = 0x400000;
export const CO_FUTURE_GENERATOR_STOP = 0x800000;
export const CO_FUTURE_ANNOTATIONS = 0x1000000;

/** The flag names `dis` prints (dis.COMPILER_FLAG_NAMES), lowest bit first. */
export const CODE_FLAG_NAMES: readonly (readonly [number, string])[] = Object.freeze([
  [CO_OPTIMIZED, "OPTIMIZED"],
  [CO_NEWLOCALS, "NEWLOCALS"],
  [CO_VARARGS, "VARARGS"],
  [CO_VARKEYWORDS, "VARKEYWORDS"],
  [CO_NESTED, "NESTED"],
  [CO_GENERATOR, "GENERATOR"],
  [CO_NOFREE, "NOFREE"],
  [CO_COROUTINE, "COROUTINE"],
  [CO_ITERABLE_COROUTINE, "ITERABLE_COROUTINE"],
  [CO_ASYNC_GENERATOR, "ASYNC_GENERATOR"],
] as const);

// co_localspluskinds bits (Include/internal/pycore_code.h). 3.11 has only these three; the
// CO_FAST_HIDDEN (0x10) and argument-kind bits arrive in 3.12. A local can be both LOCAL and CELL
// (an argument captured by a closure); FREE excludes both.
export const CO_FAST_LOCAL = 0x20;
export const CO_FAST_CELL = 0x40;
export const CO_FAST_FREE = 0x80;

/** The fields marshal stores for a 3.11 code object, in marshal order. */
export interface CodeObjectFields {
  readonly argCount: number;
  readonly posOnlyArgCount: number;
  readonly kwOnlyArgCount: number;
  readonly stackSize: number;
  readonly flags: number;
  /** co_code: base opcodes with zeroed inline caches (marshal writes the deoptimized form). */
  readonly code: Uint8Array;
  readonly consts: readonly PyValue[];
  readonly names: readonly string[];
  /** Fast locals, then cells that are not arguments, then free variables; LOAD_DEREF & co index this. */
  readonly localsPlusNames: readonly string[];
  readonly localsPlusKinds: Uint8Array;
  readonly filename: string;
  readonly name: string;
  readonly qualname: string;
  readonly firstLineNo: number;
  readonly lineTable: Uint8Array;
  readonly exceptionTable: Uint8Array;
}

export interface CodeObject extends CodeObjectFields {
  /** len(co_localsplusnames): the frame's localsplus array. */
  readonly nLocalsPlus: number;
  /** co_nlocals: entries with CO_FAST_LOCAL (arguments included). */
  readonly nLocals: number;
  /** len(co_cellvars): entries with CO_FAST_CELL, including arguments that are also cells. */
  readonly nCellVars: number;
  /** Cells that are not also locals, i.e. extra localsplus slots (co_nplaincellvars). */
  readonly nPlainCellVars: number;
  /** len(co_freevars): entries with CO_FAST_FREE, always the last nFreeVars of localsplus. */
  readonly nFreeVars: number;
}

/** Builds a CodeObject, deriving the counts exactly as get_localsplus_counts() in codeobject.c. */
export function makeCodeObject(fields: CodeObjectFields): CodeObject {
  if (fields.localsPlusNames.length !== fields.localsPlusKinds.length) {
    const { name, localsPlusNames: names, localsPlusKinds: kinds } = fields;
    throw new RangeError(`code object ${name}: ${names.length} localsplus names but ${kinds.length} kinds`);
  }
  let nLocals = 0;
  let nCellVars = 0;
  let nPlainCellVars = 0;
  let nFreeVars = 0;
  for (const kind of fields.localsPlusKinds) {
    if (kind & CO_FAST_LOCAL) {
      nLocals++;
      if (kind & CO_FAST_CELL) nCellVars++;
    } else if (kind & CO_FAST_CELL) {
      nCellVars++;
      nPlainCellVars++;
    } else if (kind & CO_FAST_FREE) {
      nFreeVars++;
    }
  }
  return {
    ...fields,
    nLocalsPlus: fields.localsPlusNames.length,
    nLocals,
    nCellVars,
    nPlainCellVars,
    nFreeVars,
  };
}

type LocalsPlus = Pick<CodeObjectFields, "localsPlusNames" | "localsPlusKinds">;

function namesOfKind(code: LocalsPlus, kind: number): string[] {
  return code.localsPlusNames.filter((_, i) => (code.localsPlusKinds[i]! & kind) !== 0);
}

/** co_varnames: arguments first (positional, keyword-only, *args, **kwargs), then other locals. */
export function varNames(code: LocalsPlus): string[] {
  return namesOfKind(code, CO_FAST_LOCAL);
}

/** co_cellvars. */
export function cellVars(code: LocalsPlus): string[] {
  return namesOfKind(code, CO_FAST_CELL);
}

/** co_freevars. */
export function freeVars(code: LocalsPlus): string[] {
  return namesOfKind(code, CO_FAST_FREE);
}

/** Number of argument slots at the start of localsplus (argcount + kwonly + *args + **kwargs). */
export function totalArgCount(code: Pick<CodeObjectFields, "argCount" | "kwOnlyArgCount" | "flags">): number {
  return (
    code.argCount +
    code.kwOnlyArgCount +
    (code.flags & CO_VARARGS ? 1 : 0) +
    (code.flags & CO_VARKEYWORDS ? 1 : 0)
  );
}

/** Names of the set co_flags bits, as dis.pretty_flags prints them (unknown bits in hex). */
export function codeFlagNames(flags: number): string[] {
  const names: string[] = [];
  let rest = flags;
  for (const [bit, name] of CODE_FLAG_NAMES) {
    if (flags & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names;
}

/**
 * The code object and every code object nested in it, depth-first in co_consts order (the
 * module first, then each function or class body as it appears, each followed by its own nested
 * bodies): "every function of a module".
 */
export function walkCodeObjects(root: CodeObject): CodeObject[] {
  const out: CodeObject[] = [];
  const visit = (code: CodeObject): void => {
    out.push(code);
    for (const c of code.consts) if (c.kind === "code") visit(c.value);
  };
  visit(root);
  return out;
}
