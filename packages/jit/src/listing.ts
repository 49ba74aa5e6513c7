// Listings that interleave the Python source line and the bytecode instruction with the machine
// code generated for them (the annotator the backends call at each new bytecode offset).

import { readFileSync } from "node:fs";
import { decodeInstructions, decodeLineTable, type CodeObject, type ListingAnnotator } from "@pyjc/core";

export function sourceAnnotator(code: CodeObject): ListingAnnotator {
  let lines: string[] | null = null;
  try {
    lines = readFileSync(code.filename, "utf8").split("\n");
  } catch {
    lines = null;
  }
  const table = decodeLineTable(code);
  const byOffset = new Map(decodeInstructions(code).map((i) => [i.offset, i]));
  let lastLine: number | null = null;
  return (loc) => {
    const out: string[] = [];
    const line = table.lineAt(loc.offset);
    if (line !== null && line !== lastLine) {
      lastLine = line;
      const text = lines?.[line - 1]?.trim() ?? "";
      out.push(`${code.filename}:${line}  ${text}`);
    }
    const ins = byOffset.get(loc.offset);
    if (ins) out.push(`  @${ins.offset} ${ins.name}${ins.info.hasArg ? ` ${ins.arg}` : ""}`);
    return out;
  };
}
