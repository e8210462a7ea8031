"""Personal data in model output: emails, phone numbers, payment cards, IBANs, national identifiers and street
addresses.

Each kind has its own module (pii_cards, pii_phones, pii_ids, pii_addresses); this one runs them, resolves
overlaps (checksummed kinds win over phones and addresses) and turns documentation values (sandbox cards,
fictional phone ranges, example IBANs, RFC 2606 domains, specimen ids) and organisations' public service contacts
(role mailboxes, freephone lines: pii_public_contacts) into info findings that are shown and never redacted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Final

from aiwarden.core.findings import Severity
from aiwarden.guard import (
    pii_addresses,
    pii_cards,
    pii_ids,
    pii_ids_more,
    pii_ids_world,
    pii_phone_regions,
    pii_phones,
    pii_vat,
)
from aiwarden.guard.pii_checksums import mod97_ok
from aiwarden.guard.pii_public_contacts import role_mailbox_reason, service_number_reason
from aiwarden.guard.pii_supplied import supplied_by_user
from aiwarden.guard.placeholders import DOCUMENTED_IBANS
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
# RFC 2606 and RFC 6761: names reserved for documentation and testing, never anyone's mailbox.
DOCUMENTATION_DOMAINS: Final = ("example.com", "example.org", "example.net", ".example", ".test", ".invalid",
                                ".localhost", "localhost", ".local", ".tld")

_Span = tuple[int, int, str]  # start, end, rule_id


def detect(text: str, context: OutputContext) -> list[GuardFinding]:
    """Find personal data in ``text``. Checksummed kinds win overlaps over phones (a card is not a phone)."""
    regions = _phone_regions(context)
    pointed: tuple[str, ...] | None = None  # the regions the text points at, for service-number types
    candidates = [(start, end, priority, rule_id)
                  for priority, (finder, *_) in enumerate(_FINDERS) for start, end, rule_id in finder(text, regions)]
    findings = []
    for start, end, priority, rule_id in resolve_overlaps(candidates):
        _, kind, severity, score = _FINDERS[priority]
        finding = _finding(rule_id, kind, start, end, text, severity, score)
        if rule_id == pii_phones.RULE_ID and pointed is None:
            pointed = pii_phone_regions.named_regions(text) + pii_phone_regions.dialled_regions(text)
        reason = documentation_reason(rule_id, text[start:end], regions, pointed or ())
        if reason is not None:  # sandbox cards, example IBANs, fictional numbers: shown, not redacted
            finding = replace(finding, severity=Severity.INFO, replacement=None, score=0.05,
                              message=f"{finding.message} ({reason}, not personal data)")
        elif supplied_by_user(text[start:end], context):
            finding = replace(finding, severity=Severity.INFO, replacement=None, score=0.05,
                              message=f"{finding.message} (the user's own, repeated back to them)")
        findings.append(finding)
    return findings


def _phone_regions(context: OutputContext) -> tuple[str, ...]:
    configured = context.extra.get(pii_phones.REGIONS_KEY)
    if isinstance(configured, (list, tuple)) and all(isinstance(r, str) for r in configured):
        return tuple(r.upper() for r in configured)
    return pii_phones.DEFAULT_REGIONS


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


def documentation_reason(rule_id: str, value: str, regions: tuple[str, ...] = pii_phones.DEFAULT_REGIONS,
                         pointed: tuple[str, ...] = ()) -> str | None:
    """Why a match is documentation, a placeholder or an organisation's public service contact rather than a
    person's data, or None."""
    if rule_id == pii_cards.RULE_ID:
        return pii_cards.sandbox_card_reason(value)
    if rule_id == pii_phones.RULE_ID:
        return pii_phones.fictional_reason(value) or service_number_reason(value, regions, pointed)
    if rule_id == "pii.iban":
        compact = "".join(c for c in value if c.isalnum()).upper()
        return "a documented example IBAN" if compact in DOCUMENTED_IBANS else None
    if rule_id == "pii.email":
        domain = value.rsplit("@", 1)[-1].lower()
        if any(domain == d.lstrip(".") or domain.endswith(d if d[0] == "." else "." + d)
               for d in DOCUMENTATION_DOMAINS):
            return "a domain reserved for documentation"
        return role_mailbox_reason(value)
    if rule_id == pii_addresses.RULE_ID:
        return pii_addresses.public_address_reason(value)
    return pii_ids.specimen_reason(rule_id, value)


# --- emails -------------------------------------------------------------------------------------------------------


def _emails(text: str) -> Iterator[_Span]:
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        local, domain = m.group(1), m.group(2).lower()
        if _valid_local(local) and _valid_domain(domain) and text[m.end(): m.end() + 1] != ":" \
                and not _in_url_userinfo(text, m.start()):
            yield m.start(), m.end(), "pii.email"


