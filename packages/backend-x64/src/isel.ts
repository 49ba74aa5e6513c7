// Instruction selection driver: LIR + allocation -> Assembler.
//
//   allocate registers (shared linear scan, X64_REGISTERS, hinted towards the ABI registers)
//   lay out the frame (frame.ts)
//   prologue, parameters into their locations
//   blocks in the allocator's linear order (entry, hot, cold), blocks that only jump elided,
//     each LIR instruction by the rules in select-int.ts / select-float.ts / select-call.ts,
//     branches falling through to the next block where possible
//   out-of-line stubs (decref slow paths)
//
// Before the first instruction of each new LIR location the annotator's lines (Python source,
// bytecode) are attached to the assembler, so the listing interleaves them.

import {
  allocateRegisters, blockIndexMap, checkAllocation, LIR_MAY_CALL, linearOrder,
  type Allocation, type LirBlockId, type LirFunc, type LirInst, type ListingAnnotator, type TargetEnv,
} from "@pyjc/core";
import { Assembler, invertCond, type Cond, type Label } from "./encoder/index.js";
import { assignArguments, X64_REGISTERS } from "./abi.js";
import { Ctx } from "./context.js";
import { abiHints } from "./hints.js";
import { emitEpilogue, emitPrologue, layoutFrame, type Frame } from "./frame.js";
import {
  compare, INT_CONDS, selectBin, selectBino, selectIcmp, selectIconst, selectLoad, selectMov, selectSelect, selectSlotaddr,
  selectStore, selectSym, selectUnary, testNonZero,
} from "./select-int.js";
import { selectBitcast, selectF2i, selectFbin, selectFcmp, selectFconst, selectFunary, selectI2f } from "./select-float.js";
import { callOutgoingBytes, emitParameterMoves, emitResultMove, hasStackArguments, selectCall, selectRefcount } from "./select-call.js";

export interface IselOptions {
  /** Run the allocation checker and fail on any violation (tests, debug runs). */
  readonly verifyAllocation?: boolean;
}

export interface Selected {
  readonly asm: Assembler;
  readonly alloc: Allocation;
  readonly frame: Frame;
}

export function selectFunction(f: LirFunc, env: TargetEnv, annotate?: ListingAnnotator, options: IselOptions = {}): Selected {
  // Calls on rarely run paths keep every register (select-call.ts saves and restores them), so
  // the values of a loop live across its slow paths and error exits can stay in registers.
  for (const b of f.blocks) {
    if (!b.cold) continue;
    for (const i of b.insts) if (i.op === "call" && !hasStackArguments(f, i)) i.preserves = true;
  }
  const alloc = allocateRegisters(f, X64_REGISTERS, { hints: abiHints(f) });
  if (options.verifyAllocation) {
    const errors = checkAllocation(f, X64_REGISTERS, alloc);
    if (errors.length > 0) throw new Error(`x64: invalid register allocation for ${f.name}:\n${errors.slice(0, 10).join("\n")}`);
  }

  let calls = false;
  let outgoing = 0;
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (LIR_MAY_CALL.has(i.op)) calls = true;
      if (i.op === "call") outgoing = Math.max(outgoing, callOutgoingBytes(f, i));
    }
  }
  const paramPlaces = assignArguments(f.params.map((p) => f.classes[p]!));
  const stackParams = f.params.some((p, k) => paramPlaces[k]!.kind === "stack" && alloc.intervals.liveness.liveIn[0]!.has(p));
  const frame = layoutFrame(f, alloc, { calls, outgoing, stackParams });

  const asm = new Assembler();
  const x = new Ctx(asm, f, env, alloc, frame);
  const layout = blockLayout(f);
  const labels = f.blocks.map((b) => asm.newLabel(`L${b.id}${b.cold ? ".cold" : ""}`));

  emitPrologue(asm, frame);
  emitParameterMoves(x);
  let lastOffset: number | null = null;
  layout.emitted.forEach((b, k) => {
    asm.bind(labels[b]!);
    const next = layout.emitted[k + 1] ?? null;
    for (const inst of f.blocks[b]!.insts) {
      if (inst.loc && inst.loc.offset !== lastOffset) {
        lastOffset = inst.loc.offset;
        for (const line of annotate ? annotate(inst.loc) : [`@${inst.loc.offset}`]) asm.annotate({ kind: "note", text: line });
      }
      selectInst(x, inst, (id) => layout.resolve(id), next, labels);
    }
  });
  for (const stub of x.stubs) {
    asm.bind(stub.label);
    stub.emit(asm);
  }
  return { asm, alloc, frame };
}

