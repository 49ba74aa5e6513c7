// Test helper: decode a whole buffer with ONE GNU objdump process and compare it, instruction by
// instruction, with the assembler's listing (offsets, lengths, bytes and whitespace-normalized text).

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Assembler, type Assembled, type Label } from "../../src/encoder/index.js";

export interface Decoded {
  readonly offset: number;
  readonly bytes: string;
  readonly text: string;
}

const LINE = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/;

export function objdump(bytes: Uint8Array): Decoded[] {
  const dir = mkdtempSync(join(tmpdir(), "pyjc-x64-"));
  try {
    const file = join(dir, "code.bin");
    writeFileSync(file, bytes);
    const out = execFileSync(
      "objdump",
      ["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", "--insn-width=16", file],
      { encoding: "utf8", maxBuffer: 1 << 30 },
    );
    const decoded: Decoded[] = [];
    for (const line of out.split("\n")) {
      const m = LINE.exec(line);
      if (m !== null) decoded.push({ offset: parseInt(m[1]!, 16), bytes: m[2]!, text: m[3]! });
    }
    return decoded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const normalize = (text: string): string => text.trim().replace(/\s+/g, " ");

const hexBytes = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

/** Differences between our listing and objdump's decoding of the code part, as readable lines. */
export function mismatches(result: Assembled, from = 0, to = result.codeSize): string[] {
  const ours = result.entries.filter((e) => e.kind === "inst" && e.offset >= from && e.offset < to);
  const theirs = new Map(objdumpCached(result).filter((d) => d.offset >= from && d.offset < to).map((d) => [d.offset, d]));
  const out: string[] = [];
  for (const e of ours) {
    const d = theirs.get(e.offset);
    const mine = `${hexBytes(e.bytes)} | ${normalize(e.text)}`;
    const objd = d === undefined ? "(no instruction starts here)" : `${d.bytes} | ${normalize(d.text)}`;
    if (mine !== objd) out.push(`0x${e.offset.toString(16)}: ours ${mine}  objdump ${objd}`);
    theirs.delete(e.offset);
  }
  for (const d of theirs.values()) out.push(`0x${d.offset.toString(16)}: objdump decodes an instruction we did not emit: ${d.text}`);
  return out;
}

const cache = new WeakMap<Assembled, Decoded[]>();
function objdumpCached(result: Assembled): Decoded[] {
  let decoded = cache.get(result);
  if (decoded === undefined) {
    decoded = objdump(result.bytes).filter((d) => d.offset < result.codeSize);
    cache.set(result, decoded);
  }
  return decoded;
}

/**
 * Many named groups of instructions in one assembler, checked against one objdump run:
 * `group` emits, `check` (in a test) finishes once and compares the group's byte range.
 */
export class ObjdumpBatch {
  readonly asm = new Assembler();
  private readonly groups = new Map<string, { start: Label; end: Label }>();

  group(name: string, emit: (asm: Assembler) => void): void {
    const start = this.asm.here(`${name}:start`);
    emit(this.asm);
    this.groups.set(name, { start, end: this.asm.here(`${name}:end`) });
  }

  names(): string[] {
    return [...this.groups.keys()];
  }

  /** Mismatches in the group, and how many instructions it holds. */
  check(name: string): { mismatches: string[]; count: number } {
    const g = this.groups.get(name)!;
    const result = this.asm.finish();
    const from = result.labels.get(g.start)!;
    const to = result.labels.get(g.end)!;
    const count = result.entries.filter((e) => e.kind === "inst" && e.offset >= from && e.offset < to).length;
    return { mismatches: mismatches(result, from, to).slice(0, 20), count };
  }
}
