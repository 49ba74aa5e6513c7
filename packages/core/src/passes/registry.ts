// The one registry of passes. It drives `pyjc passes --list`, `--enable/--disable`, `--passes`,
// the levels and the docs index. Built-ins and plugins register the same way, each with a source
// string that every error about the pass names.

import type { Pass } from "./define-pass.js";

export interface RegisteredPass {
  readonly pass: Pass;
  /** Where it came from: "built-in packages/passes/src/07-dead-code.ts" or "plugin /abs/path.mjs". */
  readonly source: string;
}

export class PassRegistryError extends Error {
  override readonly name = "PassRegistryError";
}

/** The levels `-O` accepts. */
export const OPT_LEVELS = [0, 1, 2] as const;

export interface PipelineSelection {
  readonly level: number;
  /** Passes to run regardless of level (by name, id or OPT-<id>). */
  readonly enable?: readonly string[];
  /** Passes never to run. */
  readonly disable?: readonly string[];
  /** An explicit pipeline, in order, replacing the level's (LLVM's -passes=). */
  readonly only?: readonly string[];
}

export class PassRegistry {
  private readonly entries: RegisteredPass[] = [];

  register(pass: Pass, source: string): void {
    for (const e of this.entries) {
      if (e.pass.id === pass.id) {
        throw new PassRegistryError(
          `duplicate pass id ${pass.label}: '${pass.name}' from ${source} and '${e.pass.name}' from ${e.source}`,
        );
      }
      if (e.pass.name === pass.name) {
        throw new PassRegistryError(
          `duplicate pass name '${pass.name}': ${pass.label} from ${source} and ${e.pass.label} from ${e.source}`,
        );
      }
    }
    this.entries.push({ pass, source });
  }

  /** Every pass, in default pipeline order. */
  list(): RegisteredPass[] {
    const ordered: RegisteredPass[] = this.entries.filter((e) => e.pass.after === null);
    const pending = this.entries.filter((e) => e.pass.after !== null);
    // Place `after` passes next to their anchors, anchors possibly placed in earlier rounds.
    while (pending.length > 0) {
      const before = pending.length;
      for (let i = 0; i < pending.length; i++) {
        const e = pending[i]!;
        let at = ordered.findIndex((o) => o.pass.name === e.pass.after);
        if (at < 0) continue;
        while (at + 1 < ordered.length && ordered[at + 1]!.pass.after === e.pass.after) at++;
        ordered.splice(at + 1, 0, e);
        pending.splice(i--, 1);
      }
      if (pending.length === before) {
        const e = pending[0]!;
        throw new PassRegistryError(`pass '${e.pass.name}' from ${e.source} asks to run after unknown pass '${e.pass.after}'`);
      }
    }
    return ordered;
  }

  /** Looks a pass up by name, id or OPT-<id>. */
  find(key: string): RegisteredPass | undefined {
    const k = key.trim();
    const id = /^(OPT-)?\d+$/i.test(k) ? Number(k.replace(/^OPT-/i, "")) : null;
    return this.entries.find((e) => (id !== null ? e.pass.id === id : e.pass.name === k));
  }

  resolve(key: string): Pass {
    const found = this.find(key);
    if (!found) {
      const known = this.list().map((e) => `${e.pass.label} ${e.pass.name}`).join(", ");
      throw new PassRegistryError(`unknown pass '${key}' (known: ${known || "none"})`);
    }
    return found.pass;
  }

  sourceOf(pass: Pass): string {
    return this.entries.find((e) => e.pass === pass)?.source ?? "unknown";
  }

  pipeline(sel: PipelineSelection): Pass[] {
    if (!(OPT_LEVELS as readonly number[]).includes(sel.level)) {
      throw new PassRegistryError(`optimization level must be one of ${OPT_LEVELS.join(", ")} (got ${sel.level})`);
    }
    const disabled = new Set((sel.disable ?? []).map((k) => this.resolve(k)));
    if (sel.only) return sel.only.map((k) => this.resolve(k)).filter((p) => !disabled.has(p));
    const enabled = new Set((sel.enable ?? []).map((k) => this.resolve(k)));
    return this.list()
      .map((e) => e.pass)
      .filter((p) => !disabled.has(p) && (p.level <= sel.level || enabled.has(p)));
  }
}
