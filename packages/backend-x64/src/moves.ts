// Moving 8-byte values between registers and stack memory, one at a time or as a parallel move
// (call arguments, incoming parameters). Memory-to-memory moves go through a scratch register;
// they copy bits, so an f64 in a spill slot moves through a GPR unchanged.

import { sequentializeMoves, type Move } from "@pyjc/core";
import { type Assembler, type Gpr, type Mem, type Xmm } from "./encoder/index.js";
import { FSCRATCH, SCRATCH0 } from "./abi.js";

/** A register of either class or a QWORD memory operand. */
export type MoveLoc = Gpr | Xmm | Mem;

export function moveKey(l: MoveLoc): string {
  if (l.kind === "gpr") return `g${l.num}`;
  if (l.kind === "xmm") return `x${l.num}`;
  return `m${l.base?.num ?? "-"}:${l.index?.num ?? "-"}*${l.scale}:${l.disp}`;
}

export function emitMove(asm: Assembler, dst: MoveLoc, src: MoveLoc, tmp: Gpr = SCRATCH0): void {
  if (moveKey(dst) === moveKey(src)) return;
  if (dst.kind === "gpr") {
    if (src.kind === "xmm") asm.movq(dst, src);
    else asm.mov(dst, src);
  } else if (dst.kind === "xmm") {
    if (src.kind === "gpr") asm.movq(dst, src);
    else if (src.kind === "xmm") asm.movapd(dst, src);
    else asm.movsd(dst, src);
  } else if (src.kind === "gpr") {
    asm.mov(dst, src);
  } else if (src.kind === "xmm") {
    asm.movsd(dst, src);
  } else {
    asm.mov(tmp, src);
    asm.mov(dst, tmp);
  }
}

/**
 * Performs `moves` as if simultaneously. Cycles are broken through `cycleScratch` (GPRs) or xmm15;
 * `tmp` serves memory-to-memory moves and must differ from `cycleScratch` and from every location
 * in `moves`.
 */
export function emitParallelMoves(asm: Assembler, moves: readonly Move<MoveLoc>[], cycleScratch: Gpr, tmp: Gpr): void {
  const seq = sequentializeMoves(moves, {
    key: moveKey,
    scratchFor: (l) => (l.kind === "xmm" ? FSCRATCH : cycleScratch),
  });
  for (const m of seq) emitMove(asm, m.dst, m.src, tmp);
}
