// Executing generated code from tests, through the runtime's test-only entry points
// (installCodeForTest, callNativeForTest, callNativeF64ForTest). Node cannot run machine code
// without native code, so without the runtime's addon the execution tests cannot run: this module
// says why once instead of failing. The runtime is reached by path because @pyjc/backend-x64 does
// not (and should not) depend on @pyjc/runtime; only its tests use it.

import type { NativeCaller } from "../../../core/test/conformance/native.js";

interface TestRuntime {
  installCodeForTest(bytes: Uint8Array): bigint;
  callNativeForTest?(address: bigint, args: (bigint | number)[]): bigint;
  callNativeF64ForTest?(address: bigint, ints: (bigint | number)[], doubles: number[]): number;
}

export interface Trampoline {
  readonly caller: NativeCaller | null;
  /** Why execution tests cannot run here (null when they can). */
  readonly reason: string | null;
}

/** lea rax, [rdi+rsi]; ret */
const PROBE = Uint8Array.from([0x48, 0x8d, 0x04, 0x37, 0xc3]);
/** addsd xmm0, xmm1; ret */
const PROBE_F64 = Uint8Array.from([0xf2, 0x0f, 0x58, 0xc1, 0xc3]);

export async function loadTrampoline(): Promise<Trampoline> {
  let rt: TestRuntime;
  try {
    const mod = (await import("../../../runtime/src/index.js")) as { loadRuntime(): TestRuntime };
    rt = mod.loadRuntime();
  } catch (e) {
    return { caller: null, reason: `the pyjc runtime addon cannot be loaded (${e instanceof Error ? e.message : String(e)})` };
  }
  const call = rt.callNativeForTest?.bind(rt);
  if (call === undefined) return { caller: null, reason: "runtime.callNativeForTest does not exist yet" };
  try {
    const got = call(rt.installCodeForTest(PROBE), [40n, 2n]);
    if (got !== 42n) return { caller: null, reason: `runtime.callNativeForTest returned ${got} for a probe that returns 42` };
  } catch (e) {
    return { caller: null, reason: `runtime.callNativeForTest is not usable: ${e instanceof Error ? e.message : String(e)} (rebuild the addon: pnpm run setup)` };
  }
  let callF64: NativeCaller["callF64"] = null;
  const f64 = rt.callNativeF64ForTest?.bind(rt);
  if (f64 !== undefined) {
    try {
      if (f64(rt.installCodeForTest(PROBE_F64), [], [1.5, 2.25]) === 3.75) callF64 = (a, ints, doubles) => f64(a, [...ints], [...doubles]);
    } catch {
      callF64 = null; // doubles then travel as bits through LIR adapters
    }
  }
  return {
    reason: null,
    caller: {
      install: (bytes, alignment) => {
        const address = rt.installCodeForTest(bytes);
        if (address % BigInt(alignment) !== 0n) throw new Error(`installed code at 0x${address.toString(16)} is not ${alignment}-byte aligned`);
        return address;
      },
      callI64: (address, ints) => call(address, [...ints]),
      callF64,
    },
  };
}
