// Reader for CPython 3.11's marshal format (version 4, Python/marshal.c): everything
// marshal.dumps() can write, with the same acceptance rules as r_object(), so that data CPython
// would reject is rejected here with a MarshalError naming the byte offset.
//
// The reader keeps its own stack of open containers instead of recursing, so marshal's 2000
// levels of nesting cannot overflow the JS stack (which may already be deep when the JIT runs).

import { makeCodeObject, type CodeObject } from "./code-object.js";
import { decodeLatin1, decodeUtf8SurrogatePass, parsePythonFloat } from "./marshal-text.js";
import {
  PY_ELLIPSIS,
  PY_FALSE,
  PY_NONE,
  PY_STOP_ITERATION,
  PY_TRUE,
  type PyBytes,
  type PyStr,
  type PyTuple,
  type PyValue,
} from "./py-value.js";

// PyValue is what this module produces; re-exported so readers of marshal data need one import.
export type * from "./py-value.js";

export class MarshalError extends Error {
  override readonly name = "MarshalError";
  constructor(
    message: string,
    /** Byte offset in the input where the problem was found. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

import {
  FLAG_REF, TYPE_ASCII, TYPE_ASCII_INTERNED, TYPE_BINARY_COMPLEX, TYPE_BINARY_FLOAT, TYPE_CODE, TYPE_COMPLEX,
  TYPE_DICT, TYPE_ELLIPSIS, TYPE_FALSE, TYPE_FLOAT, TYPE_FROZENSET, TYPE_INT, TYPE_INTERNED, TYPE_LIST, TYPE_LONG,
  TYPE_NONE, TYPE_NULL, TYPE_REF, TYPE_SET, TYPE_SHORT_ASCII, TYPE_SHORT_ASCII_INTERNED, TYPE_SMALL_TUPLE,
  TYPE_STOPITER, TYPE_STRING, TYPE_TRUE, TYPE_TUPLE, TYPE_UNICODE,
} from "./marshal-codes.js";

// marshal.c limits.
const MAX_MARSHAL_STACK_DEPTH = 2000;
const SIZE32_MAX = 0x7fffffff;
const LONG_SHIFT = 15;
const LONG_MASK = (1 << LONG_SHIFT) - 1;

/** A slot reserved for an object still being read (code, frozenset); a TYPE_REF to it is invalid. */
const PENDING = Symbol("pending");

/** Reads one marshalled object; trailing bytes are an error unless `allowTrailing` is set. */
export function readMarshal(data: Uint8Array, options: { allowTrailing?: boolean } = {}): PyValue {
  const reader = new MarshalReader(data);
  const value = reader.readTop();
  if (!options.allowTrailing && reader.pos !== data.length) {
    throw new MarshalError(`${data.length - reader.pos} trailing bytes after the object`, reader.pos);
  }
  return value;
}

/** Reads marshalled data that must be a code object (what marshal.dumps(compile(...)) gives). */
export function readMarshalCode(data: Uint8Array): CodeObject {
  const value = readMarshal(data);
  if (value.kind !== "code") throw new MarshalError(`expected a code object, got ${value.kind}`, 0);
  return value.value;
}

// A container being read; `start` is the byte offset of its type code, `ref` its reserved ref
// slot (-1 without FLAG_REF).
type Frame = SeqFrame | FrozenSetFrame | DictFrame | CodeFrame;
interface SeqFrame {
  readonly type: "seq";
  readonly start: number;
  readonly value: PyValue;
  readonly items: PyValue[];
  readonly length: number;
}
interface FrozenSetFrame {
  readonly type: "frozenset";
  readonly start: number;
  readonly ref: number;
  readonly items: PyValue[];
  readonly length: number;
}
interface DictFrame {
  readonly type: "dict";
  readonly start: number;
  readonly value: PyValue;
  readonly entries: (readonly [PyValue, PyValue])[];
  /** A key read, waiting for its value. */
  key: PyValue | undefined;
}
interface CodeFrame {
  readonly type: "code";
  readonly start: number;
  readonly ref: number;
  /** argcount, posonlyargcount, kwonlyargcount, stacksize, flags */
  readonly header: readonly number[];
  readonly parts: PyValue[];
  firstLineNo: number;
}

/** The objects of a code object, in marshal order, with the kind each must have. */
const CODE_PARTS = [
  ["co_code", "bytes"],
  ["co_consts", "tuple"],
  ["co_names", "tuple"],
  ["co_localsplusnames", "tuple"],
  ["co_localspluskinds", "bytes"],
  ["co_filename", "str"],
  ["co_name", "str"],
  ["co_qualname", "str"],
  // co_firstlineno, a bare int32, comes here
  ["co_linetable", "bytes"],
  ["co_exceptiontable", "bytes"],
] as const;
const FIRSTLINENO_AFTER = 8;

class MarshalReader {
  pos = 0;
  private readonly refs: (PyValue | typeof PENDING)[] = [];
  private readonly view: DataView;
  // ignoreBOM keeps a leading U+FEFF, which is part of the string for Python.
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  readTop(): PyValue {
    const stack: Frame[] = [];
    for (;;) {
      let at = this.pos;
      // r_object() counts its own level too: objects at depth MAX_MARSHAL_STACK_DEPTH still load.
      if (stack.length >= MAX_MARSHAL_STACK_DEPTH) throw new MarshalError("recursion limit exceeded", at);
      let value = this.begin(stack);
      // Hand each finished value to the container it belongs to, closing containers it completes.
      while (value !== undefined) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          if (value === null) throw new MarshalError("NULL object in marshal data for object", at);
          return value;
        }
        value = this.deliver(frame, value, at);
        if (value !== undefined) {
          stack.pop();
          at = frame.start;
        }
      }
    }
  }

