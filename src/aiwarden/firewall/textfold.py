"""Text as the firewall compares it: one spelling for what a reader sees as the same characters.

Values and the conversation are folded the same way, so a value still matches when a tool output hides it
behind invisible characters, compatibility forms (fullwidth "１３"), a look-alike letter inside a Latin word
("Dеlete" with a Cyrillic "е") or a script without spaces ("ファイル13を削除": "13" is a word of its own).
"""

from __future__ import annotations

import re
import unicodedata

from aiwarden.guard.normalize import _HOMOGLYPHS

# Zero-width, joiner, bidirectional and variation-selector characters, the soft hyphen and Unicode tags.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"[^\x00-\x7f\D]")  # a decimal digit outside ASCII (Arabic-Indic "٧٧٧"): NFKC keeps it
_WORD = re.compile(r"\w+")
# Thai, kana, CJK ideographs, Hangul, halfwidth katakana: scripts written without spaces between words.
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
_SCRIPT_SEAM = re.compile(rf"(?<=[{_UNSPACED}])(?=[^\W{_UNSPACED}])|(?<=[^\W{_UNSPACED}])(?=[{_UNSPACED}])")


def fold(text: str) -> str:
    """Casefolded, whitespace-collapsed text; for non-ASCII text also NFKC, every decimal digit ASCII, without
    invisible characters, with look-alike letters inside Latin words mapped to Latin, and a space where an
    unspaced script meets a Latin letter or a digit."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
        if text.translate(_HOMOGLYPHS) != text:
            text = _WORD.sub(_unconfuse_word, text)
        text = _DIGIT.sub(_ascii_digit, text)
        text = _SCRIPT_SEAM.sub(" ", text)
    return _SPACES.sub(" ", text.casefold()).strip()


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.digit(match.group(0), 0))


def _unconfuse_word(match: re.Match[str]) -> str:
    """Only a word that mixes Latin letters with look-alikes: a Russian or Greek word stays itself."""
    word = match.group(0)
    if any("a" <= c <= "z" or "A" <= c <= "Z" for c in word):
        return word.translate(_HOMOGLYPHS)
    return word


# Ways to write an address, a link or a number so that it does not look like one ("bob (at) corp dot com",
# "hxxps://", "thirteen"). Only folded text is read.
_AT = re.compile(r"\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*"
                 r"|\s+at\s+(?=[^\W\d][\w-]*(?:\.\w|\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*\w|\s+dot\s+\w))")
_DOT = re.compile(r"\s*[\(\[\{<]\s*(?:dot|\.)\s*[\)\]\}>]\s*|(?<=\w)\s+dot\s+(?=\w)")
_HXXP = re.compile(r"\bhxxp(s?)(?=\[?:)")
_COLON = re.compile(r"\[:\]")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Ten to ninety-nine: smaller numbers are everyday words ("one of them") more often than disguised values.
_NUMBER_WORDS = re.compile(rf"\b(?:({'|'.join(_TENS)})(?:[\s-]({'|'.join(_UNITS)}))?|({'|'.join(_TEENS)}))\b")


_DISGUISE = re.compile(r"\b(?:at|dot|hxxps?|ten|eleven|twelve|\w+teen|\w+ty)\b|[\(\[\{<]\s*(?:\.|:)")


def deobfuscated(text: str) -> str | None:
    """Folded text with spelled-out or defanged addresses, links and numbers written plainly, or None when
    there is nothing to rewrite."""
    if _DISGUISE.search(text) is None:  # the common case: a cheap look for any of the rewrites' triggers
        return None
    plain = _HXXP.sub(r"http\1", text)
    plain = _COLON.sub(":", plain)
    plain = _AT.sub("@", plain)
    plain = _DOT.sub(".", plain)
    plain = _NUMBER_WORDS.sub(_number, plain)
    return plain if plain != text else None


def _number(match: re.Match[str]) -> str:
    tens, unit, teen = match.groups()
    if teen:
        return str(10 + _TEENS.index(teen))
    return str(20 + 10 * _TENS.index(tens) + (_UNITS.index(unit) + 1 if unit else 0))
