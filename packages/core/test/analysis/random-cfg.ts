// Random control-flow graphs as HIR functions, and brute-force versions of the analyses to check
// the real ones against. A graph is a list of blocks, each ending in return, jump or branch, some
// with an instruction that unwinds to another block (an exceptional edge). The IR is not meant to
// verify (edges may enter the entry, landing blocks lack `catch`); the analyses only read edges.

import fc from "fast-check";

import type { BlockId, Func } from "../../src/hir/function.js";
import { Func as FuncClass, blockId } from "../../src/hir/function.js";

export interface BlockShape {
  /** Number of normal successors: 0 (return), 1 (jump), 2 (branch). */
  readonly exits: 0 | 1 | 2;
  readonly targets: readonly [number, number];
  /** Block an instruction of this block unwinds to, if any. */
  readonly unwind: number | null;
}

export interface GraphShape {
  readonly blocks: readonly BlockShape[];
  /** Layout order of blocks 1..n-1 (the entry stays first). */
  readonly layout: readonly number[];
}

/**
 * Graphs of 1 to `max` blocks, block 0 the entry. Targets may be any block, the entry included,
 * unless `entryPreds` is false (valid HIR: nothing jumps to the entry).
 */
export function graphShape(max = 9, entryPreds = true): fc.Arbitrary<GraphShape> {
  const block = fc.record({
    exits: fc.constantFrom<0 | 1 | 2>(1, 2, 2, 0),
    targets: fc.tuple(fc.nat(99), fc.nat(99)),
    unwind: fc.option(fc.nat(99), { freq: 4, nil: null }),
  });
  return fc.tuple(fc.array(block, { minLength: 1, maxLength: max }), fc.array(fc.nat(99), { maxLength: max })).map(([blocks, order]) => {
    const n = blocks.length;
    const target = (t: number) => (entryPreds ? t % n : 1 + (t % (n - 1)));
    const fixed = blocks.map((b): BlockShape => {
      if (!entryPreds && n === 1) return { exits: 0, targets: [0, 0], unwind: null };
      return {
        exits: b.exits,
        targets: [target(b.targets[0]), target(b.targets[1])],
        unwind: b.unwind === null ? null : target(b.unwind),
      };
    });
    // A permutation of 1..n-1 from the random keys, so layout order differs from numbering.
    const rest = Array.from({ length: n - 1 }, (_, i) => i + 1);
    rest.sort((a, b) => (order[a] ?? a) - (order[b] ?? b) || a - b);
    return { blocks: fixed, layout: rest };
  });
}

export function buildGraph(shape: GraphShape): Func {
  const f = new FuncClass({
    qualname: "g", name: "g", filename: "g.py", firstLineNo: 1, flags: 3, argCount: 0, posOnlyArgCount: 0, kwOnlyArgCount: 0,
    localsPlusNames: [], localsPlusKinds: [], consts: [], names: ["x"],
  });
  const ids = shape.blocks.map((_, i) => blockId(i));
  f.newBlock(ids[0]!);
  for (const i of shape.layout) f.newBlock(ids[i]!);
  shape.blocks.forEach((b, i) => {
    const id = ids[i]!;
    if (b.unwind !== null) {
      // The exceptional edge leaves from an instruction before the block's end.
      f.append(id, "load_global", [], ["x"], { frameState: { offset: 0, locals: [], stack: [] }, unwind: { block: ids[b.unwind]!, args: [] } });
    }
    const cond = f.append(id, "cbool", [], [1]).results[0]!;
    if (b.exits === 0) f.append(id, "return", [f.append(id, "null", []).results[0]!]);
    else if (b.exits === 1) f.append(id, "jump", [], [], { targets: [{ block: ids[b.targets[0]]!, args: [] }] });
    else f.append(id, "branch", [cond], [], { targets: b.targets.map((t) => ({ block: ids[t]!, args: [] })) });
  });
  return f;
}

/** Successor lists by block, from the shape itself (independent of Func and graphlib). */
export function successorsOf(shape: GraphShape): number[][] {
  return shape.blocks.map((b) => {
    const out = new Set<number>(b.targets.slice(0, b.exits));
    if (b.unwind !== null) out.add(b.unwind);
    return [...out];
  });
}

/** Blocks reachable from `from` without entering `avoid`. */
export function reachable(succ: readonly number[][], from: number, avoid: number | null = null): Set<number> {
  const seen = new Set<number>();
  if (from === avoid) return seen;
  const work = [from];
  seen.add(from);
  while (work.length > 0) {
    for (const s of succ[work.pop()!]!) {
      if (s !== avoid && !seen.has(s)) {
        seen.add(s);
        work.push(s);
      }
    }
  }
  return seen;
}

/** dominates[a][b]: every path from the entry to b passes through a (b reachable). */
export function bruteDominance(succ: readonly number[][]): boolean[][] {
  const n = succ.length;
  const live = reachable(succ, 0);
  return Array.from({ length: n }, (_, a) => {
    const without = reachable(succ, 0, a);
    return Array.from({ length: n }, (_, b) => live.has(a) && live.has(b) && (a === b || !without.has(b)));
  });
}

export const asBlock = (n: number): BlockId => n as BlockId;
