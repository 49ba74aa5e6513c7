// The listing: every instruction with its offset, bytes and objdump-spelled text, the labels bound
// before it, and the caller's annotations (Python source lines, bytecode offsets) so a disassembly
// view can interleave them. `renderListing` prints it:
//
//   loop:
//   ; line 3: return a + b
//   ;   bytecode 6: BINARY_OP 0 (+)
//     0012: 48 01 c8                      add    rax,rcx
//     0015: 0f 80 25 00 00 00             jo     0x40 <deopt>

import { type Label } from "./labels.js";

export type Annotation =
  | { readonly kind: "source"; readonly line: number; readonly text: string }
  | { readonly kind: "bytecode"; readonly offset: number; readonly text: string }
  | { readonly kind: "note"; readonly text: string };

export interface ListingEntry {
  /**
   * inst: an instruction (objdump decodes the same bytes to `text`); padding: int3 filler between
   * code and constant pool; data: constant pool bytes; end: only labels/annotations at the end.
   */
  readonly kind: "inst" | "padding" | "data" | "end";
  readonly offset: number;
  readonly bytes: Uint8Array;
  /** Intel syntax as GNU objdump `-M intel` prints it (for `inst`); a directive for data. */
  readonly text: string;
  /** Labels bound at this entry's offset. */
  readonly labels: readonly Label[];
  readonly annotations: readonly Annotation[];
  /** The label a branch, call or RIP-relative operand refers to. */
  readonly target: Label | null;
}

export function annotationText(a: Annotation): string {
  switch (a.kind) {
    case "source":
      return `; line ${a.line}: ${a.text}`;
    case "bytecode":
      return `;   bytecode ${a.offset}: ${a.text}`;
    case "note":
      return `; ${a.text}`;
  }
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** Bytes wider than this are still printed, just not aligned with the text column. */
const BYTES_COLUMN = 10 * 3;

export function renderListing(entries: readonly ListingEntry[]): string {
  const last = entries.at(-1);
  const width = Math.max(4, ((last?.offset ?? 0) + (last?.bytes.length ?? 0)).toString(16).length);
  const lines: string[] = [];
  for (const e of entries) {
    for (const l of e.labels) lines.push(`${l.name}:`);
    for (const a of e.annotations) lines.push(annotationText(a));
    if (e.kind === "end") continue;
    const suffix = e.target === null ? "" : ` <${e.target.name}>`;
    const head = `  ${e.offset.toString(16).padStart(width, "0")}: ${hexBytes(e.bytes).padEnd(BYTES_COLUMN)}`;
    lines.push(`${head} ${e.text}${suffix}`);
  }
  return lines.join("\n") + "\n";
}
