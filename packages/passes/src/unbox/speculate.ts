// OPT-5's speculation: guards that turn the interpreter's own observations into exact float/int
// types, before the conversion reads the types. Every guard deoptimizes to the instruction it
// precedes, so a wrong guess only costs a trip through the interpreter.
//
// - An arithmetic or comparison the interpreter specialized (BINARY_OP_ADD_FLOAT,
//   COMPARE_OP_INT_JUMP, ...) saw exact floats or ints there: its operands are guarded right
//   before it.
// - An argument whose type was float or int at the call that made the function hot, and that an
//   arithmetic operation reads (3.11 specializes only + - * and comparisons; `/`, `//`, `%` and
//   `**` rely on this): guarded once at function entry.
// - A list the interpreter subscripted by an int (BINARY_SUBSCR_LIST_INT) is guarded to be one, so
//   the subscript can read the int natively (list_get): at entry when it is an argument.
// - A range loop's iterator is a range_iterator unless the range does not fit a C long: guarded
//   where the loop is entered, with the frame state of its FOR_ITER as the loop's first iteration
//   would see it, so the check is not repeated every iteration.

import {
  argumentGuardPoint,
  argumentSlot,
  buildCfg,
  canDeoptBefore,
  findLoops,
  computeDominators,
  copyFrameState,
  Type,
  useGuarded,
  type BuiltinName,
  type FrameState,
  type Func,
  type Inst,
  type PassContext,
  type ValueId,
} from "@pyjc/core";

const SPECIALIZED: Readonly<Record<string, BuiltinName>> = {
  BINARY_OP_ADD_FLOAT: "float", BINARY_OP_SUBTRACT_FLOAT: "float", BINARY_OP_MULTIPLY_FLOAT: "float",
  BINARY_OP_ADD_INT: "int", BINARY_OP_SUBTRACT_INT: "int", BINARY_OP_MULTIPLY_INT: "int",
  COMPARE_OP_FLOAT_JUMP: "float", COMPARE_OP_INT_JUMP: "int",
};

const NUMERIC_OPS: ReadonlySet<string> = new Set(["binary_op", "compare_op", "unary_op"]);

