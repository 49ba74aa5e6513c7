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
  /**
   * The inline cache of the instruction at a byte offset as the interpreter left it, one number
   * per 16-bit code unit (what the specialized instruction checks: dict keys versions, indexes,
   * type versions), or null when it is not specialized.
   */
  cacheAt(offset: number): readonly number[] | null;
}

export const EMPTY_PROFILE: Profile = { argTypes: [], specializedAt: () => null, cacheAt: () => null };

/** A dict entry a specialized instruction reads: the dict's keys version and the entry's index. */
export interface CachedEntry {
  readonly version: number;
  readonly index: number;
}

/**
 * The keys version (a u32 in two cache units from `versionAt`) and entry index (the unit at
 * `indexAt`) of the instruction at `offset` when the interpreter specialized it into `opcode`;
 * null otherwise, or when the version is 0 (none was assigned). Keys versions are never reused for
 * another keys object, so a dict whose keys have this version has the name's key at this index.
 */
function cachedEntry(profile: Profile, offset: number, opcode: string, versionAt: number, indexAt: number): CachedEntry | null {
  if (profile.specializedAt(offset) !== opcode) return null;
  const cache = profile.cacheAt(offset);
  if (cache === null || cache.length <= Math.max(versionAt + 1, indexAt)) return null;
  const version = (cache[versionAt]! | (cache[versionAt + 1]! << 16)) >>> 0;
  return version === 0 ? null : { version, index: cache[indexAt]! };
}

/** What LOAD_GLOBAL_MODULE checks (3.11 `_PyLoadGlobalCache`: counter, index, module keys version, builtins keys version). */
export function moduleGlobalCache(profile: Profile, offset: number): CachedEntry | null {
  return cachedEntry(profile, offset, "LOAD_GLOBAL_MODULE", 2, 1);
}

/** What LOAD_ATTR_MODULE checks (3.11 `_PyAttrCache`: counter, the module dict's keys version, index). */
export function moduleAttrCache(profile: Profile, offset: number): CachedEntry | null {
  return cachedEntry(profile, offset, "LOAD_ATTR_MODULE", 1, 3);
}

/**
 * A profile from the runtime's compile request: `quickened` is co_code_adaptive as the
 * interpreter has rewritten it, `typeNames` the exact builtin name of each argument's type or
 * null (the caller resolves type object addresses, so subclasses never pass for builtins).
 */
export function profileFrom(quickened: Uint8Array, typeNames: readonly (string | null)[]): Profile {
  const specialized = new Map<number, string>();
  const caches = new Map<number, number[]>();
  const view = new DataView(quickened.buffer, quickened.byteOffset, quickened.byteLength);
  try {
    for (const ins of decodeInstructions(quickened)) {
      if (ins.specialized === null) continue;
      specialized.set(ins.offset, opcodeByCode(ins.specialized)?.name ?? "");
      const units: number[] = [];
      for (let at = ins.offset + 2; at < ins.next; at += 2) units.push(view.getUint16(at, true));
      caches.set(ins.offset, units);
    }
  } catch {
    // Adaptive bytecode we cannot decode just gives no hints.
  }
  const argTypes = typeNames.map((n) => ((BUILTINS as readonly string[]).includes(n ?? "") ? (n as BuiltinName) : null));
  return { argTypes, specializedAt: (offset) => specialized.get(offset) ?? null, cacheAt: (offset) => caches.get(offset) ?? null };
}
