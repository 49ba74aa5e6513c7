// The `pyjc` executable: wires the commands into yargs, runs them, and turns every failure into a
// message and an exit status (errors.ts). Commands live in commands/, one file each; nothing here
// knows what a command does.
//
// yargs runs with exitProcess(false): yargs would otherwise call process.exit() after --help or a
// usage error, which can cut off output still queued for a pipe. The exit status is set on
// process.exitCode and Node exits once the output is flushed.

import { readFileSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { asmCommand } from "./commands/asm.js";
import { benchCommand } from "./commands/bench.js";
import { checkCommand } from "./commands/check.js";
import { compileCommand } from "./commands/compile.js";
import { irCommand } from "./commands/ir.js";
import { passesCommand } from "./commands/passes.js";
import { runProgram, splitProgramArgv, withRunOptions, type RunArgs } from "./commands/run.js";
import { CliError, describeError, EXIT, UsageError } from "./errors.js";
import { processIo, type Io } from "./io.js";

const NO_COMMAND = "no command given";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf-8")) as { version: string };
  return `pyjc ${pkg.version}`;
}

/** Commands that are not "run a program"; anything else on the command line names a program. */
const COMMANDS = new Set(["passes", "ir", "run", "compile", "asm", "check", "bench"]);
const GLOBAL_FLAGS = new Set(["-h", "--help", "-V", "--version"]);
/** Run options that take a value as the next argument (for splitting pyjc's options from the program's). */
const RUN_VALUE_OPTIONS = new Set(["threshold", "opt-level", "O", "backend", "plugin", "enable", "disable", "passes", "debug-counter"]);

/** `pyjc [options] FILE [args...]` and `pyjc run ...`: python3.11's command line, with pyjc's options first. */
async function runMode(argv: string[], io: Io): Promise<number> {
  const rest = argv[0] === "run" ? argv.slice(1) : argv;
  const { options, program } = splitProgramArgv(rest, RUN_VALUE_OPTIONS);
  let args: RunArgs | undefined;
  let help = "";
  const parser = withRunOptions(yargs(options))
    .scriptName("pyjc")
    .usage("Usage: pyjc [run] [options] (FILE | -m MODULE | -c CMD) [args...]\n\nRun a Python program under the JIT, like python3.11.")
    .strict()
    .help(false)
    .version(false)
    .option("help", { alias: "h", type: "boolean", describe: "Show help" })
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  args = (await parser.parseAsync()) as unknown as RunArgs & { help?: boolean };
  if ((args as { help?: boolean }).help || program === null) {
    parser.showHelp((text: string) => (help = text));
    if (program === null && !(args as { help?: boolean }).help) throw new CliError(EXIT.usage, `pyjc: no program given (FILE, -m MODULE or -c CMD)\n${help}\n`);
    io.out(`${help}\n`);
    return EXIT.ok;
  }
  return runProgram(io, program, args);
}

async function main(argv: string[], io: Io): Promise<number> {
  const first = argv[0];
  if (first !== undefined && (first === "run" || (!COMMANDS.has(first) && !GLOBAL_FLAGS.has(first)))) {
    try {
      return await runMode(argv, io);
    } catch (e) {
      const { text, exitCode } = describeError(e, process.env.PYJC_DEBUG === "1");
      io.err(text);
      return exitCode;
    }
  }
  const passes = passesCommand(io);
  const ir = irCommand(io);
  const compile = compileCommand(io);
  const asm = asmCommand(io);
  const parser = yargs(argv)
    .scriptName("pyjc")
    .usage("pyjc: a JIT compiler framework for CPython 3.11\n\nUsage: $0 <command> [options]")
    .command(passes)
    .command(ir)
    .command(compile)
    .command(asm)
    .command(checkCommand(io))
    .command(benchCommand(io))
    .demandCommand(1, NO_COMMAND)
    .strict()
    .version(version())
    .alias("version", "V")
    .help()
    .alias("help", "h")
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error, y) => {
      // Validation failures arrive with a message and no error (or a YError); errors thrown by
      // coerce functions and handlers arrive as themselves and keep their own meaning.
      if (error && !(error instanceof UsageError) && error.name !== "YError") throw error;
      if (message === NO_COMMAND) {
        let help = "";
        y.showHelp((text: string) => (help = text));
        throw new CliError(EXIT.usage, `${help}\n`);
      }
      const word = argv.find((a) => !a.startsWith("-"));
      const command = [passes, ir, compile, asm].find((c) => String(c.command).split(" ")[0] === word);
      let text = message ?? error?.message ?? "bad usage";
      // yargs words a missing positional as a count; name the argument instead.
      if (command && /^Not enough non-option arguments/.test(text)) text = `missing argument: pyjc ${String(command.command)}`;
      const name = command ? `${String(command.command).split(" ")[0]} ` : "";
      throw new CliError(EXIT.usage, `pyjc: ${text}\nSee 'pyjc ${name}--help'.\n`);
    });
  try {
    await parser.parseAsync();
    return EXIT.ok;
  } catch (e) {
    const { text, exitCode } = describeError(e, process.env.PYJC_DEBUG === "1");
    io.err(text);
    return exitCode;
  }
}

// A reader that goes away (`pyjc ir big.py | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(hideBin(process.argv), processIo);
