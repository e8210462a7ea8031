"""The id tables' screens skip nothing a full scan finds: each capitalised acronym is found inside the runs of
capitals exactly where a plain substring test on the whole text finds it, and the kinds skipped in a text without
six digits in a row are exactly those whose patterns cannot match without them."""

from __future__ import annotations

import re

# the regex parser's tree (CPython's, as re uses it) tells what every match of a pattern must hold
from re import _constants as sre_constants
from re import _parser as sre_parser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard import pii_ids_more, pii_ids_world
from aiwarden.guard.alternatives import Alternation

TABLES = (pii_ids_world.KINDS, pii_ids_more.KINDS)
SCREENS = [pii_ids_world._screen(kinds) for kinds in TABLES]
ACRONYMS = sorted({h for screen in SCREENS for h in screen.cased})


def _hinted_by_substring(screen: pii_ids_world._HintScreen, text: str) -> list[bool]:
    cased = {h for h in screen.cased if h in text}
    lower = {h for h in screen.lower if h in text.lower()}
    return [not c.isdisjoint(cased) or not low.isdisjoint(lower) for c, low in screen.per_kind]


def test_the_acronyms_are_capitals_only() -> None:
    assert ACRONYMS and all(h.isascii() and h.isalpha() and h.isupper() for h in ACRONYMS)


def _hinted(screen: pii_ids_world._HintScreen, text: str) -> list[bool]:
    return screen.hinted(pii_ids_world._TextFacts.of(text))


_PIECES = st.one_of(st.sampled_from(ACRONYMS), st.sampled_from([h[1:] for h in ACRONYMS] + [h[:-1] for h in ACRONYMS]),
                    st.sampled_from((" ", "-", "_", "1", "a", "Ä", "\n", "PESEL", "national id", "Personal", "ΑΜΚΑ",
                                     "Cédula", "ЕГН", "個人番号")),
                    st.text(alphabet="ABCNPSTIabc 0", max_size=3))


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_hinted_matches_the_substring_test(text: str) -> None:
    for screen in SCREENS:
        assert _hinted(screen, text) == _hinted_by_substring(screen, text)


