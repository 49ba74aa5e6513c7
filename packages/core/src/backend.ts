// The one interface every backend implements (x64 now; ARM64 and wasm next). A backend turns LIR
// into position-independent machine code plus a listing; it learns runtime addresses only through
// the TargetEnv, and the source/bytecode interleaving of its listing only through the annotator.

import type { LirFunc, LirLoc } from "./lir/lir.js";

export interface TargetEnv {
  /** Absolute address of a runtime symbol (function or data); throws for an unknown name. */
  symbol(name: string): bigint;
}

/** Lines to show in a listing before the first instruction of a new location (source, bytecode). */
export type ListingAnnotator = (loc: LirLoc) => readonly string[];

export interface CompiledCode {
  /** Position-independent machine code (and its constant pool). */
  readonly bytes: Uint8Array;
  /** Where execution starts within `bytes`. */
  readonly entryOffset: number;
  /** Required alignment of the load address. */
  readonly alignment: number;
  /** Bytes of instructions (without the constant pool). */
  readonly codeSize: number;
  /** Human-readable disassembly, interleaved with the annotator's lines when one was given. */
  listing(): string;
}

export interface Backend {
  readonly name: string;
  compile(f: LirFunc, env: TargetEnv, annotate?: ListingAnnotator): CompiledCode;
}
