// A pass is a value made by `definePass`, the one helper built-in passes and plugins share.
//
//   export default definePass({
//     id: 7, name: "dce", level: 1,
//     description: "Removes instructions whose results are unused and that have no effect",
//     requires: [],
//     run(func, ctx) { ...; return changed; },
//   });
//
// `id` is the stable number shown as OPT-<id>: never reused, unrelated to pipeline position.
// `level` is the lowest optimization level that runs the pass (0 runs even at -O0; built-ins use
// 1 for the safe default pipeline and 2 for the rest). `requires` names the analyses the pass reads
// through its context; `run` returns whether it changed the function, and the pass manager keeps,
// per function, the list of passes that did.

import type { Func } from "../hir/function.js";
import type { PassContext } from "./context.js";

/** Analyses a pass may ask the pass manager for (see context.ts). */
export const ANALYSES = ["cfg", "dominators", "loops", "types", "profile"] as const;
export type AnalysisName = (typeof ANALYSES)[number];

export interface PassDefinition {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly level: 0 | 1 | 2;
  readonly requires?: readonly AnalysisName[];
  /** Where the pass goes in the default pipeline: after the named pass (default, or null: at the end). */
  readonly after?: string | null;
  /** Documentation page, relative to the repository root (default docs/optimizations/OPT-<id>-<name>.md). */
  readonly doc?: string;
  run(func: Func, ctx: PassContext): boolean;
}

export interface Pass extends Required<Omit<PassDefinition, "after">> {
  readonly after: string | null;
  /** "OPT-<id>". */
  readonly label: string;
  // A Pass is also a valid PassDefinition: definePass(definePass(d)) returns an equal pass.
}

export class PassDefinitionError extends Error {
  override readonly name = "PassDefinitionError";
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Validates a pass definition and freezes it into a Pass. Throws PassDefinitionError. */
export function definePass(def: PassDefinition): Pass {
  const what = typeof def?.name === "string" ? `pass '${def.name}'` : "pass";
  const bad = (message: string): never => {
    throw new PassDefinitionError(`${what}: ${message}`);
  };
  if (typeof def !== "object" || def === null) bad("a definition must be an object");
  if (!Number.isSafeInteger(def.id) || def.id < 1) bad(`id must be a positive integer (got ${String(def.id)})`);
  if (typeof def.name !== "string" || !NAME.test(def.name)) bad(`name must be kebab-case, like 'dead-code' (got ${JSON.stringify(def.name)})`);
  if (typeof def.description !== "string" || def.description.trim() === "" || def.description.includes("\n")) {
    bad("description must be one non-empty line");
  }
  if (def.level !== 0 && def.level !== 1 && def.level !== 2) bad(`level must be 0, 1 or 2 (got ${String(def.level)})`);
  if (typeof def.run !== "function") bad("run must be a function (func, ctx) => boolean");
  const requires = def.requires ?? [];
  if (!Array.isArray(requires)) bad("requires must be an array of analysis names");
  for (const r of requires) {
    if (!(ANALYSES as readonly string[]).includes(r)) bad(`requires unknown analysis '${String(r)}' (known: ${ANALYSES.join(", ")})`);
  }
  if (def.after !== undefined && def.after !== null && typeof def.after !== "string") bad("after must be a pass name");
  if (def.doc !== undefined && typeof def.doc !== "string") bad("doc must be a path");
  return Object.freeze({
    id: def.id,
    name: def.name,
    description: def.description.trim(),
    level: def.level,
    requires: Object.freeze([...requires]),
    after: def.after ?? null,
    doc: def.doc ?? `docs/optimizations/OPT-${def.id}-${def.name}.md`,
    run: def.run,
    label: `OPT-${def.id}`,
  });
}
