// `pyjc ir FILE`: the HIR of every function of a Python file after the pass pipeline, in the order
// walkCodeObjects yields them (the module, then each function, class body, lambda and
// comprehension as it appears, nested ones after their parent).
//
// Text output is the IR text form, one function after another, each preceded by a `;` comment
// naming the passes that changed it, so the output parses back function by function. A function
// left to the interpreter is one comment line with the reason. When a pass breaks a function, the
// pass, its message and the IR before and after go to stderr; the function stays interpreted and
// the run succeeds, unless --verify-each asked for a debugging run (then the status is 1).

import type { Argv, CommandModule } from "yargs";
import {
  funcToDot,
  optimizeCode,
  printFunc,
  walkCodeObjects,
  type CodeObject,
  type Func,
  type HirReport,
  type Pass,
  type PipelineOptions,
} from "@pyjc/core";
import { compileModule } from "../compile.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { pipelineSettings, selectPipeline, withPipelineOptions } from "../options.js";
import { loadRegistry } from "../registry.js";

function builder(y: Argv) {
  return withPipelineOptions(
    y
      .positional("file", { type: "string", describe: "A Python 3.11 source file", demandOption: true })
      .option("function", {
        type: "string",
        describe: "Only the functions with this qualname, e.g. 'Vec.norm' or 'main.<locals>.<lambda>' (repeatable)",
        requiresArg: true,
        coerce: (v: unknown) => (Array.isArray(v) ? v : [v]).map(String),
      })
      .option("after", {
        type: "string",
        describe: "Show each function's IR right after this pass ran, instead of at the end",
        requiresArg: true,
        conflicts: ["print-after-all"],
      })
      .option("print-after-all", { type: "boolean", describe: "Show the IR after every pass, marking the passes that changed it" })
      .option("format", { choices: ["text", "dot"] as const, default: "text" as const, describe: "IR text form, or Graphviz DOT" })
      .option("json", { type: "boolean", describe: "One JSON document: every function with its IR, passes, and why it stays interpreted" }),
  )
    .example("$0 ir prog.py", "every function after the -O1 pipeline")
    .example("$0 ir prog.py --function f --print-after-all", "f after each pass")
    .example("$0 ir prog.py --passes dce --verify-each", "one pass, verified")
    .example("$0 ir prog.py --function f --format dot", "f's CFG for Graphviz");
}

type Options = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

/** The IR after one pass (`--after`, `--print-after-all`). */
interface Snapshot {
  readonly pass: Pass;
  readonly changed: boolean;
  readonly ir: string;
}

interface FunctionResult {
  readonly report: HirReport;
  readonly snapshots: readonly Snapshot[];
}

export function irCommand(io: Io): CommandModule<{}, Options> {
  return {
    command: "ir <file>",
    describe: "Print the optimized HIR of every function in a Python file",
    builder,
    async handler(args) {
      const registry = await loadRegistry(args.plugin ?? []);
      const passes = selectPipeline(registry, args);
      const settings = pipelineSettings(registry, args);
      const after = args.after === undefined ? null : registry.resolve(args.after);
      if (after && !passes.includes(after)) {
        const pipeline = passes.map((p) => `${p.label} ${p.name}`).join(", ") || "no passes";
        throw new UsageError(`--after: ${after.label} ${after.name} is not in the pipeline (it runs: ${pipeline})`);
      }

      const module = compileModule(args.file);
      for (const w of module.warnings) io.err(`${w}\n`);
      const codes = selectFunctions(walkCodeObjects(module.code), args.function, args.file);

      const render = args.format === "dot" ? funcToDot : printFunc;
      const comment = args.format === "dot" ? "//" : ";";
      const mode = args.printAfterAll ? "all" : after ? "after" : "final";
      const results: FunctionResult[] = [];
      const failed: HirReport[] = [];
      let crashed = 0;
      for (const code of codes) {
        const snapshots: Snapshot[] = [];
        const { report, crashed: bug } = optimizeOrReport(code, passes, {
          ...settings,
          observe: (pass, func: Func, changed) => {
            if (args.printAfterAll || pass === after) snapshots.push({ pass, changed, ir: renderSafely(render, func) });
          },
        }, io);
        if (bug) crashed++;
        if (report.failure) {
          failed.push(report);
          io.err(describeFailure(report));
        }
        // Text goes out function by function, so a large module streams (and `| head` stops early).
        if (args.json) results.push({ report, snapshots });
        else io.out((code === codes[0] ? "" : "\n") + textFor({ report, snapshots }, render, comment, mode));
      }
      if (args.json) io.out(JSON.stringify(jsonDocument(module.path, passes, results, render), null, 2) + "\n");
      if (crashed > 0) {
        throw new CliError(EXIT.internal, `pyjc: internal error on ${crashed} function${crashed === 1 ? "" : "s"} (see above)\n`);
      }
      if (settings.verifyEach && failed.length > 0) {
        const n = failed.length;
        throw new CliError(EXIT.failure, `pyjc: --verify-each: ${n} function${n === 1 ? "" : "s"} broken by a pass (see above)\n`);
      }
    },
  };
}

