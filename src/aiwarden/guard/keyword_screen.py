"""One pass over the text to learn which of many literal keywords occur in it (an Aho-Corasick-like screen).

The keywords are compiled into a single regex shaped as a trie (``sk(?:_live_|-(?:ant-|proj-))?``), so ``re``
branches on one character at a time instead of trying each keyword at each position. A match reports the longest
keyword at that position; every keyword that is a substring of it is counted as present too.

With ``min_run``, only the text near a whitespace-delimited word of at least that many characters is scanned:
every rule behind the screen needs a value that long (a key, a URL), and its keyword sits inside that word or
in the label up to ``reach`` characters before it. Ordinary prose has few such words, so most of it is skipped
by ``str.split``, which runs at C speed, instead of being walked by the regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

_END: Final = ""  # trie leaf marker
_Trie = dict[str, "_Trie"]


class KeywordScreen:
    def __init__(self, keywords: Iterable[str], *, min_run: int = 0, reach: int = 0) -> None:
        words = sorted({k.lower() for k in keywords if k})
        self._min_run, self._reach = min_run, reach
        self._contained: dict[str, frozenset[str]] = {
            w: frozenset(o for o in words if o in w) for w in words
        }
        self._pattern = re.compile(trie_regex(words)) if words else None

    def present(self, text: str) -> set[str]:
        """The keywords that occur in ``text`` (case-insensitive)."""
        if self._pattern is None:
            return set()
        if not self._min_run:
            return self._scan(text)
        found: set[str] = set()
        for start, end in self._windows(text):
            found |= self._scan(text[start:end])
        return found

    def _windows(self, text: str) -> list[tuple[int, int]]:
        """Merged spans: each long word, with ``reach`` characters before it for its label."""
        windows: list[tuple[int, int]] = []
        pos = 0
        for word in text.split():
            if len(word) < self._min_run:
                continue
            at = text.find(word, pos)
            pos = at + len(word)
            start = max(0, at - self._reach)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], pos)
            else:
                windows.append((start, pos))
        return windows

    def _scan(self, text: str) -> set[str]:
        assert self._pattern is not None
        found: set[str] = set()
        for m in self._pattern.finditer(text.lower()):
            hit = m.group(0)
            if hit not in found:
                found |= self._contained[hit]
        return found


def trie_regex(words: list[str]) -> str:
    """A pattern matching any of ``words``, shaped as a trie (the longest word at a position wins)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node_regex(trie)


def _node_regex(node: _Trie) -> str:
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?"  # greedy: the longest keyword at a position wins
    return body
