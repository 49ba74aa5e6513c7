// Shared helpers for the backend tests: compile LIR with the allocation checker on, decode the
// machine code with GNU objdump, and audit the stack discipline of the decoded code.

import type { LirFunc, ListingAnnotator, TargetEnv } from "@pyjc/core";
import { selectFunction, type Assembled, type Selected } from "../src/index.js";
import { mismatches, normalize, objdump, type Decoded } from "./encoder/objdump.js";

/** Fake but distinct absolute addresses, far from the code (like real libpython addresses). */
export const ENV: TargetEnv = {
  symbol(name: string): bigint {
    let h = 0x7f12_0000_0000n;
    for (const ch of name) h = (h * 31n + BigInt(ch.charCodeAt(0))) & 0x7fff_ffff_fff0n;
    return h | 0x7f00_0000_0000n;
  },
};

export interface Compiled {
  readonly selected: Selected;
  readonly out: Assembled;
  /** objdump's decoding of the code part, normalized text. */
  readonly code: readonly Decoded[];
  /** The decoded instructions as one string, one per line, for regex checks. */
  readonly text: string;
}

export function compile(f: LirFunc, annotate?: ListingAnnotator, env: TargetEnv = ENV): Compiled {
  const selected = selectFunction(f, env, annotate, { verifyAllocation: true });
  const out = selected.asm.finish();
  const code = objdump(out.bytes)
    .filter((d) => d.offset < out.codeSize && !d.text.startsWith("int3"))
    .map((d) => ({ ...d, text: normalize(d.text) }));
  return { selected, out, code, text: code.map((d) => d.text).join("\n") };
}

export { mismatches };

/**
 * Follows every path through the decoded code from the entry, tracking how far rsp is below the
 * caller's 16-byte-aligned rsp (8 at entry: the return address). Reports calls made with rsp not
 * 16-byte aligned, rets with a non-empty frame, and joins where paths disagree.
 */
export function auditStack(code: readonly Decoded[]): string[] {
  const at = new Map(code.map((d, i) => [d.offset, i]));
  const depth = new Map<number, number>();
  const errors: string[] = [];
  const work: [number, number][] = [[0, 8]];
  while (work.length > 0) {
    const [i, d0] = work.pop()!;
    const inst = code[i];
    if (inst === undefined) continue;
    const seen = depth.get(i);
    if (seen !== undefined) {
      if (seen !== d0) errors.push(`0x${inst.offset.toString(16)}: reached with rsp depths ${seen} and ${d0}`);
      continue;
    }
    depth.set(i, d0);
    const t = inst.text;
    const [mnemonic] = t.split(" ");
    let d = d0;
    const imm = (s: string) => Number.parseInt(s, 16);
    if (mnemonic === "push") d += 8;
    else if (mnemonic === "pop") d -= 8;
    else if (/^sub rsp,0x[0-9a-f]+$/.test(t)) d += imm(t.split(",0x")[1]!);
    else if (/^add rsp,0x[0-9a-f]+$/.test(t)) d -= imm(t.split(",0x")[1]!);
    else if (/\brsp\b/.test(t.split(",")[0]!) && !/\[rsp/.test(t)) errors.push(`0x${inst.offset.toString(16)}: unexpected write to rsp: ${t}`);
    if (mnemonic === "call" && d % 16 !== 0) errors.push(`0x${inst.offset.toString(16)}: call with rsp misaligned by ${d % 16}: ${t}`);
    if (mnemonic === "ret") {
      if (d !== 8) errors.push(`0x${inst.offset.toString(16)}: ret with ${d - 8} bytes still on the stack`);
      continue;
    }
    if (mnemonic === "ud2") continue;
    const target = /^j\w+ 0x([0-9a-f]+)/.exec(t);
    if (target) {
      const ti = at.get(imm(target[1]!));
      if (ti === undefined) errors.push(`0x${inst.offset.toString(16)}: branch into the middle of an instruction: ${t}`);
      else work.push([ti, d]);
      if (mnemonic === "jmp") continue;
    }
    work.push([i + 1, d]);
  }
  return errors;
}
