// Differential testing of one pass on real compiled code: a function runs interpreted and compiled
// with the pass on and off, at every optimization level, in the same process (one embedded
// interpreter per test file), on inputs fast-check generates; every variant must agree with the
// interpreter on the result or exception, the dunder calls made (the zoo's log) and what happened
// to the arguments. A failure names the function, the variant and the shrunk arguments.
//
// Variants: `interp` (never compiled), and for each level L in 0, 1, 2: `O<L>+` (level L with the
// pass enabled, so at -O0 the pass runs alone) and `O<L>-` (level L with the pass disabled). Each
// compiled variant is its own copy of the function, warmed up in the interpreter first so the
// profile has CPython's specializations (compiled_diff.py). A variant that deoptimized so often
// that the runtime gave up on it is rebuilt before the next batch, so compiled code stays under
// test; `rebuilds` counts that.
//
// The passes package does not depend on the JIT, so the runtime, the JIT and the backend are
// imported from their sources (the JIT's own differential harness does the same for @pyjc/testing).

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type fc from "fast-check";
import { checkBatches } from "./batches.js";

import { loadRuntime, type CompileRequest, type Runtime, type RuntimeHost } from "../../../runtime/src/index.js";
import { Jit } from "../../../jit/src/index.js";
import { createX64Backend } from "../../../backend-x64/src/index.js";
import { ZOO_PATH } from "../../../testing/src/differential/inputs.js";
import { createRegistry } from "../../src/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const HARNESS_PY = join(HERE, "compiled_diff.py");

export const LEVELS = [0, 1, 2] as const;

export interface VariantInfo {
  readonly compiled: boolean;
  readonly state: string;
  readonly reason: string | null;
  readonly passes: readonly string[];
  readonly runs: number;
  readonly deopts: number;
}

export interface FunctionSpec {
  /** The function's name in the test module. */
  readonly name: string;
  /** Argument sources for the warm-up calls (cycled); the first is also the compiling call. */
  readonly warm: readonly (readonly string[])[];
  /** Compile at a call (the profile has argument types), not with pyjc.compile (specializations only). */
  readonly viaCall?: boolean;
  /** Variants not built, and why (a known bug that would crash the process, with its reference). */
  readonly skip?: { readonly variants: readonly string[]; readonly why: string };
}

interface Outcome {
  readonly result: string;
  readonly log: readonly string[];
  readonly args: readonly string[];
}

let instance = 0;

export class CompiledDiff {
  readonly rt: Runtime;
  readonly variants: readonly string[];
  private readonly jits = new Map<string, Jit>();
  private current: Jit | null = null;
  private readonly specs = new Map<string, FunctionSpec & { fid: string }>();
  /** The test module's name in sys.modules. */
  readonly moduleName: string;
  rebuilds = 0;

  /** `pass` is the pass under test (name); `source` the test module's Python source. */
  constructor(readonly pass: string, source: string) {
    this.rt = loadRuntime();
    if (!this.rt.isInitialized()) this.rt.initialize({ argv: ["pyjc-compiled-diff"] });
    this.rt.setThreshold(2 ** 40);
    const registry = createRegistry();
    const backend = createX64Backend({ verifyAllocation: true });
    // PYJC_PROPERTY_DISABLE=a,b: passes left out of every variant (to bisect a failure to a pass).
    const others = (process.env.PYJC_PROPERTY_DISABLE ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "" && s !== pass);
    for (const level of LEVELS) {
      for (const on of [true, false]) {
        const selection = on ? { level, enable: [pass], disable: others } : { level, disable: [pass, ...others] };
        this.jits.set(`O${level}${on ? "+" : "-"}`, new Jit({ registry, selection, backend, runtime: this.rt, verifyEach: true }));
      }
    }
    this.variants = ["interp", ...this.jits.keys()];
    const host: RuntimeHost = {
      compile: (req: CompileRequest) => {
        if (!this.current) return { ok: false, reason: "compiled-diff: no variant selected" };
        return this.current.compile(req);
      },
      query: (kind, req) => this.current?.query(kind, req) ?? "",
      config: () => {},
    };
    this.rt.setHost(host);
    this.rt.setEnabled(true);
    this.exec(
      `import importlib.util as _u, sys as _sys\n` +
        `_s = _u.spec_from_file_location("_compiled_diff", ${JSON.stringify(HARNESS_PY)})\n` +
        `_cd = _u.module_from_spec(_s)\n_sys.modules["_compiled_diff"] = _cd\n_s.loader.exec_module(_cd)\n` +
        `_cd.setup(${JSON.stringify(ZOO_PATH)})`,
    );
    this.moduleName = `compiled_diff_${pass.replace(/-/g, "_")}_${instance++}`;
    this.eval(`_cd.load(${JSON.stringify(this.moduleName)}, ${JSON.stringify(source)})`);
  }

