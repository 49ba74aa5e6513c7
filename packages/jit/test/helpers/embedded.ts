// The embedded runtime with a Jit as its host, as the in-process JIT tests set it up: a real
// interpreter in this process, the built-in passes, the test backend, and a threshold so high that
// only what a test compiles explicitly (pyjc.compile) runs compiled.

import { createRegistry } from "@pyjc/passes";
import { loadRuntime, type Runtime } from "@pyjc/runtime";
import { Jit } from "../../src/index.js";
import { testBackend } from "./backend.js";

export interface Embedded {
  readonly rt: Runtime;
  readonly jit: Jit;
  /** Runs Python source in __main__; throws with the traceback if it raised. */
  run(src: string): void;
}

export function embeddedJit(argv0: string, options: { level: number; verifyEach?: boolean; threshold: number }): Embedded {
  const rt = loadRuntime();
  if (!rt.isInitialized()) rt.initialize({ argv: [argv0] });
  const jit = new Jit({ registry: createRegistry(), selection: { level: options.level }, backend: testBackend(), runtime: rt, verifyEach: options.verifyEach });
  rt.setHost(jit.host());
  rt.setThreshold(options.threshold);
  rt.setEnabled(true);
  const run = (src: string): void => {
    const tb = rt.exec(src);
    if (tb !== null) throw new Error(`Python raised:\n${tb}`);
  };
  return { rt, jit, run };
}
