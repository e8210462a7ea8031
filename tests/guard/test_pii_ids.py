"""National identifiers: valid values (check digits computed with an independent implementation) are found in
their printed forms; a changed check digit, a wrong structure or a missing keyword where the check is weak
is not."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity

from ._pii_helpers import found, redacted

POSITIVES = [
    ("pii.us-ssn", "SSN: {}", ["536-22-1234", "536 22 1234", "412-77-9032"]),
    ("pii.us-ssn", "my social security number is {}", ["536221234"]),
    ("pii.uk-nino", "NI number {}", ["AB123456C", "JG 10 37 26 A", "CE 123456 D"]),
    ("pii.de-tax-id", "{}", ["13 570 869 260", "97 041 569 232"]),
    ("pii.de-tax-id", "Steuer-ID: {}", ["47062965185", "13570869260"]),
    ("pii.fr-nir", "NIR {}", ["286117521631540", "1 46 01 2A 388 620 71", "2 26 07 69 020 812 22"]),
    ("pii.es-dni", "DNI {}", ["12345678Z", "48291635-F"]),
    ("pii.es-nie", "NIE {}", ["X1234567L", "Y-0000000-Z"]),
    ("pii.it-fiscal-code", "codice fiscale {}", ["RSSMRA85T10A562S", "BNCLRA90A41H501F", "VRDGPP80M01F205O"]),
    ("pii.nl-bsn", "BSN {}", ["282857564", "1874.57.694"]),
    ("pii.nl-bsn", "burgerservicenummer: {}", ["220022914"]),
    ("pii.in-aadhaar", "Aadhaar {}", ["6103 8326 8935", "632916019699", "9833-0967-9873"]),
    ("pii.br-cpf", "{}", ["927.711.634-03", "555.248.784-25"]),
    ("pii.br-cpf", "CPF: {}", ["84781092934"]),
    ("pii.ca-sin", "SIN {}", ["481 343 267", "164-633-307", "430013052"]),
    ("pii.ca-sin", "social insurance number: {}", ["481343267"]),
    ("pii.passport", "passport number {}", ["C01X00T47", "123456789", "K1234567"]),
    ("pii.passport", "Passport No.: {}", ["A12345678"]),
]


@pytest.mark.parametrize(("rule", "template", "value"),
                         [(r, t, v) for r, t, values in POSITIVES for v in values])
def test_ids_found(rule: str, template: str, value: str) -> None:
    assert redacted(template.format(value) + " on file.") == [(rule, value)]


NEGATIVES = [
    # broken checks
    "SSN 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000",
    "NI number AB123456E, GB123456A, QQ123456C, AB 1234 56C",
    "Steuer-ID 13 570 869 261 and 11 111 111 111",
    "NIR 286117521631541 and 3 86 11 75 216 315 40",
    "DNI 12345678A, NIE X1234567A",
    "codice fiscale RSSMRA85T10A562T and RSSMRA85T32A562S",
    "BSN 282857565",
    "Aadhaar 6103 8326 8936 and 1103 8326 8935",
    "CPF 927.711.634-04",
    "SIN 481 343 268",
    # right checks, but no keyword where one is required
    "order 282857564 shipped", "ticket 6103 8326 8935 closed", "row 481 343 267 in the table",
    "invoice 536221234", "build 47062965185",
    # numbers that look like ids
    "ISBN 0-306-40615-2, ISBN 978-0-306-40615-7", "call 0800 123 4567", "2024-01-15T10:30:00Z",
    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709", "version 12.345.678-09b", "lat 48.858370, lon 2.294481",
    "Total: 1,234,567,890.12", "passport photos must be 35 x 45 mm", "passport office opens at 9",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_id_lookalikes_are_not_ids(text: str) -> None:
    assert [r for r in redacted(text) if r[0] not in ("pii.phone",)] == []


@pytest.mark.parametrize("text", ["SSN 078-05-1120", "SSN 219-09-9999", "CPF 111.111.111-11", "SSN 123-45-6789"])
def test_specimen_ids_are_info(text: str) -> None:
    findings = found(text)
    assert findings and all(severity == Severity.INFO for _, _, severity in findings)


def test_keyword_must_be_on_the_same_line() -> None:
    assert redacted("BSN\n282857564") == []
    assert redacted("BSN 282857564") == [("pii.nl-bsn", "282857564")]
