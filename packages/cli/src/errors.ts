// The one place that turns an error into what the user sees and the exit status.
//
//   0   success
//   1   the program or the run failed: a Python SyntaxError (as python3.11 exits), a pass that
//       broke a function under --verify-each, the Python subprocess could not run
//   2   the command line is wrong: usage, a file that cannot be opened (as python3.11 exits),
//       unknown passes, bad or clashing plugins
//   70  a bug in pyjc (EX_SOFTWARE); the stack is shown only with PYJC_DEBUG=1
//
// Nothing below prints a stack trace for an expected failure.

import { CodeSourceError, PassDefinitionError, PassRegistryError, PluginError } from "@pyjc/core";

export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure: `text` is printed to stderr exactly as is. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly exitCode: ExitCode,
    readonly text: string,
  ) {
    super(text.trimEnd());
  }
}

/** A command-line mistake; printed as `pyjc: <message>` with exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** What to print and the exit status for any error that reaches the top. */
export function describeError(e: unknown, debug: boolean): { text: string; exitCode: ExitCode } {
  if (e instanceof CliError) return { text: e.text, exitCode: e.exitCode };
  if (e instanceof UsageError || e instanceof PassRegistryError || e instanceof PluginError || e instanceof PassDefinitionError) {
    return { text: `pyjc: ${e.message}\n`, exitCode: EXIT.usage };
  }
  if (e instanceof CodeSourceError) return { text: `pyjc: ${e.message}\n`, exitCode: EXIT.failure };
  const detail = debug && e instanceof Error && e.stack ? `${e.stack}\n` : "(run with PYJC_DEBUG=1 for the stack trace)\n";
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { text: `pyjc: internal error: ${message}\n${detail}`, exitCode: EXIT.internal };
}
