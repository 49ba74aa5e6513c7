// The pieces of the `pyjc` command that other tools reuse. The executable itself is main.ts.

export { compileModule, pythonRunPath, type CompiledModule } from "./compile.js";
export { CliError, EXIT, UsageError, describeError, type ExitCode } from "./errors.js";
export { processIo, type Io } from "./io.js";
export { pipelineSettings, selectPipeline, withPipelineOptions, withPluginOption, type PipelineArgs } from "./options.js";
export { loadRegistry } from "./registry.js";
export { passJson, passTable, PASS_TABLE_HEADER, type PassJson } from "./commands/passes.js";
