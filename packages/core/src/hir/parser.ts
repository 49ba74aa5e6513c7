// Reads the text form that printer.ts writes (the grammar is described there) back into a Func
// with the same block and value numbers. Errors name the line and column.
//
// Code-object constants print as `<code 'qualname'>`; pass `code` (the function's CodeInfo or
// co_consts) to resolve them to the real objects, otherwise they become placeholders that keep
// only the qualname, which is all the IR itself uses.

import { makeCodeObject } from "../bytecode/code-object.js";
import { PY_NONE, type PyValue } from "../bytecode/py-value.js";
import { ConstantReader } from "./constants.js";
import type { BlockCall, BlockId, CodeInfo, FrameState, ValueId } from "./function.js";
import { Func, blockId, valueId } from "./function.js";
import type { ConstImm } from "./imm.js";
import { opDef, type ImmKind } from "./ops.js";
import { parseType, Type } from "./types.js";

export interface ParseOptions {
  /** co_consts of the function, to resolve code constants (and to keep the CodeInfo whole). */
  readonly consts?: readonly PyValue[];
}

export class IrSyntaxError extends SyntaxError {
  override readonly name = "IrSyntaxError";
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/** A cursor over one line. */
class Line {
  pos = 0;
  constructor(readonly text: string, readonly number: number, private readonly resolveCode: (q: string) => PyValue) {}

