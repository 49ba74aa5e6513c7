// `pyjc [options] FILE [args...]`, `pyjc [options] -m MODULE [args...]`, `pyjc [options] -c CMD
// [args...]` and the same after `run`: run a program like python3.11 does, with its functions
// compiled to machine code when they get hot. Everything from the program's name on belongs to
// the program (sys.argv), exactly as with python3.11; pyjc's options come before it.
//
// The exit status, stdout, stderr and tracebacks are python3.11's: the runtime runs the program
// through Py_RunMain. `--stats` prints, at exit and on stderr, what was compiled, what stayed
// interpreted and why, and which passes fired; `--stats=json` prints the same as one JSON object.

import type { Argv } from "yargs";
import { Jit, type FunctionRecord } from "@pyjc/jit";
import { createX64Backend } from "@pyjc/backend-x64";
import { loadRuntime, type RunMainOptions } from "@pyjc/runtime";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { pipelineSettings, withPipelineOptions, type PipelineArgs } from "../options.js";
import { loadRegistry } from "../registry.js";

export const BACKENDS = ["x64"] as const;

export interface RunArgs extends PipelineArgs {
  readonly threshold?: number | undefined;
  readonly backend?: string | undefined;
  readonly jit?: boolean | undefined;
  readonly plugin?: readonly string[] | undefined;
  readonly stats?: string | boolean | undefined;
}

/** The options `run` accepts before the program (shared with the default command). */
export function withRunOptions<T>(y: Argv<T>) {
  return withPipelineOptions(y)
    .option("threshold", {
      type: "number",
      describe: "Calls a function runs interpreted before it is compiled (0: compile on the first call)",
      default: 0,
      requiresArg: true,
    })
    .option("backend", { type: "string", choices: BACKENDS, default: "x64", describe: "Machine code backend" })
    .option("jit", { type: "boolean", default: true, describe: "Compile hot functions (--no-jit: run everything interpreted)" })
    .option("stats", {
      type: "string",
      describe: "At exit, report compiled and interpreted functions and the passes that fired, on stderr (--stats=json: as JSON)",
      coerce: (v: unknown) => (v === "" || v === true ? "text" : String(v)),
    });
}

/**
 * Splits a python3.11-style command line: pyjc's own options, then the program (FILE, -m MODULE
 * or -c CMD) and its arguments, which are never parsed as pyjc options.
 */
export function splitProgramArgv(argv: readonly string[], takesValue: ReadonlySet<string>): { options: string[]; program: RunMainOptions | null } {
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      const target = argv[i + 1];
      return { options, program: target === undefined ? null : { mode: "file", target, argv: argv.slice(i + 2) } };
    }
    if (a === "-m" || a === "-c") {
      const target = argv[i + 1];
      if (target === undefined) throw new UsageError(`argument expected for the ${a} option`);
      return { options, program: { mode: a === "-m" ? "module" : "command", target, argv: argv.slice(i + 2) } };
    }
    if (a.startsWith("-") && a !== "-") {
      options.push(a);
      const name = a.replace(/^-+/, "").split("=")[0]!;
      if (!a.includes("=") && takesValue.has(name) && i + 1 < argv.length) options.push(argv[++i]!);
      continue;
    }
    return { options, program: { mode: "file", target: a, argv: argv.slice(i + 1) } };
  }
  return { options, program: null };
}

export async function runProgram(io: Io, program: RunMainOptions, args: RunArgs): Promise<number> {
  if (args.stats !== undefined && args.stats !== "text" && args.stats !== "json") {
    throw new UsageError(`--stats takes no value or 'json' (got '${args.stats}')`);
  }
  const registry = await loadRegistry(args.plugin ?? []);
  const settings = pipelineSettings(registry, args);
  const selection = {
    level: args.optLevel ?? 1,
    enable: args.enable ?? [],
    disable: args.disable ?? [],
    ...(args.passes !== undefined && { only: args.passes }),
  };
  registry.pipeline(selection); // unknown passes fail before the program starts
  const runtime = loadRuntime();
  const jit = new Jit({ registry, selection, backend: createX64Backend({ verifyAllocation: settings.verifyEach ?? false }), runtime,
    verifyEach: settings.verifyEach ?? false, debugCounters: settings.debugCounters,
  });
  runtime.setHost({
    ...jit.host(),
    exit: () => {
      if (args.stats !== undefined) io.err(args.stats === "json" ? statsJson(jit.records) : statsText(jit.records));
    },
  });
  runtime.setThreshold(args.threshold ?? 0);
  runtime.setEnabled(args.jit ?? true);
  const status = await runtime.runMain(program);
  if (settings.verifyEach && jit.passFailures.length > 0) {
    // The program ran right (the broken functions stayed interpreted), but a pass is wrong.
    for (const f of jit.passFailures) io.err(`pyjc: --verify-each: ${f.qualname}: ${f.reason}\n`);
    const n = jit.passFailures.length;
    io.err(`pyjc: --verify-each: ${n} function${n === 1 ? "" : "s"} broken by a pass\n`);
    return status === 0 ? 1 : status;
  }
  return status;
}

/** One JSON object: `{functions: [{qualname, compiled, reason, passes, codeSize}], summary}`. */
export function statsJson(records: readonly FunctionRecord[]): string {
  const functions = records.map((r) => ({
    qualname: r.qualname, filename: r.filename, firstlineno: r.firstLineNo, compiled: r.compiled, reason: r.reason,
    passes: r.passes, codeSize: r.codeSize, compileMs: Number(r.compileMs.toFixed(3)),
  }));
  return `${JSON.stringify({ functions, summary: summarize(records) })}\n`;
}

function summarize(records: readonly FunctionRecord[]) {
  const passes: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const r of records) {
    for (const p of r.passes) passes[p] = (passes[p] ?? 0) + 1;
    if (!r.compiled && r.reason) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  }
  const compiled = records.filter((r) => r.compiled);
  return {
    compiled: compiled.length,
    interpreted: records.length - compiled.length,
    codeBytes: compiled.reduce((n, r) => n + r.codeSize, 0),
    compileMs: Number(records.reduce((n, r) => n + r.compileMs, 0).toFixed(3)),
    passesFired: passes,
    interpretedReasons: reasons,
  };
}

export function statsText(records: readonly FunctionRecord[]): string {
  const s = summarize(records);
  const lines = [
    `pyjc: ${s.compiled} function${s.compiled === 1 ? "" : "s"} compiled (${s.codeBytes} bytes of machine code, ${s.compileMs.toFixed(1)} ms), ` +
      `${s.interpreted} left interpreted`,
  ];
  const fired = Object.entries(s.passesFired).sort((a, b) => b[1] - a[1]);
  lines.push(`pyjc: passes fired: ${fired.length === 0 ? "none" : fired.map(([p, n]) => `${p} (${n})`).join(", ")}`);
  const width = Math.min(48, Math.max(8, ...records.map((r) => r.qualname.length)));
  for (const r of records) {
    const where = `${r.filename.split("/").pop()}:${r.firstLineNo}`;
    const detail = r.compiled ? `${r.codeSize} bytes${r.passes.length ? `  ${r.passes.join(", ")}` : ""}` : r.reason ?? "";
    lines.push(`  ${r.compiled ? "compiled   " : "interpreted"}  ${r.qualname.padEnd(width)}  ${where.padEnd(18)}  ${detail}`);
  }
  return lines.join("\n") + "\n";
}