  // --- primitives -------------------------------------------------------------------------

  private need(n: number): number {
    const at = this.pos;
    if (n > this.data.length - at) throw new MarshalError("EOF read where object expected", at);
    this.pos = at + n;
    return at;
  }

  private byte(): number {
    return this.data[this.need(1)]!;
  }

  private int32(): number {
    return this.view.getInt32(this.need(4), true);
  }

  private float64(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  private bytes(n: number): Uint8Array {
    const at = this.need(n);
    return this.data.slice(at, at + n);
  }

  /** r_long used as a size: non-negative (so at most SIZE32_MAX). */
  private size(what: string): number {
    const at = this.pos;
    const n = this.int32();
    if (n < 0) throw new MarshalError(`bad marshal data (${what} size out of range)`, at);
    return n;
  }

  private latin1(n: number): string {
    const at = this.need(n);
    return decodeLatin1(this.data.subarray(at, at + n));
  }

  private utf8String(n: number): string {
    const at = this.need(n);
    const bytes = this.data.subarray(at, at + n);
    try {
      return this.utf8.decode(bytes);
    } catch {
      // Not strict UTF-8: decode again allowing encoded surrogates, as surrogatepass does.
      return decodeUtf8SurrogatePass(bytes, (i) => {
        throw new MarshalError("bad marshal data (invalid UTF-8 in string)", at + i);
      });
    }
  }

  /** The text float of marshal versions 0 and 1: a length byte, then what repr() printed. */
  private textFloat(): number {
    const n = this.byte();
    const at = this.pos;
    const text = this.latin1(n);
    const value = parsePythonFloat(text);
    if (value === undefined) throw new MarshalError(`bad marshal data (invalid float ${JSON.stringify(text)})`, at);
    return value;
  }

  private long(): bigint {
    const at = this.pos;
    const n = this.int32();
    if (n < -SIZE32_MAX) throw new MarshalError("bad marshal data (long size out of range)", at);
    const count = Math.abs(n);
    const first = this.need(2 * count);
    const digit = (i: number): number => {
      const d = this.view.getUint16(first + 2 * i, true);
      if (d > LONG_MASK) throw new MarshalError("bad marshal data (digit out of range in long)", first + 2 * i);
      return d;
    };
    if (count > 0 && digit(count - 1) === 0) {
      throw new MarshalError("bad marshal data (unnormalized long data)", first + 2 * (count - 1));
    }
    let magnitude: bigint;
    if (count <= 3) {
      // Up to 45 bits: exact in a double, and much faster than bigint arithmetic.
      let m = 0;
      for (let i = count - 1; i >= 0; i--) m = m * (LONG_MASK + 1) + digit(i);
      magnitude = BigInt(m);
    } else {
      magnitude = 0n;
      for (let i = count - 1; i >= 0; i--) magnitude = (magnitude << 15n) | BigInt(digit(i));
    }
    return n < 0 ? -magnitude : magnitude;
  }

  // --- objects ----------------------------------------------------------------------------

  private remember<T extends PyValue>(flag: boolean, value: T): T {
    if (flag) this.refs.push(value);
    return value;
  }

  /** Reserves a ref slot for an object registered only once complete (code, frozenset). */
  private reserve(flag: boolean): number {
    if (!flag) return -1;
    this.refs.push(PENDING);
    return this.refs.length - 1;
  }

  private fill<T extends PyValue>(ref: number, value: T): T {
    if (ref >= 0) this.refs[ref] = value;
    return value;
  }

  /**
   * Reads a type code and what follows it. Returns the finished value (null for TYPE_NULL), or
   * undefined after pushing a frame for a container whose elements come next.
   */
  private begin(stack: Frame[]): PyValue | null | undefined {
    const start = this.pos;
    const code = this.byte();
    const flag = (code & FLAG_REF) !== 0;
    const type = code & ~FLAG_REF;
    switch (type) {
      case TYPE_NULL:
        return null;
      // Singletons are never entered in the ref table, even with FLAG_REF set.
      case TYPE_NONE:
        return PY_NONE;
      case TYPE_STOPITER:
        return PY_STOP_ITERATION;
      case TYPE_ELLIPSIS:
        return PY_ELLIPSIS;
      case TYPE_FALSE:
        return PY_FALSE;
      case TYPE_TRUE:
        return PY_TRUE;
      case TYPE_INT:
        return this.remember(flag, { kind: "int", value: BigInt(this.int32()) });
      case TYPE_LONG:
        return this.remember(flag, { kind: "int", value: this.long() });
      case TYPE_FLOAT:
        return this.remember(flag, { kind: "float", value: this.textFloat() });
      case TYPE_BINARY_FLOAT:
        return this.remember(flag, { kind: "float", value: this.float64() });
      case TYPE_COMPLEX: {
        const real = this.textFloat();
        return this.remember(flag, { kind: "complex", real, imag: this.textFloat() });
      }
      case TYPE_BINARY_COMPLEX: {
        const real = this.float64();
        return this.remember(flag, { kind: "complex", real, imag: this.float64() });
      }
      case TYPE_STRING:
        return this.remember(flag, { kind: "bytes", value: this.bytes(this.size("bytes object")) });
      case TYPE_UNICODE:
      case TYPE_INTERNED:
        return this.remember(flag, { kind: "str", value: this.utf8String(this.size("string")) });
      case TYPE_ASCII:
      case TYPE_ASCII_INTERNED:
        return this.remember(flag, { kind: "str", value: this.latin1(this.size("string")) });
      case TYPE_SHORT_ASCII:
      case TYPE_SHORT_ASCII_INTERNED:
        return this.remember(flag, { kind: "str", value: this.latin1(this.byte()) });
      case TYPE_SMALL_TUPLE:
        return this.sequence(stack, start, "tuple", this.byte(), flag);
      case TYPE_TUPLE:
        return this.sequence(stack, start, "tuple", this.size("tuple"), flag);
      case TYPE_LIST:
        return this.sequence(stack, start, "list", this.size("list"), flag);
      case TYPE_SET:
        return this.sequence(stack, start, "set", this.size("set"), flag);
      case TYPE_FROZENSET: {
        const length = this.size("set");
        if (length === 0) return this.remember(flag, { kind: "frozenset", items: [] });
        stack.push({ type: "frozenset", start, ref: this.reserve(flag), items: [], length });
        return undefined;
      }
      case TYPE_DICT: {
        const entries: (readonly [PyValue, PyValue])[] = [];
        const value = this.remember(flag, { kind: "dict", entries });
        stack.push({ type: "dict", start, value, entries, key: undefined });
        return undefined;
      }
      case TYPE_CODE: {
        const ref = this.reserve(flag);
        const header = [this.int32(), this.int32(), this.int32(), this.int32(), this.int32()];
        stack.push({ type: "code", start, ref, header, parts: [], firstLineNo: 0 });
        return undefined;
      }
      case TYPE_REF: {
        const at = this.pos;
        const index = this.int32();
        const value = index >= 0 && index < this.refs.length ? this.refs[index] : undefined;
        if (value === undefined || value === PENDING) {
          throw new MarshalError(`bad marshal data (invalid reference ${index})`, at);
        }
        return value;
      }
      default:
        throw new MarshalError(`bad marshal data (unknown type code 0x${type.toString(16)})`, start);
    }
  }

  private sequence(
    stack: Frame[],
    start: number,
    kind: "tuple" | "list" | "set",
    length: number,
    flag: boolean,
  ): PyValue | undefined {
    // Registered before its elements, so an element may refer back to its container.
    const items: PyValue[] = [];
    const value = this.remember(flag, { kind, items });
    if (length === 0) return value;
    stack.push({ type: "seq", start, value, items, length });
    return undefined;
  }

  /** Adds a value to the innermost container; returns the container once it is complete. */
  private deliver(frame: Frame, value: PyValue | null, at: number): PyValue | undefined {
    switch (frame.type) {
      case "seq":
      case "frozenset": {
        if (value === null) {
          const what = frame.type === "seq" ? frame.value.kind : "set";
          throw new MarshalError(`NULL object in marshal data for ${what}`, at);
        }
        frame.items.push(value);
        if (frame.items.length < frame.length) return undefined;
        return frame.type === "seq" ? frame.value : this.fill(frame.ref, { kind: "frozenset", items: frame.items });
      }
      case "dict":
        // Like marshal.c, a NULL in either position ends the dict.
        if (value === null) return frame.value;
        if (frame.key === undefined) {
          frame.key = value;
        } else {
          frame.entries.push([frame.key, value]);
          frame.key = undefined;
        }
        return undefined;
      case "code": {
        const index = frame.parts.length;
        const [what, kind] = CODE_PARTS[index]!;
        if (value === null) throw new MarshalError(`NULL object in marshal data for ${what}`, at);
        if (value.kind !== kind) {
          throw new MarshalError(`bad marshal data (${what} is ${value.kind}, expected ${kind})`, at);
        }
        if ((what === "co_names" || what === "co_localsplusnames") && value.kind === "tuple") {
          const bad = value.items.find((item) => item.kind !== "str");
          if (bad !== undefined) throw new MarshalError(`bad marshal data (${what} holds a ${bad.kind})`, at);
        }
        frame.parts.push(value);
        if (frame.parts.length === FIRSTLINENO_AFTER) frame.firstLineNo = this.int32();
        if (frame.parts.length < CODE_PARTS.length) return undefined;
        return this.fill(frame.ref, { kind: "code", value: this.codeObject(frame) });
      }
    }
  }

  private codeObject(frame: CodeFrame): CodeObject {
    const [argCount, posOnlyArgCount, kwOnlyArgCount, stackSize, flags] = frame.header as [
      number, number, number, number, number,
    ];
    const [code, consts, names, localsPlusNames, localsPlusKinds, filename, name, qualname, lineTable, exceptionTable] =
      frame.parts as [PyBytes, PyTuple, PyTuple, PyTuple, PyBytes, PyStr, PyStr, PyStr, PyBytes, PyBytes];
    if (code.value.length % 2 !== 0) {
      throw new MarshalError(`bad marshal data (code object ${name.value}: odd co_code length)`, frame.start);
    }
    const strings = (t: PyTuple): string[] => t.items.map((item) => (item as PyStr).value);
    try {
      return makeCodeObject({
        argCount,
        posOnlyArgCount,
        kwOnlyArgCount,
        stackSize,
        flags,
        code: code.value,
        consts: consts.items,
        names: strings(names),
        localsPlusNames: strings(localsPlusNames),
        localsPlusKinds: localsPlusKinds.value,
        filename: filename.value,
        name: name.value,
        qualname: qualname.value,
        firstLineNo: frame.firstLineNo,
        lineTable: lineTable.value,
        exceptionTable: exceptionTable.value,
      });
    } catch (e) {
      if (e instanceof RangeError) throw new MarshalError(`bad marshal data (${e.message})`, frame.start);
      throw e;
    }
  }
}
