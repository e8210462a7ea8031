"""Personal data in model output: emails, phone numbers, payment cards, IBANs and national identifiers.

Shapes are found by flat regexes; anything with a checksum (Luhn, IBAN mod-97, DNI/NIE letter) must pass it,
which is what keeps order numbers, timestamps and other long integers out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Final

from aiwarden.core.findings import Severity
from aiwarden.guard.placeholders import pii_placeholder_reason
from aiwarden.guard.spans import resolve_overlaps
from aiwarden.guard.types import GuardFinding, OutputContext

DETECTOR: Final = "pii"
TAGS: Final = ("LLM02:2025", "AML.T0057", "CWE-359")

_EMAIL: Final = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24})(?![A-Za-z0-9-]|@)"
)
# Image and source-file names such as icon@2x.png look like addresses but end in a file extension.
_FILE_TLDS: Final = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "ts", "py", "css", "json", "md",
                               "txt", "html", "yaml", "yml", "lock", "toml", "ini", "cfg", "log", "map"})
_RESERVED_DOMAINS: Final = ("example.com", "example.org", "example.net", ".example", ".test", ".invalid",
                            ".localhost", ".local")

# Phones: separators are mandatory between groups so each digit run has one parse (no backtracking blow-up),
# and bare digit strings (integers, timestamps) never qualify unless they are E.164 with a leading "+".
_TAIL: Final = r"(?![\w-]|\.\d)"
# "\+(?<![\w+]\+)" is "(?<![\w+])\+" written so re can scan for the literal "+" first (much faster).
_PHONE_E164: Final = re.compile(r"\+(?<![\w+]\+)[1-9]\d{6,14}" + _TAIL)
_PHONE_INTL: Final = re.compile(
    r"\+(?<![\w+]\+)[1-9]\d{0,2}(?:[ .-]| ?\(\d{1,4}\) ?)\d{1,5}[ .-]\d{2,8}"
    r"(?:[ .-]\d{2,5})?(?:[ .-]\d{2,5})?(?:[ .-]\d{2,5})?" + _TAIL
)
_PHONE_NANP: Final = re.compile(
    r"(?<![\w+.-])(?:1[ .-])?(?:\((?P<area1>\d{3})\) ?|(?P<area2>\d{3})[ .-])(?P<exch>\d{3})[ .-]\d{4}" + _TAIL
)
# Not part of a longer run of digit groups either side: "00 01 02 03 04 05" is a hex dump, not a French number.
_PHONE_TRUNK: Final = re.compile(
    r"(?<![\w+.-])(?<!\d[ -])(?:\(0\d{1,4}\) ?|0\d{1,4}[ -])\d{2,8}(?:[ -]\d{2,8})?(?:[ -]\d{2,4})?(?:[ -]\d{2})?"
    + _TAIL + r"(?![ -]\d)"
)

_SSN_SHAPE: Final = re.compile(r"\d{3}([- ])\d{2}\1\d{4}")  # 078-05-1120 is an SSN shape, never a phone

_CARD_CANDIDATE: Final = re.compile(r"(?<![\w.,-])\d[\d -]{11,28}\d(?!\w)")  # not inside a hex string
_CARD_SPLIT: Final = re.compile(r"[ -]")
# (low, high, prefix digits, valid lengths): ISO/IEC 7812 issuer ranges of the schemes in wide use.
_IIN_RANGES: Final[tuple[tuple[int, int, int, frozenset[int]], ...]] = (
    (4, 4, 1, frozenset({13, 16, 19})),  # Visa
    (51, 55, 2, frozenset({16})),  # Mastercard
    (2221, 2720, 4, frozenset({16})),  # Mastercard 2-series
    (34, 34, 2, frozenset({15})),  # American Express
    (37, 37, 2, frozenset({15})),
    (6011, 6011, 4, frozenset(range(16, 20))),  # Discover
    (644, 649, 3, frozenset(range(16, 20))),
    (65, 65, 2, frozenset(range(16, 20))),
    (62, 62, 2, frozenset(range(16, 20))),  # UnionPay
    (3528, 3589, 4, frozenset(range(16, 20))),  # JCB
    (300, 305, 3, frozenset(range(14, 20))),  # Diners Club
    (36, 36, 2, frozenset(range(14, 20))),
    (38, 39, 2, frozenset(range(16, 20))),
    (2200, 2204, 4, frozenset(range(16, 20))),  # Mir
    (5018, 5018, 4, frozenset(range(13, 20))),  # Maestro
    (5020, 5020, 4, frozenset(range(13, 20))),
    (5038, 5038, 4, frozenset(range(13, 20))),
    (5893, 5893, 4, frozenset(range(13, 20))),
    (6304, 6304, 4, frozenset(range(13, 20))),
    (6759, 6759, 4, frozenset(range(13, 20))),
    (6761, 6763, 4, frozenset(range(13, 20))),
)

_IBAN_START: Final = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})\d{2}(?=[ ]?[A-Z0-9])")
# SWIFT IBAN registry: total length per country.
_IBAN_LENGTHS: Final = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

# Separators are required (a bare 9-digit integer is not an SSN) and must agree (the backreference).
_SSN: Final = re.compile(r"(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])")
_SSN_PUBLICISED: Final = frozenset({"078051120", "219099999", "123456789"})
# HMRC: first letter not D F I Q U V, second not D F I O Q U V; suffix A-D.
_NINO: Final = re.compile(r"\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b")
_NINO_BAD_PREFIXES: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_DNI: Final = re.compile(r"(?<![\w.,])(\d{8})-?([A-Z])(?![\w+-])")  # not 1.10351563E-05
_NIE: Final = re.compile(r"([XYZ])(?<!\w[XYZ])-?(\d{7})-?([A-Z])\b")
_DNI_LETTERS: Final = "TRWAGMYFPDXBNJZSQVHLCKE"

_Span = tuple[int, int, str]  # start, end, rule_id


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find personal data in ``text``. Checksummed kinds win overlaps over phones (a card is not a phone)."""
    del context
    candidates = [(start, end, priority, rule_id)
                  for priority, (finder, *_) in enumerate(_FINDERS) for start, end, rule_id in finder(text)]
    findings = []
    for start, end, priority, rule_id in _resolve(candidates):
        _, kind, severity, score = _FINDERS[priority]
        finding = _finding(rule_id, kind, start, end, text, severity, score)
        reason = pii_placeholder_reason(rule_id, text[start:end])
        if reason is not None:  # sandbox cards, example IBANs, fictional numbers: shown, not redacted
            finding = replace(finding, severity=Severity.INFO, replacement=None, score=0.05,
                              message=f"{finding.message} ({reason}, not personal data)")
        findings.append(finding)
    return findings


