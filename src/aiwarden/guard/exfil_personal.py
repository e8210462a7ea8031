"""Personal data by its shape inside one URL value: an e-mail address, a phone or social security number, a
payment card (scheme prefix, length and checksum), a postal address. The exfiltration rules ask these when they
know nothing of the conversation."""

from __future__ import annotations

import re
from typing import Final

from aiwarden.guard.pii_cards import is_card

_DIGIT: Final = re.compile(r"\d")
SPREAD_OUT: Final = re.compile(r"[^\W_](?:[\s.,;:|/_+*-]{1,3}[^\W_]){3,}")
UUID: Final = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
# The top-level label is letters: "a@b.se6193" (an address glued to a code) reads as a@b.se.
_EMAIL: Final = re.compile(r"[\w.+-]{1,64}@(?:[\w-]{1,63}\.){1,8}[A-Za-z]{2,24}")
_CARDLIKE: Final = re.compile(r"(?<!\d)(?:\d[ -]?){13,19}(?!\d)")
_SSN: Final = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_PHONE: Final = re.compile(
    r"(?<!\d)(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\d-])|(?<!\w)\+\d{9,15}(?!\d)")
_INTL_PHONE: Final = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .-]\d{1,6}){1,5}(?![\d-])")
_FILE_SUFFIX: Final = frozenset("png jpg jpeg gif svg webp ico css js pdf html htm json xml txt md zip".split())


def personal_data(value: str) -> bool:
    """An e-mail address, a phone, social security or card number, spaced out or not."""
    if "@" in value and any(email_address(m.group(0)) for m in _EMAIL.finditer(value)):
        return True
    if len(_DIGIT.findall(value)) < 9:  # the shortest of the rest, a social security number, has nine digits
        return False
    if SPREAD_OUT.fullmatch(value.strip()):  # "5 3 6 - 2 2 - 8 1 4 7" spaces a number out to hide its shape
        value = "".join(value.split())
    value = UUID.sub(" ", value)  # a resource id's digits (the all-zero subscription id) are no card number
    return bool(_SSN.search(value) or _PHONE.search(value) or intl_phone(value)
                or any(card_number(m.group(0)) for m in _CARDLIKE.finditer(value)))


def contact(value: str) -> bool:
    """An e-mail address, a phone number or a social security number, as written (no card: digits of
    several ids joined pass the checksum one time in ten)."""
    if "@" in value and any(email_address(m.group(0)) for m in _EMAIL.finditer(value)):
        return True
    return bool(_SSN.search(value) or _PHONE.search(value) or intl_phone(value))


def card_or_ssn(value: str) -> bool:
    value = UUID.sub(" ", value)
    return bool(_SSN.search(value)) or any(card_number(m.group(0)) for m in _CARDLIKE.finditer(value))


def card_number(number: str) -> bool:
    """A card number: a scheme's prefix and length as well as the checksum, so ids and millisecond timestamps
    (one in ten passes Luhn) are not cards; zeros pass the checksum and fill placeholders."""
    digits = "".join(_DIGIT.findall(number))
    return len(set(digits)) > 1 and is_card(digits)


def email_address(candidate: str) -> bool:
    """An address, not a retina asset (``icon@2x.png``) or a package pin (``lib@1.2.3``); an address used as a
    file name (``a@b.se.png``) is still one."""
    domain = candidate.rsplit("@", 1)[-1].lower()
    if domain.rsplit(".", 1)[-1] in _FILE_SUFFIX:
        domain = domain.rsplit(".", 1)[0]
    top = domain.rsplit(".", 1)[-1]
    return "." in domain and top.isalpha() and len(top) >= 2 and top not in _FILE_SUFFIX


def intl_phone(value: str) -> bool:
    return any(9 <= len(_DIGIT.findall(m.group(0))) <= 15 for m in _INTL_PHONE.finditer(value))


def postal_address(value: str) -> bool:
    """A street address (number, street, type word) in any form the PII detector reads; map and route
    services that take one by design are well-known hosts and never get here."""
    if not _DIGIT.search(value):
        return False
    from aiwarden.guard.pii_addresses import addresses  # its patterns cost a third of a second to compile

    return next(iter(addresses(value)), None) is not None
