// The pass registry a command works with: the built-in passes, then each `--plugin` in command-line
// order, registered under the source "plugin <path>" so that every error about a pass names where
// it came from (a duplicate id or name names both sources).

import * as core from "@pyjc/core";
import { loadPlugin, type PassRegistry } from "@pyjc/core";
import { createRegistry } from "@pyjc/passes";

export const PLUGIN_SOURCE_PREFIX = "plugin ";

export async function loadRegistry(pluginPaths: readonly string[]): Promise<PassRegistry> {
  const registry = createRegistry();
  for (const path of pluginPaths) {
    // Plugins get the @pyjc/core namespace, so a plugin file outside this repository needs no
    // import resolution to use definePass, the IR and the analyses.
    for (const pass of await loadPlugin(path, core)) registry.register(pass, `${PLUGIN_SOURCE_PREFIX}${path}`);
  }
  // Ordering problems (a plugin running `after` an unknown pass) surface here, before any work.
  registry.list();
  return registry;
}

/** "built-in" or the plugin path, for tables where the full source string is too long. */
export function shortSource(source: string): string {
  return source.startsWith("built-in") ? "built-in" : source;
}
