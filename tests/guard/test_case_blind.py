"""Case-blind patterns searched through a case-sensitive copy on ASCII text find exactly what the case-blind
search finds: the same matches, on text full of the patterns' words in every case, and on text outside ASCII
(where the long s and the Kelvin sign fold to s and k)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard.case_blind import CaseBlindPattern
from aiwarden.guard.placeholders import _WORDS
from aiwarden.guard.secret_entropy import _HASH_LABEL
from aiwarden.guard.secret_labels import _SECRET_WORD
from aiwarden.guard.secret_prose import _EN_IS, _EN_USE_AS

PATTERNS = {"placeholder-words": _WORDS, "secret-words": _SECRET_WORD, "hash-label": _HASH_LABEL,
            "prose-is": _EN_IS, "prose-use-as": _EN_USE_AS}
# The words of every pattern, cut and glued in different cases, and the characters their classes test.
_PIECES = st.sampled_from((
    "your", "YOUR", "My", "my_", "api-", "API_", "key", "Key", "TOKEN", "secret", "Password", "PLACEHOLDER", "Dummy",
    "changeMe", "REDACTED", "insert-", "replace", "With", "ME", "<", ">", "...", "…", "Example", "${", "}", "{{",
    "}}", "%(", ")s", "HERE", "pass", "PWD", "Auth", "CREDENTIAL", "creds", "Private", "PAT", "pat", "path", "SHA-256",
    "sha1", "MD5", "Blake2b", "Hash", "digest", "CheckSum", "commit", "Rev", "etag", "oid", "H1", "object id",
    "Cherry-Pick", "nonce", "sum", ":", " ", "  ", "\n", "_", "-", "=", "0", "x", "K", "ſ", "ecret", "İ", "é",
    " is ", " IS ", " was ", "Use ", " as the ", " AS ", "API key", "The Password", "Xk9!pQ2#vL", "hunter2x", ". ",
    " and ", "\"", "'", "「",
))
TEXTS = st.lists(st.one_of(_PIECES, st.text(alphabet="abcXYZ019_-:= ", max_size=4)), max_size=10).map("".join)


def _blind_spans(pattern: CaseBlindPattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.compile(pattern.sensitive.pattern, re.IGNORECASE).finditer(text)]


def _group_spans(matches: Iterator[re.Match[str]]) -> list[list[tuple[int, int]]]:
    return [[m.span(g) for g in range(m.re.groups + 1)] for m in matches]


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_spans_and_search_match_the_case_blind_search(name: str, text: str) -> None:
    pattern = PATTERNS[name]
    assert list(pattern.spans(text)) == _blind_spans(pattern, text)
    assert pattern.search(text) == bool(_blind_spans(pattern, text))
    blind = re.compile(pattern.sensitive.pattern, re.IGNORECASE)
    assert _group_spans(pattern.matches(text)) == _group_spans(blind.finditer(text))


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
    with pytest.raises(ValueError, match="lower case"):
        CaseBlindPattern(r"(?P<word>Key)")
    assert CaseBlindPattern(r"(?P<word>key)-(?P=word)").search("KEY-key")


def test_prose_values_keep_their_case() -> None:
    from aiwarden.guard.secret_prose import prose_credentials

    text = "The staging password is Xk9!pQ2#vLm and it expires Friday."
    assert [text[start:end] for start, end, _ in prose_credentials(text)] == ["Xk9!pQ2#vLm"]
