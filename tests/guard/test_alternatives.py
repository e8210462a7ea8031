"""An alternation searched one alternative at a time gives exactly what re gives for the whole pattern: the same
matches in the same order, from any position, in ASCII text and in text with letters that fold across scripts
(the Kelvin sign matches k case-blind, the long s matches s, dotless i matches i)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard import pii_ids_more, pii_ids_world
from aiwarden.guard.alternatives import Alternation, top_level_alternatives

_ID_LABELS = [pattern for kinds in (pii_ids_world.KINDS, pii_ids_more.KINDS) for kind in kinds
              for pattern in (kind.keyword, pii_ids_world.without_generic(kind.keyword)) if pattern is not None]
_OWN = [re.compile(p) for p in (
    r"(?i)\bpesel\b|taxpayer (?:number|id)|рнокпп|\bkt\.",
    r"\bNRIC\b|\bI/?C\b|(?i:mykad|identity card)",
    r"(?i)abc|abd",  # a shared prefix the parser takes out in front: searched whole
    r"(?i)x?|key",  # an alternative that matches an empty string: searched whole
    r"(?i)[|(]pipe|\|bar|(?:a|b)c|[]|]d",
    r"(?i)kimlik|\bsk\b|i\.d\.",
)]
PATTERNS = _ID_LABELS + _OWN
_PIECES = st.sampled_from((
    "pesel", "PESEL", "taxpayer id", "Taxpayer Number", "рнокпп", "РНОКПП", "kt.", "KT.", "NRIC", "I/C", "IC", "ic",
    "mykad", "Identity Card", "abc", "abd", "key", "x", "|pipe", "(pipe", "|bar", "ac", "bc", "]d", "|d", "kimlik",
    "\u212aimlik", "s\u212a", "\u017fk", "\u0131.d.", "I.D.", "personal code", "national id", "jmbg", "cédula", "C.I.",
    "t c no", "T.C. numarası", "egn", "егн", "емш", " ", "\n", ".", "1", "é"))
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


def test_the_id_tables_labels_are_split_and_the_special_cases_are_not() -> None:
    assert sum(Alternation(p).alternatives is not None for p in _ID_LABELS) >= len(_ID_LABELS) * 3 // 4
    assert Alternation(_OWN[2]).alternatives is None and Alternation(_OWN[3]).alternatives is None
    assert top_level_alternatives(_OWN[4].pattern) == ["(?i)[|(]pipe", r"\|bar", "(?:a|b)c", "[]|]d"]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_matches_are_finditers(text: str) -> None:
    for pattern in PATTERNS:
        assert [m.span() for m in Alternation(pattern).matches(text, text.lower())] == \
            [m.span() for m in pattern.finditer(text)], pattern.pattern


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.lists(st.integers(min_value=0, max_value=120), max_size=6))
def test_searches_from_any_positions_are_res(text: str, positions: list[int]) -> None:
    for pattern in PATTERNS:
        searcher = Alternation(pattern).searcher(text, text.lower())
        for pos in positions:
            found, expected = searcher.search(pos), pattern.search(text, pos)
            assert (found and found.span()) == (expected and expected.span()), (pattern.pattern, pos)


@pytest.mark.parametrize(("pattern", "text", "span"), [
    (r"(?i)\bkimlik\b", "no \u212aimlik here", (3, 9)),  # the Kelvin sign: not ASCII text, so never ruled out
    (r"(?i)рнокпп|\bipn\b", "the IPN is", (4, 7)),
    (r"(?i)рнокпп|\bipn\b", "РНОКПП 1234567890", (0, 6)),
])
def test_letters_that_fold_and_other_scripts_are_found(pattern: str, text: str, span: tuple[int, int]) -> None:
    assert [m.span() for m in Alternation(re.compile(pattern)).matches(text, text.lower())] == [span]
