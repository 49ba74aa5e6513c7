// OPT-5's optional parameters: loop-carried locals that are an exact float or int once assigned
// but unbound (NULL) on the way in, such as the locals assigned in a loop body, which the loop
// header receives as NULL before the first iteration. Nothing reads them as objects: only frame
// states (what the interpreter would resume with) and stores to the frame. Instead of an object
// parameter fed by a box every iteration, such a local travels as a number and a condition
// (whether it is bound), and the block makes its frame value from the two (no code):
//
//   bb2(v9:float?):                               bb2(v20:f64, v21:cbool):
//       ...                                            v22 = bound_float $x v21, v20
//       v14 = box_float v13 @30 [v0 v9 | ...] ==>      ...
//       jump bb2(v14)                                  v15 = fbin mul v13, v13 @38 [v0 v22 | ...]
//                                                      jump bb2(v13, v23)       (v23 = cbool 1)
//
// Which parameters: every incoming value is NULL, another such parameter of the same kind, or has
// a native form (as for native parameters), and every use is a frame state, a `store_local`, or an
// edge into another such parameter. Conditions that every edge passes alike (the locals a loop
// body assigns together) are merged into one parameter.

import { Type, type BlockId, type Func, type Inst, type TypeMap, type ValueId } from "@pyjc/core";
import type { Natives } from "./natives.js";
import { optionalKindOf, type Kind, type Use } from "./plan.js";

export interface Optional {
  readonly kind: Kind;
  /** The local whose value it is (the first slot a frame state or a store names it in). */
  readonly slot: number;
}

/** Which block parameters become optional natives (nothing is changed). */
export function planOptional(
  f: Func,
  types: TypeMap,
  uses: ReadonlyMap<ValueId, Use[]>,
  landing: (b: BlockId) => boolean,
  nativeArg: (a: ValueId, kind: Kind, term: Inst) => boolean,
): Map<ValueId, Optional> {
  const incoming = incomingEdges(f);
  let plan = new Map<ValueId, Optional>();
  for (const b of f.order) {
    if (b === f.entry || landing(b)) continue;
    for (const p of f.block(b).params) {
      const kind = optionalKindOf(types, p);
      const slot = kind && slotOf(p, uses.get(p) ?? []);
      if (kind && slot !== null) plan.set(p, { kind, slot });
    }
  }
  for (let stable = false; !stable; ) {
    const next = new Map<ValueId, Optional>();
    const same = (v: ValueId, kind: Kind) => plan.get(v)?.kind === kind;
    for (const [p, o] of plan) {
      const { block, index } = f.value(p).def as { block: BlockId; index: number };
      const usesOk = (uses.get(p) ?? []).every((u) =>
        u.as === "state" || (u.as === "operand" && u.inst.op === "store_local") ||
        (u.as === "edge" && same(f.block(u.target!).params[u.index!]!, o.kind)));
      const argsOk = (incoming.get(block) ?? []).every(({ term, args }) => {
        const a = args[index]!;
        return types.typeOf(a).isNull || same(a, o.kind) || nativeArg(a, o.kind, term);
      });
      if (usesOk && argsOk) next.set(p, o);
    }
    stable = next.size === plan.size;
    plan = next;
  }
  return plan;
}

/**
 * Rewrites the planned parameters: each gets a number and a condition parameter and a frame value
 * at the start of its block, which its stores read. The object parameters stay for the caller,
 * which points frame states at the frame values (`frameValues`, once every box it makes has its
 * frame state) and removes them. Returns the new condition parameters too.
 */
