// OPT-5's rewrite: plans which block parameters become native (fixpoint), then converts every
// convertible operation in dominator order, fills the native parameters' edges, boxes what still
// needs objects, and removes the boxes nothing needs.

import {
  applyTypes,
  buildCfg,
  computeDominators,
  copyFrameState,
  foldTruthOfBoxedConditions,
  FrameStateFinder,
  foldProvenGuards,
  replaceInst,
  splitBefore,
  Type,
  type BlockId,
  type FrameState,
  type Func,
  type Inst,
  type PassContext,
  type TypeMap,
  type ValueId,
} from "@pyjc/core";
import { Natives } from "./natives.js";
import { mergeConditions, planOptional, rewriteOptional } from "./optional.js";
import { constantOf, conversionOf, i64Constant, kindOf, rangeLoopShape, usesOf, type Conversion, type Kind, type Use } from "./plan.js";

export interface RewriteStats {
  floatOps: number;
  intOps: number;
  compares: number;
  rangeLoops: number;
  nativeParams: number;
  unboxes: number;
  boxes: number;
  removedBoxes: number;
  provenGuards: number;
  optionalParams: number;
  mergedConditions: number;
  floatStores: number;
  listGets: number;
}

const NATIVE_READS: ReadonlySet<Conversion["how"]> = new Set(["arith", "neg", "invert", "compare"]);

function isLanding(f: Func, b: BlockId): boolean {
  const first = f.block(b).insts[0];
  const op = first === undefined ? null : f.inst(first).op;
  return op === "catch" || op === "catch_lasti";
}

export interface RewriteResult {
  readonly stats: RewriteStats;
  /** An instruction with an unwind edge went (run removeUnreachableBlocks). */
  readonly removedUnwind: boolean;
}

