"""Contacts that belong to an organisation's service rather than to a person: role mailboxes (support@,
security@, no-reply@) and freephone, shared-cost and premium-rate numbers. They are published so that anyone
can reach the service, so the guard reports them as info and leaves them in place.
"""

from __future__ import annotations

import re
from typing import Final

# RFC 2142's mailbox names and the role names organisations publish beside them; compounds of them
# (security-team, support.desk) and numbered ones (support2, info-de) read the same.
_ROLE_WORDS: Final = frozenset({
    "support", "security", "abuse", "info", "information", "help", "helpdesk", "sales", "contact", "contactus",
    "privacy", "noreply", "donotreply", "webmaster", "postmaster", "hostmaster", "admin", "billing", "press",
    "hello", "team", "jobs", "careers", "marketing", "noc", "media", "service", "office", "enquiries",
    "inquiries", "feedback", "legal", "dpo", "compliance",
})
# Parts that only qualify a role word (no-reply, do-not-reply, customer-support, it-help, support-de).
_QUALIFIERS: Final = frozenset({"no", "reply", "do", "not", "us", "desk", "customer", "it", "tech", "the"})
_LOCAL_PARTS: Final = re.compile(r"[._+\-]+")
_COUNTRY_TAG: Final = re.compile(r"^[a-z]{2}$")


def role_mailbox_reason(address: str) -> str | None:
    """Why ``address`` is a role mailbox (support@, abuse@, no-reply@), or None for a person's address."""
    local = address.rsplit("@", 1)[0].lower()
    parts = [p.strip("0123456789") for p in _LOCAL_PARTS.split(local)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    if "".join(parts) in _ROLE_WORDS or (
            any(p in _ROLE_WORDS for p in parts)
            and all(p in _ROLE_WORDS or p in _QUALIFIERS or (i > 0 and _COUNTRY_TAG.match(p))
                    for i, p in enumerate(parts))):
        return "a role mailbox of an organisation"
    return None


_SERVICE_TYPES: Final = {"TOLL_FREE": "a toll-free service number", "SHARED_COST": "a shared-cost service number",
                         "PREMIUM_RATE": "a premium-rate service number"}


def service_number_reason(value: str, regions: tuple[str, ...]) -> str | None:
    """Why ``value`` is a freephone, shared-cost or premium-rate line (by libphonenumber's number type, read for
    the country it dials or the first of ``regions`` where it is valid), or None."""
    import phonenumbers  # the phone detector has imported it for this match already

    digits = "".join(c for c in value if c.isdigit())
    stripped = value.lstrip()
    if stripped.startswith("+"):
        attempts: list[tuple[str, str | None]] = [("+" + digits, None)]
    elif digits.startswith(("00", "011")) and not digits.startswith("0800"):
        attempts = [("+" + digits[3 if digits.startswith("011") else 2:], None)] + [(digits, r) for r in regions]
    else:
        attempts = [(digits, r) for r in regions]
    for number_text, region in attempts:
        try:
            number = phonenumbers.parse(number_text, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        kind = phonenumbers.number_type(number)
        for name, reason in _SERVICE_TYPES.items():
            if kind == getattr(phonenumbers.PhoneNumberType, name):
                return reason
        return None  # valid as an ordinary number where it was first read
    return None
