"""String literals joined into one value: ``"ghp_" + "R8x..."``, Python's adjacent ``"sk-ant-" "api03-..."`` (on
one line or several inside parentheses), PHP's ``'xoxb-' . '...'``, a line ending in ``+`` continued on the next,
and ``"".join(["AKIA...", "..."])``. Code splits a long key this way to fit a line, and a key split to slip past a
scanner is still the key once the program runs.

Returns each run of two to nine literals with the text they join to, and the label the run is assigned to; the
caller judges the joined value by the provider formats, or by that label as it would judge one literal under it.
Patterns are flat with bounded repetition, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

_PIECE: Final = r"[\"'][A-Za-z0-9_\-+/=.~]{1,200}[\"']"
# between two literals: nothing but spaces (adjacent literals), or "+" / "." , perhaps with a line break
_JOIN: Final = r"[ \t]{0,4}(?:[+.][ \t]{0,4}(?:\r?\n[ \t]{0,40})?|\\?\r?\n[ \t]{0,40}[+.]?[ \t]{0,4})?"
_JOINED: Final = re.compile(_PIECE + r"(?:" + _JOIN + _PIECE + r"){1,8}")
# sep.join([...]) and sep.join((...)): a short separator literal, then two to nine literals in a list or tuple
_LIST_SEP: Final = r"[ \t]{0,4},[ \t]{0,4}(?:\r?\n[ \t]{0,40})?"
_JOIN_CALL: Final = re.compile(
    r"(?P<sq>[\"'])(?P<sep>[^\"'\s]{0,3})(?P=sq)\.join\([ \t]{0,4}[\[(][ \t]{0,4}(?:\r?\n[ \t]{0,40})?"
    r"(?P<pieces>" + _PIECE + r"(?:" + _LIST_SEP + _PIECE + r"){1,8})"
    r"(?:[ \t]{0,4},)?[ \t]{0,4}(?:\r?\n[ \t]{0,40})?[\])][ \t]{0,4}\)"
)
_CONTENT: Final = re.compile(r"[\"']([^\"']*)[\"']")
# What a run is assigned to: NAME = "..." + "...", "name": ("..." "..."), NAME := "".join(...), with an
# opening parenthesis (and a line break) allowed between the operator and the first literal.
_ASSIGNED_TO: Final = re.compile(
    r"(?P<label>[A-Za-z_][\w.\-]{0,59})[\"'\]]{0,2}[ \t]{0,3}(?::=|=>|=|:)[ \t]{0,3}"
    r"(?:\([ \t]{0,3}(?:\r?\n[ \t]{0,40})?)?$"
)
_LABEL_REACH: Final = 120


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
        calls = [(m.start(), m.end(), m.group("sep").join(_CONTENT.findall(m.group("pieces"))))
                 for m in _JOIN_CALL.finditer(text)]
        # a call's pieces also read as adjacent literals ("a", "b" is no run, but "a" "b" is): the call wins
        runs = sorted(calls + [r for r in runs if not any(c[0] <= r[0] and r[1] <= c[1] for c in calls)])
    for start, end, value in runs:
        yield JoinedLiterals(start, end, value, _label_before(text, start))


def _label_before(text: str, start: int) -> str | None:
    m = _ASSIGNED_TO.search(text, max(0, start - _LABEL_REACH), start)
    return m.group("label") if m is not None else None
