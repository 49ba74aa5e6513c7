// The HIR function: an SSA graph with block parameters.
//
// Blocks, values and instructions are numbered (typed integer ids, Cranelift style) and live in
// arrays owned by the function; a block lists its instructions in order, the last one being its
// terminator. Values are defined either as block parameters or as instruction results. Control
// leaves a block through its terminator's targets and, for instructions that can raise inside a
// `try`, through that instruction's `unwind` edge to a landing block. An instruction with an unwind
// edge is always the last one before its block's `jump` terminator, so the exceptional edge leaves
// from the end of a block like every other edge (see verifier.ts for the exact rules).

import { CO_VARARGS, CO_VARKEYWORDS } from "../bytecode/code-object.js";
import type { PyValue } from "../bytecode/py-value.js";
import { defaultResultType, opDef, resultCount } from "./ops.js";
import { Type } from "./types.js";

export type ValueId = number & { readonly __brand: "ValueId" };
export type BlockId = number & { readonly __brand: "BlockId" };
export type InstId = number & { readonly __brand: "InstId" };

export const valueId = (n: number) => n as ValueId;
export const blockId = (n: number) => n as BlockId;

/**
 * What the interpreter's frame holds at a bytecode instruction, before it runs: enough to resume
 * the interpreter there (deoptimization) or to enter an exception handler.
 */
export interface FrameState {
  /** Byte offset of the instruction (where `prev_instr` points while it runs). */
  offset: number;
  /** One value per localsplus slot (locals, cells, free variables); NULL values for unbound. */
  locals: ValueId[];
  /** The value stack, bottom first, including the instruction's own inputs. */
  stack: ValueId[];
}

/** An edge: a target block and the values for its parameters. */
export interface BlockCall {
  block: BlockId;
  args: ValueId[];
}

export interface Inst {
  readonly id: InstId;
  op: string;
  args: ValueId[];
  /** Immediates, typed by the operation's ImmKind list (see imm.ts). */
  imms: unknown[];
  results: ValueId[];
  /** Present exactly on operations that can raise. */
  frameState: FrameState | null;
  /** Where control goes when this instruction raises inside a protected range. */
  unwind: BlockCall | null;
  /** Successor edges of a terminator, in the operation's order (branch: true, false). */
  targets: BlockCall[];
  /** The block that holds it; null once removed. */
  block: BlockId | null;
}

export interface Block {
  readonly id: BlockId;
  params: ValueId[];
  insts: InstId[];
}

export type ValueDef =
  | { readonly kind: "param"; readonly block: BlockId; readonly index: number }
  | { readonly kind: "result"; readonly inst: InstId; readonly index: number };

export interface ValueInfo {
  readonly id: ValueId;
  type: Type;
  def: ValueDef;
}

/** What the IR needs from its code object; printed in the function header. */
export interface CodeInfo {
  qualname: string;
  name: string;
  filename: string;
  firstLineNo: number;
  flags: number;
  argCount: number;
  posOnlyArgCount: number;
  kwOnlyArgCount: number;
  localsPlusNames: string[];
  localsPlusKinds: number[];
  /** co_consts; `const` immediates that came from here keep the index. */
  consts: PyValue[];
  names: string[];
}

/** Argument slots at the start of localsplus: the entry block's parameters. */
export function argSlotCount(code: Pick<CodeInfo, "argCount" | "kwOnlyArgCount" | "flags">): number {
  return code.argCount + code.kwOnlyArgCount + (code.flags & CO_VARARGS ? 1 : 0) + (code.flags & CO_VARKEYWORDS ? 1 : 0);
}

export interface AppendOptions {
  frameState?: FrameState | null;
  unwind?: BlockCall | null;
  targets?: BlockCall[];
  /** Result types, when the operation's default is not precise enough. */
  types?: Type[];
}

export class Func {
  readonly code: CodeInfo;
  entry: BlockId = blockId(0);
  /** Blocks in layout order, entry first. */
  order: BlockId[] = [];
  private readonly blockTable: (Block | undefined)[] = [];
  private readonly valueTable: (ValueInfo | undefined)[] = [];
  private readonly instTable: (Inst | undefined)[] = [];

  constructor(code: CodeInfo) {
    this.code = code;
  }

  // ---- blocks ------------------------------------------------------------------------------

  newBlock(id?: BlockId): BlockId {
    const bid = id ?? blockId(this.blockTable.length);
    if (this.blockTable[bid]) throw new Error(`block bb${bid} already exists`);
    this.blockTable[bid] = { id: bid, params: [], insts: [] };
    this.order.push(bid);
    return bid;
  }

