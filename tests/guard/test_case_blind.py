"""Case-blind patterns searched through a case-sensitive copy on ASCII text find exactly what the case-blind
search finds: the same matches, on text full of the patterns' words in every case, and on text outside ASCII
(where the long s and the Kelvin sign fold to s and k)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard.case_blind import CaseBlindPattern
from aiwarden.guard.placeholders import _WORDS
from aiwarden.guard.secret_entropy import _HASH_LABEL
from aiwarden.guard.secret_labels import _SECRET_WORD

PATTERNS = {"placeholder-words": _WORDS, "secret-words": _SECRET_WORD, "hash-label": _HASH_LABEL}
# The words of every pattern, cut and glued in different cases, and the characters their classes test.
_PIECES = st.sampled_from((
    "your", "YOUR", "My", "my_", "api-", "API_", "key", "Key", "TOKEN", "secret", "Password", "PLACEHOLDER", "Dummy",
    "changeMe", "REDACTED", "insert-", "replace", "With", "ME", "<", ">", "...", "…", "Example", "${", "}", "{{",
    "}}", "%(", ")s", "HERE", "pass", "PWD", "Auth", "CREDENTIAL", "creds", "Private", "PAT", "pat", "path", "SHA-256",
    "sha1", "MD5", "Blake2b", "Hash", "digest", "CheckSum", "commit", "Rev", "etag", "oid", "H1", "object id",
    "Cherry-Pick", "nonce", "sum", ":", " ", "  ", "\n", "_", "-", "=", "0", "x", "K", "ſ", "ecret", "İ", "é",
))
TEXTS = st.lists(st.one_of(_PIECES, st.text(alphabet="abcXYZ019_-:= ", max_size=4)), max_size=10).map("".join)


def _blind_spans(pattern: CaseBlindPattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.compile(pattern.sensitive.pattern, re.IGNORECASE).finditer(text)]


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_spans_and_search_match_the_case_blind_search(name: str, text: str) -> None:
    pattern = PATTERNS[name]
    assert list(pattern.spans(text)) == _blind_spans(pattern, text)
    assert pattern.search(text) == bool(_blind_spans(pattern, text))


@pytest.mark.parametrize(("name", "text"), [
    ("placeholder-words", "\u017fecret-here"), ("placeholder-words", "your_\u212aey"),
    ("secret-words", "\u017fecret = 1"), ("hash-label", "\u017fha256: "),
])
def test_text_outside_ascii_keeps_unicode_folding(name: str, text: str) -> None:
    pattern = PATTERNS[name]
    assert pattern.search(text) and list(pattern.spans(text)) == _blind_spans(pattern, text)


@pytest.mark.parametrize(("name", "text"), [
    ("placeholder-words", "API_KEY=YOUR_API_KEY"), ("secret-words", "AUTH0_CLIENT_SECRET='x'"),
    ("hash-label", "SHA256: "), ("hash-label", "the Commit -- "),
])
def test_upper_case_ascii_is_found(name: str, text: str) -> None:
    assert PATTERNS[name].search(text)


def test_a_pattern_with_capitals_is_refused() -> None:
    with pytest.raises(ValueError, match="lower case"):
        CaseBlindPattern(r"\Wkey")
