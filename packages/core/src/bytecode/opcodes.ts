// The CPython 3.11 opcode table: one OpcodeInfo per opcode, base and specialized, built from the
// generated facts (opcode-table.ts) and the hand-written stack effects (stack-effects.ts).
// Everything else that needs to know about an opcode (decoder, HIR builder, printers, test
// generators) reads it from here.

import {
  BASE_OPCODES,
  CACHE,
  COMPARE_OPS,
  EXTENDED_ARG,
  FORMAT_VALUE_CONVERSIONS,
  HAVE_ARGUMENT,
  MAKE_FUNCTION_FLAG_NAMES,
  NB_OPS,
  SPECIALIZED_OPCODES,
} from "./opcode-table.js";
import { STACK_EFFECTS, type PopCount, type PushCount } from "./stack-effects.js";

export { CACHE, COMPARE_OPS, EXTENDED_ARG, FORMAT_VALUE_CONVERSIONS, HAVE_ARGUMENT, NB_OPS };

export type BaseOpcodeName = (typeof BASE_OPCODES)[number]["name"];
export type SpecializedOpcodeName = (typeof SPECIALIZED_OPCODES)[number]["name"];
export type OpcodeName = BaseOpcodeName | SpecializedOpcodeName;

/**
 * How an instruction transfers control. Relative jumps count in code units from the instruction
 * that follows the jump's inline caches; 3.11 has no absolute jumps, but the kind exists so the
 * decoder stays correct for tables that do.
 */
export type JumpKind = "none" | "forward" | "backward" | "absolute";

export interface OpcodeInfo {
  readonly name: OpcodeName;
  readonly code: number;
  /** The base opcode this one stands for; equal to `code` for base opcodes (`_PyOpcode_Deopt`). */
  readonly deopt: number;
  readonly baseName: BaseOpcodeName;
  readonly specialized: boolean;
  /** 16-bit inline cache entries that follow the instruction (those of the base opcode). */
  readonly cacheEntries: number;
  /** Whether the oparg means anything (`code >= HAVE_ARGUMENT` for the base opcode). */
  readonly hasArg: boolean;
  readonly jump: JumpKind;
  /** A jump that may fall through (POP_JUMP_*, JUMP_IF_*_OR_POP, FOR_ITER, SEND). */
  readonly conditional: boolean;
  /** Control never falls through: returns, raises and unconditional jumps. */
  readonly terminator: boolean;
  /** oparg indexes co_consts (LOAD_CONST, KW_NAMES). */
  readonly hasConst: boolean;
  /** oparg indexes co_names (LOAD_GLOBAL: oparg >> 1). */
  readonly hasName: boolean;
  /** oparg indexes the fast locals (co_varnames part of localsplus). */
  readonly hasLocal: boolean;
  /** oparg indexes localsplus directly (cells and free variables). */
  readonly hasFree: boolean;
  /** oparg indexes COMPARE_OPS. */
  readonly hasCompare: boolean;
  /** Stack slots read, counted from the top (see stack-effects.ts for the convention). */
  readonly pops: (oparg: number) => number;
  /** Stack slots written back; `jump` says whether a conditional jump is taken. */
  readonly pushes: (oparg: number, jump: boolean) => number;
}

function popFn(count: PopCount): (oparg: number) => number {
  return typeof count === "number" ? () => count : count;
}

function pushFn(count: PushCount): (oparg: number, jump: boolean) => number {
  return typeof count === "number" ? () => count : count;
}

type BaseRow = (typeof BASE_OPCODES)[number];

function baseInfo(row: BaseRow): OpcodeInfo {
  const flags: readonly string[] = row.flags;
  const [pops, pushes] = STACK_EFFECTS[row.name];
  return Object.freeze({
    name: row.name,
    code: row.code,
    deopt: row.code,
    baseName: row.name,
    specialized: false,
    cacheEntries: row.cacheEntries,
    hasArg: row.code >= HAVE_ARGUMENT,
    jump: row.jump,
    conditional: flags.includes("conditional"),
    terminator: flags.includes("terminator"),
    hasConst: flags.includes("const"),
    hasName: flags.includes("name"),
    hasLocal: flags.includes("local"),
    hasFree: flags.includes("free"),
    hasCompare: flags.includes("compare"),
    pops: popFn(pops),
    pushes: pushFn(pushes),
  });
}

function buildTables(): {
  byName: ReadonlyMap<string, OpcodeInfo>;
  byCode: readonly (OpcodeInfo | undefined)[];
} {
  const byName = new Map<string, OpcodeInfo>();
  const byCode: (OpcodeInfo | undefined)[] = new Array<OpcodeInfo | undefined>(256).fill(undefined);
  for (const row of BASE_OPCODES) {
    const info = baseInfo(row);
    byName.set(info.name, info);
    byCode[info.code] = info;
  }
  for (const row of SPECIALIZED_OPCODES) {
    const base = byName.get(row.deopt);
    if (base === undefined) throw new Error(`opcode table: ${row.name} deopts to unknown ${row.deopt}`);
    // A specialized opcode keeps its base's oparg meaning, caches and stack effect.
    const info: OpcodeInfo = Object.freeze({ ...base, name: row.name, code: row.code, specialized: true });
    byName.set(info.name, info);
    byCode[info.code] = info;
  }
  return { byName, byCode: Object.freeze(byCode) };
}

const TABLES = buildTables();

/** Every opcode: the base opcodes in numeric order, then the specialized ones. */
export const ALL_OPCODES: readonly OpcodeInfo[] = Object.freeze([...TABLES.byName.values()]);

export function opcodeByName(name: OpcodeName): OpcodeInfo;
export function opcodeByName(name: string): OpcodeInfo | undefined;
export function opcodeByName(name: string): OpcodeInfo | undefined {
  return TABLES.byName.get(name);
}

export function opcodeByCode(code: number): OpcodeInfo | undefined {
  return TABLES.byCode[code];
}

/** BINARY_OP oparg constants (`NB_ADD` = 0 ... `NB_INPLACE_XOR` = 25), keyed by NB_* name. */
export const NB: { readonly [K in (typeof NB_OPS)[number][0]]: number } = Object.freeze(
  Object.fromEntries(NB_OPS.map(([name], i) => [name, i])) as { [K in (typeof NB_OPS)[number][0]]: number },
);

/** MAKE_FUNCTION oparg bits: which extra values sit below the code object on the stack. */
export const MAKE_FUNCTION_FLAGS = Object.freeze({
  defaults: 1 << MAKE_FUNCTION_FLAG_NAMES.indexOf("defaults"),
  kwdefaults: 1 << MAKE_FUNCTION_FLAG_NAMES.indexOf("kwdefaults"),
  annotations: 1 << MAKE_FUNCTION_FLAG_NAMES.indexOf("annotations"),
  closure: 1 << MAKE_FUNCTION_FLAG_NAMES.indexOf("closure"),
});

/** FORMAT_VALUE oparg: conversion in the low two bits, format spec on the stack when bit 2 is set. */
export const FORMAT_VALUE_FLAGS = Object.freeze({
  conversionMask: 0x3,
  convNone: FORMAT_VALUE_CONVERSIONS.indexOf(""),
  convStr: FORMAT_VALUE_CONVERSIONS.indexOf("str"),
  convRepr: FORMAT_VALUE_CONVERSIONS.indexOf("repr"),
  convAscii: FORMAT_VALUE_CONVERSIONS.indexOf("ascii"),
  haveSpec: 0x4,
});
