// The allocation as text: one line per vreg with its location and interval (tests, `--regalloc`
// style debugging output, listings).

import type { LirFunc } from "../lir/lir.js";
import { printInterval } from "./intervals.js";
import type { Allocation } from "./linear-scan.js";
import { printLocation } from "./register-file.js";

export function printAllocation(f: LirFunc, alloc: Allocation): string {
  const lines = [
    `allocation ${f.name}: ${alloc.spillSlots} spill slot(s), callee-saved [${alloc.calleeSavedUsed.map((r) => r.name).join(", ")}]`,
  ];
  alloc.locations.forEach((l, v) => {
    const iv = alloc.intervals.intervals[v];
    if (l !== null && iv) lines.push(`  ${printLocation(l).padEnd(8)} ${printInterval(iv)}`);
  });
  return lines.join("\n") + "\n";
}
