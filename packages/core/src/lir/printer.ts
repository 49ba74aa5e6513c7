// LIR as text, for debugging, `pyjc asm --lir` and backend tests. Not parsed back.

import { isImmOperand, type LirFunc, type LirInst, type Operand } from "./lir.js";

const op = (o: Operand) => (isImmOperand(o) ? `${o.imm}` : `r${o}`);

export function printLirInst(i: LirInst): string {
  const r = (v: number) => `r${v}`;
  switch (i.op) {
    case "iconst": return `${r(i.dst)} = iconst ${i.value < 0n || i.value > 0xffffn ? `0x${BigInt.asUintN(64, i.value).toString(16)}` : i.value}`;
    case "fconst": return `${r(i.dst)} = fconst ${Object.is(i.value, -0) ? "-0.0" : i.value}`;
    case "sym": return `${r(i.dst)} = sym ${i.name}`;
    case "mov": return `${r(i.dst)} = ${r(i.src)}`;
    case "load": return `${r(i.dst)} = load.${i.width}${i.signed ? "s" : ""} [${r(i.base)}${i.offset >= 0 ? "+" : ""}${i.offset}]`;
    case "store": return `store.${i.width} [${r(i.base)}${i.offset >= 0 ? "+" : ""}${i.offset}], ${op(i.src)}`;
    case "slotaddr": return `${r(i.dst)} = slotaddr ${i.slot}`;
    case "bin": return `${r(i.dst)} = ${i.kind} ${r(i.a)}, ${op(i.b)}`;
    case "bino": return `${r(i.dst)}, ${r(i.ovf)} = ${i.kind}.ovf ${r(i.a)}, ${op(i.b)}`;
    case "neg": case "not": case "fneg": case "fabs": case "fsqrt": case "i2f": case "f2i": case "bitcast":
      return `${r(i.dst)} = ${i.op} ${r(i.a)}`;
    case "icmp": return `${r(i.dst)} = icmp.${i.cond} ${r(i.a)}, ${op(i.b)}`;
    case "select": return `${r(i.dst)} = select ${r(i.cond)}, ${r(i.a)}, ${r(i.b)}`;
    case "fbin": return `${r(i.dst)} = f${i.kind} ${r(i.a)}, ${r(i.b)}`;
    case "fcmp": return `${r(i.dst)} = fcmp.${i.cond} ${r(i.a)}, ${r(i.b)}`;
    case "call": {
      const target = typeof i.target === "number" ? r(i.target) : i.target.sym;
      return `${i.dst === null ? "" : `${r(i.dst)} = `}call${i.returns === "i32" ? ".i32" : ""} ${target}(${i.args.map(op).join(", ")})`;
    }
    case "incref": case "decref": case "xincref": case "xdecref": return `${i.op} ${r(i.v)}`;
    case "jump": return `jump L${i.target}`;
    case "br": return `br ${r(i.cond)}, L${i.ifTrue}, L${i.ifFalse}`;
    case "brcmp": return `br.${i.cond} ${r(i.a)}, ${op(i.b)}, L${i.ifTrue}, L${i.ifFalse}`;
    case "ret": return `ret ${r(i.value)}`;
    case "unreachable": return "unreachable";
  }
}

export function printLir(f: LirFunc): string {
  const out = [`lir ${f.name}(${f.params.map((p) => `r${p}`).join(", ")})`];
  f.slots.forEach((s, i) => out.push(`  slot ${i}: ${s.size} bytes, align ${s.align}`));
  for (const b of f.blocks) {
    out.push(`L${b.id}:${b.cold ? " ; cold" : ""}`);
    for (const i of b.insts) out.push(`    ${printLirInst(i)}${i.loc ? `    ; @${i.loc.offset}` : ""}`);
  }
  return out.join("\n") + "\n";
}
