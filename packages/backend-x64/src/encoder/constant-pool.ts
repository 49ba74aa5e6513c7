// Read-only data placed after the code: doubles, 16-byte SSE masks, absolute addresses of runtime
// helpers. Entries are deduplicated by content and alignment and addressed RIP-relatively through
// their labels, so the buffer stays position independent. Offsets here are relative to the start
// of the pool; the layout puts the pool at the first suitably aligned offset after the code.

import { type Label } from "./labels.js";
import { EncodeError } from "./errors.js";

export interface PoolEntry {
  readonly label: Label;
  readonly bytes: Uint8Array;
  readonly align: number;
  /** Offset from the start of the pool. */
  readonly offset: number;
  /** Shown in the listing (`f64 1.5`, `address 0x7f...`). */
  readonly description: string;
}

/** Every pool is at least 8-byte aligned, so 8-byte loads never split a cache line. */
const MIN_ALIGN = 8;

export class ConstantPool {
  private readonly list: PoolEntry[] = [];
  private readonly byKey = new Map<string, Label>();
  private readonly labels = new Set<Label>();
  private length = 0;
  private maxAlign = MIN_ALIGN;

  /** The label of an entry with these bytes, adding one (made by `newLabel`) if needed. */
  add(bytes: Uint8Array, align: number, description: string, newLabel: () => Label): Label {
    if (!Number.isInteger(align) || align < 1 || align > 4096 || (align & (align - 1)) !== 0) {
      throw new EncodeError(`constant alignment must be a power of two up to 4096, got ${align}`);
    }
    if (bytes.length === 0) throw new EncodeError("empty constant");
    const effective = Math.max(align, MIN_ALIGN);
    const key = `${effective}:${bytes.join(",")}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const label = newLabel();
    const offset = alignUp(this.length, effective);
    this.list.push({ label, bytes: Uint8Array.from(bytes), align: effective, offset, description });
    this.length = offset + bytes.length;
    this.maxAlign = Math.max(this.maxAlign, effective);
    this.byKey.set(key, label);
    this.labels.add(label);
    return label;
  }

  get entries(): readonly PoolEntry[] {
    return this.list;
  }

  get byteLength(): number {
    return this.length;
  }

  /** Alignment of the pool's start, and so of the whole buffer's load address. */
  get alignment(): number {
    return this.maxAlign;
  }

  has(label: Label): boolean {
    return this.labels.has(label);
  }
}

export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
