// One encoded instruction as the assembler stores it: final bytes, except for at most one 32-bit
// field that depends on a label (a RIP-relative displacement or a call's rel32), plus the pieces
// of its listing text. Encoders (encode-*.ts) build these; the assembler lays them out.

import { type Label } from "./labels.js";
import { type TextOperand } from "./syntax.js";
import { type RmSpec, encodeRm } from "./encode-modrm.js";

/** CPU extensions beyond the x86-64 baseline (which includes SSE2) that an instruction needs. */
export type CpuFeature = "sse4.1";

/** A signed 32-bit field at byte `at` that holds `label + addend - (end of instruction)`. */
export interface Fixup {
  readonly at: number;
  readonly label: Label;
  readonly addend: number;
}

export interface Inst {
  readonly bytes: Uint8Array;
  readonly mnemonic: string;
  readonly operands: readonly TextOperand[];
  readonly fixup: Fixup | null;
  readonly requires: CpuFeature | null;
}

export function inst(
  mnemonic: string,
  operands: readonly TextOperand[],
  bytes: Uint8Array,
  fixup: Fixup | null = null,
  requires: CpuFeature | null = null,
): Inst {
  return { bytes, mnemonic, operands, fixup, requires };
}

/** An instruction with a ModRM operand; a RIP-relative `rm` becomes its fixup. */
export function rmInst(
  mnemonic: string,
  operands: readonly TextOperand[],
  spec: RmSpec,
  requires: CpuFeature | null = null,
): Inst {
  const { bytes, ripAt } = encodeRm(spec);
  const fixup = spec.rm.kind === "rip" ? { at: ripAt, label: spec.rm.label, addend: spec.rm.addend } : null;
  return inst(mnemonic, operands, bytes, fixup, requires);
}
