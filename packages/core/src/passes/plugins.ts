// Loading plugin passes from ESM modules (`--plugin PATH`).
//
// A plugin module's default export is one of:
//   - a pass definition (a plain object, or the result of `definePass`),
//   - an array of them,
//   - a function `(pyjc) => definition | definition[]`, called with the @pyjc/core API, so a plugin
//     file outside this repository needs no import resolution to use `definePass`, the IR and the
//     analyses (the Babel plugin convention).
// Every failure names the plugin's path: a missing file, a module that does not load, a missing or
// malformed export, an invalid definition.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { definePass, PassDefinitionError, type Pass, type PassDefinition } from "./define-pass.js";

export class PluginError extends Error {
  override readonly name = "PluginError";
  constructor(readonly path: string, message: string) {
    super(`plugin ${path}: ${message}`);
  }
}

export async function loadPlugin(path: string, api: object): Promise<Pass[]> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new PluginError(path, "file not found");
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new PluginError(path, `failed to load: ${e instanceof Error ? e.message : String(e)}`);
  }
  let exported = mod.default;
  if (exported === undefined) {
    throw new PluginError(path, "has no default export (export a pass definition, an array of them, or a function (pyjc) => ...)");
  }
  if (typeof exported === "function") {
    try {
      exported = (exported as (api: object) => unknown)(api);
    } catch (e) {
      throw new PluginError(path, `its factory threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const defs = Array.isArray(exported) ? exported : [exported];
  if (defs.length === 0) throw new PluginError(path, "exports no passes");
  return defs.map((d, i) => {
    if (typeof d !== "object" || d === null) {
      throw new PluginError(path, `export ${Array.isArray(exported) ? `[${i}] ` : ""}is ${d === null ? "null" : typeof d}, not a pass definition`);
    }
    try {
      return definePass(d as PassDefinition);
    } catch (e) {
      if (e instanceof PassDefinitionError) throw new PluginError(path, e.message);
      throw e;
    }
  });
}