def test_every_lower_case_hint_is_found_alone_and_in_ascii_or_other_text() -> None:
    for screen in SCREENS:
        for hint in screen.lower:
            for text in (hint, f"x {hint.upper()} 12", f"Ä {hint} 3"):
                assert _hinted(screen, text) == _hinted_by_substring(screen, text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_the_screen_of_a_text_without_digit_groups_agrees_on_the_kinds_it_keeps(text: str) -> None:
    for kinds, screen in zip(TABLES, SCREENS, strict=True):
        kept = [kind.digits_optional for kind in kinds]
        assert any(kept)
        ungrouped = _hinted(pii_ids_world._screen(kinds, grouped=False), text)
        assert [h for h, k in zip(ungrouped, kept, strict=True) if k] == \
            [h for h, k in zip(_hinted(screen, text), kept, strict=True) if k]
        assert not any(h for h, k in zip(ungrouped, kept, strict=True) if not k)


def test_each_acronym_is_found_glued_between_capitals_and_digits() -> None:
    for acronym in ACRONYMS:
        for text in (acronym, f"X{acronym}Y", f"1{acronym}2", f"the {acronym}: 123", f"{acronym[:-1]} {acronym[-1]}"):
            for screen in SCREENS:
                assert _hinted(screen, text) == _hinted_by_substring(screen, text), text


def _digit_run(pattern: re.Pattern[str]) -> int:
    """The most digits in a row that every match of ``pattern`` holds, read from its parsed form: digit classes and
    literal digits that must occur one after another (repeats count their minimum; groups and look-arounds do not
    break a run; anything else, alternatives and optional parts included, ends it). Only ever an undercount."""
    return _run_in(sre_parser.parse(pattern.pattern, pattern.flags).data, 0, 0)[1]


def _is_digit(op: object, av: object) -> bool:
    if op is sre_constants.LITERAL:
        return isinstance(av, int) and chr(av).isdigit() and chr(av).isascii()
    if op is sre_constants.IN and isinstance(av, list):
        return all((o is sre_constants.CATEGORY and a is sre_constants.CATEGORY_DIGIT)
                   or (o is sre_constants.RANGE and 48 <= a[0] <= a[1] <= 57)
                   or (o is sre_constants.LITERAL and 48 <= a <= 57) for o, a in av)
    return False


def _run_in(items: list[tuple[object, object]], run: int, best: int) -> tuple[int, int]:
    for op, av in items:
        if _is_digit(op, av):
            run += 1
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _, body = av  # type: ignore[misc]
            run = run + low if len(body.data) == 1 and _is_digit(*body.data[0]) and low > 0 else 0
        elif op is sre_constants.SUBPATTERN:
            run, best = _run_in(av[3].data, run, best)  # type: ignore[index]
        elif op not in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            run = 0
        best = max(best, run)
    return run, best


ALL_KINDS = pii_ids_world.KINDS + pii_ids_more.KINDS


def test_six_digit_kinds_are_exactly_those_whose_patterns_hold_six_digits_in_a_row() -> None:
    runs = {kind.rule_id: _digit_run(kind.pattern) for kind in ALL_KINDS}
    assert {rule for rule, run in runs.items() if run >= 6} == pii_ids_world.SIX_DIGIT_KINDS


def test_the_digit_run_reader_counts_only_what_every_match_holds() -> None:
    assert _digit_run(re.compile(r"\d{6}")) == 6
    assert _digit_run(re.compile(r"[0-9](?<!\w[0-9])(?:\d{5}[-+]?\d{4})")) == 6
    assert _digit_run(re.compile(r"\d{3}(\.?)\d{3}")) == 3  # an optional separator may split the run
    assert _digit_run(re.compile(r"\d{3}(?:-\d{3}|\d{9})")) == 3  # an alternative may avoid the long run
    assert _digit_run(re.compile(r"\d{2,3}\d{4}")) == 6
    assert _digit_run(re.compile(r"\d{0,6}X")) == 0


@pytest.mark.parametrize("text", ["order 12345, ref 1.2.3", "٣٣٣٣٣٣ 12-3", "no numbers at all 1.5"])
def test_texts_without_six_digits_skip_nothing_a_full_scan_finds(text: str) -> None:
    for kinds in (pii_ids_world.KINDS, pii_ids_more.KINDS):
        skipped = [k for k in kinds if k.rule_id in pii_ids_world.SIX_DIGIT_KINDS]
        assert not [m for k in skipped for m in k.pattern.finditer(text)]


@pytest.mark.parametrize("run", ["123456", "١٢٣٤٥٦", "٣٣٣٣٣٣", "１２３４５６", "12٣٤56"])
def test_the_six_digit_screen_sees_digits_of_every_script(run: str) -> None:
    # the patterns' \d is any script's decimal digit: so is the screen's
    assert pii_ids_world._ANY_SIX_DIGITS.search(f"ab {run} cd")


# --- labels: a kind's names and the generic label, searched apart ---------------------------------------------------

LABELLED = [(kind, names) for kinds, screen in zip(TABLES, SCREENS, strict=True)
            for kind, names in zip(kinds, screen.names_only, strict=True) if names is not None]
_LABEL_PIECES = st.sampled_from((
    "national id", "National Identity card", "personal number", "Personal code", "id number", "ID no.", "identity code",
    "citizen's id", "p.k.", "a. k.", "asmens kodas", "JMBG", "matični broj", "NRIC", "I/C", "NIK", "KTP", "CNIC",
    "іпн", "kimlik", "T.C. no", "cpr", "PESEL", "EGN", "emšo", "identification number", "personnummer", "kennitala",
    " ", "\n", ": ", "x", "id", "no.", "identity", "number", "123456"))


def test_the_labelled_kinds_are_there_and_no_label_part_matches_an_empty_string() -> None:
    assert len(LABELLED) >= 10
    for pattern in [pii_ids_world._GENERIC, *(names for _, names in LABELLED)]:
        assert sre_parser.parse(pattern.pattern, pattern.flags).getwidth()[0] > 0, pattern.pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(_LABEL_PIECES, max_size=12).map("".join))
def test_label_matches_are_the_alternations_matches(text: str) -> None:
    generic = pii_ids_world._GenericLabels(text)  # shared by the kinds, as in a scan
    for kind, names in LABELLED:
        assert kind.keyword is not None
        found = pii_ids_world.label_matches(Alternation(names), generic, text, text.lower())
        assert [m.span() for m in found] == \
            [m.span() for m in kind.keyword.finditer(text)], kind.rule_id