def _finding(rule_id: str, kind: str, start: int, end: int, text: str, severity: Severity,
             score: float) -> GuardFinding:
    value = text[start:end]
    return GuardFinding(
        detector=DETECTOR,
        rule_id=rule_id,
        severity=severity,
        message=f"{kind.replace('_', ' ').lower()} in output",
        span=(start, end),
        evidence=value[:4] + "…" if len(value) > 4 else "…",
        score=score,
        tags=TAGS,
        replacement=kind,
    )


def _resolve(candidates: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]]:
    return resolve_overlaps(candidates)


# --- emails -------------------------------------------------------------------------------------------------------


def _emails(text: str) -> Iterator[_Span]:
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        local, domain = m.group(1), m.group(2).lower()
        if _valid_local(local) and _valid_domain(domain) and text[m.end(): m.end() + 1] != ":":
            yield m.start(), m.end(), "pii.email"


def _valid_local(local: str) -> bool:
    return not (local.startswith(".") or local.endswith(".") or ".." in local)


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    if any(not label or label[0] == "-" or label[-1] == "-" for label in labels):
        return False
    if labels[-1] in _FILE_TLDS:
        return False
    return not any(domain == d.lstrip(".") or domain.endswith(d if d[0] == "." else "." + d)
                   for d in _RESERVED_DOMAINS)


# --- phones -------------------------------------------------------------------------------------------------------


def _phones(text: str) -> Iterator[_Span]:
    for m in _PHONE_E164.finditer(text):
        yield m.start(), m.end(), "pii.phone"
    for m in _PHONE_INTL.finditer(text):
        if 8 <= _digit_count(m.group(0)) <= 15:
            yield m.start(), m.end(), "pii.phone"
    for m in _PHONE_NANP.finditer(text):
        area = m.group("area1") or m.group("area2")
        if area[0] not in "01" and m.group("exch")[0] not in "01":
            yield m.start(), m.end(), "pii.phone"
    for m in _PHONE_TRUNK.finditer(text):
        if 9 <= _digit_count(m.group(0)) <= 12 and not _SSN_SHAPE.fullmatch(m.group(0)):
            yield m.start(), m.end(), "pii.phone"


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)


# --- payment cards ------------------------------------------------------------------------------------------------


