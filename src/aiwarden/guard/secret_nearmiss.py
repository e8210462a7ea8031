"""Near misses: values that claim a provider's format but do not have it, or that show only part of a key.

A provider key is exact: ``ghp_`` and 36 base62 characters, ``dop_v1_`` and 64 hex digits. A value that
starts with such a prefix but that no rule of the provider matches (one character short or long, a character
outside the alphabet, the prefix alone, half a key split over two lines) is a typo, an edit, an invented
example or a fragment: never a working key. The generic layers (credential labels, bearer headers, random
tokens) would otherwise report it, so their findings are checked here.

Masked, truncated and templated values are the same kind of thing: what is shown is not the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

# Prefixes that several providers share, or that are ordinary words: a value starting with them makes no
# claim about one exact format (sk- is OpenAI, DeepSeek, Moonshot...; live_ and test_ are words).
_SHARED_PREFIXES: Final = frozenset({
    "sk-", "sk_", "pk_", "re_", "live_", "test_", "api-", "sdk-", "pat.", "sat.", "secret_", "master-", "account-",
    "organizations/", "eaaa", "dose", "sl.", "1000.", "4b1d",
})
_SEPARATORS: Final = "_-."
_MAX_PREFIX: Final = 24
# After the value: an ellipsis (truncated on display) or a template opening (the rest is filled in later).
_CUT_AFTER: Final = re.compile(r"(?:\.\.\.|…|\$\{|\{\{|<(?!/))")  # "</" closes an element: not a template
_MASK: Final = re.compile(r"\*{3,}|•{3,}|x{4,}|X{4,}|#{4,}")


class PrefixClaims:
    """Which exact-format rules a value's prefix claims, and whether any of them matches it whole."""

    def __init__(self, rules: Iterable[tuple[Sequence[str], re.Pattern[str], str]]) -> None:
        """``rules``: (literal keywords, compiled pattern, provider label) of the prefixed provider rules."""
        self._by_prefix: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for keywords, pattern, label in rules:
            for keyword in keywords:
                if _claims_a_format(keyword):
                    self._by_prefix.setdefault(keyword, []).append((pattern, label))
        self._tokens: dict[str, re.Pattern[str]] = {}

    def malformed(self, value: str) -> str | None:
        """The provider whose prefix ``value`` carries without any of its formats, or None."""
        claimed = self._claimed(value)
        if not claimed or any(pattern.fullmatch(value) for pattern, _ in claimed):
            return None
        return claimed[-1][1]

    def off_by_few(self, value: str) -> str | None:
        """The provider whose format ``value`` misses by one or two characters (one or two too many or too few),
        or None. Such a value still carries nearly all of a key's entropy: a mistyped live key is repaired by
        trying each position."""
        claimed = self._claimed(value)
        if not claimed or any(pattern.fullmatch(value) for pattern, _ in claimed):
            return None
        variants = _length_variants(value)
        for pattern, label in reversed(claimed):
            if any(pattern.fullmatch(v) for v in variants):
                return label
        return None

    def near_misses(self, text: str, keywords: Iterable[str]) -> list[tuple[int, int, str]]:
        """(start, end, provider) of the tokens in ``text`` that start with one of ``keywords`` (a format-claiming
        prefix found in the text) and miss that provider's format by one or two characters."""
        out: list[tuple[int, int, str]] = []
        for keyword in keywords:
            if keyword not in self._by_prefix:
                continue
            for m in self._token(keyword).finditer(text):
                value = m.group(0).rstrip(".")
                label = self.off_by_few(value)
                if label is not None:
                    out.append((m.start(), m.start() + len(value), label))
        return out

    def _claimed(self, value: str) -> list[tuple[re.Pattern[str], str]]:
        lower = value[:_MAX_PREFIX].lower()
        claimed: list[tuple[re.Pattern[str], str]] = []
        for size in range(3, min(len(lower), _MAX_PREFIX) + 1):
            claimed += self._by_prefix.get(lower[:size], ())
        return claimed

    def _token(self, keyword: str) -> re.Pattern[str]:
        if keyword not in self._tokens:
            self._tokens[keyword] = re.compile(rf"(?<![A-Za-z0-9_\-]){re.escape(keyword)}{_TOKEN_BODY}", re.IGNORECASE)
        return self._tokens[keyword]


_TOKEN_BODY: Final = r"[\w\-.+/=~]{6,400}(?![\w\-+/=~])"


def _length_variants(value: str) -> list[str]:
    """``value`` with one or two characters removed or repeated, at its middle and at its end (so formats with a
    fixed suffix, such as Anthropic's "AA", are reached too)."""
    middle = len(value) // 2
    out = []
    for k in (1, 2):
        out += [value[:-k], value + value[-1] * k, value[:middle] + value[middle + k:],
                value[:middle] + value[middle] * k + value[middle:]]
    return out


def _claims_a_format(keyword: str) -> bool:
    if keyword in _SHARED_PREFIXES or not keyword[:1].isalpha():
        return False
    return len(keyword) >= 4 or (len(keyword) == 3 and keyword[-1] in _SEPARATORS)


def shown_in_part(value: str, after: str) -> str | None:
    """Why ``value`` (followed in the text by ``after``) is only part of a key, or None."""
    if _MASK.search(value):
        return "masked"
    if _CUT_AFTER.match(after):
        return "truncated or templated"
    return None
