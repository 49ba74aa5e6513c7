// The LoweringEnv of one compile request: addresses of the code object's own constants and names
// as the runtime reported them, and objects materialized on demand (through marshal) for the
// constants and names that passes created. The runtime keeps materialized objects alive exactly as
// long as the code object being compiled.

import { decodeInstructions, formatConstant, writeMarshal, type CodeObject, type ConstImm, type LoweringEnv, type PyValue } from "@pyjc/core";
import type { CompileRequest } from "@pyjc/runtime";

export interface Materializer {
  /** Addresses of the items of a marshalled tuple, rebuilt as objects by the runtime. */
  materialize(marshalledTuple: Uint8Array): bigint[];
  /** builtins.<name> (or module.attr) now, kept alive with the code being compiled; null if there is none or it is not the original. */
  builtinAddress(name: string): bigint | null;
}

export function loweringEnvFor(req: CompileRequest, code: CodeObject, layout: Readonly<Record<string, number>>, runtime: Materializer): LoweringEnv {
  const made = new Map<string, bigint>();
  const materialize = (value: PyValue): bigint => {
    const key = `${value.kind}:${formatConstant(value)}`;
    let addr = made.get(key);
    if (addr === undefined) {
      [addr] = runtime.materialize(writeMarshal({ kind: "tuple", items: [value] }));
      if (addr === undefined) throw new Error(`the runtime could not materialize ${formatConstant(value)}`);
      made.set(key, addr);
    }
    return addr;
  };
  const starts = new Map(decodeInstructions(code).map((i) => [i.offset, i.start]));
  return {
    layout,
    firstInstr: req.firstInstr,
    instructionStart: (offset) => starts.get(offset) ?? offset,
    builtinAddress(name: string): bigint {
      const addr = runtime.builtinAddress(name);
      if (addr === null) throw new Error(`'${name}' is not the original builtin (missing, or replaced by the program before compilation)`);
      return addr;
    },
    constAddress(c: ConstImm): bigint {
      if (c.index !== null) {
        const addr = req.consts[c.index];
        if (addr === undefined) throw new Error(`constant #${c.index} out of range`);
        return addr;
      }
      return materialize(c.value);
    },
    nameAddress(name: string): bigint {
      const i = code.names.indexOf(name);
      return i >= 0 ? req.names[i]! : materialize({ kind: "str", value: name });
    },
    kwnamesAddress(names: readonly string[]): bigint {
      const i = code.consts.findIndex(
        (c) => c.kind === "tuple" && c.items.length === names.length && c.items.every((x, j) => x.kind === "str" && x.value === names[j]),
      );
      if (i >= 0) return req.consts[i]!;
      return materialize({ kind: "tuple", items: names.map((value) => ({ kind: "str", value })) });
    },
  };
}
