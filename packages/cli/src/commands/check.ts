// `pyjc check [--plugin PATH]... [--pass ID|NAME]... [--runs N] [--seed S] [-O N]`: a
// property-based differential check of passes. fast-check generates Python programs and inputs
// (@pyjc/testing); each program runs in the embedded interpreter interpreted, compiled with the
// pass and, when that goes wrong, compiled without it (the same pipeline, that pass disabled).
// Results (type and repr), exceptions (type and message), printed output, the arguments and the
// module globals after each call must agree with the interpreter, and every function must still
// compile. A difference the pass causes is shrunk and printed as a runnable Python file with the
// three outcomes and the seed; one that happens without the pass too is a warning (it is not
// this pass's doing). Without --pass, every pass of the -O pipeline is checked, each on its own.
//
// Programs run in a worker process (check/pool.ts, check/worker.ts) holding one embedded
// interpreter: a miscompiled program that crashes or hangs is an outcome like any other.
//
// Exit status: 0 no counterexample; 1 a counterexample, or nothing could be checked (no program
// compiled); 2 usage errors (unknown passes, bad plugins, bad options).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Argv, CommandModule } from "yargs";
import { OPT_LEVELS, type Pass, type PassRegistry } from "@pyjc/core";
import { checkCases, DEFAULT_THRESHOLDS, type CheckCase } from "../check/cases.js";
import { WorkerPool } from "../check/pool.js";
import { reduceCounterexample } from "../check/reduce.js";
import { counterexample, passLabel, summaryLine, Tally, type ReproduceWith } from "../check/report.js";
import { pipelineVariant } from "../check/session.js";
import { judge, type Verdict } from "../check/verdict.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { list, withPluginOption } from "../options.js";
import { loadRegistry } from "../registry.js";

function optLevel(value: unknown): number {
  const text = list(value).at(-1) ?? "";
  if (!/^\d+$/.test(text) || !(OPT_LEVELS as readonly number[]).includes(Number(text))) {
    throw new UsageError(`-O/--opt-level must be one of ${OPT_LEVELS.join(", ")}${text === "" ? "" : ` (got '${text}')`}`);
  }
  return Number(text);
}

