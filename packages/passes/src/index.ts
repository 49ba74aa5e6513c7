// The built-in passes, in default pipeline order, and the registry that holds them.
// One pass per file, named NN-name.ts after its stable OPT number; each has its page in
// docs/optimizations/NN-name.md.

import { PassRegistry, type Pass } from "@pyjc/core";
import { dce } from "./07-dce.js";
import { simplifyCfg } from "./08-simplify-cfg.js";
import { constFold } from "./09-const-fold.js";

export interface BuiltinPass {
  readonly pass: Pass;
  /** The file that defines it, relative to the repository root (named in errors and listings). */
  readonly file: string;
}

/** Default pipeline order (not id order). */
export const builtinPasses: readonly BuiltinPass[] = [
  // Folding first: it turns branches on constants into `branch (cbool k)`, which simplify-cfg
  // removes; dce last sweeps what both leave behind (the folded constants, the dead cbools).
  { pass: constFold, file: "packages/passes/src/09-const-fold.ts" },
  { pass: simplifyCfg, file: "packages/passes/src/08-simplify-cfg.ts" },
  { pass: dce, file: "packages/passes/src/07-dce.ts" },
];

export { constFold, dce, simplifyCfg };

/** A registry holding the built-in passes; plugins are registered on top of it. */
export function createRegistry(): PassRegistry {
  const registry = new PassRegistry();
  for (const { pass, file } of builtinPasses) registry.register(pass, `built-in ${file}`);
  return registry;
}
