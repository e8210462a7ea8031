"""Normalisation and smuggling detection: text hidden from human readers but read by models.

Finds and decodes Unicode tag characters ("ASCII smuggling"), variation-selector byte smuggling, zero-width
and bidirectional controls, private-use characters, mixed-script confusables, and encoded payloads (base64,
hex, URL-encoding, rot13, leetspeak). Legitimate uses stay quiet: emoji ZWJ sequences, subdivision flags
(black flag + tags + cancel tag), emoji presentation selectors, ZWNJ inside Persian and Indic words.
Everything is linear in the input and bounded.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from aiwarden.core.findings import Severity
from aiwarden.guard.types import GuardFinding

MAX_DECODED = 20
SMUGGLING_TAGS = ("LLM01:2025", "AML.T0051.000", "AML.T0054", "CWE-116")

_TAG_START, _TAG_END, _CANCEL_TAG, _BLACK_FLAG = 0xE0000, 0xE007F, 0xE007F, 0x1F3F4
_ZERO_WIDTH = {0x200B: "ZERO WIDTH SPACE", 0x200C: "ZERO WIDTH NON-JOINER", 0x200D: "ZERO WIDTH JOINER",
               0x2060: "WORD JOINER", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE", 0x180E: "MONGOLIAN VOWEL SEPARATOR",
               0x2061: "FUNCTION APPLICATION", 0x2062: "INVISIBLE TIMES", 0x2063: "INVISIBLE SEPARATOR",
               0x2064: "INVISIBLE PLUS", 0x00AD: "SOFT HYPHEN", 0x034F: "COMBINING GRAPHEME JOINER"}
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
# Every code point _strip_invisible treats specially: tags, selectors, zero-width, bidi, private use.
_SPECIAL = re.compile(
    "[\u00AD\u034F\u180E\u200B-\u200D\u202A-\u202E\u2060-\u2064\u2066-\u2069\uE000-\uF8FF\uFE00-\uFE0F"
    "\uFEFF\U000E0000-\U000E007F\U000E0100-\U000E01EF\U000F0000-\U0010FFFF]"
)
# A zero-width run between two ASCII letters (soft hyphens excepted: they hyphenate long words legitimately).
_SPLIT_WORD = re.compile("[A-Za-z][\u034F\u180E\u200B-\u200D\u2060-\u2064\uFEFF]+(?=[A-Za-z])")
SPLIT_WORDS_MIN = 6
_OVERRIDE_RUN = re.compile("\u202E([^\u202A-\u202E\u2066-\u2069\n]{1,2000})")
# Scripts where ZWNJ/ZWJ are part of ordinary spelling.
_JOINER_SCRIPTS = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u0900-\u0DFF\u0590-\u05FF\u1780-\u17FF]")

# Common homoglyphs from Cyrillic and Greek to Latin (the confusables that matter for English triggers).
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "ο": "o", "α": "a", "ε": "e", "ι": "i",
    "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "Ο": "O", "Α": "A", "Β": "B", "Ε": "E", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
})
_WORD = re.compile(r"\w+")
_BASE64 = re.compile(
    r"(?<![A-Za-z0-9+/=_-])(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=])"
)
_BASE64URL = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{24,}(?![A-Za-z0-9_-])")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[\s:]?){12,}(?![0-9A-Fa-f])")
# Bounded runs between escapes: an unbounded ``[^\s%]*`` rescans to the end of a long word from every start
# position (quadratic: 50 s on 100,000 characters without a space).
_PERCENT = re.compile(r"(?:[^\s%]{0,64}%[0-9A-Fa-f]{2}){3,}[^\s%]{0,64}")
_LEET_WORD = re.compile(r"\b(?=\w*[a-z])(?=\w*[0-9@$])[\w@$]{4,}\b", re.IGNORECASE)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "8": "b"})
# rot13 forms of frequent English words that are not words themselves ("gur" = "the", "lbh" = "you").
_COMMON_WORDS = frozenset((
    "the", "and", "you", "your", "to", "of", "is", "in", "all", "this", "with", "for", "then", "now", "are", "that",
    "from", "not", "will", "must", "user", "what", "when", "please", "instructions", "ignore", "previous", "send",
    "tell", "say", "print", "system", "prompt", "delete", "files", "email", "password", "rules"))
_ROT13_COMMON = frozenset(codecs.encode(w, "rot13") for w in _COMMON_WORDS)
_TRIGGERS = re.compile(r"\b(ignore|disregard|instructions?|system prompt|jailbreak|pretend|bypass|override|"
                       r"password|secret|reveal|forget|previous|developer mode|unfiltered)\b", re.IGNORECASE)


@dataclass(slots=True)
class Normalized:
    """The text a detector should read, what was hidden in it, and the smuggling findings."""

    text: str
    hidden: list[tuple[str, str]] = field(default_factory=list)  # (how it was hidden, decoded text)
    findings: list[GuardFinding] = field(default_factory=list)


def _finding(rule: str, message: str, span: tuple[int, int], evidence: str, severity: Severity,
             score: float) -> GuardFinding:
    return GuardFinding("smuggling", f"smuggling.{rule}", severity, message, span, evidence[:200], score,
                        SMUGGLING_TAGS)


def normalize(text: str) -> Normalized:
    result = Normalized(text)
    visible = _strip_invisible(text, result)
    folded = unicodedata.normalize("NFKC", visible)
    result.text = _unconfuse(folded, result)
    _decode_encodings(result.text, result)
    return result


# -- invisible characters -------------------------------------------------------------------------


def _strip_invisible(text: str, result: Normalized) -> str:
    if _SPECIAL.search(text) is None:  # the common case: nothing invisible, skip the per-character walk
        return text
    _split_words(text, result)
    _reversed_runs(text, result)
    return _walk_invisible(text, result)


def _split_words(text: str, result: Normalized) -> None:
    """Zero-width characters inside Latin words, many times over, exist only to break filters."""
    splits = _SPLIT_WORD.findall(text)
    if len(splits) >= SPLIT_WORDS_MIN:
        result.findings.append(_finding("split-words", f"zero-width characters split words {len(splits)} times",
                                        (0, len(text)), repr(text[:80]), Severity.HIGH, 0.9))


def _reversed_runs(text: str, result: Normalized) -> None:
    """Text after RIGHT-TO-LEFT OVERRIDE displays reversed: readers see one string, the model reads another."""
    for match in _OVERRIDE_RUN.finditer(text):
        run = match.group(1)
        if sum(c.isalpha() for c in run) >= 8:
            _add_hidden(result, "bidi-override", run[::-1])


def _walk_invisible(text: str, result: Normalized) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        cp = ord(text[i])
        if _TAG_START <= cp <= _TAG_END:
            i = _tag_run(text, i, result, out)
            continue
        if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
            i = _selector_run(text, i, result, out)
            continue
        if cp in _ZERO_WIDTH:
            if not _benign_joiner(text, i):
                j = i
                while j < n and ord(text[j]) in _ZERO_WIDTH:
                    j += 1
                result.findings.append(_finding(
                    "zero-width", f"{j - i} invisible {_ZERO_WIDTH[cp].lower()} character(s)", (i, j),
                    repr(text[max(0, i - 10): j + 10]), Severity.MEDIUM if j - i > 1 else Severity.LOW,
                    0.6 if j - i > 1 else 0.3))
                i = j
                continue
            out.append(text[i])
        elif cp in _BIDI:
            result.findings.append(_finding("bidi", f"bidirectional control U+{cp:04X} can reorder what readers see",
                                            (i, i + 1), repr(text[max(0, i - 10): i + 10]), Severity.MEDIUM, 0.6))
        elif 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
            result.findings.append(_finding("private-use", f"private-use character U+{cp:04X}", (i, i + 1),
                                            repr(text[i]), Severity.LOW, 0.2))
        else:
            out.append(text[i])
        i += 1
    return "".join(out)


def _tag_run(text: str, start: int, result: Normalized, out: list[str]) -> int:
    end = start
    while end < len(text) and _TAG_START <= ord(text[end]) <= _TAG_END:
        end += 1
    run = text[start:end]
    is_flag = start > 0 and ord(text[start - 1]) == _BLACK_FLAG and ord(run[-1]) == _CANCEL_TAG and \
        all(c.isalnum() and c.islower() for c in (chr(ord(ch) - _TAG_START) for ch in run[:-1]))
    if is_flag:
        out.append(run)  # an emoji subdivision flag such as England or Scotland
        return end
    decoded = "".join(chr(ord(c) - _TAG_START) for c in run if 0x20 <= ord(c) - _TAG_START <= 0x7E)
    result.findings.append(_finding("unicode-tags", f"{len(run)} invisible Unicode tag characters spell "
                                    f"{decoded[:60]!r}", (start, end), decoded, Severity.HIGH, 0.95))
    _add_hidden(result, "unicode-tags", decoded)
    return end


def _selector_run(text: str, start: int, result: Normalized, out: list[str]) -> int:
    end = start
    while end < len(text) and (0xFE00 <= ord(text[end]) <= 0xFE0F or 0xE0100 <= ord(text[end]) <= 0xE01EF):
        end += 1
    run = text[start:end]
    if len(run) == 1 and ord(run) in (0xFE0E, 0xFE0F) and start > 0:
        out.append(run)  # text/emoji presentation selector after a symbol
        return end
    if len(run) < 4:
        out.append(run)
        return end
    data = bytes((ord(c) - 0xFE00) if ord(c) <= 0xFE0F else (ord(c) - 0xE0100 + 16) for c in run)
    decoded = data.decode("utf-8", "replace")
    result.findings.append(_finding("variation-selectors", f"{len(run)} variation selectors encode "
                                    f"{len(data)} hidden bytes", (start, end), decoded, Severity.HIGH, 0.9))
    _add_hidden(result, "variation-selectors", decoded)
    return end


def _benign_joiner(text: str, i: int) -> bool:
    """ZWJ between emoji (family, profession sequences) and ZWNJ/ZWJ inside joining-script words."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    cp = ord(text[i])
    if cp == 0x200D and before and after and (_is_emoji(before) or ord(before) in (0xFE0F,)) and _is_emoji(after):
        return True
    if cp in (0x200C, 0x200D) and (_JOINER_SCRIPTS.match(before or " ") or _JOINER_SCRIPTS.match(after or " ")):
        return True
    return cp == 0xFEFF and i == 0  # byte-order mark at the start


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x1F3FB <= cp <= 0x1F3FF


