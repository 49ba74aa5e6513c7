// Runs the Python oracles in packages/core/scripts/oracle under Debian's CPython 3.11 and parses
// their JSON. Tests compare the TypeScript front end against what CPython itself reports.

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3.11";
export const STDLIB = "/usr/lib/python3.11";
const ORACLES = fileURLToPath(new URL("../../scripts/oracle/", import.meta.url));
export const SCRIPTS = fileURLToPath(new URL("../../scripts/", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export function runPython(args: readonly string[]): string {
  const child = spawnSync(PYTHON, ["-I", "-S", ...args], { maxBuffer: 1 << 30, encoding: "utf-8" });
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`${PYTHON} ${args.join(" ")} failed:\n${child.stderr}`);
  return child.stdout;
}

export function oracle<T>(script: string, args: readonly string[] = []): T {
  return JSON.parse(runPython([join(ORACLES, script), ...args])) as T;
}

/** Every .py file of the stdlib (the test suite too, when installed), sorted. */
export function stdlibFiles(): string[] {
  return readdirSync(STDLIB, { recursive: true, encoding: "utf-8" })
    .filter((p) => p.endsWith(".py") && !p.includes("site-packages") && !p.includes("dist-packages"))
    .map((p) => join(STDLIB, p))
    .sort();
}

/** Every k-th stdlib file, so that a sample of `count` spreads over the whole tree. */
export function stdlibSample(count: number): string[] {
  const files = stdlibFiles();
  const step = Math.max(1, Math.floor(files.length / count));
  return files.filter((_, i) => i % step === 0).slice(0, count);
}
