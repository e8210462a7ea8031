"""Kinds whose keyword is ``names|GENERIC_LABEL`` run the names alone where the generic label occurs nowhere in
the text: the ids found are exactly those the full keyword finds, with and without generic labels and their hint
words ("identity", "personal", "national") in the text."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard import pii_ids_more, pii_ids_world
from aiwarden.guard.pii_ids import KEYWORD_WINDOW
from aiwarden.guard.pii_ids_world import GENERIC_LABEL, IdKind, Span, without_generic

from ._id_makers import MAKERS

TABLES = (pii_ids_world.KINDS, pii_ids_more.KINDS)
GENERIC_KINDS = [k for kinds in TABLES for k in kinds if k.keyword is not None and GENERIC_LABEL in k.keyword.pattern]


def _reference_national_ids(text: str, kinds: tuple[IdKind, ...]) -> Iterator[Span]:
    """national_ids before its newer screens: every keyword-only kind whose hint is in the text (looked for
    directly) runs its full keyword, and no kind is skipped for want of six digits in a row."""
    grouped = pii_ids_world._SIX_DIGITS.search(text) is not None or pii_ids_world._GROUPED.search(text) is not None
    if not grouped and not any(kind.digits_optional for kind in kinds):
        return
    for kind in kinds:
        has_hint = any(h.upper() in text if re.fullmatch("[a-z]{2,4}", h) else h in text.lower() for h in kind.hints)
        if not grouped and not kind.digits_optional:
            continue
        if kind.standalone is not None:
            yield from pii_ids_world._scan(text, kind, 0, len(text))
        elif kind.keyword is not None and has_hint:
            for k in kind.keyword.finditer(text):
                yield from pii_ids_world._scan(text, kind, k.start(), k.end() + KEYWORD_WINDOW)


def test_every_kind_with_the_generic_label_is_split() -> None:
    assert len(GENERIC_KINDS) >= 10
    for kind in GENERIC_KINDS:
        names = without_generic(kind.keyword)
        assert names is not None and kind.keyword is not None
        assert names.pattern + "|" + GENERIC_LABEL == kind.keyword.pattern


def test_keywords_without_the_generic_label_are_not_split() -> None:
    assert without_generic(None) is None
    assert without_generic(re.compile(r"(?i)\bpesel\b")) is None
    assert without_generic(re.compile(r"(?m)^pesel|" + GENERIC_LABEL)) is None  # another global flag: left whole


LABELS = ("national ID number: ", "Personal code ", "identity card no. ", "citizen ID ", "ID number ",
          "object identity ", "personal ", "national ", "the identity of ", "identification: ", "")
_VALUES = [prefix + make(random.Random(f"{rule}-{seed}")) for rule, (prefix, make) in sorted(MAKERS.items())
           for seed in range(2)]
_BARE = [make(random.Random(f"{rule}-bare")) for rule, (_, make) in sorted(MAKERS.items())]
PIECES = st.one_of(st.sampled_from(LABELS), st.sampled_from(_VALUES), st.sampled_from(_BARE),
                   st.sampled_from((" ", "\n", ", ", ". ", "; ", " and ")))


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_national_ids_match_the_full_keyword_scan(text: str) -> None:
    for kinds in TABLES:
        assert list(pii_ids_world.national_ids(text, kinds)) == list(_reference_national_ids(text, kinds))


@pytest.mark.parametrize("label", LABELS)
def test_each_label_before_each_bare_value(label: str) -> None:
    # the comparison is not vacuous: generic labels find ids here that need them
    found = 0
    for value in _BARE:
        text = f"Record: {label}{value} (on file)"
        for kinds in TABLES:
            ids = list(pii_ids_world.national_ids(text, kinds))
            assert ids == list(_reference_national_ids(text, kinds)), text
            found += len(ids)
    if label in ("national ID number: ", "Personal code ", "ID number "):
        assert found > 0
