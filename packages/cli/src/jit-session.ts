// An embedded interpreter with the JIT attached, for commands that compile without running the
// program (`pyjc compile`, `pyjc asm`). The file is compiled by the embedded CPython itself, so
// the constants and names the machine code refers to are real objects of this process; nothing in
// the module runs. Each code object is compiled with `pyjc.compile`, exactly as the hook would
// compile it on a first call.

import { Jit, type FunctionRecord } from "@pyjc/jit";
import { createX64Backend } from "@pyjc/backend-x64";
import { loadRuntime, type Runtime } from "@pyjc/runtime";
import type { PassRegistry, PipelineSelection } from "@pyjc/core";

export interface CodeReport extends FunctionRecord {
  /** Index of the code object in walk order (module first), to tell apart equal qualnames. */
  readonly index: number;
}

export class JitSession {
  readonly runtime: Runtime;
  readonly jit: Jit;

  constructor(registry: PassRegistry, selection: PipelineSelection, verifyEach: boolean) {
    this.runtime = loadRuntime();
    this.runtime.initialize({ argv: [""] });
    this.jit = new Jit({ registry, selection, backend: createX64Backend({ verifyAllocation: verifyEach }), runtime: this.runtime, verifyEach });
    this.runtime.setHost(this.jit.host());
    // Nothing compiles on its own: only what pyjc.compile asks for.
    this.runtime.setThreshold(2 ** 30);
  }

  /** Compiles the code objects of `path` (all, or those `select` accepts) and reports each. */
  compileFile(path: string, select: (qualname: string) => boolean = () => true): CodeReport[] {
    this.run(`
import json as _json, pyjc as _pyjc
def _walk(code):
    yield code
    for c in code.co_consts:
        if hasattr(c, "co_code"):
            yield from _walk(c)
with open(${JSON.stringify(path)}, "rb") as _f:
    _pyjc_codes = list(_walk(compile(_f.read(), ${JSON.stringify(path)}, "exec", dont_inherit=True)))
`);
    const names = JSON.parse(this.runtime.eval("_json.dumps([c.co_qualname for c in _pyjc_codes])")) as string[];
    const reports: CodeReport[] = [];
    names.forEach((qualname, index) => {
      if (!select(qualname)) return;
      const before = this.jit.records.length;
      const info = JSON.parse(this.runtime.eval(`_json.dumps((lambda c: (_pyjc.compile(c), _pyjc.info(c)))(_pyjc_codes[${index}]))`)) as [
        boolean,
        { reason?: string | null },
      ];
      const record = this.jit.records[before];
      if (record) reports.push({ ...record, index });
      else {
        const code = JSON.parse(this.runtime.eval(`_json.dumps([_pyjc_codes[${index}].co_filename, _pyjc_codes[${index}].co_firstlineno])`)) as [string, number];
        reports.push({
          qualname, filename: code[0], firstLineNo: code[1], compiled: info[0], reason: info[1].reason ?? null,
          passes: [], codeSize: 0, compileMs: 0, backend: "x64", index,
        });
      }
    });
    return reports;
  }

  /** The listing of a compiled code object (by walk index). */
  listing(index: number): string {
    return JSON.parse(this.runtime.eval(`_json.dumps(_pyjc.dis(_pyjc_codes[${index}]))`)) as string;
  }

  private run(source: string): void {
    const error = this.runtime.exec(source);
    if (error !== null) throw new Error(`the embedded interpreter failed:\n${error}`);
  }
}
