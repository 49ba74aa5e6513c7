// What `pyjc check` generates: a program (generated functions, run after @pyjc/testing's
// PRELUDE), inputs for each function, and the JIT threshold to run it with; and the runnable
// Python snippet a counterexample is printed as.

import fc from "fast-check";
import { PRELUDE, pythonCallArgs, pythonModule, type GeneratedFunction } from "@pyjc/testing";

export interface CheckCase {
  /** Generated functions f0, f1, ...: independent of each other, each needs only PRELUDE. */
  readonly functions: readonly GeneratedFunction[];
  /** Per function, the argument lists of its calls (source between the parentheses). */
  readonly calls: readonly (readonly string[])[];
  /**
   * Calls each function makes interpreted before it is compiled (warm-up, cycling through its
   * inputs): 0 compiles on the first call, without a profile; 10 gives the adaptive interpreter
   * time to specialize, so passes see a profile (argument types, specialized opcodes).
   */
  readonly threshold: number;
}

/** Thresholds a run draws from when --threshold is not given. */
export const DEFAULT_THRESHOLDS = [0, 10] as const;

/**
 * The shape of generated programs: one function each (shrinking then works on the function that
 * goes wrong, not on its neighbours), small enough to compile fast and to read once shrunk.
 */
const PROGRAM_SHAPE = { minFunctions: 1, maxFunctions: 1, maxStatements: 6, depth: 2 } as const;

export function checkCases(thresholds: readonly number[]): fc.Arbitrary<CheckCase> {
  return fc
    .record({ module: pythonModule(PROGRAM_SHAPE), threshold: fc.constantFrom(...thresholds) })
    .chain(({ module, threshold }) =>
      fc.tuple(...module.functions.map((f) => fc.array(pythonCallArgs(f), { minLength: 1, maxLength: 3 })))
        .map((calls): CheckCase => ({ functions: module.functions, calls, threshold })),
    );
}

/** The program without the prelude (what runs after it). */
export function programSource(c: CheckCase): string {
  return c.functions.map((f) => f.source).join("\n\n");
}

/** The same case restricted to some of its functions (by index). */
export function restrict(c: CheckCase, indexes: readonly number[]): CheckCase {
  return { functions: indexes.map((i) => c.functions[i]!), calls: indexes.map((i) => c.calls[i]!), threshold: c.threshold };
}

/** PRELUDE's top-level definitions, each with the name it defines. */
function preludeChunks(): { name: string; text: string }[] {
  const chunks: { name: string; text: string }[] = [];
  for (const line of PRELUDE.split("\n")) {
    const head = /^(?:def |class )?([A-Za-z_]\w*)/.exec(line);
    if (head && !/^\s/.test(line)) chunks.push({ name: head[1]!, text: line });
    else if (chunks.length > 0) chunks[chunks.length - 1]!.text += `\n${line}`;
  }
  return chunks.map((c) => ({ name: c.name, text: c.text.trimEnd() }));
}

/** The prelude definitions a program uses (G0 always: `global G0` needs no other mention). */
export function preludeFor(source: string): string {
  return preludeChunks()
    .filter((c) => c.name === "G0" || new RegExp(`\\b${c.name}\\b`).test(source))
    .map((c) => c.text)
    .join("\n\n\n");
}

export interface SnippetOptions {
  /** Comment lines at the top (without "# "). */
  readonly header: readonly string[];
  /** Print the arguments after each call (they differ). */
  readonly showArgs: boolean;
  /** Global names to print after each call (they differ). */
  readonly showGlobals: readonly string[];
}

/**
 * A standalone Python file that replays the case: the prelude it needs, the functions, the
 * warm-up calls and each call with its outcome printed, so `python3.11 FILE` and `pyjc FILE`
 * can be compared line by line.
 */
export function snippet(c: CheckCase, options: SnippetOptions): string {
  const program = programSource(c);
  const lines: string[] = [...options.header.map((h) => `# ${h}`.trimEnd()), preludeFor(program), "", "", program, ""];
  c.functions.forEach((f, i) => {
    const calls = c.calls[i]!;
    if (c.threshold > 0) {
      lines.push(`# Warm-up: ${c.threshold} interpreted calls make ${f.name} hot; pyjc --threshold ${c.threshold} compiles it on the next one.`);
      if (calls.length === 1) {
        lines.push(`for _i in range(${c.threshold}):`, "    try:", `        ${f.name}(${calls[0]})`, "    except BaseException:", "        pass");
      } else {
        lines.push(`_warm = [${calls.map((a) => `lambda: ${f.name}(${a})`).join(", ")}]`);
        lines.push(`for _i in range(${c.threshold}):`, "    try:", `        _warm[_i % ${calls.length}]()`, "    except BaseException:", "        pass");
      }
    }
    for (const args of calls) {
      lines.push("try:");
      if (options.showArgs) {
        lines.push(`    _args, _kwargs = (lambda *a, **k: (a, k))(${args})`, `    _r = ${f.name}(*_args, **_kwargs)`);
      } else {
        lines.push(`    _r = ${f.name}(${args})`);
      }
      lines.push('    print("returned", type(_r).__name__, repr(_r))', "except BaseException as _e:", '    print("raised", type(_e).__name__ + ":", _e)');
      if (options.showArgs) lines.push('print("arguments after the call:", _args, _kwargs)');
      for (const g of options.showGlobals) lines.push(`print(${JSON.stringify(`${g} =`)}, ${g})`);
    }
  });
  return `${lines.join("\n")}\n`;
}
