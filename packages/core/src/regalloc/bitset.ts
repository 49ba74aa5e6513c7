// Dense bit sets over vreg numbers: liveness sets are unions and differences of thousands of
// vregs per block, which Set<number> makes slow and allocation-heavy.

export class BitSet {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  static of(size: number, items: Iterable<number>): BitSet {
    const s = new BitSet(size);
    for (const i of items) s.add(i);
    return s;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  delete(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  copy(): BitSet {
    const s = new BitSet(this.size);
    s.words.set(this.words);
    return s;
  }

  /** this |= other; whether anything changed. */
  unionWith(other: BitSet): boolean {
    let changed = false;
    for (let w = 0; w < this.words.length; w++) {
      const next = this.words[w]! | other.words[w]!;
      if (next !== this.words[w]) {
        this.words[w] = next;
        changed = true;
      }
    }
    return changed;
  }

  /** this &= other. */
  intersectWith(other: BitSet): void {
    for (let w = 0; w < this.words.length; w++) this.words[w]! &= other.words[w]!;
  }

  equals(other: BitSet): boolean {
    for (let w = 0; w < this.words.length; w++) if (this.words[w] !== other.words[w]) return false;
    return true;
  }

  [Symbol.iterator](): IterableIterator<number> {
    return this.toArray()[Symbol.iterator]();
  }

  /** The members, ascending. */
  toArray(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.words.length; w++) {
      let bits = this.words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        out.push((w << 5) + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
    return out;
  }
}
