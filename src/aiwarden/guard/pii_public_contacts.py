"""Contacts that belong to an organisation's service rather than to a person: role mailboxes (support@,
security@, no-reply@) and freephone, shared-cost and premium-rate numbers. They are published so that anyone
can reach the service, so the guard reports them as info and leaves them in place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from aiwarden.guard import pii_phones

if TYPE_CHECKING:
    from types import ModuleType

# RFC 2142's mailbox names and the role names organisations publish beside them; compounds of them
# (security-team, support.desk) and numbered ones (support2, sales-01) read the same.
_ROLE_WORDS: Final = frozenset({
    "support", "security", "abuse", "info", "information", "help", "helpdesk", "sales", "contact", "contactus",
    "privacy", "noreply", "donotreply", "webmaster", "postmaster", "hostmaster", "admin", "billing", "press",
    "hello", "team", "jobs", "careers", "marketing", "noc", "media", "service", "office", "enquiries",
    "inquiries", "feedback", "legal", "dpo", "compliance",
})
# Parts that only qualify a role word (no-reply, do-not-reply, customer-support, it-help, contact-us).
_QUALIFIERS: Final = frozenset({"no", "reply", "do", "not", "us", "desk", "customer", "it", "tech", "the"})
_LOCAL_PARTS: Final = re.compile(r"[._+\-]+")


def role_mailbox_reason(address: str) -> str | None:
    """Why ``address`` is a role mailbox (support@, abuse@, no-reply@), or None for a person's address."""
    local = address.rsplit("@", 1)[0].lower()
    parts = [p.strip("0123456789") for p in _LOCAL_PARTS.split(local)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    if "".join(parts) in _ROLE_WORDS or (
            any(p in _ROLE_WORDS for p in parts)
            and all(p in _ROLE_WORDS or p in _QUALIFIERS for p in parts)):
        return "a role mailbox of an organisation"
    return None


_NANP_ONE: Final = re.compile(r"^\s*1[ .\-]?(?=\(?\d{3})")  # 1-800-..., the NANP trunk prefix
_SERVICE_TYPES: Final = {"TOLL_FREE": "a toll-free service number", "SHARED_COST": "a shared-cost service number",
                         "PREMIUM_RATE": "a premium-rate service number"}


def service_number_reason(value: str, regions: tuple[str, ...], pointed: tuple[str, ...] = ()) -> str | None:
    """Why ``value`` is a freephone, shared-cost or premium-rate line by libphonenumber's number type, or None.

    A number dialled with its country code is read for that country. A national one is read for the regions the
    text points at (``pointed``) where it is valid, and must be a service line in all of them (0808 is freephone
    in the UK but starts a Japanese mobile); otherwise for the first of ``regions`` where it is valid and grouped
    the way that region writes it. Anything else stays personal data."""
    import phonenumbers  # the phone detector has imported it for this match already

    # Only where the phone detector's remembered answer says the number is valid is it parsed again for its type:
    # that detector has asked the same question of most of these regions already.
    digits = "".join(c for c in value if c.isdigit())
    if value.lstrip().startswith("+"):
        numbers = [n for n in (_parsed(phonenumbers, "+" + digits, None),) if n is not None] \
            if pii_phones.valid_number(digits, None) else []
    else:
        numbers = [n for r in pointed if pii_phones.valid_number(digits, r)
                   and (n := _parsed(phonenumbers, digits, r)) is not None]
        if not numbers:
            # the first region where it is valid and written as that region writes it (080-8242-1948 is grouped
            # as a Japanese mobile, not as UK freephone 0808 242 1948)
            numbers = next(([n] for r in regions if pii_phones.valid_number(digits, r)
                            and (n := _parsed(phonenumbers, digits, r)) is not None
                            and pii_phones.written_as_in(_national(value, r), r)), [])
    reasons = {_SERVICE_TYPES.get(_type_name(phonenumbers, n)) for n in numbers}
    return reasons.pop() if len(reasons) == 1 else None


def _national(value: str, region: str) -> str:
    """``value`` without the NANP trunk prefix (1-800-... as (800) ...), where it is North American."""
    return _NANP_ONE.sub("", value) if region in ("US", "CA") else value


def _parsed(phonenumbers: ModuleType, text: str, region: str | None) -> object | None:
    """The number ``text`` read for ``region``, or None where it does not parse or is not valid there."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _type_name(phonenumbers: ModuleType, number: object) -> str:
    kind = phonenumbers.number_type(number)
    return next((name for name in _SERVICE_TYPES if kind == getattr(phonenumbers.PhoneNumberType, name)), "")
