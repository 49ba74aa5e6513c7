// The HIR text form. `parse(print(f))` rebuilds `f` exactly (same value and block numbers, same
// types, immediates and frame states), so the text is what golden tests, `pyjc ir` and bug reports
// exchange. The grammar, one item per line:
//
//   func 'qualname' name='f' file='t.py' line=3 flags=0x3 argcount=2 posonly=0 kwonly=0
//   slots 'a':0x20 'b':0x20 'c':0x40          localsplus names and kinds
//   names 'print' 'len'                       co_names
//   bb1(v3, v4:object?):                      a block and its parameters (type when not `object`)
//       v7:int = binary_op add v3, v6 @8 [v3 v4 | v3 v6] unwind bb9(v3, v4)
//       ^results  ^op      ^imms ^operands ^frame state: offset [locals | stack]  ^exceptional edge
//       branch v9, bb2(v7), bb3()            terminators list their targets after the operands
//
// A result's type is printed when it differs from what the operation alone implies. The first
// block is the entry. `;` starts a comment.

import { formatConstant, strLiteral } from "./constants.js";
import type { BlockCall, Func, Inst, ValueId } from "./function.js";
import type { ConstImm } from "./imm.js";
import { defaultResultType, opDef, type ImmKind } from "./ops.js";
import { Type } from "./types.js";

export function printFunc(f: Func): string {
  const out: string[] = [];
  const c = f.code;
  out.push(
    `func ${strLiteral(c.qualname)} name=${strLiteral(c.name)} file=${strLiteral(c.filename)} line=${c.firstLineNo} ` +
      `flags=0x${c.flags.toString(16)} argcount=${c.argCount} posonly=${c.posOnlyArgCount} kwonly=${c.kwOnlyArgCount}`,
  );
  out.push(`slots${c.localsPlusNames.map((n, i) => ` ${strLiteral(n)}:0x${c.localsPlusKinds[i]!.toString(16)}`).join("")}`);
  out.push(`names${c.names.map((n) => ` ${strLiteral(n)}`).join("")}`);
  for (const block of f.blocks()) {
    const params = block.params.map((p) => valueWithType(f, p, Type.object));
    out.push(`bb${block.id}(${params.join(", ")}):`);
    for (const id of block.insts) out.push(`    ${printInst(f, f.inst(id))}`);
  }
  return out.join("\n") + "\n";
}

function valueWithType(f: Func, v: ValueId, implied: Type): string {
  const t = f.typeOf(v);
  return t.equals(implied) ? `v${v}` : `v${v}:${t}`;
}

export function printInst(f: Func, inst: Inst): string {
  const def = opDef(inst.op);
  let text = "";
  if (inst.results.length > 0) {
    text += inst.results.map((r, i) => valueWithType(f, r, defaultResultType(def, inst.imms, i))).join(", ") + " = ";
  }
  text += inst.op;
  def.imms.forEach((kind, i) => (text += ` ${printImm(f, kind, inst.imms[i])}`));
  const operands = [...inst.args.map((a) => `v${a}`), ...inst.targets.map(printCall)];
  if (operands.length > 0) text += ` ${operands.join(", ")}`;
  const fs = inst.frameState;
  if (fs) {
    const list = (vs: ValueId[]) => vs.map((v) => `v${v}`).join(" ");
    text += ` @${fs.offset} [${list(fs.locals)} | ${list(fs.stack)}]`;
  }
  if (inst.unwind) text += ` unwind ${printCall(inst.unwind)}`;
  return text;
}

export function printCall(call: BlockCall): string {
  return `bb${call.block}(${call.args.map((a) => `v${a}`).join(", ")})`;
}

const PLAIN_SLOT = /^[A-Za-z_.][A-Za-z0-9_.]*$/;

/** Slot names print as `$name` when that is unambiguous, else as `$#index`. */
export function slotName(f: Func, index: number): string {
  const names = f.code.localsPlusNames;
  const n = names[index];
  if (n !== undefined && PLAIN_SLOT.test(n) && names.indexOf(n) === index && !n.startsWith("#")) return `$${n}`;
  return `$#${index}`;
}

export function printImm(f: Func, kind: ImmKind, value: unknown): string {
  switch (kind) {
    case "const": {
      const c = value as ConstImm;
      return c.index === null ? formatConstant(c.value) : `${formatConstant(c.value)} #${c.index}`;
    }
    case "name": return strLiteral(value as string);
    case "local": return slotName(f, value as number);
    case "names": {
      const names = value as readonly string[];
      return names.length === 1 ? `(${strLiteral(names[0]!)},)` : `(${names.map(strLiteral).join(", ")})`;
    }
    case "type": return `<${(value as Type).toString()}>`;
    case "f64": return formatConstant({ kind: "float", value: value as number });
    case "int": case "binop": case "cmp": case "unop": case "conv": case "i64": case "nop": case "ncmp":
      return String(value);
  }
}
