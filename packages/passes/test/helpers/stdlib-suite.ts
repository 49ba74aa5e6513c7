// The stdlib run, sharded so vitest can spread it over its workers: shard k of n takes every n-th
// module of the same list of 300. Each shard runs the default pipeline with the verifier after
// every pass, and dce alone on the front end's output (the pipeline shows it only simplified IR).

import { describe, expect, it } from "vitest";

import { runPipeline, type Pass } from "@pyjc/core";
import { builtinPasses, dce } from "../../src/index.js";
import { stdlibFunctions, stdlibModules } from "./stdlib.js";

export const STDLIB_MODULES = 300;

export function describeStdlibShard(shard: number, shards: number): void {
  describe(`the stdlib, shard ${shard + 1} of ${shards}`, () => {
    const files = stdlibModules(STDLIB_MODULES).filter((_, i) => i % shards === shard);
    const funcs = stdlibFunctions(files);

    const runAll = (passes: readonly Pass[]) => {
      const failures: string[] = [];
      const changed = new Map<string, number>();
      for (const { where, func } of funcs) {
        const result = runPipeline(func.clone(), passes, { verifyEach: true });
        if (result.failure) failures.push(`${where}: ${result.failure.pass.name} ${result.failure.kind}: ${result.failure.message.split("\n")[0]}`);
        for (const p of result.changedBy) changed.set(p.name, (changed.get(p.name) ?? 0) + 1);
      }
      return { failures, changed };
    };

    it("has a few thousand functions to work on", () => {
      expect(files.length).toBeGreaterThanOrEqual(Math.floor(STDLIB_MODULES / shards));
      expect(funcs.length).toBeGreaterThan(1000 * (3 / shards));
    });

    it("runs the default pipeline on every function with zero verifier failures", () => {
      const { failures, changed } = runAll(builtinPasses.map((b) => b.pass));
      expect(failures.slice(0, 10)).toEqual([]);
      // Every pass has work to do here (the run is not vacuous).
      expect(changed.get("simplify-cfg") ?? 0).toBeGreaterThan(funcs.length / 2);
      expect(changed.get("dce") ?? 0).toBeGreaterThan(funcs.length / 10);
      expect(changed.get("const-fold") ?? 0).toBeGreaterThan(0);
    });

    it("runs dce alone on the front end's output with zero verifier failures", () => {
      const { failures, changed } = runAll([dce]);
      expect(failures.slice(0, 10)).toEqual([]);
      expect(changed.get("dce") ?? 0).toBeGreaterThan(funcs.length / 10);
    });
  });
}
