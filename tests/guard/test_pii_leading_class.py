"""The PII patterns that lead with a character class and test what precedes it afterwards find exactly what their
look-behind-first forms find: same spans, same groups, on generated text full of the characters both test."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.guard import pii, pii_addresses, pii_cards, pii_ids, pii_phones, pii_vat

_NOT_AFTER = r"(?<![\w.,/+-])"
_NOT_BEFORE = r"(?![\w/+-]|[.,]\d|[ -]\d)"
_VAT_CODES = "|".join(pii_vat.VAT_FORMATS)
_HOUSE_NUMBER = r"(?<![\w.,/:#$%-])(?!0\b)\d{1,5}"
_HOUSE_NUMBER_REST = pii_addresses._NUMBER.split(r"\d{0,4}", 1)[1]


def _address_reference(pattern: re.Pattern[str]) -> str:
    """An address pattern with its house number written look-behind first."""
    assert pattern.pattern.startswith(pii_addresses._NUMBER)
    return _HOUSE_NUMBER + _HOUSE_NUMBER_REST + pattern.pattern[len(pii_addresses._NUMBER):]

# (pattern as the module compiles it, the same pattern with its look-behind first)
REFERENCES: dict[str, tuple[re.Pattern[str], str]] = {
    "ssn": (pii_ids._SSN, _NOT_AFTER + r"(\d{3})([- ])(\d{2})\2(\d{4})" + _NOT_BEFORE),
    "ssn-bare": (pii_ids._SSN_BARE, _NOT_AFTER + r"(\d{3})(\d{2})(\d{4})" + _NOT_BEFORE),
    "steuer-id": (pii_ids._STEUER_ID, _NOT_AFTER + r"([1-9]\d)( ?)(\d{3})\2(\d{3})\2(\d{3})" + _NOT_BEFORE),
    "nir": (pii_ids._NIR, _NOT_AFTER + r"([1-478]) ?(\d{2}) ?(0[1-9]|1[0-2]|20|3\d|4[0-2]|[5-9]\d) ?(\d{2}|2[AB]) ?"
            r"(\d{3}) ?(\d{3}) ?(\d{2})" + _NOT_BEFORE),
    "dni": (pii_ids._DNI, r"(?<![\w.,])(\d{8})-?([A-Z])(?![\w+-])"),
    "codice-fiscale": (pii_ids._CF, r"\b[A-Z]{6}[\dLMNP-V]{2}[ABCDEHLMPRST][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]\b"),
    "nino": (pii_ids._NINO, r"\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])( ?)(\d{2})( ?)(\d{2})( ?)(\d{2})( ?)([A-D])\b"),
    "bsn": (pii_ids._BSN, _NOT_AFTER + r"(\d{4})(\.?)(\d{2})\2(\d{3})" + _NOT_BEFORE),
    "aadhaar": (pii_ids._AADHAAR, _NOT_AFTER + r"(?<!\d )([2-9]\d{3})([ -]?)(\d{4})\2(\d{4})" + _NOT_BEFORE),
    "cpf": (pii_ids._CPF, _NOT_AFTER + r"(\d{3})(\.?)(\d{3})\2(\d{3})-?(\d{2})" + _NOT_BEFORE),
    "sin": (pii_ids._SIN, _NOT_AFTER + r"([1-79]\d{2})([ -]?)(\d{3})\2(\d{3})" + _NOT_BEFORE),
    "card": (pii_cards._CANDIDATE, r"(?<![\w.,/+-])\d(?:[ .-]?\d){11,22}(?![\w]|[.,/-]\d)"),
    "vat": (pii_vat._VAT, r"(?<![A-Za-z0-9])(?P<cc>" + _VAT_CODES + r")[ -]?(?P<body>[A-Z0-9+*][A-Z0-9+* .-]{6,16})"),
    "street": (pii_addresses._STREET_START, _address_reference(pii_addresses._STREET_START)),
    "highway": (pii_addresses._HIGHWAY, _address_reference(pii_addresses._HIGHWAY)),
    "typeless-street": (pii_addresses._TYPELESS, _address_reference(pii_addresses._TYPELESS)),
    "postal-locality": (pii_addresses._POSTAL_LOCALITY_GATE,
                        r"\b[A-Z]{2},? \d{5}\b|[A-Z]\d[A-Z] ?\d[A-Z]\d|\b[A-Z]{2,3},? \d{4}\b"),
    "phone": (pii_phones._CANDIDATE, r"(?<![\w.,/#=@$%&+*^~\\-])(?<!\d )(?:\+ ?|\b|(?=\())(?:\(\d{1,5}\) ?|\d)"
              r"[\d ().\-/]{5,22}\d(?![\w]|[.,/-]\d| \d)"),
}
_IBAN_REFERENCE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}|[a-z]{2})\d{2}(?=[ ]?[A-Za-z0-9])")

# Shapes each pattern matches, and near misses around them; glued together and to filler they land after every
# character the look-behinds judge.
FRAGMENTS = (
    "078-05-1120", "219 09 9999", "123456789", "12 345 678 901", "86095742719", "2 55 08 14 168 025 38", "2 55 08 2A",
    "12345678Z", "12345678-Z", "X1234567L", "RSSMRA85T10A562S", "AB123456C", "AB 12 34 56 C", "1234.56.789",
    "2345 6789 0123", "111.444.777-35", "046 454 286", "4111 1111 1111 1111", "4111-1111-1111-1111",
    "5500005555555559", "DE89 3704 0044 0532 0130 00", "de89370400440532013000", "GB82WEST12345698765432",
    "DE123456789", "FRXX123456789", "ATU12345678", "NL123456789B01", "+44 20 7946 0958", "+1 (415) 555-2671",
    "(020) 7946 0958", "0049 30 1234567", "06.12.34.56.78", "1.5", "v2.3.4", "a-1", "é٣",
    "1600 Pennsylvania Avenue NW", "0 Main Street", "07 Oak Lane", "12B Baker Street", "10-12 Elm Road",
    "221 1/2 Main St.", "2003, North Carolina", "12, MG Road", "12345 Hwy 101", "500 County Road X",
    "100 Broadway,\nNew York", "0, Broadway, ", "Springfield, IL 62704", "IL, 62704", "NSW 2000", "VIC, 3000",
    "K1A 0B1", "K1A0B1", "XNSW 2000", "ÉNY 10001",
)
# What the look-behinds judge: word characters of several scripts, the separators, a digit and a space before.
BOUNDARIES = ("", " ", "\n", "a", "Z", "é", "٣", "_", "1", "1 ", "7 ", ".", ",", "/", "+", "-", "#", "=", "(", "$",
              "\\")
_FILLER = st.text(alphabet="0123456789 .,-/+()#_aZXé٣\n", max_size=4)
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(BOUNDARIES), _FILLER), max_size=12).map("".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_reference_finds_something_in_the_fragments(name: str) -> None:
    # the comparisons are not vacuous: every reference pattern matches in the fragments
    pattern, reference = REFERENCES[name]
    joined = " ; ".join(FRAGMENTS)
    assert _matches(re.compile(reference), joined)
    assert _matches(pattern, joined) == _matches(re.compile(reference), joined)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_leading_class_pattern_matches_its_reference_after_every_boundary(name: str) -> None:
    pattern, reference = REFERENCES[name][0], re.compile(REFERENCES[name][1])
    for fragment in FRAGMENTS:
        for before in BOUNDARIES:
            for after in BOUNDARIES:
                text = before + fragment + after
                assert _matches(pattern, text) == _matches(reference, text), text


@pytest.mark.parametrize("name", sorted(REFERENCES))
@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_leading_class_pattern_matches_its_reference(name: str, text: str) -> None:
    pattern, reference = REFERENCES[name]
    assert _matches(pattern, text) == _matches(re.compile(reference), text)


def _iban_starts(text: str) -> list[tuple[int, str]]:
    return [(m.start() - 2, text[m.start() - 2:m.start()]) for m in pii._IBAN_CHECK_DIGITS.finditer(text)]


def _iban_reference_starts(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(1)) for m in _IBAN_REFERENCE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="0129 ABZabzé-_", max_size=5)),
                     max_size=10).map("".join))
def test_iban_check_digits_find_the_starts_the_country_code_pattern_finds(text: str) -> None:
    assert _iban_starts(text) == _iban_reference_starts(text)


def test_iban_check_digits_after_every_boundary() -> None:
    for fragment in FRAGMENTS:
        for before in BOUNDARIES:
            for after in BOUNDARIES:
                text = before + fragment + after
                assert _iban_starts(text) == _iban_reference_starts(text), text


def test_iban_starts_are_found_in_both_cases() -> None:
    text = "IBAN DE89 3704 0044 0532 0130 00, typed de89370400440532013000, not xDE89 or De89 1234"
    assert _iban_starts(text) == _iban_reference_starts(text) == [(5, "DE"), (40, "de")]


def test_vat_prefixes_are_two_capitals() -> None:
    # the VAT pattern's look-behind skips exactly two characters back over the prefix
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in pii_vat.VAT_FORMATS)
