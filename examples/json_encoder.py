"""A JSON encoder and decoder written in plain Python, checked by round trips.

The encoder follows the json module's output byte for byte for the options it supports (indent,
sort_keys, ensure_ascii, separators, allow_nan, a default hook) and detects circular references;
the decoder is a recursive-descent parser with exact error positions. The program generates
documents from a seeded generator, round-trips them through both, compares with the standard
library, and prints what it checked. String building, dict and list traffic, exceptions and
pattern matching make it the "ordinary Python code" test case.

Run: python3.11 examples/json_encoder.py [documents]
"""

import json
import math
import sys

ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}

UNESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

WHITESPACE = " \t\n\r"
DIGITS = "0123456789"


class JSONError(ValueError):
    """A decoding error with the position, worded like json.JSONDecodeError."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__(f"{msg}: line {lineno} column {colno} (char {pos})")
        self.msg = msg
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


class EncodeError(TypeError):
    pass


# ---- encoding -----------------------------------------------------------------------------------


def escape_char(ch, ensure_ascii):
    known = ESCAPES.get(ch)
    if known is not None:
        return known
    code = ord(ch)
    if code < 0x20:
        return f"\\u{code:04x}"
    if ensure_ascii and code > 0x7E:
        if code > 0xFFFF:
            code -= 0x10000
            high = 0xD800 | (code >> 10)
            low = 0xDC00 | (code & 0x3FF)
            return f"\\u{high:04x}\\u{low:04x}"
        return f"\\u{code:04x}"
    return ch


def encode_string(s, ensure_ascii=True):
    out = ['"']
    for ch in s:
        if ch.isascii() and ch.isprintable() and ch not in ESCAPES:
            out.append(ch)
        else:
            out.append(escape_char(ch, ensure_ascii))
    out.append('"')
    return "".join(out)


def encode_float(x, allow_nan):
    if x != x:
        text = "NaN"
    elif x == math.inf:
        text = "Infinity"
    elif x == -math.inf:
        text = "-Infinity"
    else:
        return repr(x)
    if not allow_nan:
        raise ValueError(f"Out of range float values are not JSON compliant: {x!r}")
    return text


class Encoder:
    def __init__(self, indent=None, sort_keys=False, ensure_ascii=True, separators=None,
                 allow_nan=True, default=None):
        self.indent = " " * indent if isinstance(indent, int) else indent
        self.sort_keys = sort_keys
        self.ensure_ascii = ensure_ascii
        if separators is None:
            separators = (", ", ": ") if indent is None else (",", ": ")
        self.item_sep, self.key_sep = separators
        self.allow_nan = allow_nan
        self.default = default

    def encode(self, obj):
        chunks = []
        self._encode(obj, chunks, 0, set())
        return "".join(chunks)

    def _key(self, key):
        match key:
            case str():
                return key
            case bool():
                return "true" if key else "false"
            case int():
                return int.__repr__(key)
            case float():
                return encode_float(key, self.allow_nan)
            case None:
                return "null"
            case _:
                raise EncodeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")

    def _newline(self, chunks, depth):
        if self.indent is not None:
            chunks.append("\n" + self.indent * depth)

    def _encode(self, obj, chunks, depth, active):
        match obj:
            case None:
                chunks.append("null")
            case True:
                chunks.append("true")
            case False:
                chunks.append("false")
            case str():
                chunks.append(encode_string(obj, self.ensure_ascii))
            case int():
                chunks.append(int.__repr__(obj))
            case float():
                chunks.append(encode_float(obj, self.allow_nan))
            case list() | tuple():
                self._encode_array(obj, chunks, depth, active)
            case dict():
                self._encode_object(obj, chunks, depth, active)
            case _:
                if self.default is None:
                    raise EncodeError(f"Object of type {type(obj).__name__} is not JSON serializable")
                self._encode(self.default(obj), chunks, depth, active)

    def _enter(self, obj, active):
        marker = id(obj)
        if marker in active:
            raise ValueError("Circular reference detected")
        active.add(marker)
        return marker

    def _encode_array(self, items, chunks, depth, active):
        if not items:
            chunks.append("[]")
            return
        marker = self._enter(items, active)
        chunks.append("[")
        for i, item in enumerate(items):
            if i:
                chunks.append(self.item_sep)
            self._newline(chunks, depth + 1)
            self._encode(item, chunks, depth + 1, active)
        self._newline(chunks, depth)
        chunks.append("]")
        active.discard(marker)

    def _encode_object(self, mapping, chunks, depth, active):
        if not mapping:
            chunks.append("{}")
            return
        marker = self._enter(mapping, active)
        chunks.append("{")
        items = [(self._key(k), v) for k, v in mapping.items()]
        if self.sort_keys:
            items.sort(key=lambda kv: kv[0])
        first = True
        for key, value in items:
            if not first:
                chunks.append(self.item_sep)
            first = False
            self._newline(chunks, depth + 1)
            chunks.append(encode_string(key, self.ensure_ascii))
            chunks.append(self.key_sep)
            self._encode(value, chunks, depth + 1, active)
        self._newline(chunks, depth)
        chunks.append("}")
        active.discard(marker)


def dumps(obj, **options):
    return Encoder(**options).encode(obj)


# ---- decoding -----------------------------------------------------------------------------------


class Decoder:
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.depth = 0

    def error(self, msg, pos=None):
        return JSONError(msg, self.text, self.pos if pos is None else pos)

    def skip_ws(self):
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in WHITESPACE:
            pos += 1
        self.pos = pos

    def decode(self):
        self.skip_ws()
        value = self.value()
        self.skip_ws()
        if self.pos != len(self.text):
            raise self.error("Extra data")
        return value

    def value(self):
        if self.pos >= len(self.text):
            raise self.error("Expecting value")
        ch = self.text[self.pos]
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        if ch == "-" or ch in DIGITS:
            return self.number()
        for word, result in (("true", True), ("false", False), ("null", None),
                             ("NaN", math.nan), ("Infinity", math.inf), ("-Infinity", -math.inf)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        raise self.error("Expecting value")

    def nested(self, parse):
        self.depth += 1
        if self.depth > 500:
            raise self.error("Nesting too deep")
        try:
            return parse()
        finally:
            self.depth -= 1

    def obj(self):
        return self.nested(self._obj)

    def _obj(self):
        self.pos += 1
        result = {}
        self.skip_ws()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return result
        while True:
            self.skip_ws()
            if not self.text.startswith('"', self.pos):
                raise self.error("Expecting property name enclosed in double quotes")
            key = self.string()
            self.skip_ws()
            if not self.text.startswith(":", self.pos):
                raise self.error("Expecting ':' delimiter")
            self.pos += 1
            self.skip_ws()
            result[key] = self.value()
            self.skip_ws()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("}", self.pos):
                self.pos += 1
                return result
            else:
                raise self.error("Expecting ',' delimiter")

    def array(self):
        return self.nested(self._array)

    def _array(self):
        self.pos += 1
        result = []
        self.skip_ws()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return result
        while True:
            self.skip_ws()
            result.append(self.value())
            self.skip_ws()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("]", self.pos):
                self.pos += 1
                return result
            else:
                raise self.error("Expecting ',' delimiter")

    def hex4(self, at):
        digits = self.text[at:at + 4]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.error("Invalid \\uXXXX escape", at - 1)
        return int(digits, 16)

    def string(self):
        start = self.pos
        text = self.text
        pos = start + 1
        parts = []
        while True:
            end = pos
            while end < len(text) and text[end] not in '"\\' and text[end] >= " ":
                end += 1
            parts.append(text[pos:end])
            if end >= len(text):
                raise self.error("Unterminated string starting at", start)
            ch = text[end]
            if ch == '"':
                self.pos = end + 1
                return "".join(parts)
            if ch != "\\":
                raise self.error("Invalid control character at", end)
            esc = text[end + 1:end + 2]
            if esc == "u":
                code = self.hex4(end + 2)
                pos = end + 6
                if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", pos):
                    low = self.hex4(pos + 2)
                    if 0xDC00 <= low <= 0xDFFF:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        pos += 6
                parts.append(chr(code))
            elif esc in UNESCAPES:
                parts.append(UNESCAPES[esc])
                pos = end + 2
            else:
                raise self.error("Invalid \\escape", end)

    def number(self):
        text, start = self.text, self.pos
        pos = start
        if text.startswith("-Infinity", pos):
            self.pos += 9
            return -math.inf
        if text[pos] == "-":
            pos += 1
        if pos < len(text) and text[pos] == "0":
            pos += 1
        elif pos < len(text) and text[pos] in DIGITS:
            while pos < len(text) and text[pos] in DIGITS:
                pos += 1
        else:
            raise self.error("Expecting value", start)
        is_float = False
        if pos + 1 < len(text) and text[pos] == "." and text[pos + 1] in DIGITS:
            is_float = True
            pos += 1
            while pos < len(text) and text[pos] in DIGITS:
                pos += 1
        if pos < len(text) and text[pos] in "eE":
            exp = pos + 1
            if exp < len(text) and text[exp] in "+-":
                exp += 1
            if exp < len(text) and text[exp] in DIGITS:
                is_float = True
                pos = exp
                while pos < len(text) and text[pos] in DIGITS:
                    pos += 1
        self.pos = pos
        literal = text[start:pos]
        return float(literal) if is_float else int(literal)


def loads(text):
    return Decoder(text).decode()


def iter_tokens(text):
    """Yields (kind, text) for each token: the lexer view, for the statistics below."""
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in WHITESPACE:
            pos += 1
        elif ch in "{}[],:":
            yield "punct", ch
            pos += 1
        elif ch == '"':
            d = Decoder(text)
            d.pos = pos
            d.string()
            yield "string", text[pos:d.pos]
            pos = d.pos
        else:
            d = Decoder(text)
            d.pos = pos
            d.value()
            yield "scalar", text[pos:d.pos]
            pos = d.pos


# ---- documents ----------------------------------------------------------------------------------


class Rng:
    """A 64-bit LCG (Knuth's MMIX constants): the same documents on every run and machine."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return self.state >> 33

    def below(self, n):
        return self.next() % n

    def choice(self, items):
        return items[self.below(len(items))]


WORDS = ["alpha", "beta", "gamma", "δέλτα", "emoji 🎉", "tab\there", 'quote"d', "back\\slash",
         "new\nline", "\x00nul", "", "ünïcödé", "日本語", "a/b", "\u2028sep"]


def make_value(rng, depth):
    kind = rng.below(10 if depth < 4 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.below(2) == 1
    if kind == 2:
        return rng.below(2_000_000) - 1_000_000
    if kind == 3:
        return (rng.below(10**12) - 5 * 10**11) / (1 + rng.below(997))
    if kind == 4:
        return rng.choice(WORDS) + str(rng.below(100))
    if kind == 5:
        return 10 ** rng.below(30) * (1 if rng.below(2) else -1)
    if kind in (6, 7):
        return [make_value(rng, depth + 1) for _ in range(rng.below(5))]
    return {rng.choice(WORDS) + str(i): make_value(rng, depth + 1) for i in range(rng.below(5))}


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def round_trip(doc, stats):
    for options in ({}, {"indent": 2}, {"sort_keys": True}, {"ensure_ascii": False},
                    {"indent": 4, "sort_keys": True, "separators": (",", ":")}):
        ours = dumps(doc, **options)
        theirs = json.dumps(doc, **options)
        check(ours == theirs, f"encoding differs with {options}: {ours!r} != {theirs!r}")
        back = loads(ours)
        check(back == doc, f"round trip changed the document with {options}")
        check(json.loads(ours) == back, "the standard decoder disagrees")
        stats["bytes"] += len(ours)
    for kind, _text in iter_tokens(dumps(doc)):
        stats[kind] = stats.get(kind, 0) + 1


BAD_DOCUMENTS = [
    "", "[1, 2", '{"a" 1}', '{"a": 1,}', "[1,]", '"abc', '"\\x"', "01", "[1] x", "{1: 2}",
    '"\\ud800\\u12"', "-", "tru", '["a"\n,\n  ]',
]


def check_errors():
    for bad in BAD_DOCUMENTS:
        try:
            loads(bad)
        except JSONError as ours:
            try:
                json.loads(bad)
            except json.JSONDecodeError as theirs:
                same = (ours.lineno, ours.colno) == (theirs.lineno, theirs.colno)
                print(f"  {bad!r:22} -> {ours}{'' if same else f'  (json: {theirs})'}")
            else:
                print(f"  {bad!r:22} -> {ours}  (json accepts it)")
        else:
            print(f"  {bad!r:22} -> accepted?!")


def check_encoder_errors():
    loop = []
    loop.append(loop)
    cases = [
        ("circular list", loop, {}),
        ("set", {1, 2}, {}),
        ("nan, strict", [math.nan], {"allow_nan": False}),
        ("tuple key", {(1, 2): 3}, {}),
    ]
    for name, obj, options in cases:
        try:
            dumps(obj, **options)
        except (ValueError, TypeError) as e:
            print(f"  {name}: {type(e).__name__}: {e}")
    print(f"  default hook: {dumps({'s': {3, 1, 2}}, default=sorted)}")


def main(argv):
    count = int(argv[1]) if len(argv) > 1 else 300
    rng = Rng(20240611)
    stats = {"bytes": 0}
    depths = []
    for _ in range(count):
        doc = {f"field{i}": make_value(rng, 1) for i in range(1 + rng.below(6))}
        round_trip(doc, stats)
        depths.append(depth_of(doc))
    print(f"round-tripped {count} documents, {stats['bytes']} bytes of JSON, all equal to json's")
    print(f"tokens: {', '.join(f'{k}={v}' for k, v in sorted(stats.items()) if k != 'bytes')}")
    print(f"deepest document: {max(depths)}; mean depth {sum(depths) / len(depths):.3f}")
    sample = {"name": "pyjc", "passes": [1, 2, 3], "ratio": 0.1 + 0.2, "ok": True, "none": None,
              "nested": {"é": "ü", "list": [[], {}, [{}]]}}
    print(dumps(sample, indent=2, sort_keys=True))
    print("decoding errors:")
    check_errors()
    print("encoding errors:")
    check_encoder_errors()


def depth_of(value):
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    return 0


if __name__ == "__main__":
    main(sys.argv)
