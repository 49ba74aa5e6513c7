// Differential testing of what Python code can see of a compiled frame (frame_diff.py): the
// functions of a test module run interpreted and compiled by several JIT variants, in the same
// process, and every variant must agree with the interpreter on the result or exception, the
// locals every traceback entry shows, and what the functions logged (locals seen by callees,
// finalizers and trace functions, frames kept alive). A failure names the function, the variant
// and the shrunk arguments.
//
// Variants are named by the caller: each is a pass selection (with an optional registry, e.g. one
// holding a test-only pass). A variant the runtime gave up on (it deoptimized too often) is
// rebuilt before the next batch so compiled code stays under test.

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type fc from "fast-check";
import { checkBatches } from "./batches.js";

import type { PassRegistry, PipelineSelection } from "@pyjc/core";
import { loadRuntime, type CompileRequest, type Runtime, type RuntimeHost } from "../../../runtime/src/index.js";
import { Jit } from "../../../jit/src/index.js";
import { createX64Backend } from "../../../backend-x64/src/index.js";
import { createRegistry } from "../../src/index.js";

const HARNESS_PY = join(dirname(fileURLToPath(import.meta.url)), "frame_diff.py");

export interface VariantInfo {
  readonly compiled: boolean;
  readonly state: string;
  readonly reason: string | null;
  readonly passes: readonly string[];
  readonly runs: number;
  readonly deopts: number;
}

export interface VariantSpec {
  readonly selection: PipelineSelection;
  readonly registry?: PassRegistry;
}

let instance = 0;

export class FrameDiff {
  readonly rt: Runtime;
  readonly variants: readonly string[];
  private readonly jits = new Map<string, Jit>();
  private current: Jit | null = null;
  private readonly specs = new Map<string, { fid: string; warm: readonly (readonly string[])[] }>();
  private readonly module: string;
  rebuilds = 0;

  constructor(source: string, variants: Readonly<Record<string, VariantSpec>>) {
    this.rt = loadRuntime();
    if (!this.rt.isInitialized()) this.rt.initialize({ argv: ["pyjc-frame-diff"] });
    this.rt.setThreshold(2 ** 40);
    const backend = createX64Backend({ verifyAllocation: true });
    for (const [name, v] of Object.entries(variants)) {
      this.jits.set(name, new Jit({ registry: v.registry ?? createRegistry(), selection: v.selection, backend, runtime: this.rt, verifyEach: true }));
    }
    this.variants = ["interp", ...this.jits.keys()];
    const host: RuntimeHost = {
      compile: (req: CompileRequest) => this.current?.compile(req) ?? { ok: false, reason: "frame-diff: no variant selected" },
      query: (kind, req) => this.current?.query(kind, req) ?? "",
      config: () => {},
    };
    this.rt.setHost(host);
    this.rt.setEnabled(true);
    this.exec(
      `import importlib.util as _u, sys as _sys\n` +
        `_s = _u.spec_from_file_location("_frame_diff", ${JSON.stringify(HARNESS_PY)})\n` +
        `_fd = _u.module_from_spec(_s)\n_sys.modules["_frame_diff"] = _fd\n_s.loader.exec_module(_fd)\n_fd.setup()`,
    );
    this.module = `frame_diff_${instance++}`;
    this.rt.eval(`_fd.load(${JSON.stringify(this.module)}, ${JSON.stringify(source)})`);
  }

  private exec(src: string): void {
    const tb = this.rt.exec(src);
    if (tb !== null) throw new Error(`Python raised:\n${tb}`);
  }

  /** Builds every variant of a function (warm-up calls, then compiled at the next call); their infos. */
  prepare(name: string, warm: readonly (readonly string[])[]): Record<string, VariantInfo> {
    const fid = `${name}#${this.specs.size}`;
    this.specs.set(name, { fid, warm });
    const infos: Record<string, VariantInfo> = {};
    for (const v of this.variants) infos[v] = this.build(fid, name, warm, v);
    return infos;
  }

  private build(fid: string, name: string, warm: readonly (readonly string[])[], variant: string): VariantInfo {
    this.trace({ building: name, variant, warm });
    this.current = this.jits.get(variant) ?? null;
    try {
      return JSON.parse(this.rt.eval(
        `_fd.build(${JSON.stringify(fid)}, ${JSON.stringify(this.module)}, ${JSON.stringify(name)}, ${JSON.stringify(variant)}, ` +
          `${JSON.stringify(JSON.stringify(warm))}, ${variant === "interp" ? "False" : "True"})`,
      )) as VariantInfo;
    } finally {
      this.current = null;
    }
  }

  /** After a crash (the worker dies without a counterexample), PYJC_DIFF_TRACE holds what ran. */
  private trace(what: unknown): void {
    const path = process.env.PYJC_DIFF_TRACE;
    if (path) writeFileSync(path, `${JSON.stringify(what)}\n`);
  }

  infos(name: string): Record<string, VariantInfo> {
    return JSON.parse(this.rt.eval(`_fd.infos(${JSON.stringify(this.spec(name).fid)})`)) as Record<string, VariantInfo>;
  }

  private spec(name: string) {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`frame-diff: ${name} was not prepared`);
    return spec;
  }

  /** Runs the cases through every variant; the first disagreement with the interpreter, or null. */
  runBatch(name: string, cases: readonly (readonly string[])[]): string | null {
    const spec = this.spec(name);
    for (const [variant, info] of Object.entries(this.infos(name))) {
      if (variant !== "interp" && !info.compiled && /deoptimized too often/.test(info.reason ?? "")) {
        this.build(spec.fid, name, spec.warm, variant);
        this.rebuilds++;
      }
    }
    this.trace({ name, cases });
    const payload = Buffer.from(JSON.stringify(cases), "utf-8").toString("base64");
    const rows = JSON.parse(this.rt.eval(`_fd.run_batch(${JSON.stringify(spec.fid)}, ${JSON.stringify(this.module)}, "${payload}")`)) as Record<string, unknown>[];
    for (let i = 0; i < rows.length; i++) {
      const expected = JSON.stringify(rows[i]!["interp"]);
      for (const variant of this.variants.slice(1)) {
        const actual = JSON.stringify(rows[i]![variant]);
        if (actual !== expected) {
          return `${name}(${cases[i]!.join(", ")}): ${variant} differs from the interpreter\n  interpreted: ${expected}\n  ${variant}: ${actual}`;
        }
      }
    }
    return null;
  }

  /** fast-check: batches of generated argument tuples agree on every variant. */
  check(name: string, args: fc.Arbitrary<readonly string[]>, numRuns: number, maxBatch = 6): void {
    checkBatches((cases) => this.runBatch(name, cases), args, numRuns, maxBatch);
  }
}
