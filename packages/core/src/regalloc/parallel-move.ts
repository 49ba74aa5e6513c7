// Sequentializing a parallel move: a set of moves that happen at once (call arguments into their
// ABI registers, incoming parameters into their allocated locations, copies on a CFG edge) as an
// ordered list of ordinary moves with the same effect.
//
// Every destination must be distinct; sources may repeat (one value fanned out to several places).
// A move can go as soon as no pending move still reads its destination. When every pending move's
// destination is still read, the pending moves contain a cycle (each destination has one writer, so
// the "is read by" graph is a set of cycles with trees hanging off them): one destination is saved
// in the scratch location first and its readers read the scratch instead, which turns the cycle
// into a tree. A tree drains completely before the next cycle needs the scratch, so one scratch
// location per class is enough. (Tilting at windmills with Coq, Rideau, Serpette & Leroy 2008.)
//
// Locations are opaque here: the backend says how to compare them (`key`) and which scratch
// location may hold a copy of a given one. Moves from sources nothing can overwrite (immediates,
// incoming stack arguments) need no ordering: emit them after these.

export interface Move<L> {
  readonly dst: L;
  readonly src: L;
}

export interface ParallelMoveOptions<L> {
  /** Equal keys mean the same storage. */
  readonly key: (l: L) => string;
  /** A location no move reads or writes that can hold a copy of `l`'s value (per register class). */
  readonly scratchFor: (l: L) => L;
}

export function sequentializeMoves<L>(moves: readonly Move<L>[], options: ParallelMoveOptions<L>): Move<L>[] {
  const { key } = options;
  interface Pending {
    readonly dst: L;
    readonly dstKey: string;
    src: L;
    srcKey: string;
  }
  let pending: Pending[] = moves.map((m) => ({ dst: m.dst, dstKey: key(m.dst), src: m.src, srcKey: key(m.src) }));
  const dsts = new Set<string>();
  for (const m of pending) {
    if (dsts.has(m.dstKey)) throw new Error(`parallel move writes ${m.dstKey} twice`);
    dsts.add(m.dstKey);
  }
  const srcs = new Set(pending.map((m) => m.srcKey));
  for (const m of pending) {
    const s = key(options.scratchFor(m.src));
    if (dsts.has(s) || srcs.has(s)) throw new Error(`parallel move uses its scratch location ${s}`);
  }

  pending = pending.filter((m) => m.dstKey !== m.srcKey);
  const out: Move<L>[] = [];
  while (pending.length > 0) {
    const reads = new Map<string, number>();
    for (const m of pending) reads.set(m.srcKey, (reads.get(m.srcKey) ?? 0) + 1);
    const ready = pending.filter((m) => !reads.has(m.dstKey));
    if (ready.length > 0) {
      for (const m of ready) out.push({ dst: m.dst, src: m.src });
      pending = pending.filter((m) => reads.has(m.dstKey));
      continue;
    }
    // Everything left is on a cycle or hangs off one: save one destination, redirect its readers.
    const blocked = pending[0]!;
    const scratch = options.scratchFor(blocked.dst);
    const scratchKey = key(scratch);
    out.push({ dst: scratch, src: blocked.dst });
    for (const m of pending) {
      if (m.srcKey === blocked.dstKey) {
        m.src = scratch;
        m.srcKey = scratchKey;
      }
    }
  }
  return out;
}
