"""String literals joined into one value: ``"ghp_" + "R8x..."``, Python's adjacent ``"sk-ant-" "api03-..."`` (on
one line or several inside parentheses), PHP's ``'xoxb-' . '...'``, a line ending in ``+`` continued on the next,
and ``"".join(["AKIA...", "..."])``. Code splits a long key this way to fit a line, and a key split to slip past a
scanner is still the key once the program runs.

Returns each run of two to nine literals with the text they join to, and the label the run is assigned to; the
caller judges the joined value by the provider formats, or by that label as it would judge one literal under it.
Patterns are flat with bounded repetition, so matching stays linear.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

# a password's symbols too: a run is judged by the provider formats or its label, never by its shape alone
_PIECE: Final = r"[\"'][A-Za-z0-9_\-+/=.~!@#$%^&*?]{1,200}[\"']"
# between two literals: nothing but spaces (adjacent literals), or "+" / "." , perhaps with a line break
_JOIN: Final = r"[ \t]{0,4}(?:[+.][ \t]{0,4}(?:\r?\n[ \t]{0,40})?|\\?\r?\n[ \t]{0,40}[+.]?[ \t]{0,4})?"
_JOINED: Final = re.compile(_PIECE + r"(?:" + _JOIN + _PIECE + r"){1,8}")
# two to nine literals in a list or tuple, one a line or several
_LIST_SEP: Final = r"[ \t]{0,4},[ \t]{0,4}(?:\r?\n[ \t]{0,40})?"
_LIST: Final = (r"[\[(][ \t]{0,4}(?:\r?\n[ \t]{0,40})?(?P<pieces>" + _PIECE + r"(?:" + _LIST_SEP + _PIECE + r"){1,8})"
                r"(?:[ \t]{0,4},)?[ \t]{0,4}(?:\r?\n[ \t]{0,40})?[\])]")
_SEPARATOR: Final = r"(?P<sq>[\"'])(?P<sep>[^\"'\s]{0,3})(?P=sq)"
_JOIN_CALLS: Final = (
    re.compile(_SEPARATOR + r"\.join\([ \t]{0,4}" + _LIST + r"[ \t]{0,4}\)"),  # Python: sep.join([...])
    re.compile(_LIST + r"\.join\([ \t]{0,4}" + _SEPARATOR + r"[ \t]{0,4}\)"),  # JavaScript, Ruby: [...].join(sep)
)
_CONTENT: Final = re.compile(r"[\"']([^\"']*)[\"']")
_LABEL_REACH: Final = 120
_LABEL_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


@dataclass(frozen=True, slots=True)
class JoinedLiterals:
    start: int
    end: int
    value: str  # what the literals join to
    label: str | None  # the name the run is assigned to, if any


def joined_literals(text: str) -> Iterator[JoinedLiterals]:
    """Each run of string literals joined into one, in text order."""
    if text.count('"') + text.count("'") < 4:
        return
    runs = [(m.start(), m.end(), "".join(_CONTENT.findall(m.group(0)))) for m in _JOINED.finditer(text)]
    if ".join(" in text:
        calls = sorted((m.start(), m.end(), m.group("sep").join(_CONTENT.findall(m.group("pieces"))))
                       for pattern in _JOIN_CALLS for m in pattern.finditer(text))
        runs = _merged(calls, runs)
    for start, end, value in runs:
        yield JoinedLiterals(start, end, value, _label_before(text, start))


def _merged(calls: list[tuple[int, int, str]], runs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Both lists in text order; a run of adjacent literals inside a join call ("a" "b" in a list) is the call's."""
    if not calls:
        return runs
    starts = [c[0] for c in calls]
    kept = []
    for run in runs:
        i = bisect.bisect_right(starts, run[0]) - 1
        if i < 0 or calls[i][1] < run[1]:
            kept.append(run)
    return sorted(calls + kept)


def _label_before(text: str, start: int) -> str | None:
    """The name a run starting at ``start`` is assigned to: NAME = "..." + "...", "name": ("..." "..."),
    NAME := "".join(...), $arr['name'] => '...' . '...' (read back from the run, within _LABEL_REACH)."""
    tail = text[max(0, start - _LABEL_REACH):start].rstrip(" \t\r\n")
    if tail.endswith("("):
        tail = tail[:-1].rstrip(" \t")  # NAME = ( "..." "..." )
    if not tail.endswith((":", "=", "=>")) or tail.endswith(("==", "!=", "<=", ">=")):
        return None  # a comparison is no assignment (secret_pairs.py reads those)
    tail = tail.rstrip(":=>").rstrip(" \t").rstrip("\"'`]")
    position = len(tail)
    while position > 0 and tail[position - 1] in _LABEL_CHARS:
        position -= 1
    label = tail[position:]
    return label if label[:1].isalpha() or label[:1] == "_" else None
