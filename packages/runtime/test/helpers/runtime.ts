import { loadRuntime, type Runtime } from "../../src/index.js";

/**
 * The interpreter for this test file. One interpreter per process, and vitest runs each test
 * file in its own process (pool "forks"), so files do not share interpreter state.
 */
export function startRuntime(argv: string[] = ["pyjc-test"]): Runtime {
  const rt = loadRuntime();
  if (!rt.isInitialized()) rt.initialize({ argv });
  return rt;
}

/** Dedent a Python snippet written inside a template literal. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values);
  const lines = text.replace(/^\n/, "").split("\n");
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** exec that fails the test with the Python traceback. */
export function run(rt: Runtime, source: string): void {
  const tb = rt.exec(source);
  if (tb !== null) throw new Error(`Python raised:\n${tb}`);
}
