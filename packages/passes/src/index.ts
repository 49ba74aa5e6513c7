// The built-in passes, in default pipeline order, and the registry that holds them.
// One pass per file, named NN-name.ts after its stable OPT number; each has its page in
// docs/optimizations/NN-name.md.

import { PassRegistry, type Pass } from "@pyjc/core";

export interface BuiltinPass {
  readonly pass: Pass;
  /** The file that defines it, relative to the repository root (named in errors and listings). */
  readonly file: string;
}

/** Default pipeline order (not id order). */
export const builtinPasses: readonly BuiltinPass[] = [];

/** A registry holding the built-in passes; plugins are registered on top of it. */
export function createRegistry(): PassRegistry {
  const registry = new PassRegistry();
  for (const { pass, file } of builtinPasses) registry.register(pass, `built-in ${file}`);
  return registry;
}
