"""National ids of more countries and EU VAT numbers: values built from each issuer's check-digit definition are
found in their printed forms; a changed check character, a wrong length or a missing keyword (where the id needs
one) is not; order numbers, timestamps, versions, hashes, prices and barcodes (EAN/ISBN/UPC, which carry check
digits too) are never ids."""

from __future__ import annotations

import random

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard.pii_ids import DOCUMENTED_ID_SPECIMENS

from ._id_makers import MAKERS, VAT_MAKERS
from ._pii_helpers import found, redacted

SEEDS = range(6)


def _value(rule: str, seed: int) -> tuple[str, str]:
    prefix, make = MAKERS[rule]
    return prefix, make(random.Random(f"{rule}-{seed}"))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rule", sorted(MAKERS))
def test_valid_ids_are_found(rule: str, seed: int) -> None:
    prefix, value = _value(rule, seed)
    assert redacted(f"Customer record: {prefix}{value} on file.") == [(rule, value)]


def _changed_check(value: str) -> list[str]:
    last = value[-2] if value.endswith(")") else value[-1]
    pool = "0123456789" if last.isdigit() else "ABCDEFGHJKLMNPRSTUVWXYZ"
    index = len(value) - (2 if value.endswith(")") else 1)
    return [value[:index] + ch + value[index + 1:] for ch in pool if ch != last]


CHECKED = sorted(set(MAKERS) - {"pii.us-itin"})  # an ITIN has no check digit, only reserved group ranges


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("rule", CHECKED)
def test_a_changed_check_character_is_not_that_id(rule: str, seed: int) -> None:
    prefix, value = _value(rule, seed)
    assert [v for v in _changed_check(value) if (rule, v) in redacted(f"{prefix}{v} on file.")] == []


@pytest.mark.parametrize("group", ["00", "49", "66", "69", "89", "93"])
def test_itin_groups_outside_the_irs_ranges_are_not_itins(group: str) -> None:
    assert redacted(f"ITIN 912-{group}-3456") == []


@pytest.mark.parametrize("rule", sorted(MAKERS))
def test_a_wrong_length_is_not_that_id(rule: str) -> None:
    prefix, value = _value(rule, 0)
    digit_at = max(i for i, ch in enumerate(value) if ch.isdigit())
    shorter = value[:digit_at] + value[digit_at + 1:]
    longer = value[:digit_at] + "4" + value[digit_at:]
    for variant in (shorter, longer):
        assert all(r != rule for r, _ in redacted(f"{prefix}{variant} on file."))


KEYWORDED = sorted(rule for rule, (prefix, _) in MAKERS.items() if prefix)


@pytest.mark.parametrize("rule", KEYWORDED)
def test_weak_check_ids_need_their_name(rule: str) -> None:
    _, value = _value(rule, 1)
    assert redacted(f"Reference {value} processed.") == []
    assert redacted(f"{MAKERS[rule][0].strip()}\n{value}") == []  # the name must be on the same line


@pytest.mark.parametrize("seed", SEEDS)
def test_vat_numbers_with_strong_checks_stand_alone(seed: int) -> None:
    for make in VAT_MAKERS:
        value = make(random.Random(seed))
        assert redacted(f"Invoice to {value}, net 30.") == [("pii.eu-vat", value)]


def test_weak_vat_checks_need_a_vat_word() -> None:
    # DE: ISO 7064 MOD 11,10 over eight digits; one random number in ten passes
    rng = random.Random(7)
    for _ in range(20):
        body = str(rng.randint(10_000_000, 99_999_999))
        product = 10
        for ch in body:
            product = ((int(ch) + product) % 10 or 10) * 2 % 11
        value = f"DE{body}{(11 - product) % 10}"
        assert redacted(f"part {value} in stock") == []
        assert redacted(f"USt-IdNr. {value}") == [("pii.eu-vat", value)]


def _ean13(rng: random.Random, prefix: str) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(12 - len(prefix)))
    return body + str(-sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10)


@pytest.mark.parametrize("prefix", ["400", "756", "978", "979", "590", "690", "20"])
def test_barcodes_are_not_ids(prefix: str) -> None:
    rng = random.Random(prefix)
    for _ in range(200):
        ean = _ean13(rng, prefix)
        for text in (f"EAN {ean}", f"ISBN {ean[:3]}-{ean[3:4]}-{ean[4:8]}-{ean[8:12]}-{ean[12]}",
                     f"barcode: {ean}", f"UPC {ean[1:]}", f"GTIN {ean}"):
            assert [r for r in redacted(text) if r[0] != "pii.payment-card"] == [], text


def test_random_numbers_in_ordinary_contexts_are_not_ids() -> None:
    rng = random.Random(11)
    hits = []
    for _ in range(3000):
        n = str(rng.randint(10 ** 7, 10 ** 18))
        for text in (f"Order #{n} shipped", f"invoice {n}", f"id={n}", f"ts {n}"):
            hits += [r for r in redacted(text) if r[0] not in ("pii.payment-card", "pii.phone")]
    assert hits == []


@pytest.mark.parametrize("text", [
    "Released 2024-01-15T10:30:00Z, build 20240115103000", "version 12.345.678-9", "v1.2.3-rc.4",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "git 131052a308f",
    "lat 48.858370, lon 2.294481", "Price: 1,234,567.89 EUR", "Total $12.345.678,90", "Call 020 7946 0958",
    "PR #11010519 merged", "ticket ABC-20240115-0042", "Order 19121212-1212X", "ISO 8601: 1985-04-12T23:20:50.52Z",
    "2024/1234 and 850709/1234/5", "SKU GODE5612", "UUID 123e4567-e89b-12d3-a456-426614174000",
    "page 756.1234", "IP 192.168.100.200", "doi:10.1000/182", "Part no. S1234567", "ratio 12.34.56-789.01",
])
def test_lookalikes_are_not_ids(text: str) -> None:
    assert [r for r in redacted(text) if r[0] not in ("pii.phone",)] == []


@pytest.mark.parametrize("value", DOCUMENTED_ID_SPECIMENS)
def test_issuer_specimens_are_info(value: str) -> None:
    findings = found(f"Example: {value}")
    assert findings and all(severity == Severity.INFO for _, _, severity in findings)