# -- confusables ----------------------------------------------------------------------------------


def _unconfuse(text: str, result: Normalized) -> str:
    mapped = text.translate(_HOMOGLYPHS)
    if mapped == text:
        return text
    for match in _WORD.finditer(text):
        word = match.group(0)
        latin = any("a" <= c.lower() <= "z" for c in word)
        if latin and word.translate(_HOMOGLYPHS) != word:
            result.findings.append(_finding("confusables", f"word {word!r} mixes Latin with look-alike letters",
                                            match.span(), word, Severity.MEDIUM, 0.6))
    return mapped


# -- encoded payloads -----------------------------------------------------------------------------


def _printable(decoded: str) -> bool:
    if len(decoded) < 8:
        return False
    letters = sum(c.isalpha() or c.isspace() for c in decoded)
    return letters / len(decoded) >= 0.7 and not any(unicodedata.category(c) == "Cc" and c not in "\n\t\r"
                                                     for c in decoded)


def _decode_encodings(text: str, result: Normalized) -> None:
    seen: set[tuple[int, int]] = set()
    for match in list(_BASE64.finditer(text)) + list(_BASE64URL.finditer(text)):
        raw = match.group(0)
        if any(a <= match.start() and match.end() <= b for a, b in seen):
            continue
        try:
            data = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_" if ("-" in raw or "_" in raw)
                                    else None)
            decoded = data.decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            continue
        if _printable(decoded):
            seen.add(match.span())
            _encoded(result, "base64", match.span(), raw, decoded)
    for match in _HEX.finditer(text):
        raw = re.sub(r"[\s:]", "", match.group(0))
        try:
            decoded = bytes.fromhex(raw).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
        if _printable(decoded):
            _encoded(result, "hex", match.span(), match.group(0), decoded)
    for match in _PERCENT.finditer(text):
        decoded = unquote(match.group(0))
        if _printable(decoded):
            _encoded(result, "url-encoding", match.span(), match.group(0), decoded)
    _decode_rot13(text, result)
    leet_words = _LEET_WORD.findall(text)
    if leet_words:
        deleeted = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
        if _TRIGGERS.search(deleeted) and not _TRIGGERS.search(text):
            _encoded(result, "leetspeak", (0, len(text)), " ".join(leet_words[:5]), deleeted, Severity.MEDIUM)


