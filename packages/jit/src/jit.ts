// The JIT: what the embedded runtime calls when a code object gets hot. It runs the whole
// pipeline (marshal -> HIR -> passes -> LIR -> backend) synchronously and hands back machine
// code, or the reason the function stays interpreted. Nothing here may throw into the runtime: an
// internal error becomes that function's reason. It also keeps the per-function records that
// `--stats`, `pyjc compile --json` and `pyjc.info()` report.

import {
  BUILTINS, EMPTY_PROFILE, funcToDot, printFunc, lowerFunc, optimizeCode, profileFrom, readMarshalCode, type BuiltinName, type Backend, type CompiledCode, type Func, type Pass,
  type PassRegistry, type PipelineSelection,
} from "@pyjc/core";
import type { CompileRequest, CompileResponse, QueryKind, RuntimeHost } from "@pyjc/runtime";
import { sourceAnnotator } from "./listing.js";
import { loweringEnvFor, type Materializer } from "./lowering-env.js";

export interface FunctionRecord {
  readonly qualname: string;
  readonly filename: string;
  readonly firstLineNo: number;
  readonly compiled: boolean;
  /** Why it stays interpreted; null when compiled. */
  readonly reason: string | null;
  /** Passes that changed it ("OPT-<id> <name>"). */
  readonly passes: readonly string[];
  /** Bytes of machine code (0 when not compiled). */
  readonly codeSize: number;
  readonly compileMs: number;
  readonly backend: string;
}

export interface JitRuntime extends Materializer {
  readonly layout: Readonly<Record<string, number>>;
  readonly symbols: Readonly<Record<string, bigint>>;
  /** Compiled code objects that died since the last call (their `req.code` addresses). */
  takeFreedCode?(): bigint[];
}

export interface JitOptions {
  readonly registry: PassRegistry;
  readonly selection: PipelineSelection;
  readonly backend: Backend;
  readonly runtime: JitRuntime;
  readonly verifyEach?: boolean;
  /** `--debug-counter NAME=N`: the first N transformations of the pass, counted over the whole run. */
  readonly debugCounters?: ReadonlyMap<string, number>;
}

interface Compiled {
  readonly func: Func;
  readonly code: CompiledCode;
}

export class Jit {
  readonly records: FunctionRecord[] = [];
  /** Functions a pass failed on (threw, or left invalid IR); they stay interpreted. */
  readonly passFailures: { readonly qualname: string; readonly reason: string }[] = [];
  private readonly counterState = new Map<string, number>();
  private passes: readonly Pass[];
  private selection: PipelineSelection;
  /** Profile-guided compilation: speculate on what the running program showed (pyjc.config(pgc=)). */
  private pgc = true;
  private readonly compiled = new Map<bigint, Compiled>();

  constructor(private readonly options: JitOptions) {
    this.selection = options.selection;
    this.passes = options.registry.pipeline(options.selection);
  }

  /** The object the runtime calls (`runtime.setHost(jit.host())`). */
  host(): RuntimeHost {
    return {
      compile: (req) => this.compile(req),
      query: (kind, req) => this.query(kind, req),
      config: (json) => this.configure(json),
      rejected: (code, reason) => {
        this.records.push({ ...code, compiled: false, reason, passes: [], codeSize: 0, compileMs: 0, backend: this.options.backend.name });
      },
    };
  }

