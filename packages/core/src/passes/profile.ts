// What the running program has shown about a function when it is compiled: the exact types of
// its arguments at the call that made it hot, and CPython 3.11's own specializations of its
// bytecode (the adaptive interpreter rewrites BINARY_OP into BINARY_OP_ADD_FLOAT and so on once an
// instruction has seen the same types a few times). Passes use it to decide what to speculate
// on; every speculation is guarded, so a profile can only cost speed, never correctness.
// Offline (`pyjc ir`) there is no profile.

import { decodeInstructions } from "../bytecode/instructions.js";
import { opcodeByCode } from "../bytecode/opcodes.js";
import { BUILTINS, type BuiltinName } from "../hir/types.js";

export interface Profile {
  /** The exact builtin type of each localsplus slot at that call, or null (NULL, other types). */
  readonly argTypes: readonly (BuiltinName | null)[];
  /** The specialized opcode the interpreter runs at a byte offset (e.g. "BINARY_OP_ADD_FLOAT"), or null. */
  specializedAt(offset: number): string | null;
}

export const EMPTY_PROFILE: Profile = { argTypes: [], specializedAt: () => null };

/**
 * A profile from the runtime's compile request: `quickened` is co_code_adaptive as the
 * interpreter has rewritten it, `typeNames` the exact builtin name of each argument's type or
 * null (the caller resolves type object addresses, so subclasses never pass for builtins).
 */
export function profileFrom(quickened: Uint8Array, typeNames: readonly (string | null)[]): Profile {
  const specialized = new Map<number, string>();
  try {
    for (const ins of decodeInstructions(quickened)) {
      if (ins.specialized !== null) specialized.set(ins.offset, opcodeByCode(ins.specialized)?.name ?? "");
    }
  } catch {
    // Adaptive bytecode we cannot decode just gives no hints.
  }
  const argTypes = typeNames.map((n) => ((BUILTINS as readonly string[]).includes(n ?? "") ? (n as BuiltinName) : null));
  return { argTypes, specializedAt: (offset) => specialized.get(offset) ?? null };
}
