// The HIR verifier: the rules every pass must preserve. It reports every violation it finds (not
// just the first) so a broken pass can be diagnosed from one run.
//
// Structure: the entry is the first block, has one parameter per argument slot and no
// predecessors; every block ends in exactly one terminator; operand, immediate, result and target
// counts match the operation table; edges pass one argument per parameter.
// Exceptions: exactly the operations that can raise or deoptimize carry a FrameState (one local
// per localsplus slot), and a `store_local` may (the frame after it, for its release); only those that can raise may carry an unwind edge, and such an instruction is the last before its
// block's `jump` (unless it is itself a terminator). Unwind targets are landing blocks: they begin
// with `catch` (after `catch_lasti` when present) and are entered only by unwind edges.
// SSA: every use is dominated by its definition (block parameters at the block start, results
// right after their instruction; frame states and edge arguments are uses at their instruction).
// The results of an instruction with an unwind edge exist only on the normal path, so they may be
// used only by its own block's jump and in blocks dominated by the edge to that jump's target
// (the target dominates them and every other edge into it is a back edge from its own region).
// Types: operands are non-NULL objects unless the operation accepts NULL there; branch conditions
// are native cbool; an edge argument's type is a subtype of the parameter's. `store_local` also
// takes a native double or int64 (the lowering boxes it). The frame values `bound_float` and
// `bound_int` make are no objects: only frame states and `store_local` may read them.

import { buildCfg } from "../analysis/cfg.js";
import { computeDominators } from "../analysis/dominators.js";
import type { BlockId, Func, Inst, ValueId } from "./function.js";
import { argSlotCount, Func as FuncClass } from "./function.js";
import { isImm } from "./imm.js";
import { opDef, resultCount, type OpDef } from "./ops.js";
import { printInst } from "./printer.js";
import { Type } from "./types.js";

export interface VerifierIssue {
  readonly block: BlockId | null;
  readonly message: string;
}

export class VerifierError extends Error {
  override readonly name = "VerifierError";
  constructor(readonly issues: readonly VerifierIssue[]) {
    super(issues.map((i) => (i.block === null ? i.message : `bb${i.block}: ${i.message}`)).join("\n"));
  }
}

/** Operand positions that may hold NULL (`"all"`: every operand). */
const NULLABLE: Record<string, readonly number[] | "all"> = {
  store_local: [0],
  check_bound: [0],
  make_cell: [0],
  is_null: [0],
  refine: [0],
  call_method: [0],
  call_ex: [2],
};


/** Native operands an operation accepts besides its table's operand types (it boxes them). */
const NATIVE_OK: Record<string, readonly string[]> = {
  store_local: ["f64", "i64"],
};

/**
 * Operations that may carry a FrameState without raising: a `store_local`'s is the frame after the
 * store, which the lowering makes current before the old value's finalizer can run.
 */
const OPTIONAL_STATE: ReadonlySet<string> = new Set(["store_local"]);

/** Operations whose results only frame states and `store_local` may read. */
const FRAME_VALUES: ReadonlySet<string> = new Set(["bound_float", "bound_int"]);

