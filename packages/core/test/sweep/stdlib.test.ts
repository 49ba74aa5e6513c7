// The front end over all of the installed Python: every .py file under /usr/lib/python3.11 (the
// test suite and lib2to3's deliberately broken test data included) and Debian's dist-packages for
// python3.11, compiled by one python3.11 process per tree. Every code object is built into HIR
// and verified; every tenth built function also goes through the text form and back.
//
// The test asserts zero verifier failures, zero exceptions and no round-trip differences, and
// rewrites stdlib-report.json (committed: the counts, files that do not compile, rejections by
// reason) on every run, so a change in coverage shows up as a diff.

import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { walkCodeObjects } from "../../src/bytecode/index.js";
import { buildHir } from "../../src/frontend/build.js";
import { funcDifference } from "../../src/hir/equal.js";
import { parseFunc } from "../../src/hir/parser.js";
import { printFunc } from "../../src/hir/printer.js";
import { verifyFunc } from "../../src/hir/verifier.js";
import { PythonSubprocessSource } from "../../src/source/index.js";
import { PYTHON } from "../fixtures/python.js";

const REPORT = fileURLToPath(new URL("./stdlib-report.json", import.meta.url));
/** The stdlib (site-packages and dist-packages inside it, if any) and Debian's dist-packages. */
const ROOTS = ["/usr/lib/python3.11", "/usr/lib/python3/dist-packages"].filter((r) => existsSync(r));
/** Rejections by code flags: the front end does not compile generators and coroutines (yet). */
const BY_FLAGS = new Set(["generator", "coroutine", "async generator"]);
/**
 * Other rejections the sweep expects, with why. A new reason fails the test: either the front end
 * lost an opcode or the allowance needs a line here.
 */
const EXPECTED_REJECTIONS: Readonly<Record<string, string>> = {
  // `(x async for x in it)` inside a plain function: the function itself runs GET_AITER.
  "asynchronous iteration (GET_AITER)": "an async generator expression in a plain function",
};
const ROUND_TRIP_EVERY = 10;

interface RootReport {
  files: number;
  compiled: number;
  syntaxErrors: number;
  sourceErrors: number;
  codeObjects: number;
}

function pyFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf-8" })
    .filter((p) => p.endsWith(".py"))
    .map((p) => join(root, p))
    .sort();
}

describe("the stdlib sweep", () => {
  it("builds and verifies every function of every installed Python file", () => {
    const started = Date.now();
    const roots: Record<string, RootReport> = {};
    const uncompilable: string[] = [];
    const rejected = new Map<string, number>();
    const verifierFailures: string[] = [];
    const exceptions: string[] = [];
    const roundTripFailures: string[] = [];
    let codeObjects = 0;
    let built = 0;
    let roundTripped = 0;

    for (const root of ROOTS) {
      const files = pyFiles(root);
      const results = new PythonSubprocessSource({ python: PYTHON }).compileFiles(files);
      const summary: RootReport = { files: files.length, compiled: 0, syntaxErrors: 0, sourceErrors: 0, codeObjects: 0 };
      roots[root] = summary;
      results.forEach((result, i) => {
        const file = relative(root, files[i]!);
        if (!result.ok) {
          const e = result.error;
          if (e.kind === "syntax") summary.syntaxErrors++;
          else summary.sourceErrors++;
          uncompilable.push(`${join(root, file)}: ${e.kind === "syntax" ? `${e.type}: ${e.msg}` : `${e.code}: ${e.reason}`}`);
          return;
        }
        summary.compiled++;
        for (const code of walkCodeObjects(result.code)) {
          codeObjects++;
          summary.codeObjects++;
          const where = `${join(root, file)}:${code.firstLineNo} ${code.qualname}`;
          try {
            const hir = buildHir(code);
            if (!hir.ok) {
              rejected.set(hir.reason, (rejected.get(hir.reason) ?? 0) + 1);
              continue;
            }
            built++;
            const issues = verifyFunc(hir.func);
            if (issues.length > 0) verifierFailures.push(`${where}: ${issues[0]!.message}`);
            if (built % ROUND_TRIP_EVERY === 0) {
              roundTripped++;
              const text = printFunc(hir.func);
              const back = parseFunc(text, { consts: hir.func.code.consts });
              const difference = funcDifference(back, hir.func) ?? (printFunc(back) === text ? null : "printed text differs");
              if (difference) roundTripFailures.push(`${where}: ${difference}`);
            }
          } catch (e) {
            exceptions.push(`${where}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          }
        }
      });
    }

    const files = Object.values(roots).reduce((n, r) => n + r.files, 0);
    const syntaxErrors = Object.values(roots).reduce((n, r) => n + r.syntaxErrors + r.sourceErrors, 0);
    const rejectedTotal = [...rejected.values()].reduce((a, b) => a + b, 0);
    const byReason = Object.fromEntries([...rejected].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
    const report = {
      generatedBy: "packages/core/test/sweep/stdlib.test.ts (rewritten on every run)",
      python: PYTHON,
      roots,
      files,
      compiled: files - syntaxErrors,
      doNotCompile: syntaxErrors,
      codeObjects,
      built,
      rejected: rejectedTotal,
      rejectedByReason: byReason,
      verifierFailures: verifierFailures.length,
      exceptions: exceptions.length,
      roundTripped,
      roundTripFailures: roundTripFailures.length,
      uncompilableFiles: uncompilable.sort(),
      firstProblems: [...verifierFailures, ...exceptions, ...roundTripFailures].slice(0, 50),
    };
    writeFileSync(REPORT, JSON.stringify(report, null, 2) + "\n");
    const reasons = Object.entries(byReason).map(([r, n]) => `${r} ${n}`).join(", ");
    console.log(
      `stdlib sweep: ${files} files (${syntaxErrors} do not compile), ${codeObjects} code objects: ${built} built and verified, ` +
        `${rejectedTotal} rejected (${reasons}), ${verifierFailures.length} verifier failures, ${exceptions.length} exceptions, ` +
        `${roundTripped} round-tripped; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    expect(files).toBeGreaterThan(1500);
    expect(built).toBeGreaterThan(50_000);
    expect(verifierFailures.slice(0, 10)).toEqual([]);
    expect(exceptions.slice(0, 10)).toEqual([]);
    expect(roundTripFailures.slice(0, 10)).toEqual([]);
    const unexpected = [...rejected.keys()].filter((r) => !BY_FLAGS.has(r) && !(r in EXPECTED_REJECTIONS));
    expect(unexpected, "rejections the sweep does not expect").toEqual([]);
    // What does not compile is test data written to be broken (lib2to3's Python 2 files, the test
    // suite's bad_coding and badsyntax files).
    expect(uncompilable.filter((u) => !/\/(lib2to3\/tests\/data|test)\//.test(u))).toEqual([]);
  }, 300_000);
});
