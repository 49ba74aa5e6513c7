// Graphviz DOT for an HIR function: one node per block listing its parameters and instructions
// (with result types wherever they are known beyond `object`), solid edges for normal control
// flow labelled with the arguments they pass, dashed red edges for unwind (exception) edges.
// `dot -Tsvg` renders it; `pyjc ir --format dot` and `pyjc.graph(f)` produce it.

import type { Func, ValueId } from "./function.js";
import { printInst } from "./printer.js";

function escape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[{}<>|]/g, (c) => `\\${c}`);
}

export function funcToDot(f: Func): string {
  const typed = (v: ValueId) => {
    const t = f.typeOf(v).toString();
    return t === "object" ? `v${v}` : `v${v}: ${t}`;
  };
  const out = [
    `digraph ${JSON.stringify(f.code.qualname)} {`,
    `  label=${JSON.stringify(`${f.code.qualname} (${f.code.filename}:${f.code.firstLineNo})`)};`,
    `  node [shape=record, fontname="monospace", fontsize=10];`,
    `  edge [fontname="monospace", fontsize=9];`,
  ];
  for (const block of f.blocks()) {
    const header = `bb${block.id}(${block.params.map(typed).join(", ")})${block.id === f.entry ? " entry" : ""}`;
    const lines = block.insts.map((id) => escape(printInst(f, f.inst(id)).replace(/ @\d+ \[.*?\]/, "")));
    out.push(`  bb${block.id} [label="{${escape(header)}|${lines.join("\\l")}\\l}"];`);
  }
  for (const block of f.blocks()) {
    for (const e of f.edges(block.id)) {
      const label = e.call.args.map(typed).join(", ");
      const style = e.exceptional ? `, style=dashed, color=red, fontcolor=red` : "";
      out.push(`  bb${block.id} -> bb${e.call.block} [label=${JSON.stringify(label)}${style}];`);
    }
  }
  out.push("}");
  return out.join("\n") + "\n";
}

