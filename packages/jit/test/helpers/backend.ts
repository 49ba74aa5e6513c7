// The backend the JIT tests compile with. PYJC_TEST_BACKEND=deopt-stub swaps in a backend whose code
// deoptimizes at entry (the pipeline runs and functions count as compiled, but the interpreter
// executes them): for checking a test itself while the real backend is unavailable or suspect.

import { x64Backend } from "@pyjc/backend-x64";
import type { Backend, CompiledCode } from "@pyjc/core";

/** `mov eax, 1; ret`: the deopt sentinel, so the hook reruns the frame in the interpreter. */
export const deoptStubBackend: Backend = {
  name: "deopt-stub",
  compile(): CompiledCode {
    const bytes = Uint8Array.from([0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3]);
    return { bytes, entryOffset: 0, alignment: 16, codeSize: bytes.length, listing: () => "mov eax, 1\nret\n" };
  },
};

export function testBackend(name: string = process.env.PYJC_TEST_BACKEND ?? "x64"): Backend {
  if (name === "deopt-stub") return deoptStubBackend;
  if (name !== "x64") throw new Error(`unknown PYJC_TEST_BACKEND '${name}' (x64 or deopt-stub)`);
  const backend = x64Backend as Backend | undefined;
  if (!backend) throw new Error("@pyjc/backend-x64 does not export x64Backend yet");
  return backend;
}
