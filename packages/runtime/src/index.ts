/**
 * @pyjc/runtime: CPython 3.11 embedded in this Node process, a PEP 523 hook that calls the
 * TypeScript compiler when code gets hot, and the layout/symbol tables generated code needs.
 *
 * There is one interpreter per process, so there is one Runtime per process: `loadRuntime()`
 * loads the native addon on first use and returns the same object afterwards.
 */
import { jsStackSizeKb, loadAddon, type NativeAddon } from "./load.js";
import { LAYOUT_KEYS, SYMBOL_NAMES, type Layout, type Symbols } from "./names.js";
import type {
  InitializeOptions,
  RunMainOptions,
  Runtime,
  RuntimeHost,
  RuntimeStats,
} from "./types.js";

export * from "./names.js";
export type * from "./types.js";
export { addonPath } from "./load.js";

/** The interpreter pyjc embeds; also what sys.executable reports. */
export const DEFAULT_PROGRAM_NAME = "/usr/bin/python3.11";

/** python3.11's command line for a RunMainOptions (argv[0] first). */
export function pythonCommandLine(opts: RunMainOptions): string[] {
  const program = opts.programName ?? DEFAULT_PROGRAM_NAME;
  switch (opts.mode) {
    case "file":
      return [program, opts.target, ...opts.argv];
    case "module":
      return [program, "-m", opts.target, ...opts.argv];
    case "command":
      return [program, "-c", opts.target, ...opts.argv];
  }
}

function checkKeys(what: string, table: object, expected: readonly string[]): void {
  const missing = expected.filter((k) => !(k in table));
  if (missing.length > 0) {
    throw new Error(
      `pyjc runtime: the addon's ${what} table lacks ${missing.join(", ")}; rebuild it (pnpm run setup)`,
    );
  }
}

class NativeRuntime implements Runtime {
  #layout: Layout | undefined;
  #symbols: Symbols | undefined;

  constructor(private readonly addon: NativeAddon) {}

  get layout(): Layout {
    if (this.#layout === undefined) {
      const table = this.addon.layout();
      checkKeys("layout", table, LAYOUT_KEYS);
      this.#layout = Object.freeze(table) as Layout;
    }
    return this.#layout;
  }

  get symbols(): Symbols {
    if (this.#symbols === undefined) {
      const table = this.addon.symbols();
      checkKeys("symbols", table, SYMBOL_NAMES);
      this.#symbols = Object.freeze(table) as Symbols;
    }
    return this.#symbols;
  }

  initialize(opts: InitializeOptions): void {
    this.addon.initialize(opts.argv, opts.programName ?? DEFAULT_PROGRAM_NAME);
  }

  runMain(opts: RunMainOptions): number {
    return this.addon.runMain(pythonCommandLine(opts), opts.programName ?? DEFAULT_PROGRAM_NAME);
  }

  exec(source: string): string | null {
    return this.addon.exec(source);
  }

  eval(expr: string): string {
    return this.addon.eval(expr);
  }

  setHost(host: RuntimeHost | null): void {
    this.addon.setHost(host);
  }

  setThreshold(n: number): void {
    this.addon.setThreshold(n);
  }

  setEnabled(enabled: boolean): void {
    this.addon.setEnabled(enabled);
  }

  takeFreedCode(): bigint[] {
    return this.addon.takeFreedCode();
  }

  materialize(marshalledTuple: Uint8Array): bigint[] {
    return this.addon.materialize(marshalledTuple);
  }

  builtinAddress(name: string): bigint | null {
    return this.addon.builtinAddress(name);
  }

  installCodeForTest(bytes: Uint8Array): bigint {
    return this.addon.installCodeForTest(bytes);
  }

  callNativeForTest(address: bigint, args: (bigint | number)[]): bigint {
    return this.addon.callNativeForTest(address, args);
  }

  callNativeF64ForTest(address: bigint, ints: (bigint | number)[], doubles: number[]): number {
    return this.addon.callNativeF64ForTest(address, ints, doubles);
  }

  isInitialized(): boolean {
    return this.addon.isInitialized();
  }

  stats(): RuntimeStats {
    return this.addon.stats() as unknown as RuntimeStats;
  }
}

let instance: Runtime | undefined;

/**
 * The process-wide Runtime. Throws, naming the fix, if the addon is not built or libpython3.11
 * cannot be loaded.
 */
export function loadRuntime(): Runtime {
  if (instance === undefined) {
    const addon = loadAddon();
    addon.setJsStackSize(jsStackSizeKb(process.execArgv));
    instance = new NativeRuntime(addon);
  }
  return instance;
}
