// Options shared by every command that runs the pass pipeline (`ir` now; `run` and `compile`
// later), and their translation into a pipeline and its settings.
//
// Repeatable options are declared as strings, not yargs arrays: an array option swallows the
// positional that follows it (`pyjc ir --enable dce prog.py` would take prog.py as a pass name).
// yargs collects a repeated string option into an array; `list` flattens it and splits commas.

import type { Argv } from "yargs";
import { OPT_LEVELS, type Pass, type PassRegistry, type PipelineOptions } from "@pyjc/core";
import { UsageError } from "./errors.js";

/** Values of a repeatable option, in order, with comma-separated lists split. */
export function list(value: unknown, splitCommas = true): string[] {
  const values = (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined).map(String);
  return splitCommas ? values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "") : values;
}

function optLevel(value: unknown): number {
  // `-O1 -O2`: the last one wins, as with C compilers.
  const text = list(value).at(-1) ?? "";
  const level = Number(text);
  if (!/^\d+$/.test(text) || !(OPT_LEVELS as readonly number[]).includes(level)) {
    // yargs reads `-Ofast` as the flags -O -f -a -s -t, so the text may be lost: say what is valid.
    throw new UsageError(`-O/--opt-level must be one of ${OPT_LEVELS.join(", ")}${text === "" ? "" : ` (got '${text}')`}`);
  }
  return level;
}

function debugCounters(value: unknown): [string, number][] {
  return list(value).map((spec) => {
    const m = /^(.+)=(\d+)$/.exec(spec);
    if (!m) throw new UsageError(`--debug-counter expects PASS=N, N the number of transformations to allow (got '${spec}')`);
    return [m[1]!.trim(), Number(m[2])];
  });
}

export function withPluginOption<T>(y: Argv<T>) {
  return y.option("plugin", {
    type: "string",
    describe: "Load passes from an ES module (repeatable; see examples/plugins)",
    requiresArg: true,
    coerce: (v: unknown) => list(v, false),
  });
}

export function withPipelineOptions<T>(y: Argv<T>) {
  return withPluginOption(y)
    .option("opt-level", {
      alias: "O",
      type: "string",
      describe: "Optimization level: 0 none, 1 safe default, 2 all",
      defaultDescription: "1",
      requiresArg: true,
      coerce: optLevel,
    })
    .option("enable", {
      type: "string",
      describe: "Also run this pass, whatever its level (name, id or OPT-<id>; repeatable)",
      requiresArg: true,
      coerce: (v: unknown) => list(v),
    })
    .option("disable", {
      type: "string",
      describe: "Never run this pass (repeatable)",
      requiresArg: true,
      coerce: (v: unknown) => list(v),
    })
    .option("passes", {
      type: "string",
      describe: "Run exactly these passes, in this order (a,b,c), instead of the level's pipeline",
      requiresArg: true,
      conflicts: ["enable"],
      coerce: (v: unknown) => list(v),
    })
    .option("verify-each", {
      type: "boolean",
      describe: "Verify the IR after every pass; a pass that breaks a function fails the run (status 1)",
    })
    .option("debug-counter", {
      type: "string",
      describe: "Let PASS make only its first N transformations, to bisect a miscompile (PASS=N; repeatable)",
      requiresArg: true,
      coerce: debugCounters,
    });
}

export interface PipelineArgs {
  readonly optLevel?: number | undefined;
  readonly enable?: readonly string[] | undefined;
  readonly disable?: readonly string[] | undefined;
  readonly passes?: readonly string[] | undefined;
  readonly verifyEach?: boolean | undefined;
  readonly debugCounter?: readonly (readonly [string, number])[] | undefined;
}

export const DEFAULT_OPT_LEVEL = 1;

/** The passes to run, in order. Unknown passes throw PassRegistryError. */
export function selectPipeline(registry: PassRegistry, args: PipelineArgs): Pass[] {
  return registry.pipeline({
    level: args.optLevel ?? DEFAULT_OPT_LEVEL,
    enable: args.enable ?? [],
    disable: args.disable ?? [],
    ...(args.passes !== undefined && { only: args.passes }),
  });
}

/** Pipeline settings from the command line, pass names resolved (so typos fail early). */
export function pipelineSettings(registry: PassRegistry, args: PipelineArgs): PipelineOptions {
  const counters = new Map<string, number>();
  for (const [key, limit] of args.debugCounter ?? []) counters.set(registry.resolve(key).name, limit);
  return { verifyEach: args.verifyEach ?? false, debugCounters: counters };
}
