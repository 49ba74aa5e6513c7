// Register hints for the shared allocator: the registers the System V convention will move values
// into or out of anyway. A value that is allocated where the ABI wants it needs no move at all.

import { isImmOperand, type LirFunc, type PhysReg, type VReg } from "@pyjc/core";
import { type Gpr, type Xmm, rcx } from "./encoder/index.js";
import { assignArguments, FLOAT_RESULT, INT_RESULT } from "./abi.js";

const phys = (r: Gpr | Xmm): PhysReg => ({ cls: r.kind === "gpr" ? "i64" : "f64", num: r.num, name: r.name });

export function abiHints(f: LirFunc): Map<VReg, PhysReg[]> {
  const hints = new Map<VReg, PhysReg[]>();
  const hint = (v: VReg, r: Gpr | Xmm) => {
    const list = hints.get(v) ?? [];
    if (!list.some((h) => h.num === r.num && h.cls === phys(r).cls)) list.push(phys(r));
    hints.set(v, list);
  };
  const result = (v: VReg) => (f.classes[v] === "f64" ? FLOAT_RESULT : INT_RESULT);
  assignArguments(f.params.map((p) => f.classes[p]!)).forEach((place, k) => {
    if (place.kind === "reg") hint(f.params[k]!, place.reg);
  });
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.op === "call") {
        const places = assignArguments(i.args.map((a) => (isImmOperand(a) ? "i64" : f.classes[a]!)));
        i.args.forEach((a, k) => {
          const place = places[k]!;
          if (!isImmOperand(a) && place.kind === "reg") hint(a, place.reg);
        });
        if (i.dst !== null) hint(i.dst, result(i.dst));
      } else if (i.op === "ret") {
        hint(i.value, result(i.value));
      } else if (i.op === "bin" && (i.kind === "shl" || i.kind === "shr" || i.kind === "sar") && !isImmOperand(i.b)) {
        hint(i.b, rcx);
      }
    }
  }
  return hints;
}