/** Exact operand counts of the variadic operations, from their immediates. */
function variadicArityOk(inst: Inst): boolean {
  const n = inst.args.length;
  const imm = inst.imms[0] as number;
  switch (inst.op) {
    case "build_map": return n % 2 === 0;
    case "build_const_key_map": return n >= 1;
    case "build_slice": return n === 2 || n === 3;
    case "call": return n >= 1 + (inst.imms[0] as readonly string[]).length;
    case "call_method": return n >= 2 + (inst.imms[0] as readonly string[]).length;
    case "make_function": return n === 1 + popcount(imm & 15);
    case "format_value": return n === 1 || n === 2;
    case "raise": return n === imm && imm >= 0 && imm <= 2;
    case "reraise": return n === (imm ? 2 : 1);
    default: return true;
  }
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

export function verifyFunc(f: Func): VerifierIssue[] {
  const issues: VerifierIssue[] = [];
  const report = (block: BlockId | null, message: string) => issues.push({ block, message });
  const nslots = f.code.localsPlusNames.length;

  if (f.order[0] !== f.entry || !f.hasBlock(f.entry)) report(null, "the entry block is not the first block");
  if (f.hasBlock(f.entry) && f.block(f.entry).params.length !== argSlotCount(f.code)) {
    report(f.entry, `entry block has ${f.block(f.entry).params.length} parameters for ${argSlotCount(f.code)} argument slots`);
  }

  const landingPreds = new Map<BlockId, { normal: number; unwind: number }>();
  const count = (b: BlockId, kind: "normal" | "unwind") => {
    const c = landingPreds.get(b) ?? { normal: 0, unwind: 0 };
    c[kind]++;
    landingPreds.set(b, c);
  };

  // Per-instruction structure.
  for (const block of f.blocks()) {
    // Printing every instruction up front would make verifying cost as much as printing.
    const where = (inst: Inst) => ({ toString: () => `${safeInst(f, inst)}: ` });
    if (block.insts.length === 0) {
      report(block.id, "empty block");
      continue;
    }
    block.params.forEach((p, i) => {
      const v = f.hasValue(p) ? f.value(p) : null;
      if (!v || v.def.kind !== "param" || v.def.block !== block.id || v.def.index !== i) report(block.id, `parameter v${p} is not defined as parameter ${i}`);
    });
    block.insts.forEach((id, pos) => {
      const inst = f.inst(id);
      const def: OpDef = opDef(inst.op);
      const at = where(inst);
      const last = pos === block.insts.length - 1;
      if (inst.block !== block.id) report(block.id, `${at}instruction thinks it is in bb${inst.block}`);
      if (!!def.flags.terminator !== last) {
        report(block.id, last ? `${at}block does not end in a terminator` : `${at}terminator in the middle of a block`);
      }
      if (inst.imms.length !== def.imms.length) report(block.id, `${at}${inst.imms.length} immediates, expected ${def.imms.length}`);
      else def.imms.forEach((k, i) => isImm(k, inst.imms[i]) || report(block.id, `${at}immediate ${i} is not a valid ${k}`));
      if (def.operands === "variadic" ? !variadicArityOk(inst) : inst.args.length !== def.operands) {
        report(block.id, `${at}wrong number of operands (${inst.args.length})`);
      }
      if (inst.imms.length === def.imms.length && inst.results.length !== resultCount(def, inst.imms)) {
        report(block.id, `${at}${inst.results.length} results, expected ${resultCount(def, inst.imms)}`);
      }
      inst.results.forEach((r, i) => {
        const v = f.hasValue(r) ? f.value(r) : null;
        if (!v || v.def.kind !== "result" || v.def.inst !== inst.id || v.def.index !== i) report(block.id, `${at}result v${r} is not defined by it`);
      });
      const targets = def.flags.terminator ? (def.targets ?? 0) : 0;
      if (inst.targets.length !== targets) report(block.id, `${at}${inst.targets.length} targets, expected ${targets}`);
      const needsState = !!(def.flags.raises || def.flags.deopts);
      if (needsState !== (inst.frameState !== null) && !(OPTIONAL_STATE.has(inst.op) && inst.frameState !== null)) {
        report(block.id, needsState ? `${at}missing frame state` : `${at}frame state on an operation that neither raises nor deoptimizes`);
      }
      if (inst.frameState) {
        const fs = inst.frameState;
        if (fs.locals.length !== nslots) report(block.id, `${at}frame state has ${fs.locals.length} locals for ${nslots} slots`);
        if (fs.offset < 0 || fs.offset % 2 !== 0) report(block.id, `${at}bad frame state offset ${fs.offset}`);
      }
      if (inst.unwind) {
        if (!def.flags.raises) report(block.id, `${at}unwind edge on an operation that cannot raise`);
        if (!def.flags.terminator) {
          const next = block.insts[pos + 1] !== undefined ? f.inst(block.insts[pos + 1]!) : null;
          if (!next || next.op !== "jump" || pos + 2 !== block.insts.length) {
            report(block.id, `${at}an instruction with an unwind edge must be followed by the block's jump`);
          }
        }
      }
      for (const call of inst.targets) count(call.block, "normal");
      if (inst.unwind) count(inst.unwind.block, "unwind");
      const edges = inst.unwind ? [...inst.targets, inst.unwind] : inst.targets;
      for (const call of edges) {
        if (!f.hasBlock(call.block)) {
          report(block.id, `${at}edge to missing block bb${call.block}`);
          continue;
        }
        if (call.block === f.entry) report(block.id, `${at}edge to the entry block`);
        const params = f.block(call.block).params;
        if (params.length !== call.args.length) {
          report(block.id, `${at}passes ${call.args.length} arguments to bb${call.block}, which has ${params.length} parameters`);
        } else {
          call.args.forEach((a, i) => {
            if (f.hasValue(a) && FRAME_VALUES.has(f.defInst(a)?.op ?? "")) report(block.id, `${at}passes the frame value v${a} along an edge`);
            if (f.hasValue(a) && !f.typeOf(a).isSubtypeOf(f.typeOf(params[i]!))) {
              report(block.id, `${at}v${a}:${f.typeOf(a)} passed to v${params[i]}:${f.typeOf(params[i]!)}`);
            }
          });
        }
      }
      // Operand types.
      const nullable = NULLABLE[inst.op];
      inst.args.forEach((a, i) => {
        if (!f.hasValue(a)) return;
        const t = f.typeOf(a);
        const declared = def.operandTypes;
        const expected = declared === undefined ? undefined : declared instanceof Type ? declared : declared[i];
        if (FRAME_VALUES.has(f.defInst(a)?.op ?? "") && inst.op !== "store_local") {
          report(block.id, `${at}operand v${a} is a frame value (${f.defInst(a)!.op}), which only frame states and store_local read`);
        }
        if (expected) {
          if (!t.isSubtypeOf(expected)) report(block.id, `${at}operand ${i} must be ${expected}, is ${t}`);
        } else if (t.isNative) {
          if (!NATIVE_OK[inst.op]?.includes(t.native!)) report(block.id, `${at}operand ${i} is a native ${t}`);
        }
        else if (t.mayBeNull && !(nullable === "all" || nullable?.includes(i))) report(block.id, `${at}operand v${a} may be NULL`);
      });
      // Landing pads: [catch_lasti] catch, once, at the very start.
      if (inst.op === "catch_lasti" && pos !== 0) report(block.id, `${at}must be its block's first instruction`);
      if (inst.op === "catch") {
        const first = f.inst(block.insts[0]!).op;
        if (!(pos === 0 || (pos === 1 && first === "catch_lasti"))) report(block.id, `${at}must begin its block (after catch_lasti)`);
      }
    });
  }
  for (const [b, preds] of landingPreds) {
    if (!f.hasBlock(b) || preds.unwind === 0) continue;
    if (preds.normal > 0) report(b, "landing block is also entered by a normal edge");
    const firstOps = f.block(b).insts.map((id) => f.inst(id).op);
    const body = firstOps[0] === "catch_lasti" ? firstOps.slice(1) : firstOps;
    if (body[0] !== "catch") report(b, "landing block does not begin with catch");
  }
  for (const b of f.order) {
    const starts = f.block(b).insts.map((id) => f.inst(id).op);
    const preds = landingPreds.get(b);
    // An unreachable landing block (its last unwind edge folded away) is harmless; a `catch`
    // reached by normal control flow is not.
    for (const op of ["catch", "catch_lasti"]) {
      if (starts.includes(op) && preds && preds.unwind === 0) report(b, `${op} outside a landing block`);
    }
  }
  if (issues.length > 0) return issues;
  checkDominance(f, report);
  return issues;
}

function checkDominance(f: Func, report: (b: BlockId | null, m: string) => void): void {
  const cfg = buildCfg(f);
  const dom = computeDominators(cfg);
  // The edge from -> to dominates everything `to` dominates when every other way into `to` comes
  // from inside `to`'s own dominance region (back edges), as in LLVM's edge dominance.
  const edgeDominatesRegion = (from: BlockId, to: BlockId): boolean => {
    let fromEdges = 0;
    for (const p of cfg.predecessors(to)) {
      if (p === from) fromEdges++;
      else if (cfg.isReachable(p) && !dom.dominates(to, p)) return false;
    }
    return fromEdges === 1;
  };

  // Where each value becomes available: a block and a position (-1: at the block start).
  const defAt = new Map<ValueId, { block: BlockId; pos: number }>();
  // Results of unwinding instructions: the normal successor whose region may use them (null: none).
  const normalOnly = new Map<ValueId, BlockId | null>();
  for (const block of f.blocks()) {
    for (const p of block.params) defAt.set(p, { block: block.id, pos: -1 });
    block.insts.forEach((id, pos) => {
      const inst = f.inst(id);
      if (inst.unwind && !opDef(inst.op).flags.terminator) {
        const jump = f.inst(block.insts[pos + 1]!);
        const normal = jump.targets[0]!.block;
        // Available to the jump itself, and from the start of a normal successor it alone enters.
        for (const r of inst.results) defAt.set(r, { block: block.id, pos });
        for (const r of inst.results) normalOnly.set(r, edgeDominatesRegion(block.id, normal) ? normal : null);
      } else {
        for (const r of inst.results) defAt.set(r, { block: block.id, pos });
      }
    });
  }

  for (const block of f.blocks()) {
    if (!cfg.isReachable(block.id)) continue;
    block.insts.forEach((id, pos) => {
      const inst = f.inst(id);
      for (const v of FuncClass.usesOf(inst)) {
        const d = defAt.get(v);
        if (!d) {
          report(block.id, `${safeInst(f, inst)}: uses undefined value v${v}`);
          continue;
        }
        let ok: boolean;
        if (normalOnly.has(v) && d.block !== block.id) {
          const normal = normalOnly.get(v)!;
          ok = normal !== null && dom.dominates(normal, block.id);
        } else if (normalOnly.has(v)) {
          // Same block: only the jump after it, and not through the unwind edge.
          ok = pos > d.pos && !(inst.unwind?.args.includes(v) ?? false) && !inst.frameState;
        } else if (d.block === block.id) ok = pos > d.pos;
        else ok = dom.dominates(d.block, block.id);
        if (!ok) report(block.id, `${safeInst(f, inst)}: v${v} is not available here`);
      }
    });
  }
}

function safeInst(f: Func, inst: Inst): string {
  try {
    return printInst(f, inst);
  } catch {
    return `${inst.op} (#${inst.id})`;
  }
}

/** Throws a VerifierError listing every issue. */
export function assertValid(f: Func): void {
  const issues = verifyFunc(f);
  if (issues.length > 0) throw new VerifierError(issues);
}
