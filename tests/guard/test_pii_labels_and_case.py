"""IBANs typed in lower case, phone numbers after a "call" verb in other languages or dialled into a range the
plan has not allocated yet, and numbers after an id label (ticket, order, invoice) that are that id."""

from __future__ import annotations

import phonenumbers
import pytest

from tests.guard._pii_helpers import redacted


def _iban(country: str, bban: str) -> str:
    """An IBAN with ISO 13616 check digits, worked out here rather than by the detector."""
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def _spaced(iban: str) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


@pytest.mark.parametrize(("country", "bban"), [
    ("DE", "210501700093817265"), ("FR", "30004008280001398127410"), ("NL", "RABO0318462095"),
    ("GB", "MIDL40051582736141"),
])
def test_a_lower_case_iban_is_found_compact_or_spaced(country: str, bban: str) -> None:
    iban = _iban(country, bban).lower()
    for written in (iban, _spaced(iban)):
        assert redacted(f"Überweisung bitte an {written} bis Freitag.") == [("pii.iban", written)]


def test_a_lower_case_iban_with_a_wrong_check_or_length_or_mixed_case_is_not() -> None:
    iban = _iban("DE", "210501700093817265").lower()
    wrong_check = iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:]
    assert redacted(f"Konto: {wrong_check}") == []
    assert redacted(f"Konto: {iban}4") == []  # 23 characters: not a German length
    nl = _iban("NL", "RABO0318462095")
    mixed = nl[:4] + nl[4:8].lower() + nl[8:]
    assert redacted(f"ref {mixed}") == []
    assert redacted(f"token {iban.replace('de', 'qq', 1)}") == []  # not a registry country


def test_the_upper_case_iban_is_still_found() -> None:
    iban = _iban("DE", "210501700093817265")
    assert redacted(f"IBAN: {_spaced(iban)}") == [("pii.iban", _spaced(iban))]


@pytest.mark.parametrize(("text", "number"), [
    ("Appelez-la au 0671234589 avant midi.", "0671234589"),
    ("Rufen Sie mich unter 01712345678 an.", "01712345678"),
    ("Llame al 0612345678 mañana.", "0612345678"),
    ("Bel me op 0612345678 na vijven.", "0612345678"),
])
def test_a_number_after_a_call_verb_in_another_language_is_a_phone(text: str, number: str) -> None:
    assert redacted(text) == [("pii.phone", number)]


def test_an_unspaced_national_number_without_a_call_word_stays_unreported() -> None:
    assert redacted("Le colis 0671234589 part demain.") == []


def test_an_international_number_outside_the_allocated_ranges_counts_after_a_phone_word() -> None:
    number = "+31 6 79 12 34 56"
    parsed = phonenumbers.parse(number)
    assert not phonenumbers.is_valid_number(parsed) and phonenumbers.is_possible_number(parsed)
    assert redacted(f"Phone: {number}") == [("pii.phone", number)]
    assert redacted(f"| Mobile | {number} |") == [("pii.phone", number)]


def test_an_unallocated_or_impossible_international_number_needs_the_phone_word() -> None:
    assert redacted("Build +31 6 79 12 34 56 passed.") == []
    assert redacted("Phone: +31 6 79 12 34 56 78 90 12") == []  # too long for the Dutch plan


@pytest.mark.parametrize("text", [
    "Ticket 0612-3456-7890 was merged into the parent.",
    "Order no. 06 12 34 56 78 has shipped.",
    "Invoice #: 020 7123 4567, due in 30 days.",
    "Your case number: 0171 2345678. Please quote it when you call.",
    "Ref 0612345678",
    "Customer ID: 06 12 34 56 78",
])
def test_a_number_after_an_id_label_is_not_a_phone(text: str) -> None:
    assert [r for r in redacted(text) if r[0] == "pii.phone"] == []


@pytest.mark.parametrize(("text", "number"), [
    ("Call the order desk on 020 7123 4567.", "020 7123 4567"),
    ("Ticket raised; call me on 06 12 34 56 78.", "06 12 34 56 78"),
    ("In that case 020 7123 4567 is the number to ring.", "020 7123 4567"),
    ("Order line: +44 20 3847 1192", "+44 20 3847 1192"),  # a dialled country code is no id
    ("Customer 06 12 34 56 78", "06 12 34 56 78"),  # "customer" alone names the person, not an id
])
def test_a_phone_near_the_same_words_is_still_a_phone(text: str, number: str) -> None:
    assert redacted(text) == [("pii.phone", number)]
