// The front end's one entry point: a 3.11 code object in, an HIR function (or the reason it
// stays interpreted) out.
//
//   decodeInstructions + decodeExceptionTable -> buildBytecodeCfg (blocks, stack depths)
//     -> Translator (abstract interpretation, FrameStates, exception edges) -> cleanupSsa

import type { CodeObject } from "../bytecode/code-object.js";
import { CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_ITERABLE_COROUTINE } from "../bytecode/code-object.js";
import { ExceptionTableError, decodeExceptionTable } from "../bytecode/exception-table.js";
import { BytecodeError, decodeInstructions } from "../bytecode/instructions.js";
import type { Func } from "../hir/function.js";
import { buildBytecodeCfg } from "./bytecode-cfg.js";
import { cleanupSsa } from "./ssa-cleanup.js";
import { Translator } from "./translate.js";
import { Unsupported } from "./unsupported.js";

export type BuildResult = { readonly ok: true; readonly func: Func } | { readonly ok: false; readonly reason: string };

/** Why a code object is never compiled, from its flags alone; null when it may be. */
export function rejectionByFlags(flags: number): string | null {
  if (flags & CO_ASYNC_GENERATOR) return "async generator";
  if (flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE)) return "coroutine";
  if (flags & CO_GENERATOR) return "generator";
  return null;
}

export function buildHir(code: CodeObject): BuildResult {
  const rejected = rejectionByFlags(code.flags);
  if (rejected) return { ok: false, reason: rejected };
  try {
    const instructions = decodeInstructions(code);
    const table = decodeExceptionTable(code);
    const cfg = buildBytecodeCfg(code, instructions, table);
    const func = new Translator(code, cfg, table).translate();
    cleanupSsa(func);
    return { ok: true, func };
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, reason: e.reason };
    if (e instanceof BytecodeError || e instanceof ExceptionTableError) {
      return { ok: false, reason: `malformed bytecode: ${e.message}` };
    }
    throw e;
  }
}
