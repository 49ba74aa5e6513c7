import type { CompileRequest, CompileResponse, QueryKind, RuntimeHost } from "../../src/index.js";

/** `mov eax, 1; ret`: an entry point that always deoptimizes, i.e. runs the function in the
 * interpreter from its first instruction. A safe stand-in for "compiled". */
export const DEOPT_STUB = Uint8Array.from([0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3]);

export interface RecordingHost extends RuntimeHost {
  requests: CompileRequest[];
  queries: [QueryKind, CompileRequest][];
  configs: string[];
  /** Requests for code objects with this qualname. */
  for(qualname: string): CompileRequest[];
}

/** A host that records everything and answers compile requests with `respond`. */
export function recordingHost(
  respond: (req: CompileRequest) => CompileResponse = () => ({ ok: false, reason: "test host refuses" }),
  answer: (kind: QueryKind, req: CompileRequest) => string = (kind, req) => `${kind}:${req.qualname}`,
): RecordingHost {
  const requests: CompileRequest[] = [];
  const queries: [QueryKind, CompileRequest][] = [];
  const configs: string[] = [];
  return {
    requests,
    queries,
    configs,
    for: (qualname) => requests.filter((r) => r.qualname === qualname),
    compile(req) {
      requests.push(req);
      return respond(req);
    },
    query(kind, req) {
      queries.push([kind, req]);
      return answer(kind, req);
    },
    config(json) {
      configs.push(json);
    },
  };
}

/** Compiles code objects named in `names` to `code`; refuses the rest. */
export function compileOnly(names: string[], code: Uint8Array = DEOPT_STUB, info = "{}") {
  return (req: CompileRequest): CompileResponse =>
    names.includes(req.qualname)
      ? { ok: true, code, entryOffset: 0, info }
      : { ok: false, reason: "not selected" };
}