  block(id: BlockId): Block {
    const b = this.blockTable[id];
    if (!b) throw new Error(`no block bb${id}`);
    return b;
  }

  hasBlock(id: BlockId): boolean {
    return this.blockTable[id] !== undefined;
  }

  /** Blocks in layout order. */
  blocks(): Block[] {
    return this.order.map((id) => this.block(id));
  }

  removeBlock(id: BlockId): void {
    const b = this.block(id);
    for (const iid of b.insts) this.forgetInst(iid);
    for (const p of b.params) this.valueTable[p] = undefined;
    this.blockTable[id] = undefined;
    this.order = this.order.filter((x) => x !== id);
  }

  addParam(block: BlockId, type: Type = Type.object, id?: ValueId): ValueId {
    const b = this.block(block);
    const v = this.newValue(type, { kind: "param", block, index: b.params.length }, id);
    b.params.push(v);
    return v;
  }

  /** Removes parameter `index` of `block`; callers fix the edges into it. */
  removeParam(block: BlockId, index: number): void {
    const b = this.block(block);
    const [v] = b.params.splice(index, 1);
    if (v !== undefined) this.valueTable[v] = undefined;
    b.params.forEach((p, i) => (this.value(p).def = { kind: "param", block, index: i }));
  }

  // ---- values ------------------------------------------------------------------------------

  value(id: ValueId): ValueInfo {
    const v = this.valueTable[id];
    if (!v) throw new Error(`no value v${id}`);
    return v;
  }

  hasValue(id: ValueId): boolean {
    return this.valueTable[id] !== undefined;
  }

  typeOf(id: ValueId): Type {
    return this.value(id).type;
  }

  /** The instruction defining a value, or null for block parameters. */
  defInst(id: ValueId): Inst | null {
    const def = this.value(id).def;
    return def.kind === "result" ? this.inst(def.inst) : null;
  }

  /** Upper bound of value ids in use (for dense side tables). */
  get valueCapacity(): number {
    return this.valueTable.length;
  }
  get blockCapacity(): number {
    return this.blockTable.length;
  }

  private newValue(type: Type, def: ValueDef, id?: ValueId): ValueId {
    const vid = id ?? valueId(this.valueTable.length);
    if (this.valueTable[vid]) throw new Error(`value v${vid} already exists`);
    this.valueTable[vid] = { id: vid, type, def };
    return vid;
  }

  // ---- instructions ------------------------------------------------------------------------

  inst(id: InstId): Inst {
    const i = this.instTable[id];
    if (!i) throw new Error(`no instruction #${id}`);
    return i;
  }

  /** Creates an instruction (with fresh result values) that is not yet in any block. */
  create(op: string, args: ValueId[], imms: unknown[] = [], opts: AppendOptions = {}, resultIds?: ValueId[]): Inst {
    const def = opDef(op);
    const id = this.instTable.length as InstId;
    const inst: Inst = {
      id,
      op,
      args,
      imms,
      results: [],
      frameState: opts.frameState ?? null,
      unwind: opts.unwind ?? null,
      targets: opts.targets ?? [],
      block: null,
    };
    this.instTable[id] = inst;
    const n = resultCount(def, imms);
    for (let i = 0; i < n; i++) {
      const type = opts.types?.[i] ?? defaultResultType(def, imms, i);
      inst.results.push(this.newValue(type, { kind: "result", inst: id, index: i }, resultIds?.[i]));
    }
    return inst;
  }

  /** Appends a new instruction at the end of `block`. */
  append(block: BlockId, op: string, args: ValueId[], imms: unknown[] = [], opts: AppendOptions = {}, resultIds?: ValueId[]): Inst {
    const inst = this.create(op, args, imms, opts, resultIds);
    this.block(block).insts.push(inst.id);
    inst.block = block;
    return inst;
  }

  /** Inserts a new instruction before `before` in its block. */
  insertBefore(before: InstId, op: string, args: ValueId[], imms: unknown[] = [], opts: AppendOptions = {}): Inst {
    const anchor = this.inst(before);
    if (anchor.block === null) throw new Error(`instruction #${before} is not in a block`);
    const inst = this.create(op, args, imms, opts);
    const list = this.block(anchor.block).insts;
    list.splice(list.indexOf(before), 0, inst.id);
    inst.block = anchor.block;
    return inst;
  }

