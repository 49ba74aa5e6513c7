// The Python program PythonSubprocessSource runs (`python3.11 -I -S -c DRIVER`). It is a string
// here rather than a .py file so that it ships inside the compiled package.
//
// Framing, all integers unsigned 32-bit little-endian:
//   request (stdin), repeated until EOF:
//     b"F" <len> <path bytes>                          compile the file at path
//     b"S" <len> <filename utf-8> <len> <source utf-8>  compile source text under that filename
//   response (stdout), one per request, in order:
//     <len> <JSON utf-8> <len> <marshal bytes>
//   The JSON is {"ok": true, "warnings": [...]} with the marshalled module code object, or
//   {"ok": false, "error": {...}} with an empty marshal part; see code-source.ts for the errors.

export const PYTHON_DRIVER = String.raw`
import errno, io, json, marshal, os, struct, sys, tokenize, traceback, warnings

def declares_encoding(data):
    # Mirrors the tokenizer: a BOM, or a coding cookie on line 1, or on line 2 after a blank or
    # comment-only line 1.
    if data.startswith(b"\xef\xbb\xbf"):
        return True
    first, _, rest = data.partition(b"\n")
    second = rest.partition(b"\n")[0]
    if tokenize.cookie_re.match(first.decode("latin-1")):
        return True
    return bool(tokenize.blank_re.match(first)) and bool(tokenize.cookie_re.match(second.decode("latin-1")))

def undeclared_non_utf8(data, filename):
    # compile(bytes) does not reliably reject undeclared non-UTF-8 input; the interpreter, reading
    # a file, does, with this message (Parser/tokenizer.c).
    if declares_encoding(data):
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return ("Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no encoding "
                "declared; see https://peps.python.org/pep-0263/ for details" % (data[e.start], filename, line))

def syntax_error(e, filename):
    formatted = "".join(traceback.format_exception_only(type(e), e))
    if isinstance(e, SyntaxError):
        return {"kind": "syntax", "type": type(e).__name__, "msg": e.msg, "filename": e.filename,
                "lineno": e.lineno, "offset": e.offset, "endLineno": e.end_lineno,
                "endOffset": e.end_offset, "text": e.text, "formatted": formatted}
    # 3.11 raises ValueError for NUL bytes, RecursionError/MemoryError for extreme nesting.
    return {"kind": "syntax", "type": type(e).__name__, "msg": str(e), "filename": filename,
            "lineno": None, "offset": None, "endLineno": None, "endOffset": None, "text": None,
            "formatted": formatted}

def compile_one(source, filename):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = compile(source, filename, "exec", dont_inherit=True)
        except Exception as e:
            return {"ok": False, "error": syntax_error(e, filename)}, b""
    shown = ["%s:%s: %s: %s" % (w.filename, w.lineno, w.category.__name__, w.message) for w in caught]
    return {"ok": True, "warnings": shown}, marshal.dumps(code)

def compile_path(path):
    filename = os.fsdecode(path)
    try:
        with open(filename, "rb") as f:
            data = f.read()
    except OSError as e:
        code = errno.errorcode.get(e.errno, "EIO") if e.errno else "EIO"
        return {"ok": False, "error": {"kind": "source", "reason": "io", "code": code,
                                       "message": str(e), "filename": filename}}, b""
    problem = undeclared_non_utf8(data, filename)
    if problem is not None:
        return {"ok": False, "error": {"kind": "source", "reason": "encoding", "code": "EILSEQ",
                                       "message": problem, "filename": filename}}, b""
    return compile_one(data, filename)

def main():
    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    pos = 0
    def take():
        nonlocal pos
        (n,) = struct.unpack_from("<I", data, pos)
        chunk = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        return chunk
    while pos < len(data):
        kind = data[pos:pos + 1]
        pos += 1
        if kind == b"F":
            meta, blob = compile_path(take())
        elif kind == b"S":
            filename = take().decode("utf-8")
            meta, blob = compile_one(take().decode("utf-8"), filename)
        else:
            sys.exit("pyjc driver: bad request kind %r" % kind)
        js = json.dumps(meta).encode("utf-8")
        out.write(struct.pack("<I", len(js)) + js + struct.pack("<I", len(blob)) + blob)
    out.flush()

main()
`;
