// Python constants in the IR's text form: a Python-literal syntax that reads like `repr` and
// parses back to the same value (floats round-trip exactly, nan/inf/-0.0 included; complex is
// written `complex(re, im)` so its parts stay exact). Code objects print as `<code 'qualname'>`
// and parse back through a resolver, since the IR does not carry their bodies.

import type { PyValue } from "../bytecode/py-value.js";

export function constantsEqual(a: PyValue | null, b: PyValue | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.kind !== b.kind) return false;
  switch (a.kind) {
    case "none": case "ellipsis": case "stopiteration": return true;
    case "bool": case "int": case "str": return a.value === (b as typeof a).value;
    case "float": return Object.is(a.value, (b as typeof a).value);
    case "complex": {
      const c = b as typeof a;
      return Object.is(a.real, c.real) && Object.is(a.imag, c.imag);
    }
    case "bytes": {
      const c = (b as typeof a).value;
      return a.value.length === c.length && a.value.every((x, i) => x === c[i]);
    }
    case "tuple": case "list": case "set": case "frozenset": {
      const c = (b as typeof a).items;
      return a.items.length === c.length && a.items.every((x, i) => constantsEqual(x, c[i]!));
    }
    case "dict": {
      const c = (b as typeof a).entries;
      return a.entries.length === c.length &&
        a.entries.every(([k, v], i) => constantsEqual(k, c[i]![0]) && constantsEqual(v, c[i]![1]));
    }
    case "code": return a.value.qualname === (b as typeof a).value.qualname;
  }
}

/** Python's float repr: shortest round-trip digits, scientific outside 1e-4 <= |x| < 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const negative = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp < 0) {
    body = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length > exp + 1) {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    body = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  }
  return negative ? `-${body}` : body;
}

function floatLiteral(x: number): string {
  const r = floatRepr(x);
  return r === "nan" || r === "inf" || r === "-inf" ? `float('${r}')` : r;
}

export function strLiteral(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

function bytesLiteral(b: Uint8Array): string {
  let out = "b'";
  for (const c of b) {
    if (c === 0x5c) out += "\\\\";
    else if (c === 0x27) out += "\\'";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(c);
  }
  return out + "'";
}

export function formatConstant(v: PyValue): string {
  switch (v.kind) {
    case "none": return "None";
    case "ellipsis": return "...";
    case "stopiteration": return "StopIteration";
    case "bool": return v.value ? "True" : "False";
    case "int": return v.value.toString();
    case "float": return floatLiteral(v.value);
    case "complex": return `complex(${floatLiteral(v.real)}, ${floatLiteral(v.imag)})`;
    case "str": return strLiteral(v.value);
    case "bytes": return bytesLiteral(v.value);
    case "tuple":
      return v.items.length === 1 ? `(${formatConstant(v.items[0]!)},)` : `(${v.items.map(formatConstant).join(", ")})`;
    case "list": return `[${v.items.map(formatConstant).join(", ")}]`;
    case "set": return v.items.length === 0 ? "set()" : `{${v.items.map(formatConstant).join(", ")}}`;
    case "frozenset":
      return v.items.length === 0 ? "frozenset()" : `frozenset({${v.items.map(formatConstant).join(", ")}})`;
    case "dict": return `{${v.entries.map(([k, x]) => `${formatConstant(k)}: ${formatConstant(x)}`).join(", ")}}`;
    case "code": return `<code ${strLiteral(v.value.qualname)}>`;
  }
}

/** Resolves `<code 'qualname'>` while parsing; without one, code constants are an error. */
export type CodeResolver = (qualname: string) => PyValue | undefined;

/** A cursor over constant text, shared with the IR parser so constants can appear mid-line. */
export class ConstantReader {
  pos = 0;
  constructor(readonly text: string, private readonly resolveCode?: CodeResolver) {}

