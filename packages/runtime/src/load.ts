import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Raw surface of build/Release/pyjc_runtime.node (native/addon.c). */
export interface NativeAddon {
  initialize(argv: string[], programName: string): void;
  /** commandLine is a full python3.11 command line, argv[0] included. */
  runMain(commandLine: string[], programName: string): number;
  exec(source: string): string | null;
  eval(expr: string): string;
  setHost(host: object | null): void;
  setThreshold(n: number): void;
  setEnabled(enabled: boolean): void;
  takeFreedCode(): bigint[];
  setJsStackSize(kb: number): void;
  stats(): Record<string, number | boolean>;
  layout(): Record<string, number>;
  symbols(): Record<string, bigint>;
  installCodeForTest(bytes: Uint8Array): bigint;
  isInitialized(): boolean;
  materialize(marshalledTuple: Uint8Array): bigint[];
  builtinAddress(name: string): bigint | null;
  callNativeForTest(address: bigint, args: (bigint | number)[]): bigint;
  callNativeF64ForTest(address: bigint, ints: (bigint | number)[], doubles: number[]): number;
}

const SETUP_HINT = "run `pnpm run setup` at the repository root (it installs python3.11-dev and builds the addon)";

/** The package root: src/ and dist/ both sit one level below it. */
export function packageRoot(): string {
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

export function addonPath(): string {
  return join(packageRoot(), "build", "Release", "pyjc_runtime.node");
}

export function loadAddon(path: string = addonPath()): NativeAddon {
  if (!existsSync(path)) {
    throw new Error(`pyjc runtime: native addon not built (${path} is missing); ${SETUP_HINT}`);
  }
  try {
    return createRequire(import.meta.url)(path) as NativeAddon;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg.includes("libpython3.11")) {
      throw new Error(`pyjc runtime: libpython3.11 cannot be loaded (${msg}); ${SETUP_HINT}`);
    }
    throw new Error(`pyjc runtime: loading ${path} failed (${msg}); rebuild it: ${SETUP_HINT}`);
  }
}

/**
 * V8's stack limit depends on --stack-size; the addon needs it to decide whether calling the
 * compiler from deep Python recursion is safe. 984 KiB is V8's default on 64-bit targets.
 */
export function jsStackSizeKb(execArgv: readonly string[]): number {
  for (const arg of execArgv) {
    const m = /^--stack[-_]size=(\d+)$/.exec(arg);
    if (m) return Number(m[1]);
  }
  return 984;
}