  /** Removes an instruction from its block and forgets its results. */
  remove(id: InstId): void {
    const inst = this.inst(id);
    if (inst.block !== null) {
      const list = this.block(inst.block).insts;
      list.splice(list.indexOf(id), 1);
    }
    this.forgetInst(id);
  }

  private forgetInst(id: InstId): void {
    const inst = this.inst(id);
    for (const r of inst.results) this.valueTable[r] = undefined;
    inst.block = null;
    this.instTable[id] = undefined;
  }

  /** The last instruction of a block if it is a terminator. */
  terminator(block: BlockId): Inst | null {
    const list = this.block(block).insts;
    if (list.length === 0) return null;
    const last = this.inst(list[list.length - 1]!);
    return opDef(last.op).flags.terminator ? last : null;
  }

  /** Every instruction, in block layout order. */
  *instructions(): Generator<Inst> {
    for (const b of this.order) for (const id of this.block(b).insts) yield this.inst(id);
  }

  /** Outgoing edges of a block: terminator targets first, then unwind edges. */
  edges(block: BlockId): { call: BlockCall; exceptional: boolean; from: Inst }[] {
    const out: { call: BlockCall; exceptional: boolean; from: Inst }[] = [];
    const b = this.block(block);
    for (const id of b.insts) {
      const inst = this.inst(id);
      for (const t of inst.targets) out.push({ call: t, exceptional: false, from: inst });
      if (inst.unwind) out.push({ call: inst.unwind, exceptional: true, from: inst });
    }
    return out;
  }

  successors(block: BlockId): BlockId[] {
    return [...new Set(this.edges(block).map((e) => e.call.block))];
  }

  // ---- uses --------------------------------------------------------------------------------

  /** Every value an instruction reads: operands, frame state, edge arguments. */
  static *usesOf(inst: Inst): Generator<ValueId> {
    yield* inst.args;
    if (inst.frameState) {
      yield* inst.frameState.locals;
      yield* inst.frameState.stack;
    }
    if (inst.unwind) yield* inst.unwind.args;
    for (const t of inst.targets) yield* t.args;
  }

  /** Number of uses of each value (operands, frame states and edge arguments all count). */
  useCounts(): Map<ValueId, number> {
    const counts = new Map<ValueId, number>();
    for (const inst of this.instructions()) {
      for (const v of Func.usesOf(inst)) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return counts;
  }

  /** Rewrites every use of each key to its value (chains are followed). */
  substitute(map: ReadonlyMap<ValueId, ValueId>): void {
    if (map.size === 0) return;
    const resolve = (v: ValueId): ValueId => {
      let seen = 0;
      while (map.has(v)) {
        v = map.get(v)!;
        if (++seen > map.size) throw new Error("substitution cycle");
      }
      return v;
    };
    const fix = (list: ValueId[]) => {
      for (let i = 0; i < list.length; i++) list[i] = resolve(list[i]!);
    };
    for (const inst of this.instructions()) {
      fix(inst.args);
      if (inst.frameState) {
        fix(inst.frameState.locals);
        fix(inst.frameState.stack);
      }
      if (inst.unwind) fix(inst.unwind.args);
      for (const t of inst.targets) fix(t.args);
    }
  }

  replaceAllUses(from: ValueId, to: ValueId): void {
    this.substitute(new Map([[from, to]]));
  }

  // ---- copying -----------------------------------------------------------------------------

  /** A deep copy with the same ids, so a pass can be undone. */
  clone(): Func {
    const f = new Func(this.code);
    f.entry = this.entry;
    f.order = [...this.order];
    this.blockTable.forEach((b, i) => {
      if (b) f.blockTable[i] = { id: b.id, params: [...b.params], insts: [...b.insts] };
    });
    this.valueTable.forEach((v, i) => {
      if (v) f.valueTable[i] = { id: v.id, type: v.type, def: v.def };
    });
    this.instTable.forEach((inst, i) => {
      if (!inst) return;
      f.instTable[i] = {
        ...inst,
        args: [...inst.args],
        imms: [...inst.imms],
        results: [...inst.results],
        frameState: inst.frameState && {
          offset: inst.frameState.offset,
          locals: [...inst.frameState.locals],
          stack: [...inst.frameState.stack],
        },
        unwind: inst.unwind && { block: inst.unwind.block, args: [...inst.unwind.args] },
        targets: inst.targets.map((t) => ({ block: t.block, args: [...t.args] })),
      };
    });
    return f;
  }
}