_USERINFO_BEFORE: Final = re.compile(r"://(?:[^\s/@:\"'<>]{0,64}:)?$")


def _in_url_userinfo(text: str, start: int) -> bool:
    """``scheme://user:password@host`` and ``scheme://user@host``: the part before @ is a URL's user or password
    (a token there is the secrets detector's), not a mailbox."""
    return _USERINFO_BEFORE.search(text, max(0, start - 96), start) is not None


def _valid_local(local: str) -> bool:
    return not (local.startswith(".") or local.endswith(".") or ".." in local)


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    if any(not label or label[0] == "-" or label[-1] == "-" for label in labels):
        return False
    return labels[-1] not in _FILE_TLDS


# --- IBAN ---------------------------------------------------------------------------------------------------------

# Upper case as printed, or all lower case as typed (de89 3704 ...): one case throughout, so a mixed-case token
# is never read as an IBAN; the country must be in the registry and the length its length. The pattern matches the
# two check digits and looks back for the country code: the regex engine skips ahead to digits, where a pattern
# starting with the look-behind would try it at every character. The IBAN starts two characters before the match.
_IBAN_CHECK_DIGITS: Final = re.compile(
    r"\d(?<=(?<![A-Za-z0-9])[A-Z]{2}\d|(?<![A-Za-z0-9])[a-z]{2}\d)\d(?=[ ]?[A-Za-z0-9])")
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


def _ibans(text: str) -> Iterator[_Span]:
    for m in _IBAN_CHECK_DIGITS.finditer(text):
        start = m.start() - 2
        country = text[start:m.start()]
        length = _IBAN_LENGTHS.get(country.upper())
        if length is None:
            continue
        end, compact = _read_iban(text, start, length, country.islower())
        if end is not None and mod97_ok(compact.upper()):
            yield start, end, "pii.iban"


def _read_iban(text: str, start: int, length: int, lower: bool) -> tuple[int | None, str]:
    """Read ``length`` alphanumerics of one case from ``start``, allowing single spaces between them (printed
    groups of 4)."""
    chars: list[str] = []
    i = start
    while i < len(text) and len(chars) < length:
        ch = text[i]
        if ch.isascii() and (ch.isdigit() or (ch.islower() if lower else ch.isupper())):
            chars.append(ch)
        elif not (ch == " " and chars and text[i - 1] != " "):
            return None, ""
        i += 1
    if len(chars) < length or (i < len(text) and text[i].isalnum()):
        return None, ""
    return i, "".join(chars)


# --- registry -----------------------------------------------------------------------------------------------------

_Finder = Callable[[str, Sequence[str]], Iterator[_Span]]


def _text_only(find: Callable[[str], Iterator[_Span]]) -> _Finder:
    def finder(text: str, regions: Sequence[str]) -> Iterator[_Span]:
        del regions
        return find(text)
    return finder


# Order is priority where spans overlap: a checksum beats a shape, a shape beats a vocabulary.
_FINDERS: Final[tuple[tuple[_Finder, str, Severity, float], ...]] = (
    (_text_only(_ibans), "IBAN", Severity.HIGH, 0.95),
    (_text_only(pii_cards.cards), "CARD", Severity.HIGH, 0.95),
    (_text_only(pii_ids.it_fiscal_codes), "NATIONAL_ID", Severity.HIGH, 0.95),
    (_text_only(pii_ids.fr_nirs), "NATIONAL_ID", Severity.HIGH, 0.95),
    (_text_only(pii_ids.es_ids), "NATIONAL_ID", Severity.HIGH, 0.9),
    (_text_only(pii_ids.br_cpfs), "NATIONAL_ID", Severity.HIGH, 0.9),
    (_text_only(pii_ids.us_ssns), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids.uk_ninos), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids.de_tax_ids), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids.in_aadhaars), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids.nl_bsns), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids.ca_sins), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids_world.national_ids), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_ids_more.national_ids), "NATIONAL_ID", Severity.HIGH, 0.85),
    (_text_only(pii_vat.vat_numbers), "TAX_ID", Severity.MEDIUM, 0.8),
    (_text_only(pii_ids.passports), "NATIONAL_ID", Severity.MEDIUM, 0.7),
    (_text_only(_emails), "EMAIL", Severity.MEDIUM, 0.9),
    # An address block wins over a phone inside it: Brazil's postcode 01310-200 parses as a phone number.
    (_text_only(pii_addresses.addresses), "ADDRESS", Severity.MEDIUM, 0.75),
    (pii_phones.phones, "PHONE", Severity.MEDIUM, 0.7),
)
