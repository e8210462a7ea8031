"""A regex alternation searched one alternative at a time, each skipped in a text that cannot hold it.

Python's ``re`` gives a case-blind alternation no first character to skip ahead to, so it tries every alternative
at every position of the text. Most alternatives hold a run of plain letters that every match contains
(``\\brntrc\\b``, ``taxpayer (?:number|id)``): where the text lacks that run, a substring test at C speed rules the
alternative out, and the others are searched apart. A case-blind letter that matches no ASCII character (Cyrillic,
Greek, Hebrew) rules its alternative out of an ASCII text in the same way.

The leftmost match of the alternation from a position is the leftmost of its alternatives' matches, the earliest
alternative where two start at the same place (``re`` tries them in order and nothing follows the alternation), so
``matches`` gives exactly what ``finditer`` gives for patterns that match no empty string.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

# re's own parse tree (the form it compiles) tells what every match of a pattern must hold
sre_parser: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

_ASCII: Final = "".join(map(chr, range(128)))


@dataclass(frozen=True, slots=True)
class _Alternative:
    pattern: re.Pattern[str]
    needle: str  # letters every match holds in a row, as written (lower case when case-blind); "" when unknown
    case_blind: bool  # the needle's letters match either case
    ascii_possible: bool  # whether a match can lie in an ASCII text


class Alternation:
    """``pattern``'s top-level alternatives, each compiled alone, with what rules each out of a text. A pattern
    that is not split cleanly (a count of pieces unlike the parser's, an alternative that can match an empty
    string) is searched whole."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        pieces = top_level_alternatives(pattern.pattern)
        parsed = sre_parser.parse(pattern.pattern, pattern.flags)
        branches = parsed.data[0][1][1] if len(parsed.data) == 1 and parsed.data[0][0] is sre_constants.BRANCH \
            else [parsed]
        alternatives = tuple(_alternative(piece, pattern.flags) for piece in pieces)
        clean = len(pieces) == len(branches) and all(
            sre_parser.parse(alt.pattern.pattern, alt.pattern.flags).getwidth()[0] > 0 for alt in alternatives)
        self.alternatives: tuple[_Alternative, ...] | None = alternatives if clean else None

    def searcher(self, text: str, lowered: str) -> Searcher:
        """Searches of ``text`` (``lowered`` is ``text.lower()``) that give what ``self.pattern.search`` gives."""
        return Searcher(self, text, lowered)

    def matches(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """What ``self.pattern.finditer(text)`` gives."""
        if self.alternatives is None:
            yield from self.pattern.finditer(text)
            return
        searcher, pos = self.searcher(text, lowered), 0
        while (m := searcher.search(pos)) is not None:
            yield m
            pos = m.end()  # past the start: no alternative matches an empty string


class Searcher:
    """One text's searches for an alternation: each alternative's last answer is kept, and stays the answer for a
    later position up to where that match starts."""

    def __init__(self, alternation: Alternation, text: str, lowered: str) -> None:
        self._text = text
        self._whole = alternation.pattern if alternation.alternatives is None else None
        ascii_text = text.isascii()
        self._live = [alt.pattern for alt in alternation.alternatives or ()
                      if _possible(alt, text, lowered, ascii_text)]
        # per alternative: (position searched from, the leftmost match at or after it, or None)
        self._known: list[tuple[int, re.Match[str] | None] | None] = [None] * len(self._live)

    def search(self, pos: int) -> re.Match[str] | None:
        """What the alternation's ``search(text, pos)`` gives."""
        if self._whole is not None:
            return self._whole.search(self._text, pos)
        best: re.Match[str] | None = None
        for i, pattern in enumerate(self._live):
            known = self._known[i]
            if known is None or known[0] > pos or (known[1] is not None and known[1].start() < pos):
                known = self._known[i] = (pos, pattern.search(self._text, pos))
            m = known[1]
            if m is not None and (best is None or m.start() < best.start()):
                best = m  # on a tie the earlier alternative, as the alternation tries them in order
        return best


def _possible(alt: _Alternative, text: str, lowered: str, ascii_text: bool) -> bool:
    if ascii_text and not alt.ascii_possible:
        return False
    if not alt.needle:
        return True
    if alt.case_blind:
        # in ASCII text a case-blind ASCII letter matches only itself in either case
        return not ascii_text or alt.needle in lowered
    return alt.needle in text


def top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at each "|" outside groups and character classes; a leading global flag group such as
    ``(?i)`` stays on the first piece (the pieces are compiled with the pattern's flags)."""
    pieces, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a "]" first in a class is a literal
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    pieces.append(pattern[start:])
    return pieces


def _alternative(piece: str, flags: int) -> _Alternative:
    compiled = re.compile(piece, flags)
    case_blind = bool(compiled.flags & re.IGNORECASE)
    runs: list[str] = []
    run = ""
    ascii_possible = True
    for op, av in sre_parser.parse(piece, flags).data:
        if op is sre_constants.LITERAL and isinstance(av, int):
            ch = chr(av)
            if not (_matches_ascii(ch) if case_blind else ch.isascii()):
                ascii_possible = False
            if ch.isascii() and (not case_blind or _case_blind_letter(ch)):
                run += ch
                continue
        elif op is sre_constants.AT:
            continue  # \b and anchors hold no character: the letters on either side are still in a row
        runs.append(run)
        run = ""
    runs.append(run)
    needle = max(runs, key=len)
    return _Alternative(compiled, needle.lower() if case_blind else needle, case_blind, ascii_possible)


@lru_cache(maxsize=512)
def _matches_ascii(ch: str) -> bool:
    """Whether the case-blind literal ``ch`` matches some ASCII character (K, the Kelvin sign, matches k)."""
    return re.compile(re.escape(ch), re.IGNORECASE).search(_ASCII) is not None


@lru_cache(maxsize=512)
def _case_blind_letter(ch: str) -> bool:
    """Whether the case-blind ASCII literal ``ch`` matches exactly the ASCII characters equal to it lower-cased, and
    no other character outside ASCII that could sit in an ASCII text's place (none can: the text is ASCII)."""
    found = {c for c in _ASCII if re.compile(re.escape(ch), re.IGNORECASE).fullmatch(c)}
    return found == {c for c in _ASCII if c.lower() == ch.lower()}
