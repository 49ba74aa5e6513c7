// What lowering needs from the runtime it compiles for: the layout of CPython's structures and
// the addresses of the code object's constants, names and bytecode. The embedded runtime provides
// it (addresses of real objects in this process); tests may provide a fake one.

import type { ConstImm } from "../hir/imm.js";

export interface LoweringEnv {
  /** Offsets, sizes and constants, by the runtime's names (`_PyInterpreterFrame_localsplus`, ...). */
  readonly layout: Readonly<Record<string, number>>;
  /** The object a `const` stands for: its co_consts entry, or one the runtime materialized. */
  constAddress(c: ConstImm): bigint;
  /** An interned str for a name (the co_names entry when there is one). */
  nameAddress(name: string): bigint;
  /** A tuple of keyword names for CALL (the KW_NAMES constant when there is one). */
  kwnamesAddress(names: readonly string[]): bigint;
  /** Address of co_code_adaptive: prev_instr for the instruction at byte offset o is firstInstr + o. */
  readonly firstInstr: bigint;
  /** builtins.<name> as it was when compiling (kept alive by the runtime), for guards. */
  builtinAddress(name: string): bigint;
  /** Where the instruction at byte offset `offset` starts (its first EXTENDED_ARG), for deoptimization. */
  instructionStart(offset: number): number;
}
