// `pyjc asm FILE --function QUALNAME [--target x64]`: the machine code of one function, with each
// Python source line and bytecode instruction above the instructions generated for it.

import type { Argv, CommandModule } from "yargs";
import { CliError, EXIT } from "../errors.js";
import type { Io } from "../io.js";
import { compileModule } from "../compile.js";
import { JitSession } from "../jit-session.js";
import { pipelineSettings, withPipelineOptions } from "../options.js";
import { loadRegistry } from "../registry.js";
import { BACKENDS } from "./run.js";

function builder(y: Argv) {
  return withPipelineOptions(
    y
      .positional("file", { type: "string", demandOption: true, describe: "A Python source file" })
      .option("function", { type: "string", demandOption: true, requiresArg: true, describe: "The function's qualname" })
      .option("target", { type: "string", choices: BACKENDS, default: "x64", describe: "Backend" }),
  ).example("$0 asm examples/nbody.py --function advance", "the listing of advance()");
}

type Options = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

export function asmCommand(io: Io): CommandModule<{}, Options> {
  return {
    command: "asm <file>",
    describe: "Show the machine code of a function, interleaved with its source and bytecode",
    builder,
    async handler(args) {
      const { path, code } = compileModule(args.file);
      const registry = await loadRegistry(args.plugin ?? []);
      const settings = pipelineSettings(registry, args);
      const selection = { level: args.optLevel ?? 1, enable: args.enable ?? [], disable: args.disable ?? [], ...(args.passes && { only: args.passes }) };
      registry.pipeline(selection);
      const wanted = args.function;
      const session = new JitSession(registry, selection, settings.verifyEach ?? false);
      const reports = session.compileFile(path, (q) => q === wanted);
      if (reports.length === 0) {
        const { walkCodeObjects } = await import("@pyjc/core");
        const known = walkCodeObjects(code).map((c) => c.qualname).join(", ");
        throw new CliError(EXIT.usage, `pyjc: no function '${wanted}' in ${args.file} (functions: ${known})\n`);
      }
      for (const r of reports) {
        if (!r.compiled) {
          io.out(`; ${r.qualname}: left to the interpreter: ${r.reason}\n`);
          continue;
        }
        io.out(`; ${r.qualname} (${r.filename}:${r.firstLineNo}): ${r.codeSize} bytes, ${r.backend}; passes: ${r.passes.join(", ") || "none"}\n`);
        io.out(session.listing(r.index));
      }
    },
  };
}
