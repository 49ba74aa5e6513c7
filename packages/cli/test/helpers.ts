// Running the built `pyjc` binary, as users do. Every test file calls buildCli() in beforeAll;
// test files run in parallel, so the build takes a lock (a directory: mkdir is atomic).

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const BIN = join(ROOT, "packages/cli/bin/pyjc.js");
export const FIXTURES = join(ROOT, "packages/cli/test/fixtures");
export const EXAMPLE_PLUGIN = "examples/plugins/count-consts.mjs";
export const PYTHON = "/usr/bin/python3.11";

const LOCK = join(tmpdir(), "pyjc-cli-test-build.lock");

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function buildCli(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is stale after a minute.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 60_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      sleep(100);
    }
  }
  try {
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-b", "packages/cli"], {
      cwd: ROOT,
      encoding: "utf-8",
    });
    if (tsc.status !== 0) throw new Error(`building packages/cli failed:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pyjc ARGS` from the repository root (or `cwd`). */
export function pyjc(args: readonly string[], cwd: string = ROOT): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf-8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function python(args: readonly string[], cwd: string = ROOT): Run {
  const r = spawnSync(PYTHON, args, { cwd, encoding: "utf-8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Expected failures never show a JavaScript stack. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]\d+/m.test(text);
}

export interface IrJson {
  file: string;
  pipeline: string[];
  functions: {
    qualname: string;
    firstlineno: number;
    passes: string[];
    ir: string | null;
    rejected: string | null;
    failure?: { pass: string; kind: string; message: string; before: string; after: string | null };
    snapshots?: { pass: string; changed: boolean; ir: string }[];
    stats: Record<string, Record<string, number>>;
  }[];
}

export function irJson(args: readonly string[]): IrJson {
  const r = pyjc(["ir", ...args, "--json"]);
  if (r.status !== 0) throw new Error(`pyjc ir ${args.join(" ")} --json: status ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout) as IrJson;
}

const tempDirs: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs (call it in afterAll). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pyjc-cli-"));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
