"""Strings: text processing on generated prose: building words from syllables, splitting and
joining, a word-frequency table, a Caesar cipher and its inverse character by character,
run-length encoding, palindrome search, case changes, replace and find, f-string formatting, and
a polynomial hash to fold it all into one number. str methods, ord/chr, slicing, concatenation.

Hot function: run(n) -> str, lengths and hashes of the intermediate texts.
Usage: python3.11 strings.py N
"""

import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "xe", "zu", "an", "el", "or", "a", "o"]


def make_text(n, seed):
    state = seed
    sentences = []
    for _ in range(n):
        words = []
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        for _ in range(3 + state % 6):
            word = ""
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            for _ in range(1 + state % 3):
                state = (state * 1103515245 + 12345) & 0x7FFFFFFF
                word += SYLLABLES[state % len(SYLLABLES)]
            words.append(word)
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def word_counts(text):
    counts = {}
    for word in text.lower().replace(".", "").split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def caesar(text, shift):
    out = []
    for c in text:
        if "a" <= c <= "z":
            out.append(chr((ord(c) - 97 + shift) % 26 + 97))
        elif "A" <= c <= "Z":
            out.append(chr((ord(c) - 65 + shift) % 26 + 65))
        else:
            out.append(c)
    return "".join(out)


def rle_encode(text):
    if not text:
        return ""
    parts = []
    prev = text[0]
    run = 1
    for c in text[1:]:
        if c == prev:
            run += 1
        else:
            parts.append(f"{run}{prev}")
            prev = c
            run = 1
    parts.append(f"{run}{prev}")
    return "".join(parts)


def rle_decode(code):
    out = []
    digits = ""
    for c in code:
        if c.isdigit():
            digits += c
        else:
            out.append(c * int(digits))
            digits = ""
    return "".join(out)


def poly_hash(text):
    h = 0
    for c in text:
        h = (h * 31 + ord(c)) & 0xFFFFFFFF
    return h


def run(n):
    text = make_text(n, 42)
    counts = word_counts(text)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    secret = caesar(text, 3)
    if caesar(secret, 23) != text:
        raise AssertionError("caesar round trip")
    squeezed = rle_encode(text.replace(" ", "").lower())
    if rle_decode(squeezed) != text.replace(" ", "").lower():
        raise AssertionError("rle round trip")
    palindromes = sum(1 for w in counts if len(w) > 2 and w == w[::-1])
    shouted = text.upper().replace("KA", "ka-").title()
    hits = 0
    at = shouted.find("Lo")
    while at >= 0:
        hits += 1
        at = shouted.find("Lo", at + 2)
    summary = ", ".join(f"{w}:{c}" for w, c in top)
    return f"{len(text)} {len(counts)} {poly_hash(secret)} {len(squeezed)} {palindromes} {hits} {poly_hash(shouted)} {summary}"


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 4000))
