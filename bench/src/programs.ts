// The benchmark programs (bench/programs/*.py) and their expected checksums.
//
// Every program is an ordinary script: `python3.11 prog.py N` prints `run(N)`, a checksum string
// folded from everything it computed. The in-process harness calls the hot function and compares
// its result; the whole-process harness compares stdout. Expected checksums live in
// bench/programs/checksums.json, computed by /usr/bin/python3.11 for the full and quick sizes
// (`pyjc bench --update-checksums` after a program or a size changes), so a wrong answer under the
// JIT is caught on every run, never timed.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Size = "full" | "quick";

export interface BenchProgram {
  /** The file name without `.py`; what `--programs` takes. */
  readonly name: string;
  readonly file: string;
  readonly category: string;
  /** The module-level function the in-process harness times; its result is the checksum. */
  readonly hot: string;
  /**
   * Arguments of the hot function (and of the script): full runs ~0.1 s under python3.11 and is
   * what the script does without arguments; quick runs a few milliseconds.
   */
  readonly args: Readonly<Record<Size, readonly number[]>>;
}

export const PYTHON = "/usr/bin/python3.11";

/** bench/, whether this module runs from src/ or dist/. */
export const BENCH_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const PROGRAMS_DIR = join(BENCH_ROOT, "programs");
export const CHECKSUMS_FILE = join(PROGRAMS_DIR, "checksums.json");

const CATALOGUE: readonly Omit<BenchProgram, "file">[] = [
  { name: "nbody", category: "numeric", hot: "run", args: { full: [15000], quick: [200] } },
  { name: "spectral_norm", category: "numeric", hot: "run", args: { full: [130], quick: [24] } },
  { name: "mandelbrot", category: "numeric", hot: "run", args: { full: [200], quick: [24] } },
  { name: "fannkuch", category: "numeric", hot: "run", args: { full: [8], quick: [6] } },
  { name: "nqueens", category: "numeric", hot: "run", args: { full: [10], quick: [6] } },
  { name: "point_cloud", category: "numeric", hot: "run", args: { full: [5000], quick: [200] } },
  { name: "matmul", category: "numeric", hot: "run", args: { full: [120], quick: [20] } },
  { name: "scheduler", category: "object-oriented", hot: "run", args: { full: [25000], quick: [500] } },
  { name: "vm", category: "object-oriented", hot: "run", args: { full: [4000], quick: [200] } },
  { name: "strings", category: "strings", hot: "run", args: { full: [4000], quick: [100] } },
  { name: "dicts_json", category: "dicts and JSON", hot: "run", args: { full: [2000], quick: [100] } },
  { name: "recursion", category: "recursion", hot: "run", args: { full: [28], quick: [14] } },
  { name: "generators", category: "interpreted fallback", hot: "run", args: { full: [120000], quick: [2000] } },
];

export const PROGRAMS: readonly BenchProgram[] = CATALOGUE.map((p) => ({ ...p, file: join(PROGRAMS_DIR, `${p.name}.py`) }));

/** The programs named (all when `names` is null), in catalogue order; unknown names throw. */
export function selectPrograms(names: readonly string[] | null): BenchProgram[] {
  if (names === null) return [...PROGRAMS];
  const unknown = names.filter((n) => !PROGRAMS.some((p) => p.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark program${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (known: ${PROGRAMS.map((p) => p.name).join(", ")})`);
  }
  return PROGRAMS.filter((p) => names.includes(p.name));
}

/** checksums.json: python3.11's output, by program and argument list ("15000"). */
export interface ChecksumFile {
  readonly python: string;
  readonly programs: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export function argsKey(args: readonly number[]): string {
  return args.join(" ");
}

export function readChecksums(file: string = CHECKSUMS_FILE): ChecksumFile {
  return JSON.parse(readFileSync(file, "utf-8")) as ChecksumFile;
}

/** The expected checksum; throws, naming the fix, when the file has none for these arguments. */
export function expectedChecksum(checksums: ChecksumFile, program: BenchProgram, size: Size): string {
  const key = argsKey(program.args[size]);
  const value = checksums.programs[program.name]?.[key];
  if (value === undefined) {
    throw new Error(`no expected checksum for ${program.name} ${key} in ${CHECKSUMS_FILE}; run \`pyjc bench --update-checksums\``);
  }
  return value;
}

/** What `python3.11 FILE ARGS` prints, without the final newline; throws if it fails. */
export function pythonChecksum(program: BenchProgram, args: readonly number[]): string {
  const r = spawnSync(PYTHON, [program.file, ...args.map(String)], { encoding: "utf-8" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${PYTHON} ${program.file} ${argsKey(args)} failed (status ${r.status}):\n${r.stderr}`);
  return r.stdout.replace(/\n$/, "");
}

/** Recomputes every checksum with python3.11 and writes checksums.json. */
export function updateChecksums(file: string = CHECKSUMS_FILE): ChecksumFile {
  const version = spawnSync(PYTHON, ["--version"], { encoding: "utf-8" }).stdout.trim();
  const programs: Record<string, Record<string, string>> = {};
  for (const p of PROGRAMS) {
    programs[p.name] = {};
    for (const size of ["full", "quick"] as const) programs[p.name]![argsKey(p.args[size])] = pythonChecksum(p, p.args[size]);
  }
  const data: ChecksumFile = { python: version, programs };
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return data;
}
