"""Values that look like credentials or card numbers but are not live: vendors' documented example keys, test
card numbers published for sandboxes, and placeholders written in documentation (runs of one character,
"your-api-key-here", "<TOKEN>", masked "sk-...abcd"). They are reported as info, never redacted or blocking:
flagging them teaches users to ignore the guard, and they carry nothing to leak."""

from __future__ import annotations

import re
from typing import Final

# Published in the vendors' own documentation as examples (AWS's IAM docs; Stripe's, Adyen's, Braintree's and
# the card networks' test numbers). A live credential or card never has these values.
DOCUMENTED_KEYS: Final = frozenset({
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ASIAIOSFODNN7EXAMPLE",
})
TEST_CARDS: Final = frozenset({
    "4242424242424242", "4000056655665556", "4111111111111111", "4012888888881881", "4000000000000002",
    "4000000000009995", "4000002500003155", "4000000000000077", "4000000000003220", "4005519200000004",
    "5555555555554444", "2223003122003222", "5200828282828210", "5105105105105100", "5454545454545454",
    "378282246310005", "371449635398431", "378734493671000", "6011111111111117", "6011000990139424",
    "3056930009020004", "36227206271667", "30569309025904", "38520000023237", "3566002020360505",
    "3530111333300000", "6200000000000005",
})
_PREFIX: Final = re.compile(r"^(?:[A-Za-z]{1,10}[_-]){1,2}")  # sk_live_, ghp_, xoxb-, sk-proj-
_WORDS: Final = re.compile(r"(?i)\b(?:your|my)[-_ ]?(?:api[-_ ]?)?(?:key|token|secret|password)|placeholder|dummy|"
                           r"changeme|redacted|insert[-_ ]?(?:key|token)|<[^<>\n]{1,60}>|\.\.\.|…|example")


def placeholder_reason(value: str) -> str | None:
    """Why ``value`` is not a live credential, or None."""
    if value in DOCUMENTED_KEYS:
        return "a vendor's documented example key"
    if _WORDS.search(value):
        return "a placeholder"
    body = _PREFIX.sub("", value)
    characters = [c.lower() for c in body if c.isalnum()]
    if len(characters) >= 6 and len(set(characters)) <= 2:
        return "a placeholder (a run of one character)"
    if body and not characters:
        return "a placeholder (masked)"
    return None


def test_card_reason(value: str) -> str | None:
    digits = "".join(c for c in value if c.isdigit())
    return "a documented test card number" if digits in TEST_CARDS else None
