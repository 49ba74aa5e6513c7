// Unit-test helpers: functions written in the IR text form, and one-pass runs with the verifier on.

import { parseFunc, printFunc, runPipeline, verifyFunc, type Func, type Pass, type PipelineResult } from "@pyjc/core";

export interface FuncShape {
  /** Argument count (the first `slots` are arguments). */
  readonly args?: number;
  /** localsplus names; every frame state lists one value per slot. */
  readonly slots?: readonly string[];
  readonly names?: readonly string[];
}

/** A function from its blocks, in the text form; the header is made up from `shape`. */
export function irFunc(blocks: string, shape: FuncShape = {}): Func {
  const slots = shape.slots ?? ["a"];
  const header = [
    `func 'f' name='f' file='t.py' line=1 flags=0x3 argcount=${shape.args ?? slots.length} posonly=0 kwonly=0`,
    `slots${slots.map((s) => ` '${s}':0x20`).join("")}`,
    `names${(shape.names ?? []).map((n) => ` '${n}'`).join("")}`,
  ];
  const f = parseFunc([...header, ...dedent(blocks)].join("\n"));
  const issues = verifyFunc(f);
  if (issues.length > 0) throw new Error(`test input is invalid IR:\n${issues.map((i) => i.message).join("\n")}`);
  return f;
}

function dedent(text: string): string[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent));
}

/** Runs one pass with the verifier after it; throws with the pass's failure when there is one. */
export function runPass(pass: Pass, f: Func, counter?: number): PipelineResult {
  const result = runPipeline(f, [pass], {
    verifyEach: true,
    ...(counter !== undefined && { debugCounters: new Map([[pass.name, counter]]) }),
  });
  if (result.failure) throw new Error(`${result.failure.kind}: ${result.failure.message}\n${result.failure.after ?? ""}`);
  return result;
}

/** The blocks of a function's text form (without the three header lines), for compact expectations. */
export function body(f: Func): string {
  return printFunc(f).split("\n").slice(3).join("\n");
}

export function stat(result: PipelineResult, pass: Pass, name: string): number {
  return result.stats.get(pass.name)?.get(name) ?? 0;
}
