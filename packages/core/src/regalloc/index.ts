// The shared register allocator: liveness -> live intervals -> linear scan -> spill slots, plus an
// independent checker and the parallel-move sequentializer backends use. See README.md.

export * from "./register-file.js";
export { BitSet } from "./bitset.js";
export { computeLiveness, blockIndexMap, blockSuccessors, type Liveness } from "./liveness.js";
export {
  buildIntervals, linearOrder, numberInstructions, covers, firstIntersection, printInterval,
  type LiveInterval, type IntervalSet, type Numbering,
} from "./intervals.js";
export { allocateRegisters, type Allocation, type AllocationOptions } from "./linear-scan.js";
export { checkAllocation, type AllocationToCheck } from "./checker.js";
export { sequentializeMoves, type Move, type ParallelMoveOptions } from "./parallel-move.js";
export { printAllocation } from "./print.js";