export function rewriteNumbers(f: Func, ctx: PassContext, types: TypeMap): RewriteResult | null {
  const cfg = buildCfg(f);
  const dom = computeDominators(cfg);
  const order = cfg.rpo.flatMap((b) => f.block(b).insts.map((id) => f.inst(id)));
  const conversions = new Map<Inst, Conversion>();
  for (const inst of order) {
    const c = conversionOf(f, types, inst);
    // Each conversion is one debug-counter step; native parameters follow the operations.
    if (c !== null && ctx.shouldTransform()) conversions.set(inst, c);
  }
  if (conversions.size === 0) return null;
  // Declared types become the proven ones, which the native operations' operands must have.
  applyTypes(f, types);
  const finder = new FrameStateFinder(f, cfg, dom);
  const uses = usesOf(f);
  const plan = planParams(f, types, conversions, uses, finder);
  const optional = planOptional(f, types, uses, (b) => isLanding(f, b), plan.nativeArg);

  const subst = new Map<ValueId, ValueId>();
  const natives = new Natives(f, types, dom, plan.synthesized, subst);
  const stats: RewriteStats = { floatOps: 0, intOps: 0, compares: 0, rangeLoops: 0, nativeParams: 0, unboxes: 0, boxes: 0, removedBoxes: 0, provenGuards: 0, optionalParams: 0, mergedConditions: 0, floatStores: 0, listGets: 0 };
  const converted = new Map<ValueId, ValueId>();
  const boolBoxes = new Set<ValueId>();
  let removedUnwind = false;

  // Native parameters first, so operations in their blocks can read them.
  const nativeParams = new Map<ValueId, ValueId>();
  for (const p of plan.params) {
    const block = (f.value(p).def as { block: BlockId }).block;
    const n = f.addParam(block, kindOf(types, p) === "f64" ? Type.f64 : Type.i64);
    nativeParams.set(p, n);
    natives.of.set(p, n);
    stats.nativeParams++;
  }

  const replace = (inst: Inst, by: ValueId) => {
    subst.set(inst.results[0]!, by);
    removedUnwind = replaceInst(f, inst, by) || removedUnwind;
  };
  const operand = (v: ValueId, want: Kind, at: Inst, exact: boolean): ValueId => {
    const k = kindOf(types, v)!;
    if (k === want) return natives.get(v, k, at);
    // An int where a double is needed: a constant converts now (correctly rounded, as CPython).
    const c = constantOf(f, v);
    if (c?.kind === "int") return f.insertBefore(at.id, "fconst", [], [Number(c.value)]).results[0]!;
    const i = natives.get(v, "i64", at);
    return exact
      ? f.insertBefore(at.id, "int_to_float_exact", [i], [], { frameState: copyFrameState(at.frameState!) }).results[0]!
      : f.insertBefore(at.id, "int_to_float", [i]).results[0]!;
  };
  /** The operation becomes the box of its native result, keeping frame state and unwind edge. */
  const becomeBox = (inst: Inst, n: ValueId, kind: Kind) => {
    inst.op = kind === "f64" ? "box_float" : "box_int";
    inst.args = [n];
    inst.imms = [];
    f.value(inst.results[0]!).type = Type.exact(kind === "f64" ? "float" : "int");
    natives.of.set(inst.results[0]!, n);
    converted.set(inst.results[0]!, n);
  };

  for (const inst of order) {
    if (inst.block === null) continue;
    const conv = conversions.get(inst);
    if (conv === undefined) {
      // OPT-2's compare with a small int, on an int that is native anyway.
      if (inst.op === "small_int_eq" && natives.has(inst.args[0]!)) {
        const k = f.insertBefore(inst.id, "iconst", [], [BigInt(inst.imms[0] as number)]).results[0]!;
        const c = f.insertBefore(inst.id, "icmp", [natives.get(inst.args[0]!, "i64", inst), k], ["eq"]).results[0]!;
        replace(inst, c);
        stats.compares++;
      }
      continue;
    }
    const fs = () => copyFrameState(inst.frameState!);
    switch (conv.how) {
      case "arith": {
        const [a, b] = inst.args as [ValueId, ValueId];
        const x = operand(a, conv.result, inst, conv.exact);
        const y = operand(b, conv.result, inst, conv.exact);
        const op = conv.result === "f64" ? "fbin" : "ibin";
        const n = f.insertBefore(inst.id, op, [x, y], [conv.nop], { frameState: fs() }).results[0]!;
        becomeBox(inst, n, conv.result);
        if (conv.result === "f64") stats.floatOps++;
        else stats.intOps++;
        break;
      }
      case "neg": {
        const x = natives.get(inst.args[0]!, conv.result, inst);
        let n: ValueId;
        if (conv.result === "f64") n = f.insertBefore(inst.id, "fneg", [x]).results[0]!;
        else {
          const zero = f.insertBefore(inst.id, "iconst", [], [0n]).results[0]!;
          n = f.insertBefore(inst.id, "ibin", [zero, x], ["sub"], { frameState: fs() }).results[0]!;
        }
        becomeBox(inst, n, conv.result);
        if (conv.result === "f64") stats.floatOps++;
        else stats.intOps++;
        break;
      }
      case "invert": {
        const x = natives.get(inst.args[0]!, "i64", inst);
        const m = f.insertBefore(inst.id, "iconst", [], [-1n]).results[0]!;
        becomeBox(inst, f.insertBefore(inst.id, "ibin", [x, m], ["xor"], { frameState: fs() }).results[0]!, "i64");
        stats.intOps++;
        break;
      }
      case "pos":
        // +x of an exact float or int is x itself.
        replace(inst, inst.args[0]!);
        break;
      case "compare": {
        const want: Kind = conv.float ? "f64" : "i64";
        const [a, b] = inst.args as [ValueId, ValueId];
        const x = operand(a, want, inst, true);
        const y = operand(b, want, inst, true);
        const c = f.insertBefore(inst.id, conv.float ? "fcmp" : "icmp", [x, y], [conv.ncmp]).results[0]!;
        const boxed = f.insertBefore(inst.id, "box_bool", [c]).results[0]!;
        boolBoxes.add(boxed);
        replace(inst, boxed);
        stats.compares++;
        break;
      }
      case "sqrt": {
        // The call becomes the box of the root, keeping its frame state and unwind edge.
        const x = operand(inst.args[1]!, "f64", inst, false);
        becomeBox(inst, f.insertBefore(inst.id, "fsqrt", [x], [], { frameState: fs() }).results[0]!, "f64");
        stats.floatOps++;
        break;
      }
      case "subscript": {
        // The same instruction, frame state and unwind edge; the index read natively.
        const index = natives.get(inst.args[1]!, "i64", inst);
        inst.op = "list_get";
        inst.args = [inst.args[0]!, index];
        stats.listGets++;
        break;
      }
      case "range": {
        const shape = rangeLoopShape(f, inst)!;
        const next = f.insertBefore(inst.id, "range_next", [inst.args[0]!]);
        const [value, done] = next.results as [ValueId, ValueId];
        for (const t of shape.isNull) replace(t, done);
        for (const r of shape.refines) {
          // The loop variable's object, made where FOR_ITER would have made it.
          r.op = "box_int";
          r.args = [value];
          r.imms = [];
          r.frameState = copyFrameState(inst.frameState!);
          f.value(r.results[0]!).type = Type.exact("int");
          natives.of.set(r.results[0]!, value);
          converted.set(r.results[0]!, value);
          if (inst.unwind) natives.pendingUnwinds.push({ box: r, unwind: { block: inst.unwind.block, args: [...inst.unwind.args] } });
        }
        removedUnwind = inst.unwind !== null || removedUnwind;
        f.remove(inst.id);
        stats.rangeLoops++;
        break;
      }
    }
  }

  // Edges into native parameters carry the native values too.
  for (const [p, n] of nativeParams) {
    const block = (f.value(p).def as { block: BlockId }).block;
    for (const term of [...f.instructions()]) {
      for (const t of term.targets) {
        if (t.block !== block) continue;
        const params = f.block(block).params;
        const arg = t.args[params.indexOf(p)]!;
        t.args[params.indexOf(n)] = nativeParams.get(arg) ?? natives.get(arg, kindOf(types, p)!, term);
      }
    }
  }

  // Locals that may be unbound travel as a number and a condition (unbox/optional.ts).
  const { conditions, frameValues } = rewriteOptional(f, optional, natives, nativeParams);
  stats.optionalParams = optional.size;
  stats.mergedConditions = mergeConditions(f, conditions);

  // What still reads an object parameter as an object gets a box (edges into native and optional
  // parameters go with the object parameters).
  for (const inst of [...f.instructions()]) {
    if (inst.args.some((a) => nativeParams.has(a))) {
      inst.args = inst.args.map((a) => (nativeParams.has(a) ? natives.box(nativeParams.get(a)!, inst) : a));
    }
    for (const t of inst.targets) {
      const params = f.block(t.block).params;
      const replaced = (p: ValueId) => plan.params.has(p) || optional.has(p);
      t.args = t.args.map((a, i) => (nativeParams.has(a) && !replaced(params[i]!) ? natives.box(nativeParams.get(a)!, inst) : a));
    }
  }
  removeObjectParams(f, new Set([...plan.params, ...optional.keys()]));
  // Frame states read the native values (deoptimization and error paths box them).
  for (const inst of f.instructions()) {
    if (inst.frameState) for (const [p, n] of [...nativeParams, ...frameValues]) redirectState(inst.frameState, p, n);
  }

  // Guards on what are now boxes check nothing; then boxes of converted results that only frame
  // states read go (frame states read the native).
  stats.provenGuards = foldProvenGuards(f, { typeOf: (v) => f.typeOf(v) });
  const after = usesOf(f);
  for (const [r, n] of converted) {
    const list = after.get(r) ?? [];
    if (list.some((u) => u.as !== "state")) continue;
    for (const u of list) redirectState(u.inst.frameState!, r, n);
    const box = f.defInst(r)!;
    removedUnwind = box.unwind !== null || removedUnwind;
    f.remove(box.id);
    stats.removedBoxes++;
  }
  // A new float only a list store reads is made by the store, which may reuse the item it replaces.
  const storeUses = usesOf(f);
  for (const inst of [...f.instructions()]) {
    const box = inst.op === "list_store" ? f.defInst(inst.args[2]!) : null;
    if (box?.op !== "box_float") continue;
    const list = storeUses.get(box.results[0]!) ?? [];
    if (list.filter((u) => u.as !== "state").length !== 1) continue;
    const n = box.args[0]!;
    for (const u of list) if (u.as === "state") redirectState(u.inst.frameState!, box.results[0]!, n);
    inst.op = "list_store_float";
    inst.args = [inst.args[0]!, inst.args[1]!, n];
    removedUnwind = box.unwind !== null || removedUnwind;
    f.remove(box.id);
    stats.floatStores++;
  }
  for (const b of boolBoxes) {
    if (!f.hasValue(b)) continue;
    const c = f.defInst(b)!.args[0]!;
    for (const u of after.get(b) ?? []) if (u.as === "state" && u.inst.block !== null) redirectState(u.inst.frameState!, b, c);
  }
  // Boxes that raise into a handler get the handler's edge, which ends their block.
  for (const { box, unwind } of natives.pendingUnwinds) {
    if (box.block === null) continue;
    const insts = f.block(box.block).insts;
    splitBefore(f, f.inst(insts[insts.indexOf(box.id) + 1]!));
    box.unwind = unwind;
  }
  foldTruthOfBoxedConditions(f, (v) => boolBoxes.has(v));
  stats.unboxes = natives.unboxCount;
  stats.boxes = natives.boxCount;
  return { stats, removedUnwind };
}