function integer(name: string, min: number) {
  return (value: unknown): number => {
    const text = String(Array.isArray(value) ? value.at(-1) : value);
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min} (got '${text}')`);
    return n;
  };
}

function builder(y: Argv) {
  return withPluginOption(
    y
      .option("pass", {
        type: "string",
        describe: "A pass to check (name, id or OPT-<id>; repeatable). Default: every pass of the -O pipeline, each on its own",
        requiresArg: true,
        coerce: (v: unknown) => list(v),
      })
      .option("runs", { type: "string", describe: "Programs generated per pass", default: "100", requiresArg: true, coerce: integer("runs", 1) })
      .option("seed", { type: "string", describe: "fast-check seed (the same seed generates the same programs)", requiresArg: true, coerce: integer("seed", -(2 ** 31)) })
      .option("opt-level", {
        alias: "O",
        type: "string",
        describe: "Optimization level of the pipeline the pass is checked in: 0, 1 or 2",
        defaultDescription: "1",
        requiresArg: true,
        coerce: optLevel,
      })
      .option("disable", {
        type: "string",
        describe: "Leave this pass out of the pipeline, with and without the checked pass (repeatable)",
        requiresArg: true,
        coerce: (v: unknown) => list(v),
      })
      .option("threshold", {
        type: "string",
        describe: `Interpreted warm-up calls before a function is compiled (default: each program draws ${DEFAULT_THRESHOLDS.join(" or ")}; 10 gives passes a profile)`,
        requiresArg: true,
        coerce: integer("threshold", 0),
      })
      .option("timeout", {
        type: "string", describe: "Seconds a call may run, compiling excluded, before it counts as a timeout", default: "5", requiresArg: true, coerce: integer("timeout", 1),
      })
      .option("shrink-time", {
        type: "string", describe: "Seconds to spend shrinking a counterexample", default: "60", requiresArg: true, coerce: integer("shrink-time", 0),
      })
      .option("verify-each", { type: "boolean", describe: "Verify the IR after every pass and check register allocation (slower)" })
      .option("save", { type: "string", describe: "Also write each counterexample to DIR/<pass-name>.py", requiresArg: true }),
  )
    .example("$0 check", "every pass of the -O1 pipeline, 100 programs each")
    .example("$0 check --plugin my-pass.mjs --pass my-pass --runs 300", "a plugin pass, on 300 programs")
    .example("$0 check --pass OPT-5 -O2 --seed 42 --threshold 10", "reproducibly, always with a profile");
}

type Options = ReturnType<typeof builder> extends Argv<infer T> ? T : never;

interface Settings {
  readonly registry: PassRegistry;
  readonly targets: readonly Pass[];
  readonly level: number;
  readonly disable: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly thresholds: readonly number[];
  readonly save: string | undefined;
  readonly shrinkSeconds: number;
  readonly how: ReproduceWith;
}

export function checkCommand(io: Io): CommandModule<{}, Options> {
  return {
    command: "check",
    describe: "Differential check of passes on generated programs: interpreted vs compiled with and without each pass",
    builder,
    async handler(args) {
      const plugins = args.plugin ?? [];
      const registry = await loadRegistry(plugins);
      const level = args.optLevel ?? 1;
      const disable = (args.disable ?? []).map((k) => registry.resolve(k).name);
      const targets = args.pass && args.pass.length > 0
        ? [...new Set(args.pass.map((k) => registry.resolve(k)))]
        : registry.pipeline({ level, disable });
      if (targets.length === 0) throw new UsageError(`no passes to check: the -O${level} pipeline is empty (name one with --pass)`);
      const clash = targets.find((p) => disable.includes(p.name));
      if (clash) throw new UsageError(`--disable ${clash.name} leaves out the pass being checked`);
      const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
      const thresholds = args.threshold === undefined ? DEFAULT_THRESHOLDS : [args.threshold];
      const settings: Settings = {
        registry, targets, level, disable, runs: args.runs, seed, thresholds, save: args.save, shrinkSeconds: args.shrinkTime,
        how: { plugins, level, disable, seed, runs: args.runs, thresholdOption: args.threshold ?? null },
      };
      const pool = new WorkerPool({
        plugins, verifyEach: args.verifyEach ?? false, timeout: args.timeout, hardLimitMs: Math.max(120, 20 * args.timeout) * 1000,
      });
      try {
        await checkPasses(io, pool, settings);
      } finally {
        pool.close();
      }
    },
  };
}

interface NotBlamed {
  readonly pass: Pass;
  readonly c: CheckCase;
  readonly verdict: Extract<Verdict, { kind: "mismatch" }>;
}

const MAX_NOT_BLAMED = 50;

async function checkPasses(io: Io, pool: WorkerPool, s: Settings): Promise<void> {
  const n = s.targets.length;
  io.out(`pyjc check: ${n === 1 ? "1 pass" : `${n} passes`}, ${s.runs} programs each, -O${s.level}, threshold ${s.thresholds.join(" or ")}, seed ${s.seed}\n`);
  const cases = checkCases(s.thresholds);
  const found: string[] = [];
  const unchecked: string[] = [];
  const notBlamed: NotBlamed[] = [];
  for (const pass of s.targets) {
    const withPass = pipelineVariant(s.registry, { level: s.level, enable: [pass.name], disable: s.disable });
    const withoutPass = pipelineVariant(s.registry, { level: s.level, disable: [...s.disable, pass.name] });
    const started = performance.now();
    const tally = new Tally();
    let failedAt: number | null = null;
    let internal: unknown = null;
    // The same seed for every pass: each meets the same programs, so the runs they share (the
    // interpreter's, the full pipeline's) come from the pool's cache.
    const details = await fc.check(
      fc.asyncProperty(cases, async (c) => {
        // Out of shrinking time: every further candidate "passes", so fast-check settles on the
        // smallest counterexample found so far.
        if (failedAt !== null && performance.now() - failedAt > s.shrinkSeconds * 1000) return true;
        let v: Verdict;
        try {
          v = await judge(pool, c, withPass, withoutPass);
        } catch (e) {
          internal ??= e;
          throw e;
        }
        const blamed = v.kind === "mismatch" && v.blamed;
        if (failedAt === null) {
          // Counted up to the first counterexample; shrinking reruns variations of it.
          tally.add(v, c, pass);
          if (v.kind === "mismatch" && !v.blamed && notBlamed.length < MAX_NOT_BLAMED) notBlamed.push({ pass, c, verdict: v });
          if (blamed) failedAt = performance.now();
        }
        return !blamed;
      }),
      { numRuns: s.runs, seed: s.seed },
    );
    if (internal !== null) throw internal;
    const seconds = (performance.now() - started) / 1000;
    if (!details.failed) {
      io.out(summaryLine(pass, tally, seconds, null));
      if (tally.agree + tally.notBlamed === 0) unchecked.push(passLabel(pass));
      else if (tally.changedCode === 0) {
        io.err(`pyjc check: warning: ${passLabel(pass)} changed no compiled code in ${s.runs} programs, so this says little about it ` +
          `(more --runs, -O2, or --threshold 10 if it needs a profile)\n`);
      }
      continue;
    }
    io.out(summaryLine(pass, tally, seconds, details.numRuns));
    // What is left of the shrinking time goes to deleting statements (10 s at least).
    const shrunkAt = performance.now();
    const deadline = shrunkAt + Math.max(10_000, failedAt! + s.shrinkSeconds * 1000 - shrunkAt);
    const { c, verdict } = await reduceCounterexample(pool, (details.counterexample as [CheckCase])[0], withPass, withoutPass, deadline);
    const shrinking = (performance.now() - failedAt!) / 1000;
    io.out(`  shrunk ${details.numShrinks} time${details.numShrinks === 1 ? "" : "s"}, then reduced statement by statement, in ${shrinking.toFixed(1)} s` +
      `${performance.now() > deadline ? ` (stopped at --shrink-time ${s.shrinkSeconds})` : ""}\n`);
    const text = counterexample(pass, c, verdict, s.how);
    io.out(`\n${text.text}\n`);
    if (s.save !== undefined) {
      mkdirSync(s.save, { recursive: true });
      writeFileSync(join(s.save, `${pass.name}.py`), text.snippet);
    }
    found.push(passLabel(pass));
  }

  if (notBlamed.length > 0) reportNotBlamed(io, notBlamed, s.how);
  if (found.length > 0) {
    throw new CliError(EXIT.failure, `pyjc check: counterexample${found.length === 1 ? "" : "s"} for ${found.join(", ")} (seed ${s.seed})\n`);
  }
  if (unchecked.length > 0) {
    throw new CliError(EXIT.failure, `pyjc check: nothing was checked for ${unchecked.join(", ")}: no generated program compiled (all skipped)\n`);
  }
  io.out(`pyjc check: no counterexample (seed ${s.seed})\n`);
}

/** Programs that went wrong compiled whether or not the checked pass ran: shown once, not shrunk. */
function reportNotBlamed(io: Io, items: readonly NotBlamed[], how: ReproduceWith): void {
  const first = items[0]!;
  const passes = [...new Set(items.map((i) => passLabel(i.pass)))];
  const count = items.length === MAX_NOT_BLAMED ? `${MAX_NOT_BLAMED} or more programs` : items.length === 1 ? "1 program" : `${items.length} programs`;
  io.err(
    `pyjc check: warning: ${count} went wrong compiled both with and without the pass checked (${passes.join(", ")}): ` +
    `a problem in the rest of the compiler, or in more than one pass. The first one (not shrunk):\n` +
    counterexample(first.pass, first.c, first.verdict, how).text,
  );
}
