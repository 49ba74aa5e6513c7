// Text decoding for the marshal reader, with CPython's rules rather than the Web's: latin-1 that
// really is latin-1, UTF-8 with surrogatepass, and PyOS_string_to_double's float syntax.

/** Bytes as code points 0-255 (TextDecoder's "latin1" is windows-1252, which differs in 0x80-0x9f). */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

/**
 * UTF-8 with the "surrogatepass" error handler: strict UTF-8 (no overlong forms, nothing above
 * U+10FFFF), except that a three-byte sequence may encode a surrogate U+D800..U+DFFF, which becomes
 * that lone UTF-16 unit in the JS string. Calls `invalid` with the index of the first bad byte.
 */
export function decodeUtf8SurrogatePass(bytes: Uint8Array, invalid: (index: number) => never): string {
  const units: number[] = [];
  let out = "";
  const cont = (i: number): number => {
    const b = bytes[i];
    if (b === undefined || (b & 0xc0) !== 0x80) invalid(i);
    return b! & 0x3f;
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    let cp: number;
    if (b < 0x80) {
      cp = b;
      i += 1;
    } else if (b >= 0xc2 && b < 0xe0) {
      cp = ((b & 0x1f) << 6) | cont(i + 1);
      i += 2;
    } else if (b >= 0xe0 && b < 0xf0) {
      cp = ((b & 0x0f) << 12) | (cont(i + 1) << 6) | cont(i + 2);
      if (cp < 0x800) invalid(i);
      i += 3;
    } else if (b >= 0xf0 && b < 0xf5) {
      cp = ((b & 0x07) << 18) | (cont(i + 1) << 12) | (cont(i + 2) << 6) | cont(i + 3);
      if (cp < 0x10000 || cp > 0x10ffff) invalid(i);
      i += 4;
    } else {
      return invalid(i);
    }
    if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    if (units.length >= 8192) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

const FLOAT_LITERAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * PyOS_string_to_double's syntax (the text floats of marshal versions 0 and 1): a decimal literal
 * or inf/infinity/nan in any case, optionally signed, no whitespace, no underscores.
 */
export function parsePythonFloat(text: string): number | undefined {
  if (FLOAT_LITERAL.test(text)) return Number(text);
  const special = FLOAT_SPECIAL.exec(text);
  if (special === null) return undefined;
  if (special[2]!.toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}
