"""Phone numbers: international and national formats validated by libphonenumber, local digit runs only with a
word such as "phone" before them, fictional ranges as info, regions configurable."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import pii_phones
from aiwarden.guard.types import OutputContext

from ._pii_helpers import found, redacted

PHONES = [
    "+1 415 867 5309", "+1-415-867-5309", "+14158675309", "(415) 867-5309", "415-867-5309", "415.867.5309",
    "1 (415) 867-5309", "+44 20 8366 1177", "+44 (0)20 8366 1177", "020 8366 1177", "07911 123456",
    "+49 30 12345678", "030 12345678", "030/1234567", "0049 30 12345678", "+33 1 42 68 53 00", "01 42 68 53 00",
    "06.12.34.56.78", "+34 612 34 56 78", "+39 347 123 4567", "02 1234 5678", "+31 6 12345678", "06 12345678",
    "+61 412 345 678", "0412 345 678", "(02) 9876 5432", "+91 98765 43210", "098765 43210", "+55 11 91234-5678",
    "+353 1 234 5678", "+43 1 5880 0", "+41 44 668 18 00", "011 44 20 8366 1177",
]


@pytest.mark.parametrize("number", PHONES)
@pytest.mark.parametrize("template", ["Call {} today.", "tel: {}", "{}"])
def test_phones_found(number: str, template: str) -> None:
    assert redacted(template.format(number)) == [("pii.phone", number)]


@pytest.mark.parametrize(("text", "number"), [
    ("phone: 612 34 56 78", "612 34 56 78"), ("Mobile 347 123 4567", "347 123 4567"),
    ("call me on 4158675309", "4158675309"), ("WhatsApp 612345678", "612345678"),
])
def test_local_forms_need_a_phone_word(text: str, number: str) -> None:
    assert redacted(text) == [("pii.phone", number)]
    assert redacted(f"order id {number}") == []


@pytest.mark.parametrize("text", [
    "Released 2024-01-15 and 15.01.2024, 01/02/2023 10:30-11:45", "IP 192.168.100.200 and 10.0.0.1:8080",
    "version 10.0.19041.1 (build 22631.2861)", "rows 1234567890, epoch 1700000000000", "order 4158675309",
    "ZIP Boston, MA 02110-1301", "x = [0.937500, 0.947500, 1.054697]", "1 2 3 4 5 6 7 8 9",
    "sha 3f786850e387550fdab836ed7e6dc881de23001b", "port 8080 and 443, pid 123456",
    "price $1,234,567.89 and 1 234 567,89 €", "ISBN 978-3-16-148410-0", "coords 48.858370 2.294481",
    "range 2019-2024", "assert f(123) == 4567890", "matrix 100 200 300 400 500", "555-123-4567",
    "call extension 1234", "hexdump 00 00 00 00 00 00 00 05 06 07", "score 98-76-54",
    "Tracking 1Z999AA10123456784", "timestamp 20240115103000",
])
def test_phone_lookalikes_are_not_phones(text: str) -> None:
    assert [r for r in redacted(text) if r[0] == "pii.phone"] == []


@pytest.mark.parametrize("text", ["call +1 415 555 0132", "call (415) 555-0199", "phone 020 7946 0958",
                                  "+44 20 7946 0958", "mobile 07700 900123", "+61 491 570 156",
                                  "(02) 5550 1234", "call 0491 570 006"])
def test_fictional_ranges_are_info(text: str) -> None:
    findings = found(text)
    assert [(r, s) for r, _, s in findings] == [("pii.phone", Severity.INFO)]


def test_regions_are_configurable() -> None:
    text = "call 06 12345678"  # a Dutch mobile
    assert redacted(text) == [("pii.phone", "06 12345678")]
    only_us = OutputContext(extra={pii_phones.REGIONS_KEY: ["US"]})
    assert redacted(text, only_us) == []
    assert redacted("call +31 6 12345678", only_us) == [("pii.phone", "+31 6 12345678")]  # "+" names the country


def test_phonenumbers_is_imported_only_for_a_candidate() -> None:
    import subprocess
    import sys
    code = ("import sys; from aiwarden.guard import pii; from aiwarden.guard.types import OutputContext as O; "
            "pii.detect('no digits here at all', O()); print('phonenumbers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
