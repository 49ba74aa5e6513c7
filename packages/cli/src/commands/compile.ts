// `pyjc compile FILE [--json] [--target x64]`: compiles every function of a module to machine code
// without running it, and reports per function whether it compiled, why not, the passes that
// changed it and its code size.

import type { Argv, CommandModule } from "yargs";
import type { Io } from "../io.js";
import { compileModule } from "../compile.js";
import { JitSession } from "../jit-session.js";
import { pipelineSettings, withPipelineOptions } from "../options.js";
import { loadRegistry } from "../registry.js";
import { BACKENDS } from "./run.js";
import { formatTable } from "../table.js";

function builder(y: Argv) {
  return withPipelineOptions(
    y
      .positional("file", { type: "string", demandOption: true, describe: "A Python source file" })
      .option("json", { type: "boolean", describe: "Print {functions: [{qualname, compiled, reason, passes, codeSize}]}" })
      .option("target", { type: "string", choices: BACKENDS, default: "x64", describe: "Backend" }),
  ).example("$0 compile examples/nbody.py --json", "compile every function, report as JSON");
}

type Options = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

export function compileCommand(io: Io): CommandModule<{}, Options> {
  return {
    command: "compile <file>",
    describe: "Compile every function of a module to machine code without running it",
    builder,
    async handler(args) {
      const { path } = compileModule(args.file); // Python's own error for bad files, before anything else
      const registry = await loadRegistry(args.plugin ?? []);
      const settings = pipelineSettings(registry, args);
      const selection = { level: args.optLevel ?? 1, enable: args.enable ?? [], disable: args.disable ?? [], ...(args.passes && { only: args.passes }) };
      registry.pipeline(selection);
      const reports = new JitSession(registry, selection, settings.verifyEach ?? false).compileFile(path);
      if (args.json) {
        const functions = reports.map((r) => ({
          qualname: r.qualname, firstlineno: r.firstLineNo, compiled: r.compiled, reason: r.reason, passes: r.passes, codeSize: r.codeSize,
        }));
        io.out(`${JSON.stringify({ functions }, null, 2)}\n`);
        return;
      }
      io.out(formatTable(
        ["FUNCTION", "LINE", "COMPILED", "BYTES", "PASSES / REASON"],
        reports.map((r) => [r.qualname, String(r.firstLineNo), r.compiled ? "yes" : "no", String(r.codeSize), r.compiled ? r.passes.join(", ") : (r.reason ?? "")]),
      ));
    },
  };
}
