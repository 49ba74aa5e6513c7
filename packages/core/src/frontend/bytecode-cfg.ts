// Basic blocks of 3.11 bytecode and the value-stack depth at the start of each.
//
// Leaders are the first instruction, every jump target, every exception handler and every
// instruction after a jump or a terminator. The depth at a handler is the table's depth plus the
// lasti slot and the exception. Depths are propagated from the entry (and from every handler
// whose protected range holds a reachable instruction); a block reached with two different depths
// is malformed bytecode, and unreachable blocks (dead code the compiler left) get no depth and are
// not translated.

import type { CodeObject } from "../bytecode/code-object.js";
import type { ExceptionTable, ExceptionTableEntry } from "../bytecode/exception-table.js";
import type { Instruction } from "../bytecode/instructions.js";
import { Unsupported } from "./unsupported.js";

export interface BytecodeBlock {
  readonly index: number;
  /** Byte offset where the block starts (its first instruction's `start`). */
  readonly start: number;
  readonly instructions: readonly Instruction[];
  /** Value stack depth on entry; null when the block is unreachable. */
  depth: number | null;
  /** The exception table entry for which this block is the handler, if any. */
  handler: ExceptionTableEntry | null;
}

export interface BytecodeCfg {
  readonly blocks: readonly BytecodeBlock[];
  blockAt(start: number): BytecodeBlock;
}

export function buildBytecodeCfg(code: CodeObject, instructions: readonly Instruction[], table: ExceptionTable): BytecodeCfg {
  const leaders = new Set<number>([0]);
  for (const ins of instructions) {
    if (ins.jumpTarget !== null) {
      leaders.add(ins.jumpTarget);
      leaders.add(ins.next);
    }
    if (ins.info.terminator) leaders.add(ins.next);
  }
  for (const e of table.entries) leaders.add(e.target);

  const blocks: BytecodeBlock[] = [];
  const byStart = new Map<number, BytecodeBlock>();
  let current: Instruction[] = [];
  const close = () => {
    if (current.length === 0) return;
    const block: BytecodeBlock = { index: blocks.length, start: current[0]!.start, instructions: current, depth: null, handler: null };
    blocks.push(block);
    byStart.set(block.start, block);
    current = [];
  };
  for (const ins of instructions) {
    if (leaders.has(ins.start)) close();
    current.push(ins);
  }
  close();

  const blockAt = (start: number): BytecodeBlock => {
    const b = byStart.get(start);
    if (!b) throw new Unsupported(`jump to offset ${start} that starts no instruction`);
    return b;
  };
  for (const e of table.entries) {
    const b = blockAt(e.target);
    if (b.handler && (b.handler.depth !== e.depth || b.handler.lasti !== e.lasti)) {
      throw new Unsupported(`handler at offset ${e.target} is entered with two stack shapes`);
    }
    b.handler = e;
  }

  propagateDepths(code, blocks, blockAt, table);
  return { blocks, blockAt };
}

function propagateDepths(
  code: CodeObject,
  blocks: BytecodeBlock[],
  blockAt: (start: number) => BytecodeBlock,
  table: ExceptionTable,
): void {
  const work: BytecodeBlock[] = [];
  const reach = (b: BytecodeBlock, depth: number, from: number) => {
    if (depth < 0 || depth > code.stackSize) {
      throw new Unsupported(`stack depth ${depth} out of range at offset ${from}`);
    }
    if (b.depth === null) {
      b.depth = depth;
      work.push(b);
    } else if (b.depth !== depth) {
      throw new Unsupported(`inconsistent stack depth at offset ${b.start} (${b.depth} and ${depth})`);
    }
  };
  reach(blocks[0]!, 0, 0);
  while (work.length > 0) {
    const b = work.pop()!;
    let depth = b.depth!;
    for (const ins of b.instructions) {
      const h = table.handlerAt(ins.offset);
      if (h) reach(blockAt(h.target), h.depth + (h.lasti ? 1 : 0) + 1, ins.offset);
      const popped = depth - ins.info.pops(ins.arg);
      if (popped < 0) throw new Unsupported(`stack underflow at offset ${ins.offset}`);
      if (ins.jumpTarget !== null) reach(blockAt(ins.jumpTarget), popped + ins.info.pushes(ins.arg, true), ins.offset);
      if (ins.info.terminator) break;
      depth = popped + ins.info.pushes(ins.arg, false);
    }
    const last = b.instructions[b.instructions.length - 1]!;
    if (!last.info.terminator) {
      const next = blocks[b.index + 1];
      if (!next) throw new Unsupported(`control falls off the end of the bytecode`);
      reach(next, depth, last.offset);
    }
  }
}
