// A CodeSource that asks a CPython 3.11 subprocess to compile and marshal.dumps the module code
// object, then reads the marshal data back. One process per call; compileFiles batches any number
// of files through one process, so compiling the whole stdlib costs one interpreter start.

import { spawnSync } from "node:child_process";

import type { CodeObject } from "../bytecode/code-object.js";
import { MarshalError, readMarshalCode } from "../bytecode/marshal.js";
import type { CodeSource, CompileResult, PythonSyntaxError, SourceError } from "./code-source.js";
import { CodeSourceError } from "./code-source.js";
import { PYTHON_DRIVER } from "./python-driver.js";

export interface PythonSubprocessSourceOptions {
  /** The interpreter; must be CPython 3.11 (its marshal and bytecode format are what we read). */
  python?: string;
  /** Kill the subprocess after this long, in milliseconds. */
  timeoutMs?: number;
}

/** Debian's interpreter, not whatever `python3` a pyenv or venv puts first on PATH. */
export const DEFAULT_PYTHON = "/usr/bin/python3.11";

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024;

type Request = { kind: "file"; path: string } | { kind: "source"; filename: string; source: string };

export class PythonSubprocessSource implements CodeSource {
  readonly python: string;
  private readonly timeoutMs: number;

  constructor(options: PythonSubprocessSourceOptions = {}) {
    this.python = options.python ?? DEFAULT_PYTHON;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  compileSource(source: string, filename: string): CompileResult {
    return this.run([{ kind: "source", filename, source }])[0]!;
  }

  compileFile(path: string): CompileResult {
    return this.run([{ kind: "file", path }])[0]!;
  }

  compileFiles(paths: readonly string[]): CompileResult[] {
    if (paths.length === 0) return [];
    return this.run(paths.map((path) => ({ kind: "file", path })));
  }

  private run(requests: readonly Request[]): CompileResult[] {
    const child = spawnSync(this.python, ["-I", "-S", "-c", PYTHON_DRIVER], {
      input: encodeRequests(requests),
      maxBuffer: MAX_OUTPUT_BYTES,
      timeout: this.timeoutMs,
      windowsHide: true,
    });
    // An interpreter that exits without reading its input also reports EPIPE: the exit status
    // says more, so it takes precedence over the spawn error.
    const stderr = (): string => child.stderr.toString("utf-8").trim();
    if (child.status !== 0 && child.status !== null) {
      throw new CodeSourceError(`${this.python} exited with status ${child.status}: ${stderr()}`);
    }
    if (child.error !== undefined) {
      throw new CodeSourceError(`cannot run ${this.python}: ${child.error.message}`, { cause: child.error });
    }
    if (child.signal !== null) {
      throw new CodeSourceError(`${this.python} killed by ${child.signal}: ${stderr()}`);
    }
    return decodeResponses(child.stdout, requests.length, this.python);
  }
}

function encodeRequests(requests: readonly Request[]): Buffer {
  const parts: Buffer[] = [];
  const field = (text: string): void => {
    const bytes = Buffer.from(text, "utf-8");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    parts.push(length, bytes);
  };
  for (const request of requests) {
    if (request.kind === "file") {
      parts.push(Buffer.from("F"));
      field(request.path);
    } else {
      parts.push(Buffer.from("S"));
      field(request.filename);
      field(request.source);
    }
  }
  return Buffer.concat(parts);
}

interface ResponseMeta {
  ok: boolean;
  warnings?: string[];
  error?: PythonSyntaxError | SourceError;
}

function decodeResponses(out: Buffer, count: number, python: string): CompileResult[] {
  const results: CompileResult[] = [];
  const broken = (what: string): CodeSourceError =>
    new CodeSourceError(`${python}: ${what} (after ${results.length} of ${count} results)`);
  let pos = 0;
  const chunk = (): Buffer => {
    const n = pos + 4 <= out.length ? out.readUInt32LE(pos) : Infinity;
    if (pos + 4 + n > out.length) throw broken("reply truncated");
    const bytes = out.subarray(pos + 4, pos + 4 + n);
    pos += 4 + n;
    return bytes;
  };
  for (let i = 0; i < count; i++) {
    const meta = JSON.parse(chunk().toString("utf-8")) as ResponseMeta;
    const blob = chunk();
    if (!meta.ok) {
      if (meta.error === undefined) throw broken("error reply without an error");
      results.push({ ok: false, error: meta.error });
      continue;
    }
    let code: CodeObject;
    try {
      code = readMarshalCode(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength));
    } catch (e) {
      if (e instanceof MarshalError) throw broken(`unreadable code object: ${e.message}`);
      throw e;
    }
    const warnings = meta.warnings ?? [];
    results.push(warnings.length > 0 ? { ok: true, code, warnings } : { ok: true, code });
  }
  if (pos !== out.length) throw broken(`${out.length - pos} unexpected bytes after the last result`);
  return results;
}
