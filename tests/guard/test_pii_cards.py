"""Payment cards: every brand in the table at its lengths, printed with spaces, dashes, dots or not at all; Luhn
failures, wrong lengths and card-shaped ids are not cards; sandbox numbers are info."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard.pii_cards import brand, sandbox_card_reason

from ._pii_helpers import found, redacted, spaced

# Luhn-valid numbers generated per brand prefix (checked with an independent Luhn implementation).
CARDS = {
    "Visa": ["4526018159083012", "4661318609133", "4909960308246281946"],
    "Mastercard": ["5382199351819096", "2720378657975434"],
    "American Express": ["342319487574916"],
    "Discover": ["6011186252760187", "6479555979711472", "6510497465075291705"],
    "JCB": ["3589342366712767"],
    "Diners Club": ["30184268465636", "36212233079242", "3840268599528909"],
    "UnionPay": ["6278666617603137219"],
    "Maestro": ["6759590109281592"],
    "Mir": ["2202013962459579"],
    "RuPay": ["5085121177774123"],
    "Elo": ["5091231547280388"],
    "Hipercard": ["6062825280841489"],
    "Troy": ["9792525388853938"],
    "Dankort": ["5019363387500473"],
}
ALL = [(name, number) for name, numbers in CARDS.items() for number in numbers]


@pytest.mark.parametrize(("name", "number"), ALL)
def test_brand_table_knows_each_brand(name: str, number: str) -> None:
    assert brand(number) == name


def _printed(number: str) -> list[str]:
    if len(number) == 15:
        groups: tuple[int, ...] = (4, 6, 5)
    elif len(number) == 14:
        groups = (4, 6, 4)
    else:
        groups = (4,) * (len(number) // 4) + ((len(number) % 4,) if len(number) % 4 else ())
    return [number] + [spaced(number, groups, sep) for sep in (" ", "-", ".")]


@pytest.mark.parametrize("number", [p for _, n in ALL for p in _printed(n)
                                    if not (len(n) == 13 and p != n)])  # 4-4-4-1 is never printed
@pytest.mark.parametrize("template", ["card {}", "Card number: {}.", "paid with {} on 12/26", "({})", "{}"])
def test_cards_found_in_every_printed_form(number: str, template: str) -> None:
    text = template.format(number)
    assert redacted(text) == [("pii.payment-card", number)]


@pytest.mark.parametrize("text", [
    "card 4526018159083013",  # Luhn fails (last digit changed)
    "card 4526 0181 5908 3011",
    "card 3423194875749160",  # an Amex prefix at 16 digits
    "card 53821993518190961",  # Mastercard at 17 digits
    "card 7382199351819096",  # 7: petroleum, no brand here
    "card 4526 01815 9083012",  # not a printed grouping
    "card 4526-0181 5908-3012",  # mixed separators
    "order 94001 11202 06234 56789 01",  # a parcel number: 22 digits
    "tracking 9400 1000 0000 0000 0000 00",
    "ISBN 978-0-306-40615-7 and 9780306406157",
    "epoch 1700000000000 ms, 1700000000 s",
    "sha256 4526018159083012a9f1",
    "version 4.5.2601.8159.0830 released",
    "price 4,526,018,159.08 USD",
    "coords 45.2601815, 9.0830120",
    "id=4526018159083012345678",  # longer than any card
    "x = 0x4526018159083012",
    "uuid 45260181-5908-3012-a9f1-000000000000",
])
def test_card_lookalikes_are_not_cards(text: str) -> None:
    assert [r for r in redacted(text) if r[0] == "pii.payment-card"] == []


@pytest.mark.parametrize("number", ["4111 1111 1111 1111", "4242-4242-4242-4242", "5555 5555 5555 4444",
                                    "378282246310005", "6011 1111 1111 1117", "3566 0020 2036 0505",
                                    "4000 0000 0000 0002", "5200 0000 0000 0007", "4222222222222"])
def test_sandbox_and_placeholder_cards_are_info(number: str) -> None:
    findings = found(f"test with {number} please")
    assert [(r, s) for r, _, s in findings] == [("pii.payment-card", Severity.INFO)]
    assert sandbox_card_reason(number) is not None


def test_card_followed_by_a_year_keeps_only_the_card() -> None:
    assert redacted("card 4526 0181 5908 3012 2027 expiry") == [("pii.payment-card", "4526 0181 5908 3012")]


def test_random_account_digits_are_not_placeholders() -> None:
    assert all(sandbox_card_reason(n) is None for _, n in ALL)