  private error(what: string): never {
    throw new SyntaxError(`${what} at column ${this.pos + 1} in: ${this.text}`);
  }
  private skipSpace(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }
  private eat(s: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  private expect(s: string): void {
    if (!this.eat(s)) this.error(`expected '${s}'`);
  }

  read(): PyValue {
    this.skipSpace();
    const t = this.text;
    const c = t[this.pos];
    if (this.eat("None")) return { kind: "none" };
    if (this.eat("True")) return { kind: "bool", value: true };
    if (this.eat("False")) return { kind: "bool", value: false };
    if (this.eat("...")) return { kind: "ellipsis" };
    if (this.eat("StopIteration")) return { kind: "stopiteration" };
    if (this.eat("float(")) {
      const s = this.readString();
      this.expect(")");
      const value = s === "nan" ? NaN : s === "inf" ? Infinity : s === "-inf" ? -Infinity : this.error("bad float()");
      return { kind: "float", value };
    }
    if (this.eat("complex(")) {
      const real = this.readFloatValue();
      this.expect(",");
      const imag = this.readFloatValue();
      this.expect(")");
      return { kind: "complex", real, imag };
    }
    if (this.eat("frozenset(")) {
      if (this.eat(")")) return { kind: "frozenset", items: [] };
      this.expect("{");
      const items = this.readList("}");
      this.expect(")");
      return { kind: "frozenset", items };
    }
    if (this.eat("set()")) return { kind: "set", items: [] };
    if (this.eat("<code")) {
      const q = this.readString();
      this.expect(">");
      const v = this.resolveCode?.(q);
      if (!v) this.error(`unknown code object '${q}'`);
      return v;
    }
    if (c === "b" && (t[this.pos + 1] === "'" || t[this.pos + 1] === '"')) {
      this.pos++;
      return { kind: "bytes", value: this.readBytes() };
    }
    if (c === "'" || c === '"') return { kind: "str", value: this.readString() };
    if (this.eat("(")) {
      const items: PyValue[] = [];
      let sawComma = false;
      while (!this.eat(")")) {
        items.push(this.read());
        if (this.eat(",")) sawComma = true;
        else {
          this.expect(")");
          break;
        }
      }
      if (items.length === 1 && !sawComma) this.error("parenthesized value is not a tuple");
      return { kind: "tuple", items };
    }
    if (this.eat("[")) return { kind: "list", items: this.readList("]") };
    if (this.eat("{")) {
      if (this.eat("}")) return { kind: "dict", entries: [] };
      const first = this.read();
      if (this.eat(":")) {
        const entries: [PyValue, PyValue][] = [[first, this.read()]];
        while (this.eat(",")) {
          if (this.eat("}")) return { kind: "dict", entries };
          const k = this.read();
          this.expect(":");
          entries.push([k, this.read()]);
        }
        this.expect("}");
        return { kind: "dict", entries };
      }
      const items = [first];
      if (this.eat(",")) items.push(...this.readList("}"));
      else this.expect("}");
      return { kind: "set", items };
    }
    return this.readNumber();
  }

  private readList(close: string): PyValue[] {
    const items: PyValue[] = [];
    while (!this.eat(close)) {
      items.push(this.read());
      if (!this.eat(",")) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private readFloatValue(): number {
    const v = this.read();
    if (v.kind !== "float") this.error("expected a float");
    return v.value;
  }

  private readNumber(): PyValue {
    this.skipSpace();
    const m = /^-?(\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(this.text.slice(this.pos));
    if (!m) this.error("expected a constant");
    this.pos += m[0].length;
    const s = m[0];
    if (/[.eE]/.test(s)) return { kind: "float", value: Number(s) };
    return { kind: "int", value: BigInt(s) };
  }

  /** A quoted string with Python escapes. */
  readString(): string {
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') this.error("expected a string");
    this.pos++;
    let out = "";
    for (;;) {
      const ch = this.text[this.pos++];
      if (ch === undefined) this.error("unterminated string");
      if (ch === quote) return out;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const e = this.text[this.pos++];
      const hex = (n: number) => {
        const h = this.text.slice(this.pos, this.pos + n);
        if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== n) this.error("bad escape");
        this.pos += n;
        return parseInt(h, 16);
      };
      switch (e) {
        case "n": out += "\n"; break;
        case "r": out += "\r"; break;
        case "t": out += "\t"; break;
        case "x": out += String.fromCharCode(hex(2)); break;
        case "u": out += String.fromCharCode(hex(4)); break;
        case "U": out += String.fromCodePoint(hex(8)); break;
        case "\\": case "'": case '"': out += e; break;
        default: this.error(`unknown escape \\${e}`);
      }
    }
  }

  private readBytes(): Uint8Array {
    const s = this.readString();
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) this.error("non-byte character in bytes literal");
      out[i] = c;
    }
    return out;
  }
}

export function parseConstant(text: string, resolveCode?: CodeResolver): PyValue {
  const r = new ConstantReader(text, resolveCode);
  const v = r.read();
  if (text.slice(r.pos).trim() !== "") throw new SyntaxError(`trailing text after constant: ${text}`);
  return v;
}