function redirectState(fs: FrameState, from: ValueId, to: ValueId): void {
  fs.locals = fs.locals.map((v) => (v === from ? to : v));
  fs.stack = fs.stack.map((v) => (v === from ? to : v));
}

/** Removes the object parameters replaced by native ones, with their edge arguments. */
function removeObjectParams(f: Func, params: ReadonlySet<ValueId>): void {
  for (const b of f.order) {
    const block = f.block(b);
    for (let i = block.params.length - 1; i >= 0; i--) {
      if (!params.has(block.params[i]!)) continue;
      f.removeParam(b, i);
      for (const inst of f.instructions()) {
        for (const t of inst.targets) if (t.block === b) t.args.splice(i, 1);
      }
    }
  }
}

interface ParamPlan {
  readonly params: Set<ValueId>;
  /** Frame states for boxes before instructions that have none. */
  readonly synthesized: Map<Inst, FrameState>;
  /** Whether `a`, an argument of an edge of `term`, has a native form of `kind` there. */
  readonly nativeArg: (a: ValueId, kind: Kind, term: Inst) => boolean;
}

/**
 * The block parameters that carry native values: exact floats or ints that a native operation
 * (or another native parameter) reads, whose every incoming value has a native form, and whose
 * remaining object uses can be boxed where they are (no unwind edge passes them to a handler).
 */
