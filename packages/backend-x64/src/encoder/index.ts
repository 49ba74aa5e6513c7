// x86-64 machine-code encoder: registers and operands as data, an Assembler with labels, branch
// relaxation and a constant pool, and an objdump-compatible listing. See README.md.

export * from "./registers.js";
export * from "./operands.js";
export * from "./conditions.js";
export { Label } from "./labels.js";
export { EncodeError } from "./errors.js";
export { type Imm } from "./immediates.js";
export { type CpuFeature } from "./instruction.js";
export { type GprRm } from "./encode-common.js";
export { ALU_OPS, UNARY_OPS, SHIFT_OPS, type AluOp, type UnaryOp, type ShiftOp } from "./encode-alu.js";
export {
  SSE_OPS, type SseOpName, ROUND_NEAREST, ROUND_DOWN, ROUND_UP, ROUND_TRUNCATE, ROUND_CURRENT, ROUND_NO_PRECISION_EXCEPTION,
} from "./encode-sse.js";
export { type Annotation, type ListingEntry, renderListing } from "./listing.js";
export { type Assembled } from "./emit.js";
export { Assembler, type AssemblerOptions, type BranchOptions } from "./assembler.js";