/**
 * optimizeCode, except that a bug in the front end (anything but a recorded rejection) costs only
 * the function it hit: it is reported, recorded as rejected, and the run goes on (status 70).
 */
function optimizeOrReport(code: CodeObject, passes: readonly Pass[], options: PipelineOptions, io: Io): { report: HirReport; crashed: boolean } {
  try {
    return { report: optimizeCode(code, passes, options), crashed: false };
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.err(`pyjc: internal error on '${code.qualname}' (${code.filename}:${code.firstLineNo}): ${message}\n`);
    if (process.env.PYJC_DEBUG === "1" && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    const { qualname, filename, firstLineNo } = code;
    const report = { qualname, filename, firstLineNo, func: null, passes: [], rejected: `internal error: ${message}`, failure: null, stats: new Map() };
    return { report, crashed: true };
  }
}

/** A pass may have left IR too broken to print; the pipeline names that pass afterwards. */
function renderSafely(render: (f: Func) => string, func: Func): string {
  try {
    return render(func);
  } catch (e) {
    return `(the IR cannot be printed: ${e instanceof Error ? e.message : String(e)})\n`;
  }
}

function selectFunctions(codes: CodeObject[], qualnames: readonly string[] | undefined, file: string): CodeObject[] {
  if (qualnames === undefined) return codes;
  const missing = qualnames.filter((q) => !codes.some((c) => c.qualname === q));
  if (missing.length > 0) {
    const available = [...new Set(codes.map((c) => c.qualname))].map((q) => `  ${q}\n`).join("");
    const what = missing.map((q) => `'${q}'`).join(", ");
    throw new UsageError(`no function ${what} in ${file}; its functions are:\n${available.trimEnd()}`);
  }
  return codes.filter((c) => qualnames.includes(c.qualname));
}

function changedByLine(report: HirReport): string {
  return report.passes.length > 0 ? report.passes.join(", ") : "no pass";
}

function textFor(r: FunctionResult, render: (f: Func) => string, comment: string, mode: "final" | "after" | "all"): string {
  const { report } = r;
  let text = "";
  if (mode === "final") {
    if (report.func) text += `${comment} changed by: ${changedByLine(report)}\n${render(report.func)}`;
  } else {
    for (const s of r.snapshots) {
      if (text !== "") text += "\n";
      text += `${comment} *** IR after ${s.pass.label} ${s.pass.name} on '${report.qualname}' (${s.changed ? "changed" : "no change"}) ***\n${s.ir}`;
    }
    // Nothing ran (an empty pipeline): show the IR as built rather than nothing.
    if (mode === "all" && r.snapshots.length === 0 && report.func) {
      text += `${comment} *** IR of '${report.qualname}' as built: the pipeline is empty ***\n${render(report.func)}`;
    }
  }
  if (report.rejected !== null) text += `${comment} ${report.qualname}: left to the interpreter: ${report.rejected}\n`;
  return text;
}

function describeFailure(report: HirReport): string {
  const f = report.failure!;
  const what = f.kind === "broke-ir" ? "broke the IR of" : f.kind === "threw" ? "threw on" : "returned a non-boolean on";
  const pass = `${f.pass.label} ${f.pass.name}`;
  return (
    `pyjc: ${pass} ${what} '${report.qualname}' (${report.filename}:${report.firstLineNo}); the function stays interpreted\n` +
    `${f.message.replace(/^/gm, "  ")}\n` +
    `--- IR before ${pass}\n${endLine(f.before)}` +
    `--- IR after ${pass}\n${endLine(f.after ?? "(none)")}`
  );
}

function endLine(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

function jsonDocument(path: string, passes: readonly Pass[], results: readonly FunctionResult[], render: (f: Func) => string) {
  return {
    file: path,
    pipeline: passes.map((p) => `${p.label} ${p.name}`),
    functions: results.map(({ report, snapshots }) => ({
      qualname: report.qualname,
      firstlineno: report.firstLineNo,
      passes: report.passes,
      ir: report.func ? render(report.func) : null,
      rejected: report.rejected,
      ...(report.failure && {
        failure: {
          pass: `${report.failure.pass.label} ${report.failure.pass.name}`,
          kind: report.failure.kind,
          message: report.failure.message,
          before: report.failure.before,
          after: report.failure.after,
        },
      }),
      ...(snapshots.length > 0 && {
        snapshots: snapshots.map((s) => ({ pass: `${s.pass.label} ${s.pass.name}`, changed: s.changed, ir: s.ir })),
      }),
      stats: Object.fromEntries([...report.stats].map(([pass, counters]) => [pass, Object.fromEntries(counters)])),
    })),
  };
}
