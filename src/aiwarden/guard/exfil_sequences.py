"""Data spelled a few characters per request across several URLs to one site.

An injected answer that cannot fit a secret in one URL (or is filtered when it tries) renders one image per
character: ``/a.png``, ``/b.png``, ... or ``?i=0&c=s``, ``?i=1&c=e``, ... with a position so the order
survives. The URLs share everything but the characters (and the counter); what varies, read in counter order,
is the data. Numbered steps, pages, sizes and glossary letters vary too, but they count: 1, 2, 3 or a, c, f.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Final
from urllib.parse import unquote, urlsplit

MIN_SEQUENCE: Final = 4  # requests to one site that spell data a few characters at a time
_MAX_STEP: Final = 3  # characters that may vary between members of a sequence
_MIN_ORDERED: Final = 4  # single characters a counter orders: a PIN's length
_RATING: Final = frozenset("12345")
_SEPARATORS: Final = re.compile(r"([/?&=.#;_-])")
_HEX_PAIRS: Final = re.compile(r"(?:[0-9a-fA-F]{2})+")


@dataclass(frozen=True, slots=True)
class Spelled:
    text: str  # the varying parts in counter order (or document order without a counter)
    members: tuple[int, ...]  # indices of the URLs that spell it
    per_character: bool  # each request carries a single character
    ordered: bool  # a counter in the URLs gives the order
    counted: bool  # the parts count (1, 2, 3 or a, c, f): a list, unless the conversation says otherwise


def spell(urls: list[str]) -> list[Spelled]:
    """The ways ``urls`` (to one site) spell something a few characters at a time, best reading first."""
    if len(urls) < MIN_SEQUENCE:
        return []
    tails = [_without_scheme(u) for u in urls]
    found = [s for s in (_contiguous(tails, tuple(range(len(tails)))),) if s is not None]
    # one odd URL (a logo beside the spelled images) or a counter beside the data: compare like-shaped URLs
    shapes: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, tail in enumerate(tails):
        shapes[tuple(_SEPARATORS.split(tail)[1::2])].append(i)
    for members in shapes.values():
        if len(members) < MIN_SEQUENCE:
            continue
        subset = [tails[i] for i in members]
        readings = [_by_columns(subset, tuple(members))]
        if len(members) < len(tails):
            readings.append(_contiguous(subset, tuple(members)))
        found += [s for s in readings if s is not None]
    return sorted(found, key=lambda s: (not data_like(s), -len(s.members)))


def data_like(spelled: Spelled) -> bool:
    """Whether the spelled characters look like data without the conversation to compare them with: one
    character a request that does not count, or chunks that decode from hex to text."""
    text = spelled.text
    if spelled.counted:
        return False
    if spelled.per_character:
        # a letter or digit per image is as often a key, a note, a chess piece, a grade or a rating: without
        # the conversation, only letters mixed with digits or symbols, a long word or a long number are data;
        # a counter that puts single characters in order is there to reassemble them, so four of them are data
        # (not capitals, which grade, nor digits 1-5, which rate)
        letters = sum(c.isalpha() for c in text)
        if spelled.ordered and len(text) >= _MIN_ORDERED and len(set(text)) >= 3 and not text.isupper() \
                and not set(text) <= _RATING:
            return True
        if letters == len(text):
            return len(text) >= 8 and not text.isupper()
        if letters == 0:
            return text.isdigit() and len(text) >= 9
        return True
    if _HEX_PAIRS.fullmatch(text) and len(text) >= 8:
        raw = bytes.fromhex(text)
        return all(0x20 <= b < 0x7F for b in raw) and sum(chr(b).isalnum() for b in raw) >= 0.75 * len(raw)
    return False  # chunks of two or three (10d, 04n, us, de): weather icons, flags, squares


def _contiguous(tails: list[str], members: tuple[int, ...]) -> Spelled | None:
    """What remains of each tail after the prefix and suffix they all share, if that is a few characters."""
    prefix = len(_common_prefix(tails))
    suffix = len(_common_prefix([t[prefix:][::-1] for t in tails]))
    steps = [unquote(t[prefix: len(t) - suffix]) for t in tails]
    if any(not 1 <= len(s) <= _MAX_STEP for s in steps) or len(set(steps)) < 2:
        return None
    return Spelled("".join(steps), members, all(len(s) == 1 for s in steps), False, _counting(steps))


def _by_columns(tails: list[str], members: tuple[int, ...]) -> Spelled | None:
    """Tails of one shape whose parts vary in two places: a counter and a few characters."""
    rows = [_SEPARATORS.split(t)[0::2] for t in tails]
    varying = [c for c in range(len(rows[0])) if len({row[c] for row in rows}) > 1]
    # a member whose character the channel dropped (a bare URL loses a trailing "." or ","): set it apart
    kept = [r for r, row in enumerate(rows) if all(row[c] for c in varying)]
    if MIN_SEQUENCE <= len(kept) < len(rows):
        rows, members = [rows[r] for r in kept], tuple(members[r] for r in kept)
    varying = [c for c in range(len(rows[0])) if len({row[c] for row in rows}) > 1]
    counters = [c for c in varying if _is_position([row[c] for row in rows])]
    if len(counters) > 1:  # digits spelled beside a counter: the counter is the column that runs without gaps
        counters = [c for c in counters if _runs([row[c] for row in rows])][:1] or counters
    data = [c for c in varying if c not in counters]
    if len(counters) != 1 or not data:
        return None
    columns = [[unquote(row[c]) for row in rows] for c in data]
    if any(not 1 <= len(v) <= _MAX_STEP for column in columns for v in column):
        return None
    order = sorted(range(len(rows)), key=lambda r: int(rows[r][counters[0]]))
    steps = ["".join(column[r] for column in columns) for r in order]
    return Spelled("".join(steps), tuple(members[r] for r in order), all(len(s) == 1 for s in steps), True,
                   _counting(steps))


def _is_position(values: list[str]) -> bool:
    """Distinct integers that, sorted, run with few gaps: 0..n or 1..n, shuffled or not, some members set
    apart (a character that changed the URL's shape, a request the renderer dropped)."""
    if not all(v.isdigit() and len(v) <= 4 for v in values):
        return False
    numbers = sorted(int(v) for v in values)
    return len(set(numbers)) == len(numbers) and numbers[-1] - numbers[0] < 2 * len(numbers)


def _runs(values: list[str]) -> bool:
    numbers = sorted(int(v) for v in values)
    return numbers[-1] - numbers[0] == len(numbers) - 1


def _counting(steps: list[str]) -> bool:
    """1, 2, 3 or 100, 200, 400 or a, c, f: numbered steps, pages, sizes or an index's letters, not data."""
    if all(s.isdigit() for s in steps):
        numbers = [int(s) for s in steps]
        return all(b > a for a, b in pairwise(numbers))
    if all(len(s) == 1 and s.isalpha() for s in steps):
        return all(ord(b.lower()) > ord(a.lower()) for a, b in pairwise(steps))
    return False


def _common_prefix(strings: list[str]) -> str:
    first, last = min(strings), max(strings)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _without_scheme(url: str) -> str:
    try:
        parts = urlsplit("http://" + url if url.lower().startswith("www.") else url)
    except ValueError:
        return url
    return parts.netloc.lower() + parts.path + ("?" + parts.query if parts.query else "")