function planParams(f: Func, types: TypeMap, conversions: ReadonlyMap<Inst, Conversion>, uses: ReadonlyMap<ValueId, Use[]>, finder: FrameStateFinder): ParamPlan {
  const synthesized = new Map<Inst, FrameState>();
  const candidates = new Set<ValueId>();
  const incoming = new Map<BlockId, { term: Inst; args: ValueId[] }[]>();
  for (const inst of f.instructions()) {
    for (const t of inst.targets) {
      if (!incoming.has(t.block)) incoming.set(t.block, []);
      incoming.get(t.block)!.push({ term: inst, args: t.args });
    }
  }
  for (const b of f.order) {
    if (b === f.entry || isLanding(f, b)) continue;
    for (const p of f.block(b).params) if (kindOf(types, p) !== null) candidates.add(p);
  }
  const paramIndex = (p: ValueId) => {
    const d = f.value(p).def as { block: BlockId; index: number };
    return d;
  };
  const nativeRead = (u: Use, v: ValueId) => {
    if (u.as !== "operand") return false;
    const c = conversions.get(u.inst);
    if (c?.how === "subscript" || c?.how === "sqrt") return u.inst.args[1] === v;
    if (c !== undefined) return NATIVE_READS.has(c.how);
    return u.inst.op === "small_int_eq" && u.inst.args[0] === v;
  };
  /** A native form of `a` for an edge of `term` into a parameter of kind `kind`, given the set `n`. */
  const nativeArg = (a: ValueId, kind: Kind, term: Inst, n: ReadonlySet<ValueId>): boolean => {
    if (n.has(a)) return kindOf(types, a) === kind;
    const def = f.defInst(a);
    if (def) {
      const c = conversions.get(def);
      if (c?.how === "arith" || c?.how === "neg") return c.result === kind;
      if (c?.how === "sqrt") return kind === "f64";
      if (c?.how === "invert") return kind === "i64";
      if (def.op === "box_float" || def.op === "box_int") return kindOf(types, a) === kind;
      if (def.op === "refine" && def.args.some((x) => f.defInst(x)?.op === "for_iter" && conversions.has(f.defInst(x)!))) return kind === "i64";
    }
    const c = constantOf(f, a);
    if (c !== null) return (c.kind === "float" && kind === "f64") || (i64Constant(f, a) !== null && kind === "i64");
    if (kindOf(types, a) !== kind) return false;
    if (kind === "f64") return !(def?.unwind && def.block === term.block);
    // unbox_int needs a point after the definition where it may deoptimize.
    const block = def ? def.block! : paramIndex(a).block;
    const insts = f.block(block).insts.map((id) => f.inst(id));
    const from = def ? insts.indexOf(def) + 1 : 0;
    return insts.slice(from).some((i) => i.frameState !== null && i.id !== term.id && (block !== term.block || insts.indexOf(i) < insts.indexOf(term)));
  };

  let n = new Set(candidates);
  for (let round = 0; round < 50; round++) {
    // Wanted: read natively, or passed to a wanted native parameter.
    const wanted = new Set<ValueId>();
    for (const p of n) if ((uses.get(p) ?? []).some((u) => nativeRead(u, p))) wanted.add(p);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of n) {
        if (wanted.has(p)) continue;
        if ((uses.get(p) ?? []).some((u) => u.as === "edge" && wanted.has(f.block(u.target!).params[u.index!]!))) {
          wanted.add(p);
          grew = true;
        }
      }
    }
    const next = new Set<ValueId>();
    for (const p of wanted) {
      const { block } = paramIndex(p);
      const kind = kindOf(types, p)!;
      const k = f.block(block).params.indexOf(p);
      const argsOk = (incoming.get(block) ?? []).every(({ term, args }) => nativeArg(args[k]!, kind, term, wanted));
      if (!argsOk) continue;
      let usesOk = true;
      for (const u of uses.get(p) ?? []) {
        if (u.as === "state" || nativeRead(u, p)) continue;
        if (u.as === "unwind") usesOk = false;
        else if (u.as === "edge" && wanted.has(f.block(u.target!).params[u.index!]!)) continue;
        else if (!u.inst.frameState) {
          const fs = synthesized.get(u.inst) ?? finder.before(u.inst);
          if (fs === null) usesOk = false;
          else synthesized.set(u.inst, fs);
        }
        if (!usesOk) break;
      }
      if (usesOk) next.add(p);
    }
    const stable = next.size === n.size && [...next].every((p) => n.has(p));
    n = next;
    if (stable) break;
  }
  const params = n;
  return { params, synthesized, nativeArg: (a, kind, term) => nativeArg(a, kind, term, params) };
}