  compile(req: CompileRequest): CompileResponse {
    const started = performance.now();
    this.forgetDeadCode();
    const record = (fields: Partial<FunctionRecord> & { compiled: boolean }) => {
      this.records.push({
        qualname: req.qualname, filename: req.filename, firstLineNo: req.firstLineNo, reason: null, passes: [], codeSize: 0,
        compileMs: performance.now() - started, backend: this.options.backend.name, ...fields,
      });
    };
    try {
      const code = readMarshalCode(req.marshal);
      const profile = this.pgc ? profileFrom(req.quickened, req.localTypes.map((t) => this.builtinTypeName(t))) : EMPTY_PROFILE;
      const report = optimizeCode(code, this.passes, {
        verifyEach: this.options.verifyEach ?? false, profile,
        debugCounters: this.options.debugCounters, counterState: this.counterState,
      });
      if (report.failure) this.passFailures.push({ qualname: req.qualname, reason: report.rejected ?? report.failure.message });
      if (!report.func) {
        record({ compiled: false, reason: report.rejected });
        return { ok: false, reason: report.rejected ?? "rejected" };
      }
      const env = loweringEnvFor(req, code, this.options.runtime.layout, this.options.runtime);
      const lir = lowerFunc(report.func, env);
      const symbols = this.options.runtime.symbols;
      const machine = this.options.backend.compile(lir, {
        symbol: (name) => {
          const addr = symbols[name];
          if (addr === undefined) throw new Error(`runtime symbol '${name}' is not exported by the shim`);
          return addr;
        },
      }, sourceAnnotator(code));
      this.compiled.set(req.code, { func: report.func, code: machine });
      record({ compiled: true, passes: report.passes, codeSize: machine.codeSize });
      const info = {
        passes: report.passes, codeSize: machine.codeSize, backend: this.options.backend.name,
        level: this.selection.level, pgc: this.pgc, compileMs: performance.now() - started,
      };
      return { ok: true, code: machine.bytes, entryOffset: machine.entryOffset, info: JSON.stringify(info) };
    } catch (e) {
      const reason = `internal compiler error: ${e instanceof Error ? e.message : String(e)}`;
      record({ compiled: false, reason });
      return { ok: false, reason };
    }
  }

  private typeNames: Map<bigint, BuiltinName> | null = null;

  /** The exact builtin a type object is (by address: a subclass never passes), or null. */
  private builtinTypeName(type: bigint): BuiltinName | null {
    if (!this.typeNames) {
      this.typeNames = new Map();
      const symbols = this.options.runtime.symbols;
      const bySymbol: Record<string, BuiltinName> = {
        PyLong_Type: "int", PyFloat_Type: "float", PyBool_Type: "bool", PyUnicode_Type: "str", PyBytes_Type: "bytes",
        PyList_Type: "list", PyTuple_Type: "tuple", PyDict_Type: "dict", PySet_Type: "set", PyFrozenSet_Type: "frozenset",
        PyComplex_Type: "complex", PyRange_Type: "range", _PyNone_Type: "NoneType", PyFunction_Type: "function",
      };
      for (const [sym, name] of Object.entries(bySymbol)) {
        const addr = symbols[sym];
        if (addr !== undefined && (BUILTINS as readonly string[]).includes(name)) this.typeNames.set(addr, name);
      }
    }
    return this.typeNames.get(type) ?? null;
  }

  /**
   * Drops the IR and machine code kept for code objects that died: they would pile up over a long
   * run (exec, namedtuple, test suites), and the next code object at that address is another one.
   */
  private forgetDeadCode(): void {
    for (const address of this.options.runtime.takeFreedCode?.() ?? []) this.compiled.delete(address);
  }

  query(kind: QueryKind, req: CompileRequest): string {
    this.forgetDeadCode();
    const c = this.compiled.get(req.code);
    if (!c) return kind === "dis" ? `; ${req.qualname} is not compiled\n` : "";
    if (kind === "dis") return c.code.listing();
    if (kind === "graph") return funcToDot(c.func);
    if (kind === "ir") return printFunc(c.func);
    return JSON.stringify({ codeSize: c.code.codeSize });
  }

  /** `pyjc.config(level=..., pgc=...)` from Python; the threshold is the runtime's. */
  configure(json: string): void {
    const cfg = JSON.parse(json) as { level?: number; pgc?: boolean };
    if (typeof cfg.pgc === "boolean") this.pgc = cfg.pgc;
    if (typeof cfg.level === "number") {
      this.selection = { ...this.selection, level: cfg.level };
      this.passes = this.options.registry.pipeline(this.selection);
    }
  }
}