  fail(message: string, at: number = this.pos): never {
    throw new IrSyntaxError(message, this.number, at + 1);
  }
  skip(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }
  atEnd(): boolean {
    this.skip();
    return this.pos >= this.text.length;
  }
  peek(s: string): boolean {
    this.skip();
    return this.text.startsWith(s, this.pos);
  }
  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }
  expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected '${s}'`);
  }
  match(re: RegExp): string {
    this.skip();
    const m = re.exec(this.text.slice(this.pos));
    if (!m || m.index !== 0) this.fail(`expected ${re.source}`);
    this.pos += m[0].length;
    return m[0];
  }
  int(): number {
    const t = this.match(/^-?(0x[0-9a-fA-F]+|\d+)/);
    return t.includes("x") ? parseInt(t.replace("0x", ""), 16) * (t.startsWith("-") ? -1 : 1) : parseInt(t, 10);
  }
  word(): string {
    return this.match(/^[A-Za-z_][A-Za-z0-9_]*/);
  }
  private reader(): ConstantReader {
    const r = new ConstantReader(this.text, (q) => this.resolveCode(q));
    r.pos = this.pos;
    return r;
  }
  str(): string {
    this.skip();
    const r = this.reader();
    try {
      const s = r.readString();
      this.pos = r.pos;
      return s;
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }
  constant(): PyValue {
    this.skip();
    const r = this.reader();
    try {
      const v = r.read();
      this.pos = r.pos;
      return v;
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }
  /** Type text: up to a top-level `,`, `)`, `=`, `>` or blank, brackets and quotes balanced. */
  typeText(closer: string): string {
    this.skip();
    const start = this.pos;
    let depth = 0;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === "'" || c === '"') {
        const r = this.reader();
        r.readString();
        this.pos = r.pos;
        continue;
      }
      if (depth === 0 && (c === "," || c === " " || c === "=" || c === closer)) break;
      if (c === "(" || c === "[") depth++;
      if (c === ")" || c === "]") depth--;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }
  value(): ValueId {
    return valueId(Number(this.match(/^v\d+/).slice(1)));
  }
  block(): BlockId {
    return blockId(Number(this.match(/^bb\d+/).slice(2)));
  }
  valueList(close: string, sep: string): ValueId[] {
    const out: ValueId[] = [];
    while (!this.eat(close)) {
      out.push(this.value());
      if (sep !== " " && !this.eat(sep)) {
        this.expect(close);
        break;
      }
    }
    return out;
  }
  call(): BlockCall {
    const block = this.block();
    this.expect("(");
    return { block, args: this.valueList(")", ",") };
  }
}

function stripComment(text: string): string {
  // A `;` outside quotes starts a comment.
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ";") return text.slice(0, i);
  }
  return text;
}

export function parseFunc(text: string, options: ParseOptions = {}): Func {
  const lines = text.split("\n").map((t, i) => ({ text: stripComment(t).trimEnd(), number: i + 1 })).filter((l) => l.text.trim() !== "");
  const placeholders = new Map<string, PyValue>();
  const resolveCode = (qualname: string): PyValue => {
    const real = options.consts?.find((c) => c.kind === "code" && c.value.qualname === qualname);
    if (real) return real;
    let p = placeholders.get(qualname);
    if (!p) placeholders.set(qualname, (p = { kind: "code", value: placeholderCode(qualname) }));
    return p;
  };
  const line = (i: number) => {
    const l = lines[i];
    if (!l) throw new IrSyntaxError("unexpected end of input", Math.max(1, lines.length), 1);
    return new Line(l.text, l.number, resolveCode);
  };

  const code = parseHeader(line(0), line(1), line(2));
  const f = new Func(code);
  const constIndexes: ConstImm[] = [];
  let current: BlockId | null = null;
  for (let i = 3; i < lines.length; i++) {
    const l = line(i);
    if (l.peek("bb")) {
      current = parseBlockHeader(f, l);
      if (f.order.length === 1) f.entry = current;
      continue;
    }
    parseInst(f, current ?? l.fail("instruction outside a block"), l, constIndexes);
  }
  if (f.order.length === 0) throw new IrSyntaxError("no blocks", lines.length, 1);
  // Rebuild co_consts from what the instructions reference, unless the caller gave them.
  if (options.consts) code.consts = [...options.consts];
  else for (const c of constIndexes) if (c.index !== null) code.consts[c.index] = c.value;
  for (let i = 0; i < code.consts.length; i++) code.consts[i] ??= PY_NONE;
  return f;
}

function placeholderCode(qualname: string) {
  const name = qualname.split(".").pop()!;
  return makeCodeObject({
    argCount: 0, posOnlyArgCount: 0, kwOnlyArgCount: 0, stackSize: 0, flags: 0, code: new Uint8Array(),
    consts: [], names: [], localsPlusNames: [], localsPlusKinds: new Uint8Array(), filename: "", name, qualname,
    firstLineNo: 0, lineTable: new Uint8Array(), exceptionTable: new Uint8Array(),
  });
}

function parseHeader(head: Line, slots: Line, names: Line): CodeInfo {
  head.expect("func");
  const qualname = head.str();
  const field = (key: string) => {
    head.expect(`${key}=`);
    return head;
  };
  const name = field("name").str();
  const filename = field("file").str();
  const firstLineNo = field("line").int();
  const flags = field("flags").int();
  const argCount = field("argcount").int();
  const posOnlyArgCount = field("posonly").int();
  const kwOnlyArgCount = field("kwonly").int();
  if (!head.atEnd()) head.fail("unexpected text after the header");
  slots.expect("slots");
  const localsPlusNames: string[] = [];
  const localsPlusKinds: number[] = [];
  while (!slots.atEnd()) {
    localsPlusNames.push(slots.str());
    slots.expect(":");
    localsPlusKinds.push(slots.int());
  }
  names.expect("names");
  const nameList: string[] = [];
  while (!names.atEnd()) nameList.push(names.str());
  return {
    qualname, name, filename, firstLineNo, flags, argCount, posOnlyArgCount, kwOnlyArgCount,
    localsPlusNames, localsPlusKinds, consts: [], names: nameList,
  };
}

function parseBlockHeader(f: Func, l: Line): BlockId {
  const id = l.block();
  if (f.hasBlock(id)) l.fail(`block bb${id} defined twice`);
  f.newBlock(id);
  l.expect("(");
  while (!l.eat(")")) {
    const v = l.value();
    const type = l.eat(":") ? parseTypeAt(l, ")") : Type.object;
    if (f.hasValue(v)) l.fail(`value v${v} defined twice`);
    f.addParam(id, type, v);
    if (!l.eat(",")) {
      l.expect(")");
      break;
    }
  }
  l.expect(":");
  if (!l.atEnd()) l.fail("unexpected text after the block header");
  return id;
}

function parseTypeAt(l: Line, closer: string): Type {
  l.skip();
  const start = l.pos;
  const text = l.typeText(closer);
  try {
    return parseType(text);
  } catch (e) {
    return l.fail((e as Error).message, start);
  }
}

function parseInst(f: Func, block: BlockId, l: Line, consts: ConstImm[]): void {
  const results: { id: ValueId; type: Type | null }[] = [];
  l.skip();
  const resultsAt = l.pos;
  if (/^\s*v\d+/.test(l.text)) {
    do {
      const id = l.value();
      results.push({ id, type: l.eat(":") ? parseTypeAt(l, "=") : null });
    } while (l.eat(","));
    l.expect("=");
  }
  const opName = l.word();
  let def;
  try {
    def = opDef(opName);
  } catch {
    l.fail(`unknown operation '${opName}'`);
  }
  const imms = def.imms.map((kind) => parseImm(f, l, kind));
  for (const [i, k] of def.imms.entries()) if (k === "const") consts.push(imms[i] as ConstImm);

  const args: ValueId[] = [];
  const targets: BlockCall[] = [];
  if (!l.atEnd() && !l.peek("@") && !l.peek("unwind")) {
    do {
      if (l.peek("bb")) targets.push(l.call());
      else {
        if (targets.length > 0) l.fail("operands must come before targets");
        args.push(l.value());
      }
    } while (l.eat(","));
  }
  let frameState: FrameState | null = null;
  if (l.eat("@")) {
    const offset = l.int();
    l.expect("[");
    const locals = l.valueList("|", " ");
    const stack = l.valueList("]", " ");
    frameState = { offset, locals, stack };
  }
  const unwind = l.eat("unwind") ? l.call() : null;
  if (!l.atEnd()) l.fail("unexpected text");

  for (const r of results) if (f.hasValue(r.id)) l.fail(`value v${r.id} defined twice`, resultsAt);
  const inst = f.append(block, opName, args, imms, { frameState, unwind, targets }, results.map((r) => r.id));
  if (inst.results.length !== results.length) l.fail(`${opName} has ${inst.results.length} results, ${results.length} written`, resultsAt);
  results.forEach((r, i) => {
    if (r.type) f.value(inst.results[i]!).type = r.type;
  });
}

function parseImm(f: Func, l: Line, kind: ImmKind): unknown {
  switch (kind) {
    case "const": {
      const value = l.constant();
      const index = l.eat("#") ? l.int() : null;
      return { value, index } satisfies ConstImm;
    }
    case "name": return l.str();
    case "local": {
      l.skip();
      const at = l.pos;
      l.expect("$");
      if (l.eat("#")) return l.int();
      const name = l.match(/^[A-Za-z_.][A-Za-z0-9_.]*/);
      const index = f.code.localsPlusNames.indexOf(name);
      if (index < 0) l.fail(`no slot named '${name}'`, at);
      return index;
    }
    case "int": return l.int();
    case "i64": return BigInt(l.match(/^-?\d+/));
    case "f64": {
      const v = l.constant();
      if (v.kind !== "float") l.fail("expected a float literal");
      return v.value;
    }
    case "nop": case "ncmp": return l.word();
    case "binop": case "unop": case "conv": return l.word();
    case "cmp": return l.match(/^(<=|>=|==|!=|<|>)/);
    case "names": {
      l.skip();
      const at = l.pos;
      const v = l.constant();
      if (v.kind !== "tuple" || !v.items.every((x) => x.kind === "str")) l.fail("expected a tuple of names", at);
      return v.items.map((x) => (x as { value: string }).value);
    }
    case "type": {
      l.expect("<");
      const t = parseTypeAt(l, ">");
      l.expect(">");
      return t;
    }
  }
}