  /** Runs Python source in __main__ of the embedded interpreter (to patch globals and builtins). */
  exec(src: string): void {
    const tb = this.rt.exec(src);
    if (tb !== null) throw new Error(`Python raised:\n${tb}`);
  }

  private eval(src: string): string {
    return this.rt.eval(src);
  }

  /** Builds every variant of a function (warm-up, compile); their infos. */
  prepare(spec: FunctionSpec): Record<string, VariantInfo> {
    const fid = `${spec.name}#${this.specs.size}`;
    this.specs.set(spec.name, { ...spec, fid });
    const infos: Record<string, VariantInfo> = {};
    for (const v of this.variants) if (!spec.skip?.variants.includes(v)) infos[v] = this.build(fid, spec, v);
    return infos;
  }

  private build(fid: string, spec: FunctionSpec, variant: string): VariantInfo {
    this.current = this.jits.get(variant) ?? null;
    try {
      const json = this.eval(
        `_cd.build(${JSON.stringify(fid)}, ${JSON.stringify(this.moduleName)}, ${JSON.stringify(spec.name)}, ` +
          `${JSON.stringify(variant)}, ${JSON.stringify(JSON.stringify(spec.warm))}, ${spec.viaCall ? "True" : "False"}, ` +
          `${variant === "interp" ? "False" : "True"})`,
      );
      return JSON.parse(json) as VariantInfo;
    } finally {
      this.current = null;
    }
  }

  infos(name: string): Record<string, VariantInfo> {
    const spec = this.spec(name);
    return JSON.parse(this.eval(`_cd.infos(${JSON.stringify(spec.fid)})`)) as Record<string, VariantInfo>;
  }

  private spec(name: string): FunctionSpec & { fid: string } {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`compiled-diff: ${name} was not prepared`);
    return spec;
  }

  /** Runs the cases through every variant; the first disagreement with the interpreter, or null. */
  runBatch(name: string, cases: readonly (readonly string[])[]): string | null {
    const spec = this.spec(name);
    // Rebuild what the runtime gave up on (too many deoptimizations), so compiled code is tested.
    const infos = this.infos(name);
    for (const [variant, info] of Object.entries(infos)) {
      if (variant !== "interp" && !info.compiled && info.state !== "compiled" && /deoptimized too often/.test(info.reason ?? "")) {
        this.build(spec.fid, spec, variant);
        this.rebuilds++;
      }
    }
    // After a crash (the worker dies without a counterexample), this file holds the batch that ran.
    const trace = process.env.PYJC_DIFF_TRACE;
    if (trace) writeFileSync(trace, `${JSON.stringify({ pass: this.pass, name, cases }, null, 1)}\n`);
    const payload = Buffer.from(JSON.stringify(cases), "utf-8").toString("base64");
    const rows = JSON.parse(this.eval(`_cd.run_batch(${JSON.stringify(spec.fid)}, ${JSON.stringify(this.moduleName)}, "${payload}")`)) as Record<string, Outcome>[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const expected = row["interp"]!;
      for (const variant of this.variants.slice(1)) {
        const actual = row[variant];
        if (actual === undefined) continue; // skipped
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          return `${name}(${cases[i]!.join(", ")}): ${variant} differs from the interpreter\n` +
            `  interpreted: ${JSON.stringify(expected)}\n  ${variant}: ${JSON.stringify(actual)}`;
        }
      }
    }
    return null;
  }

  /** fast-check: batches of generated argument tuples agree on every variant. */
  check(name: string, args: fc.Arbitrary<readonly string[]>, numRuns: number, maxBatch = 8): void {
    checkBatches((cases) => this.runBatch(name, cases), args, numRuns, maxBatch);
  }
}
