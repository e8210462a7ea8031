"""Where a hit sits in a reply: its sentence, and whether it is inside code or quotation marks.

Judges look at the sentence around a hit to tell the model's own act from a mention of it. Every function here is
bounded: a sentence is at most ``MAX_SENTENCE`` characters either side of the hit, whatever the reply holds.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

# Judges read at most this much of a reply (and of each text that was sent). A reply longer than this is still an
# unbounded-consumption finding by its length alone; what lies past it is not searched for payloads or leaks.
MAX_SCAN: Final = 200_000
MAX_SENTENCE: Final = 300

# A sentence ends at ". ", "! ", "? ", a colon before a line break, or a line break; CJK full stops too.
_BOUNDARY: Final = re.compile(r"[.!?。！？](?=\s|$)|\n")
_FENCE: Final = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})", re.M)
_INLINE_CODE: Final = re.compile(r"`[^`\n]{1,2000}`")
_QUOTES: Final = (('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("‚", "‘"), ("`", "`"),
                  ("「", "」"), ("《", "》"))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]``, at most MAX_SENTENCE characters either side."""
    lo = max(0, start - MAX_SENTENCE)
    before = [m.end() for m in _BOUNDARY.finditer(text, lo, start)]
    left = before[-1] if before else lo
    after = _BOUNDARY.search(text, end, min(len(text), end + MAX_SENTENCE))
    right = after.end() if after else min(len(text), end + MAX_SENTENCE)
    return left, right


def previous_sentence(text: str, start: int) -> tuple[int, int]:
    """The sentence that ends where the one starting at ``start`` begins (empty at the start of the text)."""
    if start <= 0:
        return 0, 0
    return sentence_around(text, max(0, start - 2), max(0, start - 1))


def quoted(text: str, start: int, end: int, left: int, right: int) -> bool:
    """Whether ``text[start:end]`` sits between a pair of quotation marks inside ``text[left:right]``."""
    before, after = text[left:start], text[end:right]
    for opener, closer in _QUOTES:
        i = before.rfind(opener)
        if i == -1:
            continue
        # Straight quotes pair up: an odd count before the hit means it is inside a quotation.
        if opener == closer and before.count(opener) % 2 == 0:
            continue
        if closer in after:
            return True
    return False


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted spans of fenced code blocks (an unclosed fence runs to the end) and inline code outside them."""
    fences = list(_FENCE.finditer(text))
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(fences):
        opener, j = fences[i], i + 1
        while j < len(fences) and not (fences[j].group(1)[0] == opener.group(1)[0]
                                       and len(fences[j].group(1)) >= len(opener.group(1))):
            j += 1
        blocks.append((opener.start(), fences[j].end() if j < len(fences) else len(text)))
        i = j + 1
    inline = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text) if not inside(blocks, m.start())]
    return sorted(blocks + inline)


def inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, non-overlapping ``ranges``."""
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def containing(ranges: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    return ranges[i] if i >= 0 and ranges[i][0] <= pos < ranges[i][1] else None
