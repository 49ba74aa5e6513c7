// The x64 backend behind the shared Backend interface: LIR in, position-independent System V
// machine code and its listing out. The pipeline is in isel.ts; this file only packages the result.

import type { Backend, CompiledCode, LirFunc, ListingAnnotator, TargetEnv } from "@pyjc/core";
import { selectFunction, type IselOptions } from "./isel.js";
import { renderListing } from "./listing.js";

export type X64BackendOptions = IselOptions;

export function createX64Backend(options: X64BackendOptions = {}): Backend {
  return {
    name: "x64",
    compile(f: LirFunc, env: TargetEnv, annotate?: ListingAnnotator): CompiledCode {
      const selected = selectFunction(f, env, annotate, options);
      const out = selected.asm.finish();
      return {
        bytes: out.bytes,
        entryOffset: 0,
        alignment: out.alignment,
        codeSize: out.codeSize,
        listing: () => renderListing(f, selected, out),
      };
    },
  };
}

export const x64Backend: Backend = createX64Backend();
