// `pyjc passes --list [--json] [--plugin PATH]...`: every registered pass, built-ins first in
// pipeline order, then plugins. The listing is generated from the registry, the one table that
// also drives --enable/--disable/--passes and the levels, and a test pins it against that table.

import type { Argv, CommandModule } from "yargs";
import type { RegisteredPass } from "@pyjc/core";
import type { Io } from "../io.js";
import { withPluginOption } from "../options.js";
import { loadRegistry, shortSource } from "../registry.js";
import { formatTable } from "../table.js";

function builder(y: Argv) {
  return withPluginOption(
    y
      .option("list", { type: "boolean", describe: "List the registered passes (the default action)" })
      .option("json", { type: "boolean", describe: "As a JSON array" }),
  )
    .example("$0 passes --list", "the built-in passes")
    .example("$0 passes --list --json --plugin ./my-pass.mjs", "with a plugin, as JSON");
}

type Options = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

export interface PassJson {
  readonly id: number;
  readonly label: string;
  readonly name: string;
  readonly level: number;
  readonly description: string;
  readonly doc: string;
  readonly source: string;
  readonly requires: readonly string[];
  readonly after: string | null;
}

export function passJson({ pass, source }: RegisteredPass): PassJson {
  const { id, label, name, level, description, doc, requires, after } = pass;
  return { id, label, name, level, description, doc, source, requires, after };
}

export const PASS_TABLE_HEADER = ["ID", "NAME", "LEVEL", "DESCRIPTION", "DOC", "SOURCE"] as const;

export function passTable(entries: readonly RegisteredPass[]): string {
  return formatTable(
    PASS_TABLE_HEADER,
    entries.map(({ pass, source }) => [pass.label, pass.name, String(pass.level), pass.description, pass.doc, shortSource(source)]),
  );
}

export function passesCommand(io: Io): CommandModule<{}, Options> {
  return {
    command: "passes",
    describe: "List the optimization passes (built-in and plugins)",
    builder,
    async handler(args) {
      const entries = (await loadRegistry(args.plugin ?? [])).list();
      io.out(args.json ? JSON.stringify(entries.map(passJson), null, 2) + "\n" : passTable(entries));
    },
  };
}
