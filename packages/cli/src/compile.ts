// Compiling the user's file to its module code object, or stopping with the error python3.11
// itself would print for that file, with its exit status.

import type { CodeObject, PythonSyntaxError, SourceError } from "@pyjc/core";
import { PythonSubprocessSource, strLiteral } from "@pyjc/core";
import { CliError, EXIT } from "./errors.js";

/**
 * The filename Python runs a script under: relative paths are joined to the working directory
 * without normalization (Python/fileutils.c `_Py_abspath`), so `co_filename`, tracebacks and error
 * messages read exactly as `python3.11 FILE` shows them.
 */
export function pythonRunPath(file: string, cwd: string = process.cwd()): string {
  if (file === "" || file === ".") return cwd;
  return file.startsWith("/") ? file : `${cwd}/${file}`;
}

export interface CompiledModule {
  readonly path: string;
  readonly code: CodeObject;
  /** Warnings compile() issued (SyntaxWarning, DeprecationWarning), one line each. */
  readonly warnings: readonly string[];
}

export function compileModule(file: string): CompiledModule {
  const path = pythonRunPath(file);
  const result = new PythonSubprocessSource().compileFile(path);
  if (!result.ok) throw compileError(result.error);
  return { path, code: result.code, warnings: result.warnings ?? [] };
}

function compileError(error: PythonSyntaxError | SourceError): CliError {
  if (error.kind === "syntax") return new CliError(EXIT.failure, error.formatted);
  if (error.reason === "encoding") return new CliError(EXIT.failure, `SyntaxError: ${error.message}\n`);
  // Python: "<python>: can't open file '<path>': [Errno 2] No such file or directory", status 2.
  const errno = /^\[Errno \d+\] [^:]*/.exec(error.message)?.[0] ?? error.message;
  return new CliError(EXIT.usage, `pyjc: can't open file ${strLiteral(error.filename)}: ${errno}\n`);
}
