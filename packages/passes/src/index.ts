// The built-in passes, in default pipeline order, and the registry that holds them.
// One pass per file, named NN-name.ts after its stable OPT number; each has its page in
// docs/optimizations/OPT-<id>-<name>.md.

import { PassRegistry, type Pass } from "@pyjc/core";
import { isPointerCompare } from "./01-is-pointer-compare.js";
import { smallIntCompare } from "./02-small-int-compare.js";
import { listConstIndex } from "./03-list-const-index.js";
import { builtinTypes } from "./04-builtin-types.js";
import { unboxNumbers } from "./05-unbox-numbers.js";
import { fastLocals } from "./06-fast-locals.js";
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
  // Builtin result types (guarded against shadowing) before anything that reads types.
  { pass: builtinTypes, file: "packages/passes/src/04-builtin-types.ts" },
  // Inline fast paths on exact builtins (proven by types, or guarded from the profile); their
  // bool results are native conditions that branches read directly.
  { pass: listConstIndex, file: "packages/passes/src/03-list-const-index.ts" },
  { pass: smallIntCompare, file: "packages/passes/src/02-small-int-compare.ts" },
  { pass: isPointerCompare, file: "packages/passes/src/01-is-pointer-compare.ts" },
  // Native doubles and int64 for what the types (and guards from the profile) prove numeric.
  { pass: unboxNumbers, file: "packages/passes/src/05-unbox-numbers.ts" },
  // Stores to the frame move to where Python code could look, once the typed passes made locals native.
  { pass: fastLocals, file: "packages/passes/src/06-fast-locals.ts" },
  { pass: simplifyCfg, file: "packages/passes/src/08-simplify-cfg.ts" },
  { pass: dce, file: "packages/passes/src/07-dce.ts" },
];

export { constFold, dce, simplifyCfg };
export { builtinTypes, unboxNumbers };
export { fastLocals };
export { isPointerCompare, listConstIndex, smallIntCompare };

/** A registry holding the built-in passes; plugins are registered on top of it. */
export function createRegistry(): PassRegistry {
  const registry = new PassRegistry();
  for (const { pass, file } of builtinPasses) registry.register(pass, `built-in ${file}`);
  return registry;
}
