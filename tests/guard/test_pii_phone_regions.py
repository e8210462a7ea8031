"""Phone numbers in national form are read against the plans of the countries a text names or dials, and of any
region when a phone word labels them and they are grouped as that region writes them; dates, amounts, versions,
populations and ids in the same texts stay unflagged."""

from __future__ import annotations

import pytest

from aiwarden.guard import pii_phone_regions

from ._pii_helpers import redacted


def test_country_names_in_several_languages_and_adjectives_give_regions() -> None:
    assert pii_phone_regions.named_regions("Our office in Norway, or the German one") == ("NO", "DE")
    assert pii_phone_regions.named_regions("Büro in Norwegen; oficina en España") == ("NO", "ES")
    assert pii_phone_regions.named_regions("Bosnia and Herzegovina, 日本の事務所") == ("BA", "JP")
    assert pii_phone_regions.named_regions("a normal sentence about nothing") == ()


def test_dialled_country_codes_give_regions() -> None:
    assert pii_phone_regions.dialled_regions("Main line +47 22 12 34 56, fax +4930123456") == ("NO", "SJ", "DE")
    assert pii_phone_regions.dialled_regions("1 + 2 = 3; C++ 20") == ()


@pytest.mark.parametrize(("text", "number"), [
    ("Our office in Norway: 22 12 34 56.", "22 12 34 56"),
    ("Our office in Spain: 612 34 56 78.", "612 34 56 78"),
    ("Oficina en España: 912 34 56 78.", "912 34 56 78"),
    ("Our team in Kenya: 0712 345678.", "0712 345678"),
    ("Reach the Oslo desk on +47 22 12 34 56 or locally 23 96 41 87.", "23 96 41 87"),
    ("Our Danish support line: 32 12 34 56.", "32 12 34 56"),
])
def test_national_forms_of_a_named_or_dialled_country_are_phones(text: str, number: str) -> None:
    assert ("pii.phone", number) in redacted(text)


@pytest.mark.parametrize(("text", "number"), [
    ("Tel: 0712 345678", "0712 345678"),  # Kenya's mobile form, no country named
    ("Phone: 22 12 34 56", "22 12 34 56"),  # Norway's form
])
def test_labelled_national_forms_of_any_region_are_phones(text: str, number: str) -> None:
    assert ("pii.phone", number) in redacted(text)


@pytest.mark.parametrize("text", [
    "Details: 22 12 34 56.",  # no country, no phone word: a digit run like any other
    "Our office in Spain: 6123 4567 8.",  # not how Spain groups its numbers
    "Population of Norway: 5 425 270.",
    "Norway released version 2.12.34 on 2024-03-05.",
    "Spain's budget was 612 345 678 euros.",
    "Kenya's economy grew to 1 234 567 million shillings in 2023.",
])
def test_numbers_in_texts_naming_a_country_are_not_phones_unless_written_as_one(text: str) -> None:
    assert [rule for rule, _ in redacted(text) if rule == "pii.phone"] == []


def test_an_ungrouped_trunk_zero_number_counts_where_the_text_points() -> None:
    assert ("pii.phone", "0712345678") in redacted("Our team in Kenya: 0712345678.")
    assert [r for r, _ in redacted("Our team: 0712345678.") if r == "pii.phone"] == []  # no country, no word


def test_names_of_several_words_are_found_whole_and_at_the_end_and_each_text_gets_its_own_answer() -> None:
    assert pii_phone_regions.named_regions("We ship to Bosnia and") == ()
    assert pii_phone_regions.named_regions("We ship to bosnia and herzegovina") == ("BA",)
    assert pii_phone_regions.named_regions("South Africa, then Norway") == ("ZA", "NO")
    text = "An office in Norway"
    assert pii_phone_regions.named_regions(text) == ("NO",)
    assert pii_phone_regions.named_regions("An office in Spain") == ("ES",)
    assert pii_phone_regions.named_regions(text) == ("NO",)
