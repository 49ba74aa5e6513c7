// What a pass sees besides the function: analyses computed on demand and cached until the function
// changes, statistics counters, a debug log and a debug counter. Everything goes through this
// object; passes never read globals, process state or the console.

import { buildCfg, type Cfg } from "../analysis/cfg.js";
import { computeDominators, type DomTree } from "../analysis/dominators.js";
import { findLoops, type LoopForest } from "../analysis/loops.js";
import { inferTypes, type TypeMap } from "../analysis/types.js";
import { EMPTY_PROFILE, type Profile } from "./profile.js";
import type { Func } from "../hir/function.js";
import type { Pass } from "./define-pass.js";

export interface PassContext {
  readonly pass: Pass;
  cfg(): Cfg;
  dominators(): DomTree;
  loops(): LoopForest;
  /** Proven types of every value (analysis/types.ts). */
  types(): TypeMap;
  /** What the running program showed (argument types, the interpreter's specializations); empty offline. */
  readonly profile: Profile;
  /** Call after changing the IR mid-pass when analyses are needed again. */
  invalidate(): void;
  /** Adds to a named statistic of this pass (LLVM's STATISTIC). */
  stat(name: string, amount?: number): void;
  /** A debug message, kept when the pipeline runs with logging on. */
  log(message: string): void;
  /**
   * The debug counter: call before each transformation and skip it when this returns false. With a
   * limit set for the pass (`--debug-counter NAME=N`), only the first N transformations happen, so
   * a miscompile can be bisected to the one transformation that causes it.
   */
  shouldTransform(): boolean;
  /** Pass options given on the command line (`--pass-option NAME.key=value`). */
  readonly options: Readonly<Record<string, string>>;
}

export interface ContextSettings {
  readonly profile?: Profile;
  readonly log?: (pass: Pass, message: string) => void;
  readonly debugCounters?: ReadonlyMap<string, number>;
  /**
   * Transformations counted so far, per pass. Without it every pipeline run counts from zero (one
   * function); the JIT passes one map for the whole process, so `--debug-counter NAME=N` bisects
   * over every function a program compiles, in compilation order.
   */
  readonly counterState?: Map<string, number>;
  readonly passOptions?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Statistics of one pipeline run: pass name -> counter name -> value. */
export type PassStats = Map<string, Map<string, number>>;

export class AnalysisCache {
  private cfgCache: Cfg | null = null;
  private domCache: DomTree | null = null;
  private loopCache: LoopForest | null = null;
  private typeCache: TypeMap | null = null;
  constructor(private readonly func: Func) {}
  cfg(): Cfg {
    return (this.cfgCache ??= buildCfg(this.func));
  }
  dominators(): DomTree {
    return (this.domCache ??= computeDominators(this.cfg()));
  }
  loops(): LoopForest {
    return (this.loopCache ??= findLoops(this.cfg(), this.dominators()));
  }
  types(): TypeMap {
    return (this.typeCache ??= inferTypes(this.func));
  }
  invalidate(): void {
    this.cfgCache = this.domCache = this.loopCache = null;
    this.typeCache = null;
  }
}

export function makeContext(pass: Pass, analyses: AnalysisCache, stats: PassStats, settings: ContextSettings, counters: Map<string, number>): PassContext {
  const limit = settings.debugCounters?.get(pass.name) ?? settings.debugCounters?.get(pass.label);
  return {
    pass,
    cfg: () => analyses.cfg(),
    dominators: () => analyses.dominators(),
    loops: () => analyses.loops(),
    types: () => analyses.types(),
    profile: settings.profile ?? EMPTY_PROFILE,
    invalidate: () => analyses.invalidate(),
    stat(name, amount = 1) {
      let m = stats.get(pass.name);
      if (!m) stats.set(pass.name, (m = new Map()));
      m.set(name, (m.get(name) ?? 0) + amount);
    },
    log: (message) => settings.log?.(pass, message),
    shouldTransform() {
      if (limit === undefined) return true;
      const used = counters.get(pass.name) ?? 0;
      counters.set(pass.name, used + 1);
      return used < limit;
    },
    options: settings.passOptions?.get(pass.name) ?? {},
  };
}
