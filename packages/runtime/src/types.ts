import type { Layout, Symbols } from "./names.js";

/**
 * What the frame-evaluation hook hands the compiler when a code object gets hot (or when
 * `pyjc.compile(f)`, `pyjc.dis(f)`, `pyjc.graph(f)` ask for it). Addresses are BigInts and
 * stay valid for the duration of the callback (the frame or the function keeps them alive).
 */
export interface CompileRequest {
  /** The PyCodeObject*. */
  code: bigint;
  /** `marshal.dumps(code)`: unquickened bytecode and all code-object metadata. */
  marshal: Uint8Array;
  /** Copy of `co_code_adaptive` now: specialized (quickened) opcodes and inline caches included. */
  quickened: Uint8Array;
  /** Address of `co_code_adaptive[0]`; `prev_instr` values are `firstInstr + 2 * index`. */
  firstInstr: bigint;
  /** Addresses of the `co_consts` items, in order. */
  consts: bigint[];
  /** Addresses of the `co_names` items, in order. */
  names: bigint[];
  /** Frame's (or function's) globals dict; 0n when only a code object was given. */
  globals: bigint;
  /** Frame's (or function's) builtins dict; 0n when only a code object was given. */
  builtins: bigint;
  /** The PyFunctionObject*; 0n when only a code object was given. */
  func: bigint;
  /**
   * `Py_TYPE` of each `localsplus` slot at this call (0n if NULL), `co_nlocalsplus` entries.
   * All 0n when there is no call in progress (`pyjc.compile(f)`). Cell and free slots still hold
   * the raw argument / NULL: MAKE_CELL and COPY_FREE_VARS have not run yet at entry.
   */
  localTypes: bigint[];
  /** `tp_name` of each entry of `localTypes` ("" for NULL). */
  localTypeNames: string[];
  qualname: string;
  filename: string;
  firstLineNo: number;
}

/**
 * The compiler's answer. Code must be position independent (it may use absolute addresses of
 * things outside itself only); the runtime copies it into its own RX mapping. The entry point
 * has the signature `PyObject *entry(_PyInterpreterFrame *frame, PyThreadState *tstate)`.
 */
export type CompileResponse =
  | { ok: true; code: Uint8Array; entryOffset: number; info: string /* JSON */ }
  | { ok: false; reason: string };

/** What `pyjc.dis(f)` / `pyjc.graph(f)` / `pyjc.ir(f)` ask for. "info" is reserved for compiler-side detail;
 * `pyjc.info(f)` itself reads the `info` JSON returned with the compiled code, without a call. */
export type QueryKind = "dis" | "graph" | "ir" | "info";

/**
 * The TypeScript side of the runtime. All methods are called synchronously on the JS thread
 * while Python is running; they must not call back into the Runtime's Python entry points
 * (`exec`, `eval`, `runMain`), which throw if they do. An exception thrown by `compile` leaves
 * the function interpreted with reason `compiler error: <message>`; one thrown by `query` or
 * `config` becomes a Python RuntimeError in the caller of `pyjc.dis/graph/config`.
 */
export interface RuntimeHost {
  compile(req: CompileRequest): CompileResponse;
  query(kind: QueryKind, req: CompileRequest): string;
  /** JSON object with the options Python passed to `pyjc.config` (`level`, `pgc`). */
  config(json: string): void;
  /**
   * Optional: a code object the hook keeps interpreted without asking `compile` (generators,
   * coroutines). Called once per code object, at its first call; exceptions are ignored.
   */
  rejected?(code: RejectedCode, reason: string): void;
  /**
   * Optional: called once at the very end of `runMain` (Py_AtExit: after the program's atexit
   * handlers, on a normal end, sys.exit, an uncaught exception or KeyboardInterrupt), for reports.
   * Python is finalized by then; exceptions are ignored.
   */
  exit?(): void;
}

export interface RejectedCode {
  qualname: string;
  filename: string;
  firstLineNo: number;
}

export interface InitializeOptions {
  /** Becomes `sys.argv` verbatim (nothing is parsed as interpreter options). */
  argv: string[];
  /** Defaults to /usr/bin/python3.11; decides sys.executable, sys.prefix and the stdlib. */
  programName?: string;
}

