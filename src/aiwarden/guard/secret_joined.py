"""String literals joined into one value: ``"ghp_" + "R8x..."``, Python's adjacent ``"sk-ant-" "api03-..."``,
PHP's ``'xoxb-' . '...'``, a line ending in ``+`` continued on the next. Code splits a long key this way to fit a
line, and a key split to slip past a scanner is still the key once the program runs.

Returns each run of two to nine literals with the text they join to; the caller judges the joined value by the
provider formats alone (a format is evidence no matter how the value was written). Patterns are flat with bounded
repetition, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

_PIECE: Final = r"[\"'][A-Za-z0-9_\-+/=.~]{1,200}[\"']"
# between two literals: nothing but spaces (adjacent literals), or "+" / "." , perhaps with a line break
_JOIN: Final = r"[ \t]{0,4}(?:[+.][ \t]{0,4}(?:\r?\n[ \t]{0,40})?|\\?\r?\n[ \t]{0,40}[+.]?[ \t]{0,4})?"
_JOINED: Final = re.compile(_PIECE + r"(?:" + _JOIN + _PIECE + r"){1,8}")
_CONTENT: Final = re.compile(r"[\"']([^\"']*)[\"']")


def joined_literals(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, joined value) of each run of string literals joined into one."""
    if text.count('"') + text.count("'") < 4:
        return
    for m in _JOINED.finditer(text):
        yield m.start(), m.end(), "".join(_CONTENT.findall(m.group(0)))