def _cards(text: str) -> Iterator[_Span]:
    for m in _CARD_CANDIDATE.finditer(text):
        span = _card_in(m.group(0))
        if span is not None:
            yield m.start() + span[0], m.start() + span[1], "pii.payment-card"


def _card_in(candidate: str) -> tuple[int, int] | None:
    """The longest run of whole digit groups that is a valid card number, as offsets into ``candidate``."""
    if "  " in candidate or "--" in candidate or (" " in candidate and "-" in candidate):
        return None
    groups = _CARD_SPLIT.split(candidate)
    offsets = []
    pos = 0
    for g in groups:
        offsets.append(pos)
        pos += len(g) + 1
    for i in range(len(groups)):
        for j in range(len(groups), i, -1):
            digits = "".join(groups[i:j])
            if 13 <= len(digits) <= 19 and _valid_grouping(groups[i:j]) and _is_card(digits):
                return offsets[i], offsets[j - 1] + len(groups[j - 1])
    return None


def _valid_grouping(groups: list[str]) -> bool:
    return len(groups) == 1 or all(3 <= len(g) <= 6 for g in groups)


def _is_card(digits: str) -> bool:
    return _luhn_ok(digits) and _iin_ok(digits)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iin_ok(digits: str) -> bool:
    return any(low <= int(digits[:width]) <= high and len(digits) in lengths
               for low, high, width, lengths in _IIN_RANGES)


# --- IBAN ---------------------------------------------------------------------------------------------------------


def _ibans(text: str) -> Iterator[_Span]:
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m.group(1))
        if length is None:
            continue
        end, compact = _read_iban(text, m.start(), length)
        if end is not None and _mod97_ok(compact):
            yield m.start(), end, "pii.iban"


def _read_iban(text: str, start: int, length: int) -> tuple[int | None, str]:
    """Read ``length`` alphanumerics from ``start``, allowing single spaces between them (printed groups of 4)."""
    chars: list[str] = []
    i = start
    while i < len(text) and len(chars) < length:
        ch = text[i]
        if ch.isascii() and (ch.isdigit() or ch.isupper()):
            chars.append(ch)
        elif not (ch == " " and chars and text[i - 1] != " "):
            return None, ""
        i += 1
    if len(chars) < length or (i < len(text) and text[i].isalnum()):
        return None, ""
    return i, "".join(chars)


def _mod97_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# --- national identifiers -----------------------------------------------------------------------------------------


def _ssns(text: str) -> Iterator[_Span]:
    for m in _SSN.finditer(text):
        area, group, serial = m.group(1), m.group(3), m.group(4)
        if _ssn_ok(area, group, serial):
            yield m.start(), m.end(), "pii.us-ssn"


def _ssn_ok(area: str, group: str, serial: str) -> bool:
    # SSA never issues area 000, 666 or 900-999, group 00 or serial 0000.
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return area + group + serial not in _SSN_PUBLICISED


def _ninos(text: str) -> Iterator[_Span]:
    for m in _NINO.finditer(text):
        if m.group(1) not in _NINO_BAD_PREFIXES and _consistent_spacing(m.group(0)):
            yield m.start(), m.end(), "pii.uk-nino"


def _consistent_spacing(value: str) -> bool:
    """Either compact (AB123456C) or fully spaced (AB 12 34 56 C), not a random mix."""
    return value.count(" ") in (0, 4)


def _spanish_ids(text: str) -> Iterator[_Span]:
    for m in _DNI.finditer(text):
        if _DNI_LETTERS[int(m.group(1)) % 23] == m.group(2):
            yield m.start(), m.end(), "pii.es-dni"
    for m in _NIE.finditer(text):
        number = str("XYZ".index(m.group(1))) + m.group(2)
        if _DNI_LETTERS[int(number) % 23] == m.group(3):
            yield m.start(), m.end(), "pii.es-nie"


_FINDERS: Final[tuple[tuple[Callable[[str], Iterator[_Span]], str, Severity, float], ...]] = (
    (_ibans, "IBAN", Severity.HIGH, 0.95),
    (_cards, "CARD", Severity.HIGH, 0.95),
    (_ssns, "NATIONAL_ID", Severity.HIGH, 0.85),
    (_ninos, "NATIONAL_ID", Severity.HIGH, 0.85),
    (_spanish_ids, "NATIONAL_ID", Severity.HIGH, 0.9),
    (_emails, "EMAIL", Severity.MEDIUM, 0.9),
    (_phones, "PHONE", Severity.MEDIUM, 0.7),
)