export interface RunMainOptions {
  /** `python3.11 FILE`, `python3.11 -m MOD` or `python3.11 -c CMD`. */
  mode: "file" | "module" | "command";
  target: string;
  /** The program's own arguments (`sys.argv[1:]`). */
  argv: string[];
  programName?: string;
}

export interface RuntimeStats {
  enabled: boolean;
  threshold: number;
  /** Live code objects by state. */
  compiled: number;
  interpreted: number;
  counting: number;
  /** Calls into host.compile. */
  compileRequests: number;
  /** Compiles that ended with the function interpreted for good. */
  compileFailures: number;
  /** Compiles postponed for lack of native stack below V8's limit. */
  compileDeferred: number;
  compiledRuns: number;
  deopts: number;
}

export interface Runtime {
  /** offsetof/sizeof/constants for everything generated code touches. */
  readonly layout: Layout;
  /** Addresses of the C API functions, shim helpers and objects generated code may use. */
  readonly symbols: Symbols;
  /** In-process mode: start an interpreter without a main program (once per process). */
  initialize(opts: InitializeOptions): void;
  /**
   * Run a program the way python3.11 would and return its exit status; finalizes the
   * interpreter. Like python3.11 it may end the process itself: SystemExit calls exit(status),
   * and an uncaught KeyboardInterrupt kills the process with SIGINT. Once per process, and not
   * after `initialize`.
   */
  runMain(opts: RunMainOptions): number;
  /** Run statements in `__main__`; null, or the formatted traceback. */
  exec(source: string): string | null;
  /** `str(eval(expr))` in `__main__`; throws an Error whose message is the traceback. */
  eval(expr: string): string;
  /** Register (or with null, remove) the compiler. */
  setHost(host: RuntimeHost | null): void;
  /** Number of calls that run interpreted before a code object is compiled (0: first call). */
  setThreshold(n: number): void;
  /** Global switch; disabled means everything runs interpreted and nothing is compiled. */
  setEnabled(enabled: boolean): void;
  /**
   * Addresses (the `code` of compile requests) of compiled code objects that died since the last
   * call. The host drops what it keeps for them: the address will be reused for another code object.
   */
  takeFreedCode(): bigint[];
  /**
   * Rebuilds a marshalled tuple (marshal format 4, e.g. `writeMarshal` from @pyjc/core) as
   * objects in the interpreter and returns the addresses of its items, for constants and names
   * the compiler created (folded results, names not in `co_names`). Lifetime: called from inside
   * `host.compile`, the objects live exactly as long as the code object being compiled (attached
   * to its per-code state when the compile succeeds, released right after a refused or deferred
   * one); from inside `host.query` they live as long as that code object; outside any callback
   * they are kept for the life of the process. Needs a running interpreter; throws on a
   * malformed input or a value that is not a tuple.
   */
  materialize(marshalledTuple: Uint8Array): bigint[];
  /**
   * The address of builtins.<name> now (null if there is none), kept alive like materialized
   * objects; guards compare globals against it.
   */
  builtinAddress(name: string): bigint | null;
  /** Maps bytes W^X and returns their address (never unmapped). For tests and experiments. */
  installCodeForTest(bytes: Uint8Array): bigint;
  /**
   * Test-only: calls `int64_t f(int64_t, ...)` at `address` with up to 8 integer arguments
   * (bigints are taken modulo 2**64, numbers must be safe integers) and returns its result as a
   * signed 64-bit bigint. Needs no interpreter. Nothing is checked: a wrong address or signature
   * crashes the process.
   */
  callNativeForTest(address: bigint, args: (bigint | number)[]): bigint;
  /**
   * Test-only: calls a function at `address` returning a double, with up to 8 integer and up to 8
   * double arguments (System V: integers in rdi, rsi, ..., doubles in xmm0-7, whatever their
   * interleaving in the C signature). Needs no interpreter.
   */
  callNativeF64ForTest(address: bigint, ints: (bigint | number)[], doubles: number[]): number;
  isInitialized(): boolean;
  stats(): RuntimeStats;
}
