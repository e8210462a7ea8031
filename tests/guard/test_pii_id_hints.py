"""The id tables' hint screen finds each capitalised acronym inside the runs of capitals exactly where a plain
substring test on the whole text finds it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard import pii_ids_more, pii_ids_world

SCREENS = [pii_ids_world._screen(kinds) for kinds in (pii_ids_world.KINDS, pii_ids_more.KINDS)]
ACRONYMS = sorted({h for screen in SCREENS for h in screen.cased})


def _hinted_by_substring(screen: pii_ids_world._HintScreen, text: str) -> list[bool]:
    cased = {h for h in screen.cased if h in text}
    lower = {h for h in screen.lower if h in text.lower()}
    return [not c.isdisjoint(cased) or not low.isdisjoint(lower) for c, low in screen.per_kind]


def test_the_acronyms_are_capitals_only() -> None:
    assert ACRONYMS and all(h.isascii() and h.isalpha() and h.isupper() for h in ACRONYMS)


_PIECES = st.one_of(st.sampled_from(ACRONYMS), st.sampled_from([h[1:] for h in ACRONYMS] + [h[:-1] for h in ACRONYMS]),
                    st.sampled_from((" ", "-", "_", "1", "a", "Ä", "\n", "PESEL", "national id", "Personal")),
                    st.text(alphabet="ABCNPSTIabc 0", max_size=3))


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_hinted_matches_the_substring_test(text: str) -> None:
    for screen in SCREENS:
        assert screen.hinted(text, text.lower()) == _hinted_by_substring(screen, text)


def test_each_acronym_is_found_glued_between_capitals_and_digits() -> None:
    for acronym in ACRONYMS:
        for text in (acronym, f"X{acronym}Y", f"1{acronym}2", f"the {acronym}: 123", f"{acronym[:-1]} {acronym[-1]}"):
            for screen in SCREENS:
                assert screen.hinted(text, text.lower()) == _hinted_by_substring(screen, text), text
