// Writing constants in marshal format 4, so a constant a pass created (a folded int, a str, a
// tuple) can be rebuilt as a real object by the embedded interpreter (`runtime.materialize`).
// Code objects are never written: code constants always come from co_consts.

import {
  TYPE_BINARY_COMPLEX, TYPE_BINARY_FLOAT, TYPE_DICT, TYPE_ELLIPSIS, TYPE_FALSE, TYPE_FROZENSET, TYPE_INT,
  TYPE_LIST, TYPE_LONG, TYPE_NONE, TYPE_NULL, TYPE_SET, TYPE_STOPITER, TYPE_STRING, TYPE_TRUE, TYPE_TUPLE,
  TYPE_UNICODE,
} from "./marshal-codes.js";
import type { PyValue } from "./py-value.js";

export class MarshalWriteError extends Error {
  override readonly name = "MarshalWriteError";
}

export function writeMarshal(value: PyValue): Uint8Array {
  const out: number[] = [];
  const u32 = (n: number) => out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  const f64 = (x: number) => {
    const b = new Uint8Array(new Float64Array([x]).buffer);
    out.push(...b);
  };
  const bytes = (b: Uint8Array) => {
    u32(b.length);
    out.push(...b);
  };
  const write = (v: PyValue): void => {
    switch (v.kind) {
      case "none": out.push(TYPE_NONE); return;
      case "bool": out.push(v.value ? TYPE_TRUE : TYPE_FALSE); return;
      case "ellipsis": out.push(TYPE_ELLIPSIS); return;
      case "stopiteration": out.push(TYPE_STOPITER); return;
      case "int": {
        if (v.value >= -(2n ** 31n) && v.value < 2n ** 31n) {
          out.push(TYPE_INT);
          u32(Number(BigInt.asIntN(32, v.value)) >>> 0);
          return;
        }
        // 15-bit digits, least significant first; the sign goes on the digit count.
        let mag = v.value < 0n ? -v.value : v.value;
        const digits: number[] = [];
        while (mag > 0n) {
          digits.push(Number(mag & 0x7fffn));
          mag >>= 15n;
        }
        out.push(TYPE_LONG);
        u32(v.value < 0n ? -digits.length : digits.length);
        for (const d of digits) out.push(d & 0xff, d >> 8);
        return;
      }
      case "float": out.push(TYPE_BINARY_FLOAT); f64(v.value); return;
      case "complex": out.push(TYPE_BINARY_COMPLEX); f64(v.real); f64(v.imag); return;
      case "str": out.push(TYPE_UNICODE); bytes(utf8SurrogatePass(v.value)); return;
      case "bytes": out.push(TYPE_STRING); bytes(v.value); return;
      case "tuple": case "list": case "set": case "frozenset": {
        out.push({ tuple: TYPE_TUPLE, list: TYPE_LIST, set: TYPE_SET, frozenset: TYPE_FROZENSET }[v.kind]);
        u32(v.items.length);
        for (const item of v.items) write(item);
        return;
      }
      case "dict":
        out.push(TYPE_DICT);
        for (const [k, x] of v.entries) {
          write(k);
          write(x);
        }
        out.push(TYPE_NULL);
        return;
      case "code": throw new MarshalWriteError("code objects are not written; they come from co_consts");
    }
  };
  write(value);
  return Uint8Array.from(out);
}

/** UTF-8 as Python's "surrogatepass" error handler writes it: lone surrogates as 3-byte sequences. */
function utf8SurrogatePass(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
