// The listing of a compiled function: a header (size, frame, where the allocator put things),
// then the encoder's objdump-compatible listing, in which the annotator's lines (Python source and
// bytecode) appear as `;` comments before the first instruction of each new LIR location.

import { printLocation, type LirFunc } from "@pyjc/core";
import type { Assembled } from "./encoder/index.js";
import { frameBytes } from "./frame.js";
import type { Selected } from "./isel.js";

export function renderListing(f: LirFunc, selected: Selected, assembled: Assembled): string {
  const { alloc, frame } = selected;
  const saved = frame.saved.map((r) => r.name).join(" ") || "none";
  const header = [
    `; x64 ${f.name}: ${assembled.codeSize} bytes of code, ${assembled.bytes.length - assembled.codeSize} of data`,
    `; frame ${frameBytes(frame)} bytes: saves ${saved}, ${f.slots.length} stack slot(s), ${alloc.spillSlots} spill slot(s), ` +
      `${frame.outgoing} bytes of outgoing arguments`,
  ];
  const placed = alloc.locations.flatMap((l, v) => (l === null ? [] : [`r${v}=${printLocation(l)}`]));
  for (let i = 0; i < placed.length; i += 12) header.push(`; ${placed.slice(i, i + 12).join(" ")}`);
  return `${header.join("\n")}\n${assembled.listing()}`;
}
