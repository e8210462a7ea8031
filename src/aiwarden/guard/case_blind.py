"""Case-blind patterns, searched fast on ASCII text.

A pattern written in lower case, searched case-blind, matches ASCII text exactly where its case-sensitive copy
matches the lower-cased text: lower-casing ASCII keeps the length, the word boundaries and the class of every
character (a letter stays a letter of the same name). The case-sensitive search is several times faster, because
re can skip ahead to the characters a match may start with. Text with other characters keeps the case-blind
search and its Unicode case folding (there the Kelvin sign is a k and the long s an s).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

_GROUP_SYNTAX: Final = re.compile(r"\(\?P(?:<\w+>|=\w+\))")


class CaseBlindPattern:
    """``re.compile(pattern, re.IGNORECASE)``, searched through a case-sensitive copy where the text allows."""

    __slots__ = ("blind", "sensitive")

    def __init__(self, pattern: str) -> None:
        literal = _GROUP_SYNTAX.sub("", pattern)  # (?P<name>...) and (?P=name) name groups, they match nothing
        if literal != literal.lower():
            raise ValueError("a case-blind pattern is written in lower case")
        self.blind = re.compile(pattern, re.IGNORECASE)
        self.sensitive = re.compile(pattern)

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``."""
        if text.isascii():
            return self.sensitive.search(text.lower()) is not None
        return self.blind.search(text) is not None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """The (start, end) of each match, as ``finditer`` finds them."""
        return (m.span() for m in self.matches(text))

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """The matches ``finditer`` finds. On ASCII text they are matches in the lower-cased text: use their
        offsets (``start``, ``end``, ``span`` of any group), and take a group's text from ``text`` by them."""
        return self.sensitive.finditer(text.lower()) if text.isascii() else self.blind.finditer(text)