export function rewriteOptional(
  f: Func,
  plan: ReadonlyMap<ValueId, Optional>,
  natives: Natives,
  nativeParams: ReadonlyMap<ValueId, ValueId>,
): { conditions: Set<ValueId>; frameValues: Map<ValueId, ValueId> } {
  const made = new Map<ValueId, { n: ValueId; c: ValueId; o: ValueId }>();
  for (const [p, { kind, slot }] of plan) {
    const block = (f.value(p).def as { block: BlockId }).block;
    const n = f.addParam(block, kind === "f64" ? Type.f64 : Type.i64);
    const c = f.addParam(block, Type.cbool);
    const o = f.insertBefore(f.block(block).insts[0]!, kind === "f64" ? "bound_float" : "bound_int", [c, n], [slot]);
    made.set(p, { n, c, o: o.results[0]! });
  }
  if (made.size === 0) return { conditions: new Set(), frameValues: new Map() };

  // Constants the edges pass, made once at the function's start.
  const consts = new Map<string, ValueId>();
  const constant = (op: string, value: unknown): ValueId => {
    const key = `${op}:${String(value)}`;
    let v = consts.get(key);
    if (v === undefined) consts.set(key, (v = f.insertBefore(f.block(f.entry).insts[0]!, op, [], [value]).results[0]!));
    return v;
  };
  for (const term of [...f.instructions()]) {
    for (const t of term.targets) {
      const params = f.block(t.block).params;
      for (const [p, { n, c }] of made) {
        const k = params.indexOf(p);
        if (k < 0) continue;
        const a = t.args[k]!;
        const kind = plan.get(p)!.kind;
        const other = made.get(a);
        let number: ValueId;
        let bound: ValueId;
        if (other) [number, bound] = [other.n, other.c];
        else if (f.typeOf(a).isNull) [number, bound] = [kind === "f64" ? constant("fconst", 0) : constant("iconst", 0n), constant("cbool", 0)];
        else [number, bound] = [nativeParams.get(a) ?? natives.get(a, kind, term), constant("cbool", 1)];
        t.args[params.indexOf(n)] = number;
        t.args[params.indexOf(c)] = bound;
      }
    }
  }
  for (const inst of f.instructions()) {
    if (inst.op === "store_local" && made.has(inst.args[0]!)) inst.args = [made.get(inst.args[0]!)!.o];
  }
  return {
    conditions: new Set([...made.values()].map((m) => m.c)),
    frameValues: new Map([...made].map(([p, m]) => [p, m.o])),
  };
}

/**
 * Merges the condition parameters of each block that are equal on every path: optimistically all
 * of a block's are, then a class splits wherever some edge passes values of different classes
 * (a loop's back edge passing the conditions on unchanged keeps them together).
 */
export function mergeConditions(f: Func, conditions: ReadonlySet<ValueId>): number {
  const incoming = incomingEdges(f);
  let classOf = new Map<ValueId, string>();
  for (const b of f.order) for (const p of f.block(b).params) if (conditions.has(p)) classOf.set(p, `bb${b}`);
  const cls = (v: ValueId) => classOf.get(v) ?? `v${v}`;
  for (;;) {
    const names = new Map<string, string>();
    const next = new Map<ValueId, string>();
    for (const b of f.order) {
      const params = f.block(b).params;
      params.forEach((p, k) => {
        if (!conditions.has(p)) return;
        const key = `${cls(p)}|${(incoming.get(b) ?? []).map(({ args }) => cls(args[k]!)).join(",")}`;
        if (!names.has(key)) names.set(key, `c${names.size}`);
        next.set(p, names.get(key)!);
      });
    }
    const before = new Set(classOf.values()).size;
    classOf = next;
    if (names.size === before) break;
  }
  let merged = 0;
  for (const b of f.order) {
    const params = f.block(b).params;
    for (let k = params.length - 1; k >= 0; k--) {
      const p = params[k]!;
      if (!conditions.has(p)) continue;
      const keep = params.find((q) => conditions.has(q) && cls(q) === cls(p))!;
      if (keep === p) continue;
      f.replaceAllUses(p, keep);
      for (const { args } of incoming.get(b) ?? []) args.splice(k, 1);
      f.removeParam(b, k);
      merged++;
    }
  }
  return merged;
}

/** The first local a frame state or a store gives `p` as, or null. */
function slotOf(p: ValueId, uses: readonly Use[]): number | null {
  for (const u of uses) {
    if (u.as === "state") {
      const i = u.inst.frameState!.locals.indexOf(p);
      if (i >= 0) return i;
    }
    if (u.as === "operand" && u.inst.op === "store_local") return u.inst.imms[0] as number;
  }
  return null;
}

function incomingEdges(f: Func): Map<BlockId, { term: Inst; args: ValueId[] }[]> {
  const incoming = new Map<BlockId, { term: Inst; args: ValueId[] }[]>();
  for (const inst of f.instructions()) {
    for (const t of inst.targets) {
      if (!incoming.has(t.block)) incoming.set(t.block, []);
      incoming.get(t.block)!.push({ term: inst, args: t.args });
    }
  }
  return incoming;
}
