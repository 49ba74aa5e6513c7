// Where code objects come from. The compiler only sees this interface; today a Python subprocess
// implements it (python-subprocess-source.ts), later the embedded CPython runtime will.

import type { CodeObject } from "../bytecode/code-object.js";

export interface CodeSource {
  /** Compiles source text as a module, as compile(source, filename, "exec") does. */
  compileSource(source: string, filename: string): CompileResult;
  /** Compiles a file as the interpreter would run it: bytes in, encoding declarations honoured. */
  compileFile(path: string): CompileResult;
  /** Like compileFile for each path, in order, in one batch. */
  compileFiles(paths: readonly string[]): CompileResult[];
}

export type CompileResult =
  | {
      ok: true;
      code: CodeObject;
      /** Warnings compile() issued (SyntaxWarning, DeprecationWarning), one line each. */
      warnings?: readonly string[];
    }
  | { ok: false; error: PythonSyntaxError | SourceError };

/** Python refused the source: what compile() raised, with everything needed to show it as Python does. */
export interface PythonSyntaxError {
  readonly kind: "syntax";
  /**
   * Python's exception type name: SyntaxError, IndentationError or TabError, and in 3.11 also
   * ValueError (NUL bytes in the source) or RecursionError/MemoryError (absurdly deep nesting).
   */
  readonly type: string;
  readonly msg: string;
  readonly filename: string | null;
  /** 1-based. */
  readonly lineno: number | null;
  /** 1-based column of the caret, as Python reports it. */
  readonly offset: number | null;
  readonly endLineno: number | null;
  readonly endOffset: number | null;
  /** The offending source line, when Python has it. */
  readonly text: string | null;
  /** Exactly what traceback.format_exception_only() prints, ending in a newline. */
  readonly formatted: string;
}

/** The source could not be read or decoded; Python never got to parse it. */
export interface SourceError {
  readonly kind: "source";
  /** "io": the file could not be read; "encoding": it is not valid in its (declared or default UTF-8) encoding. */
  readonly reason: "io" | "encoding";
  /** errno name for I/O failures (ENOENT, EACCES, EISDIR, ...); EILSEQ for encoding errors. */
  readonly code: string;
  /** Human-readable, worded as Python words it. */
  readonly message: string;
  readonly filename: string;
}

/** The code source itself failed (interpreter missing, crashed, unreadable reply): no per-file result. */
export class CodeSourceError extends Error {
  override readonly name = "CodeSourceError";
}
