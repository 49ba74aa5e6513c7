"""Dicts and JSON: a list of nested records (dicts, lists, strings, ints, floats, booleans, None)
serialized to JSON by a hand-written recursive encoder, parsed back by a hand-written
recursive-descent parser, compared with the original, then aggregated into dict-of-dict summaries.
Dict get/set, isinstance dispatch, string building, character scanning.

Hot function: run(n) -> str, the document's length and hash and the aggregates.
Usage: python3.11 dicts_json.py N
"""

import sys

CITIES = ["Oslo", "Lima", "Kyiv", "Pune", "Tunis", "Quito", "Hanoi"]
TAGS = ["new", "vip", "late", "north", "south", "beta", "\u00e9t\u00e9", "tab\there", 'say "hi"']


def make_records(n, seed):
    state = seed
    records = []
    for i in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        tags = [TAGS[(state >> k) % len(TAGS)] for k in range(state % 4)]
        records.append({
            "id": i,
            "name": f"user{i:05d}",
            "active": state % 3 != 0,
            "score": (state % 100000) / 128.0,
            "tags": tags,
            "address": {"city": CITIES[state % len(CITIES)], "zip": state % 90000 + 10000},
            "manager": None if i % 5 else i // 5,
        })
    return records


ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def encode_string(s, out):
    out.append('"')
    for c in s:
        e = ESCAPES.get(c)
        if e is not None:
            out.append(e)
        elif ord(c) < 0x20 or ord(c) > 0x7E:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')


def encode(value, out):
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        out.append(repr(value))
    elif isinstance(value, str):
        encode_string(value, out)
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            encode(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            if not first:
                out.append(",")
            first = False
            encode_string(key, out)
            out.append(":")
            encode(item, out)
        out.append("}")
    else:
        raise TypeError(f"cannot encode {type(value).__name__}")


class Parser:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def parse(self):
        value = self.value()
        if self.pos != len(self.text):
            raise ValueError(f"trailing data at {self.pos}")
        return value

    def value(self):
        c = self.text[self.pos]
        if c == "{":
            return self.object()
        if c == "[":
            return self.array()
        if c == '"':
            return self.string()
        if self.text.startswith("null", self.pos):
            self.pos += 4
            return None
        if self.text.startswith("true", self.pos):
            self.pos += 4
            return True
        if self.text.startswith("false", self.pos):
            self.pos += 5
            return False
        return self.number()

    def object(self):
        self.pos += 1
        result = {}
        if self.text[self.pos] == "}":
            self.pos += 1
            return result
        while True:
            key = self.string()
            self.pos += 1  # ':'
            result[key] = self.value()
            c = self.text[self.pos]
            self.pos += 1
            if c == "}":
                return result

    def array(self):
        self.pos += 1
        result = []
        if self.text[self.pos] == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            c = self.text[self.pos]
            self.pos += 1
            if c == "]":
                return result

    def string(self):
        text = self.text
        i = self.pos + 1
        parts = []
        start = i
        while True:
            c = text[i]
            if c == '"':
                parts.append(text[start:i])
                self.pos = i + 1
                return "".join(parts)
            if c == "\\":
                parts.append(text[start:i])
                e = text[i + 1]
                if e == "u":
                    parts.append(chr(int(text[i + 2:i + 6], 16)))
                    i += 6
                else:
                    parts.append({"n": "\n", "t": "\t", "r": "\r"}.get(e, e))
                    i += 2
                start = i
            else:
                i += 1

    def number(self):
        text = self.text
        start = self.pos
        i = start
        is_float = False
        while i < len(text) and text[i] in "+-0123456789.eE":
            if text[i] in ".eE":
                is_float = True
            i += 1
        self.pos = i
        return float(text[start:i]) if is_float else int(text[start:i])


def aggregate(records):
    by_city = {}
    tag_counts = {}
    for r in records:
        city = r["address"]["city"]
        entry = by_city.get(city)
        if entry is None:
            entry = by_city[city] = {"count": 0, "score": 0.0, "active": 0}
        entry["count"] += 1
        entry["score"] += r["score"]
        if r["active"]:
            entry["active"] += 1
        for t in r["tags"]:
            tag_counts[t] = tag_counts.get(t, 0) + 1
    return by_city, tag_counts


def run(n):
    records = make_records(n, 7)
    out = []
    encode(records, out)
    text = "".join(out)
    back = Parser(text).parse()
    if back != records:
        raise AssertionError("JSON round trip changed the data")
    by_city, tag_counts = aggregate(back)
    h = 0
    for c in text:
        h = (h * 31 + ord(c)) & 0xFFFFFFFF
    best = max(by_city, key=lambda c: (by_city[c]["score"], c))
    tags = ",".join(f"{t}={tag_counts[t]}" for t in sorted(tag_counts))
    return f"{len(text)} {h} {best} {by_city[best]['count']} {by_city[best]['score']:.4f} {tags}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
