// Where and with what a run was measured: recorded in every report, because a speedup means
// nothing without the machine, the interpreter versions and the commit it was measured on.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type as osType } from "node:os";
import { join } from "node:path";
import { BENCH_ROOT, PYTHON } from "./programs.js";
import { onPath } from "./wholeprocess.js";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  /** 1-minute load average when the run started and ended (other work on the machine). */
  readonly load: { readonly start: number; end: number };
}

export interface Versions {
  readonly node: string;
  readonly python: string;
  readonly pypy: string | null;
  readonly pyjc: string;
  readonly tinybench: string;
}

export interface Commit {
  readonly sha: string | null;
  /** Uncommitted changes in the working tree when the run started. */
  readonly dirty: boolean;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}${debianVersion()}`,
    load: { start: loadAverage(), end: loadAverage() },
  };
}

export function loadAverage(): number {
  return loadavg()[0]!;
}

function debianVersion(): string {
  try {
    return ` (Debian ${readFileSync("/etc/debian_version", "utf-8").trim()})`;
  } catch {
    return "";
  }
}

function output(command: string, args: readonly string[]): string | null {
  const r = spawnSync(command, args, { encoding: "utf-8", cwd: BENCH_ROOT });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || r.stderr).trim();
}

function packageVersion(path: string): string {
  return (JSON.parse(readFileSync(path, "utf-8")) as { version: string }).version;
}

export function versions(): Versions {
  const pypy = onPath("pypy3");
  return {
    node: process.version,
    python: output(PYTHON, ["--version"]) ?? "unknown",
    pypy: pypy === null ? null : (output(pypy, ["--version"])?.replace(/\s+/g, " ") ?? "unknown"),
    pyjc: packageVersion(join(BENCH_ROOT, "..", "packages", "cli", "package.json")),
    tinybench: packageVersion(join(BENCH_ROOT, "node_modules", "tinybench", "package.json")),
  };
}

export function commit(): Commit {
  const sha = output("git", ["rev-parse", "HEAD"]);
  const status = output("git", ["status", "--porcelain"]);
  return { sha, dirty: status !== null && status !== "" };
}
