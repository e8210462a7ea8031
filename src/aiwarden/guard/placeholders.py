"""Values that look like credentials but are not live: vendors' documented example keys and placeholders
written in documentation (runs of one character,
"your-api-key-here", "<TOKEN>", masked "sk-...abcd"). They are reported as info, never redacted or blocking:
flagging them teaches users to ignore the guard, and they carry nothing to leak."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

from aiwarden.guard.case_blind import CaseBlindPattern

# Published in the vendors' own documentation as examples (AWS's IAM docs). A live credential never has these
# values. (Sandbox card numbers live beside the card rules, in pii_cards.)
DOCUMENTED_KEYS: Final = frozenset({
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ASIAIOSFODNN7EXAMPLE",
    # digests of the empty input (MD5, SHA-1, SHA-256): printed everywhere, never a key
    "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    # jwt.io's default token, the one every JWT tutorial shows
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
    "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
})
_PREFIX: Final = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]{0,9}[_-]){1,3}")  # sk_live_, ghp_, sk-ant-api03-
_WORDS_PATTERN: Final = (r"\b(?:your|my)[-_ ]?(?:api[-_ ]?)?(?:key|token|secret|password)|placeholder|dummy|"
                         r"changeme|redacted|insert[-_ ]?(?:key|token)|replace[-_ ]?(?:with|me)[-_ ]|"
                         r"<[^<>\n]{1,60}>|\.\.\.|…|example|"
                         r"\$\{[^}\n]{1,60}\}|\{\{[^}\n]{1,60}\}\}|%\([a-z_]{1,30}\)s|(?:key|token|secret)[-_]?here")
_WORDS: Final = CaseBlindPattern(_WORDS_PATTERN)


# Reasons already worked out in the current scan, while one is open (reasons_remembered).
_REMEMBERED: ContextVar[dict[str, str | None] | None] = ContextVar("placeholder_reasons", default=None)


@contextmanager
def reasons_remembered() -> Iterator[None]:
    """Within the block, placeholder_reason works each value out once: a scan asks about the same value from
    several rules (the provider rule, the label, the final check). Nothing is kept after the block."""
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def placeholder_reason(value: str) -> str | None:
    """Why ``value`` is not a live credential, or None."""
    remembered = _REMEMBERED.get()
    if remembered is None:
        return _reason(value)
    if value not in remembered:
        remembered[value] = _reason(value)
    return remembered[value]


def _reason(value: str) -> str | None:
    if value in DOCUMENTED_KEYS:
        return "a vendor's documented example key"
    if _WORDS.search(value):
        return "a placeholder"
    body = _PREFIX.sub("", value)
    characters = list(map(str.lower, filter(str.isalnum, body)))
    if len(characters) >= 6 and len(set(characters)) <= 2:
        return "a placeholder (a run of one character)"
    if body and not characters:
        return "a placeholder (masked)"
    if _is_keyboard_run(characters):
        return "a placeholder (a typed sequence)"
    if _TOKEN_SHAPED.fullmatch(value):
        # the random part is the longest segment: ids and counters beside it (xoxb-123456789012-...) are not drawn
        random_part = max(_SEGMENTS.split(value), key=len)
        if _has_typed_stretch(list(map(str.lower, filter(str.isalnum, random_part)))):
            return "a placeholder (a typed sequence inside)"
        if _has_repeated_chunk(random_part):
            return "a placeholder (a repeated pattern)"
    return None


# Only single tokens are judged by what they hold inside: a PEM block or a JWT repeats its own markers and fields.
_TOKEN_SHAPED: Final = re.compile(r"(?!eyJ)[A-Za-z0-9_\-+/=.]{16,160}")
_SEGMENTS: Final = re.compile(r"[-_.]")
_STRETCH: Final = 6  # a random draw holds six characters in alphabet order with odds ~1e-8 per position
_CHUNK: Final = 8  # and an 8-character chunk twice with odds ~1e-14 (base62) per pair of positions


def _has_typed_stretch(characters: list[str]) -> bool:
    """abcdef, 123456, zyxwvu inside a longer value: typed in order, as in sk-...abcdefgh...test."""
    up = down = 1
    for a, b in itertools.pairwise(characters):
        step = ord(b) - ord(a)
        up = up + 1 if step == 1 else 1
        down = down + 1 if step == -1 else 1
        if up >= _STRETCH or down >= _STRETCH:
            return True
    return False


def _has_repeated_chunk(body: str) -> bool:
    """The same eight characters twice (qKirRWalryBGqKirRWalryBG): a pattern copied to fill a length."""
    seen: dict[str, int] = {}
    for i in range(len(body) - _CHUNK + 1):
        chunk = body[i:i + _CHUNK]
        if chunk in seen and i - seen[chunk] >= _CHUNK:
            return True
        seen.setdefault(chunk, i)
    return False


def _is_keyboard_run(characters: list[str]) -> bool:
    """abcdefgh..., 12345678..., 0123456789abcdef, aAbBcCdD...: typed in order to show a key's length, not drawn
    at random. Random bodies almost never step to the next character (a 1-in-36 chance per pair); these mostly do."""
    if len(characters) < 12:
        return False
    # aAbBcC... is the alphabet typed twice over in two cases: each letter once counts the steps between letters
    characters = [c for c, _ in itertools.groupby(characters)]
    codes = list(map(ord, characters))
    steps = list(map(operator.sub, codes[1:], codes[:-1])).count(1)  # C loops: values can be long
    return steps >= 0.6 * (len(characters) - 1)


# IBANs printed in banks' and standards bodies' documentation as the example.
DOCUMENTED_IBANS: Final = frozenset({"DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
                                     "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957"})