def _decode_rot13(text: str, result: Normalized) -> None:
    """A stretch of text where common English words appear only after rot13 is rot13-encoded English."""
    hits = [m for m in _WORD.finditer(text) if m.group(0).lower() in _ROT13_COMMON]
    if len(hits) >= 3:
        start, end = hits[0].start(), hits[-1].end()
        words = _WORD.findall(text, start, end)
        plain = sum(1 for w in words if w.lower() in _COMMON_WORDS)
        if len(hits) / len(words) >= 0.15 and len(hits) > 2 * plain:
            # Widen to the whole sentence(s): the first and last frequent words rarely open and close it.
            sentence = text.rfind(". ", 0, start)
            start = max(sentence + 2 if sentence >= 0 else 0, text.rfind("\n", 0, start) + 1)
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline
            _encoded(result, "rot13", (start, end), text[start:end][:80], codecs.decode(text[start:end], "rot13"))
            return
    if not _TRIGGERS.search(text):
        rot = codecs.decode(text, "rot13")
        if len(_TRIGGERS.findall(rot)) >= 2:
            _encoded(result, "rot13", (0, len(text)), text[:80], rot)


def _encoded(result: Normalized, kind: str, span: tuple[int, int], raw: str, decoded: str,
             severity: Severity = Severity.LOW) -> None:
    triggers = bool(_TRIGGERS.search(decoded))
    result.findings.append(_finding(
        f"encoded-{kind}", f"{kind} text decodes to {decoded[:60]!r}", span, raw,
        Severity.MEDIUM if triggers else severity, 0.7 if triggers else 0.2))
    _add_hidden(result, kind, decoded)


def _add_hidden(result: Normalized, kind: str, decoded: str) -> None:
    if len(result.hidden) < MAX_DECODED and decoded.strip():
        result.hidden.append((kind, decoded))
