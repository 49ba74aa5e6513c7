// Layout with branch relaxation. Label branches start short (rel8, 2 bytes) and are lengthened to
// near (rel32, 5/6 bytes) when their displacement does not fit; every lengthening can push other
// targets out of range, so the walk repeats until nothing changes. A branch never shrinks back,
// so the number of rounds is bounded by the number of branches (in practice 2-3 rounds).
// Alignment padding is recomputed in every round from the current offsets.

import { type Label } from "./labels.js";
import { type Inst } from "./instruction.js";
import { type Cond } from "./conditions.js";
import { type ConstantPool, alignUp } from "./constant-pool.js";
import { type Annotation } from "./listing.js";
import { branchLength } from "./encode-control.js";
import { EncodeError } from "./errors.js";

export type Item =
  | { readonly kind: "inst"; readonly inst: Inst; readonly notes: readonly Annotation[] }
  | {
      readonly kind: "branch";
      readonly cond: Cond | null;
      readonly label: Label;
      /** Always rel32 (e.g. so it can be patched later). */
      readonly near: boolean;
      readonly notes: readonly Annotation[];
    }
  | { readonly kind: "align"; readonly alignment: number; readonly notes: readonly Annotation[] }
  | { readonly kind: "bind"; readonly label: Label };

export interface Layout {
  /** Offset of each item. */
  readonly offsets: readonly number[];
  /** Whether each item, if a branch, is near (rel32). */
  readonly long: readonly boolean[];
  readonly labels: ReadonlyMap<Label, number>;
  readonly codeEnd: number;
  readonly poolStart: number;
  readonly end: number;
}

export function padding(offset: number, alignment: number): number {
  return alignUp(offset, alignment) - offset;
}

export function layout(items: readonly Item[], pool: ConstantPool, relax: boolean): Layout {
  const long = items.map((it) => it.kind === "branch" && (it.near || !relax));
  const offsets = new Array<number>(items.length);
  for (;;) {
    const labels = new Map<Label, number>();
    let at = 0;
    items.forEach((it, i) => {
      offsets[i] = at;
      if (it.kind === "inst") at += it.inst.bytes.length;
      else if (it.kind === "branch") at += branchLength(it.cond, long[i]!);
      else if (it.kind === "align") at += padding(at, it.alignment);
      else labels.set(it.label, at);
    });
    const codeEnd = at;
    const poolStart = pool.entries.length === 0 ? codeEnd : alignUp(codeEnd, pool.alignment);
    for (const e of pool.entries) labels.set(e.label, poolStart + e.offset);
    let changed = false;
    items.forEach((it, i) => {
      if (it.kind !== "branch" || long[i]) return;
      const target = labels.get(it.label);
      if (target === undefined) throw new EncodeError(`label ${it.label.name} is used but never bound`);
      const disp = target - (offsets[i]! + 2);
      if (disp < -0x80 || disp > 0x7f) {
        long[i] = true;
        changed = true;
      }
    });
    if (!changed) return { offsets, long, labels, codeEnd, poolStart, end: poolStart + pool.byteLength };
  }
}
