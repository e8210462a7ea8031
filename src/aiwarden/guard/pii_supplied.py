"""Personal data the user typed into the conversation (``OutputContext.extra["user_input"]``, a string or a list
of strings). An answer that repeats the user's own e-mail address or phone number back to them discloses nothing
they do not have; redacting it only garbles the answer. What leaves the conversation through a URL is the
exfiltration detector's concern and is judged there whatever the user typed.
"""

from __future__ import annotations

import re
from typing import Final

from aiwarden.guard.types import OutputContext

USER_INPUT_KEY: Final = "user_input"
_SPACE: Final = re.compile(r"\s+")
_NUMBER: Final = re.compile(r"\+?\(?\d[\d\s().-]{5,40}\d")
_MIN_DIGITS: Final = 7  # shorter numbers (a house number, a year) are no one's own


def supplied_by_user(value: str, context: OutputContext) -> bool:
    """Whether ``value`` occurs in the user's input as written (spacing and case aside) or, for numbers, with
    the same digits however they are grouped ("+1 415 555 0187" and "(415) 555-0187")."""
    user = _user_input(context)
    if not user or not value.strip():
        return False
    if _squeeze(value) in _squeeze(user):
        return True
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) < _MIN_DIGITS:
        return False
    for m in _NUMBER.finditer(user):
        written = "".join(c for c in m.group(0) if c.isdigit())
        if len(written) >= _MIN_DIGITS and (written.endswith(digits) or digits.endswith(written)):
            return True  # with or without the country code
    return False


def _user_input(context: OutputContext) -> str:
    raw = context.extra.get(USER_INPUT_KEY)
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list | tuple):
        return "\n".join(s for s in raw if isinstance(s, str))
    return ""


def _squeeze(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()
