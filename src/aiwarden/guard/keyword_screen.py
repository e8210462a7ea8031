"""One pass over the text to learn which of many literal keywords occur in it (an Aho-Corasick-like screen).

The keywords are compiled into a single regex shaped as a trie (``sk(?:_live_|-(?:ant-|proj-))?``), so ``re``
branches on one character at a time instead of trying each keyword at each position. A match reports the longest
keyword at that position; every keyword that is a substring of it is counted as present too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

_END: Final = ""  # trie leaf marker
_Trie = dict[str, "_Trie"]


class KeywordScreen:
    def __init__(self, keywords: Iterable[str]) -> None:
        words = sorted({k.lower() for k in keywords if k})
        self._contained: dict[str, frozenset[str]] = {
            w: frozenset(o for o in words if o in w) for w in words
        }
        self._pattern = re.compile(_trie_regex(words)) if words else None

    def present(self, text: str) -> set[str]:
        """The keywords that occur in ``text`` (case-insensitive)."""
        if self._pattern is None:
            return set()
        found: set[str] = set()
        for m in self._pattern.finditer(text.lower()):
            hit = m.group(0)
            if hit not in found:
                found |= self._contained[hit]
        return found


def _trie_regex(words: list[str]) -> str:
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