/** Inserts every guard the profile justifies; returns how many. */
export function speculateNumbers(f: Func, ctx: PassContext): number {
  let guards = 0;
  const cfg = buildCfg(f);
  const dom = computeDominators(cfg);
  const types = ctx.types();
  const guard = (at: Inst, v: ValueId, name: BuiltinName, fs: FrameState): boolean => {
    const t = types.typeOf(v);
    if (t.isExactly(name) || !t.mayBe(name) || t.isNative || !ctx.shouldTransform()) return false;
    const g = f.insertBefore(at.id, "guard_type", [v], [Type.exact(name)], { frameState: copyFrameState(fs) });
    useGuarded(f, v, g.results[0]!, { cfg, dom });
    guards++;
    return true;
  };

  const loops = findLoops(cfg, dom);
  /**
   * Where a guard of `v` for `at` goes: on the entry of the outermost loop around `at` that `v`
   * does not change in (a FOR_ITER loop entered by one jump, which then deoptimizes to the
   * FOR_ITER as the first iteration sees it), so the check and the unboxing run once per loop
   * rather than per iteration; or right before `at`.
   */
  const guardSite = (at: Inst, v: ValueId): { at: Inst; fs: FrameState } => {
    let site = { at, fs: at.frameState! };
    const def = f.value(v).def;
    const defBlock = def.kind === "param" ? def.block : f.inst(def.inst).block;
    for (let loop = loops.innermost.get(at.block!) ?? null; loop && defBlock !== null && !loop.blocks.has(defBlock); loop = loop.parent) {
      const first = f.block(loop.header).insts[0];
      const forIter = first === undefined ? null : f.inst(first);
      const entry = forIter?.op === "for_iter" ? loopEntry(f, forIter) : null;
      if (entry === null || !dom.dominates(defBlock, entry.jump.block!) || afterUnwind(f, entry.jump)) break;
      site = { at: entry.jump, fs: mapFrameState(forIter!.frameState!, f.block(loop.header).params, entry.args) };
    }
    return site;
  };

  // Operations the interpreter specialized.
  for (const inst of [...f.instructions()]) {
    if (inst.op !== "binary_op" && inst.op !== "compare_op") continue;
    const name = inst.frameState ? SPECIALIZED[ctx.profile.specializedAt(inst.frameState.offset) ?? ""] : undefined;
    if (name === undefined || !canDeoptBefore(f, inst)) continue;
    if (inst.args.some((a) => !types.typeOf(a).mayBe(name))) continue;
    for (const v of [...new Set(inst.args)]) {
      const site = guardSite(inst, v);
      guard(site.at, v, name, site.fs);
    }
  }

  // Arguments, at entry.
  const entry = f.block(f.entry);
  const first = argumentGuardPoint(f, cfg);
  if (first && canDeoptBefore(f, first)) {
    entry.params.forEach((p, slot) => {
      const name = ctx.profile.argTypes[slot];
      if (name !== "float" && name !== "int") return;
      const readByArithmetic = [...f.instructions()].some((i) => NUMERIC_OPS.has(i.op) && i.args.includes(p));
      if (readByArithmetic) guard(first, p, name, first.frameState!);
    });
  }

  // Lists the interpreter subscripted by ints (BINARY_SUBSCR_LIST_INT), so that the int index can
  // be read natively: an argument is guarded at entry, anything else right before the subscript.
  for (const inst of [...f.instructions()]) {
    const offset = inst.frameState?.offset;
    if (inst.op !== "binary_subscr" || offset === undefined || ctx.profile.specializedAt(offset) !== "BINARY_SUBSCR_LIST_INT") continue;
    const list = inst.args[0]!;
    const slot = argumentSlot(f, list);
    const atEntry = slot !== null && ctx.profile.argTypes[slot] === "list" && first !== null && canDeoptBefore(f, first);
    if (atEntry && guard(first, list, "list", first.frameState!)) continue;
    if (canDeoptBefore(f, inst)) guard(inst, list, "list", inst.frameState!);
  }

  // Range iterators.
  for (const inst of [...f.instructions()]) {
    if (inst.op !== "for_iter" || inst.block === null) continue;
    const it = inst.args[0]!;
    const made = f.defInst(it);
    if (made?.op !== "get_iter" || !types.typeOf(made.args[0]!).isExactly("range")) continue;
    const entryEdge = loopEntry(f, inst);
    if (entryEdge !== null) {
      // At the end of the block that enters the loop, with FOR_ITER's state as seen from there.
      const fs = mapFrameState(inst.frameState!, f.block(inst.block).params, entryEdge.args);
      if (!afterUnwind(f, entryEdge.jump) && guard(entryEdge.jump, it, "range_iterator", fs)) continue;
    }
    if (canDeoptBefore(f, inst)) guard(inst, it, "range_iterator", inst.frameState!);
  }
  return guards;
}

/**
 * The one edge entering the loop headed by `forIter`'s block from outside, when it is the `jump`
 * ending the block that dominates the header (and the iterator is defined there or above).
 */
function loopEntry(f: Func, forIter: Inst): { jump: Inst; args: ValueId[] } | null {
  const header = forIter.block!;
  if (f.block(header).insts[0] !== forIter.id) return null;
  const cfg = buildCfg(f);
  const dom = computeDominators(cfg);
  const outside = cfg.predecessors(header).filter((p) => !dom.dominates(header, p));
  if (outside.length !== 1) return null;
  const jump = f.terminator(outside[0]!);
  if (jump?.op !== "jump" || jump.targets[0]!.block !== header) return null;
  const def = f.defInst(forIter.args[0]!);
  if (def?.block == null || !dom.dominates(def.block, outside[0]!)) return null;
  return { jump, args: jump.targets[0]!.args };
}

/** Whether `jump` follows an instruction with an unwind edge (nothing may come between them). */
function afterUnwind(f: Func, jump: Inst): boolean {
  const insts = f.block(jump.block!).insts;
  const before = insts.length >= 2 ? f.inst(insts[insts.length - 2]!) : null;
  return before?.unwind != null;
}

/** A frame state with the header's parameters replaced by what the edge passes. */
function mapFrameState(fs: FrameState, params: readonly ValueId[], args: readonly ValueId[]): FrameState {
  const map = (v: ValueId) => {
    const k = params.indexOf(v);
    return k >= 0 ? args[k]! : v;
  };
  return { offset: fs.offset, locals: fs.locals.map(map), stack: fs.stack.map(map) };
}
