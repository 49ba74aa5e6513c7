// Final output: copies every item into one buffer at the offsets the layout chose, fills in the
// label-dependent fields (rel8/rel32 branches, call rel32, RIP-relative disp32), and records one
// listing entry per instruction, padding run and 8-byte slice of constant data.

import { type Label } from "./labels.js";
import { type CpuFeature, type Inst } from "./instruction.js";
import { type ConstantPool } from "./constant-pool.js";
import { type Item, type Layout, padding } from "./relax.js";
import { type Annotation, type ListingEntry, renderListing } from "./listing.js";
import { branchBytes, branchLength, branchMnemonic, encodeNops } from "./encode-control.js";
import { renderText, hex } from "./syntax.js";
import { EncodeError } from "./errors.js";

/** One position-independent buffer: code, int3 padding, then the constant pool. */
export interface Assembled {
  readonly bytes: Uint8Array;
  /** Offset of every bound label, code and constant pool alike. */
  readonly labels: ReadonlyMap<Label, number>;
  /** Bytes of code; the constant pool starts at the next multiple of `alignment`. */
  readonly codeSize: number;
  /** The buffer must be loaded at an address that is a multiple of this (pool and `align()` needs). */
  readonly alignment: number;
  /** CPU extensions the code needs beyond baseline x86-64 (SSE2). */
  readonly features: ReadonlySet<CpuFeature>;
  readonly entries: readonly ListingEntry[];
  listing(): string;
}

const INT3 = 0xcc;

export function emitBuffer(
  items: readonly Item[],
  pool: ConstantPool,
  lay: Layout,
  trailing: readonly Annotation[],
  codeAlignment: number,
): Assembled {
  const bytes = new Uint8Array(lay.end);
  const entries: ListingEntry[] = [];
  const features = new Set<CpuFeature>();
  let labels: Label[] = [];
  const add = (
    kind: ListingEntry["kind"],
    offset: number,
    data: Uint8Array,
    text: string,
    notes: readonly Annotation[],
    target: Label | null,
  ): void => {
    bytes.set(data, offset);
    entries.push({ kind, offset, bytes: data, text, labels, annotations: notes, target });
    labels = [];
  };
  const targetOf = (label: Label, addend: number): number => {
    const at = lay.labels.get(label);
    if (at === undefined) throw new EncodeError(`label ${label.name} is used but never bound`);
    return at + addend;
  };

  items.forEach((it, i) => {
    const offset = lay.offsets[i]!;
    if (it.kind === "bind") {
      labels.push(it.label);
    } else if (it.kind === "inst") {
      const { text, data } = finishInst(it.inst, offset, targetOf);
      if (it.inst.requires !== null) features.add(it.inst.requires);
      add("inst", offset, data, text, it.notes, it.inst.fixup?.label ?? null);
    } else if (it.kind === "branch") {
      const long = lay.long[i]!;
      const target = targetOf(it.label, 0);
      const data = branchBytes(it.cond, long, target - (offset + branchLength(it.cond, long)));
      add("inst", offset, data, renderText(branchMnemonic(it.cond), [{ kind: "target" }], 0, target), it.notes, it.label);
    } else {
      let at = offset;
      encodeNops(padding(offset, it.alignment)).forEach((nop, k) => {
        add("inst", at, nop.bytes, renderText(nop.mnemonic, nop.operands, 0, 0), k === 0 ? it.notes : [], null);
        at += nop.bytes.length;
      });
    }
  });

  let pendingNotes = trailing;
  if (lay.poolStart > lay.codeEnd) {
    add("padding", lay.codeEnd, new Uint8Array(lay.poolStart - lay.codeEnd).fill(INT3), "(padding)", pendingNotes, null);
    pendingNotes = [];
  }
  for (const e of pool.entries) {
    labels.push(e.label);
    for (let k = 0; k < e.bytes.length; k += 8) {
      const slice = e.bytes.slice(k, k + 8);
      const text = `${dataDirective(slice)}${k === 0 ? `  # ${e.description}` : ""}`;
      add("data", lay.poolStart + e.offset + k, slice, text, pendingNotes, null);
      pendingNotes = [];
    }
  }
  if (labels.length > 0 || pendingNotes.length > 0) add("end", lay.end, new Uint8Array(0), "", pendingNotes, null);

  return {
    bytes,
    labels: lay.labels,
    codeSize: lay.codeEnd,
    alignment: Math.max(pool.alignment, codeAlignment),
    features,
    entries,
    listing: () => renderListing(entries),
  };
}

function finishInst(inst: Inst, offset: number, targetOf: (l: Label, addend: number) => number): { text: string; data: Uint8Array } {
  if (inst.fixup === null) return { text: renderText(inst.mnemonic, inst.operands, 0, 0), data: inst.bytes };
  const data = Uint8Array.from(inst.bytes);
  const target = targetOf(inst.fixup.label, inst.fixup.addend);
  const disp = target - (offset + data.length);
  new DataView(data.buffer).setInt32(inst.fixup.at, disp, true);
  return { text: renderText(inst.mnemonic, inst.operands, disp, target), data };
}

function dataDirective(slice: Uint8Array): string {
  if (slice.length === 8) return `.quad  ${hex(new DataView(slice.buffer, slice.byteOffset).getBigUint64(0, true))}`;
  return `.byte  ${Array.from(slice, (b) => hex(b)).join(",")}`;
}
