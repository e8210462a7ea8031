"""How the reference target reads smuggled text: the readings ("views") of a message it tries in turn.

A capable model reads base64, hex, rot13, leetspeak, reversed text, homoglyphs, zero-width padding and Unicode tag
characters without being told how; the vulnerable reference target does the same so that converters work against
it. Each view is a plausible reading of the whole message; the first view holding an actionable ask wins."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e\u200e\u200f\u2061\u2062\u2063\u2064"
_ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, ZERO_WIDTH))

# Cyrillic and Greek letters that look like Latin ones (what homoglyph converters swap in).
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ⅼ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
    "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D",
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "ε": "e",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X",
})

_LEET = {"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t", "8": "b", "9": "g"}

_COMMON = frozenset("""
the be to of and a in that have i it for not on with he as you do at this but his by from they we say her she or an
will my one all would there their what so up out if about who get which go me when make can like time no just him know
take people into year your good some could them see other than then now look only come its over think also back after
use two how our work first well way even new want because any these give day most us is are was were has had been said
print reply output respond ignore instructions previous system prompt secret password please tell write show reveal
following text above word words answer question repeat decode message send email call tool must should every here
done rot me hello world yes thanks thank please tell data new old hi ok only exactly just then now were did does
""".split())

_BASE64 = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){8,}(?![0-9A-Fa-f])")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2}){4,}")
_SEGMENT = re.compile(r"[^\n.!?:]+[.!?:]?")
_LEET_TOKEN = re.compile(r"[A-Za-z0-9@$!]+")


def english_score(text: str) -> float:
    """The share of words that are common English words: how readable a candidate decoding is."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return 0.0
    return sum(word in _COMMON for word in words) / len(words)


def _printable(text: str) -> bool:
    if len(text) < 4:
        return False
    good = sum(ch.isprintable() or ch in "\n\t\r" for ch in text)
    return good / len(text) >= 0.95 and any(ch.isalpha() for ch in text)


def _decode_base64(blob: str) -> str | None:
    padded = blob + "=" * (-len(blob) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded) if ("-" in blob or "_" in blob) else base64.b64decode(padded)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return text if _printable(text) else None


def _decode_hex(blob: str) -> str | None:
    try:
        text = bytes.fromhex(re.sub(r"[ :]", "", blob)).decode("utf-8")
    except ValueError:
        return None
    return text if _printable(text) else None


def decode_blobs(text: str) -> str:
    """Replace base64, hex and percent-encoded runs that decode to readable text by their decoding."""
    text = _BASE64.sub(lambda m: _decode_base64(m.group()) or m.group(), text)
    text = _HEX.sub(lambda m: _decode_hex(m.group()) or m.group(), text)
    return _PERCENT.sub(lambda m: unquote(m.group()), text)


def _zero_width_bits(text: str) -> str:
    """Text hidden as bits in two kinds of zero-width characters (8 per byte), when there is any."""
    marks = [ch for ch in text if ch in ZERO_WIDTH]
    kinds = sorted(set(marks))
    if len(marks) < 16 or len(kinds) != 2 or len(marks) % 8:
        return ""
    bits = "".join("0" if ch == kinds[0] else "1" for ch in marks)
    decoded = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)).decode("utf-8", "replace")
    return decoded if _printable(decoded) else ""


def unsmuggle(text: str) -> str:
    """Visible text without zero-width padding, NFKC-folded, with Unicode-tag and zero-width-bit text appended."""
    tags = "".join(chr(ord(ch) - 0xE0000) for ch in text if 0xE0020 <= ord(ch) <= 0xE007E)
    hidden_bits = _zero_width_bits(text)
    visible = "".join(ch for ch in text if not 0xE0000 <= ord(ch) <= 0xE007F).translate(_ZERO_WIDTH_TABLE)
    visible = unicodedata.normalize("NFKC", visible)
    return "\n".join(part for part in (visible, tags, hidden_bits) if part)


def _rewrite_segments(text: str, rewrite: Callable[[str], str], margin: float = 0.2) -> str:
    def better(match: re.Match[str]) -> str:
        segment = match.group()
        candidate = rewrite(segment)
        return candidate if english_score(candidate) >= english_score(segment) + margin else segment

    return _SEGMENT.sub(better, text)


def rot13_segments(text: str) -> str:
    return _rewrite_segments(text, lambda s: codecs.encode(s, "rot13"))


def reversed_segments(text: str) -> str:
    """Sentences written backwards, read forwards (the whole text first: reversing moves the punctuation)."""
    whole = text[::-1]
    if english_score(whole) >= english_score(text) + 0.2:
        return whole
    return _rewrite_segments(text, lambda s: s[::-1])


def _unleet_token(token: str) -> str:
    letters = sum(ch.isalpha() for ch in token)
    if not letters or letters == len(token) or token.isdigit():
        return token
    upper = all(ch.isupper() for ch in token if ch.isalpha())
    out = []
    for index, ch in enumerate(token):
        if ch == "1" and ("l" in token[max(0, index - 1):index + 2].lower() or token[index + 1:index + 2] == "1"):
            plain = "l"
        else:
            plain = _LEET.get(ch, ch)
        out.append(plain.upper() if upper and plain != ch else plain)
    return "".join(out)


def unleet(text: str) -> str:
    return _LEET_TOKEN.sub(lambda m: _unleet_token(m.group()), text)


def views(text: str) -> list[str]:
    """The readings of ``text`` to try, plainest first, without duplicates."""
    plain = unsmuggle(text)
    homoglyph_free = plain.translate(_HOMOGLYPHS)
    decoded = decode_blobs(homoglyph_free)
    out: list[str] = []
    for view in (plain, homoglyph_free, decoded, rot13_segments(decoded), reversed_segments(decoded), unleet(decoded)):
        if view not in out:
            out.append(view)
    return out