interface BlockLayout {
  /** Block indices in emission order. */
  readonly emitted: readonly number[];
  /** The block a branch to `id` really goes to (past blocks that only jump). */
  resolve(id: LirBlockId): number;
}

function blockLayout(f: LirFunc): BlockLayout {
  const index = blockIndexMap(f);
  const onlyJumps = (b: number) => {
    const insts = f.blocks[b]!.insts;
    return insts.length === 1 && insts[0]!.op === "jump";
  };
  const forward = (start: number): number => {
    const seen = new Set<number>();
    let b = start;
    while (onlyJumps(b) && !seen.has(b)) {
      seen.add(b);
      b = index.get((f.blocks[b]!.insts[0] as Extract<LirInst, { op: "jump" }>).target)!;
    }
    return b;
  };
  const final = f.blocks.map((_, b) => forward(b));
  const emitted = linearOrder(f).filter((b) => b === 0 || final[b] === b);
  return { emitted, resolve: (id) => final[index.get(id)!]! };
}

function selectInst(x: Ctx, inst: LirInst, resolve: (id: LirBlockId) => number, next: number | null, labels: readonly Label[]): void {
  const asm = x.asm;
  const branch = (cond: Cond, ifTrue: LirBlockId, ifFalse: LirBlockId) => {
    const t = resolve(ifTrue);
    const e = resolve(ifFalse);
    if (t === e) {
      if (t !== next) asm.jmp(labels[t]!);
    } else if (e === next) {
      asm.jcc(cond, labels[t]!);
    } else if (t === next) {
      asm.jcc(invertCond(cond), labels[e]!);
    } else {
      asm.jcc(cond, labels[t]!);
      asm.jmp(labels[e]!);
    }
  };
  switch (inst.op) {
    case "iconst": return selectIconst(x, inst);
    case "fconst": return selectFconst(x, inst);
    case "sym": return selectSym(x, inst);
    case "mov": return selectMov(x, inst);
    case "load": return selectLoad(x, inst);
    case "store": return selectStore(x, inst);
    case "slotaddr": return selectSlotaddr(x, inst);
    case "bin": return selectBin(x, inst);
    case "bino": return selectBino(x, inst);
    case "neg": case "not": return selectUnary(x, inst);
    case "icmp": return selectIcmp(x, inst);
    case "select": return selectSelect(x, inst);
    case "fbin": return selectFbin(x, inst);
    case "fneg": case "fabs": case "fsqrt": return selectFunary(x, inst);
    case "fcmp": return selectFcmp(x, inst);
    case "i2f": return selectI2f(x, inst);
    case "f2i": return selectF2i(x, inst);
    case "bitcast": return selectBitcast(x, inst);
    case "call": return selectCall(x, inst);
    case "incref": case "decref": case "xincref": case "xdecref": return selectRefcount(x, inst);
    case "jump": {
      const t = resolve(inst.target);
      if (t !== next) asm.jmp(labels[t]!);
      return;
    }
    case "br":
      testNonZero(x, inst.cond);
      return branch("ne", inst.ifTrue, inst.ifFalse);
    case "brcmp":
      compare(x, inst.a, inst.b);
      return branch(INT_CONDS[inst.cond], inst.ifTrue, inst.ifFalse);
    case "ret":
      emitResultMove(x, inst.value);
      emitEpilogue(asm, x.frame);
      asm.ret();
      return;
    case "unreachable":
      asm.ud2();
      return;
  }
}
