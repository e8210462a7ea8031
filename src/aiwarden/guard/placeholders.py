"""Values that look like credentials or card numbers but are not live: vendors' documented example keys, test
card numbers published for sandboxes, and placeholders written in documentation (runs of one character,
"your-api-key-here", "<TOKEN>", masked "sk-...abcd"). They are reported as info, never redacted or blocking:
flagging them teaches users to ignore the guard, and they carry nothing to leak."""

from __future__ import annotations

import itertools
import re
from typing import Final

# Published in the vendors' own documentation as examples (AWS's IAM docs; Stripe's, Adyen's, Braintree's and
# the card networks' test numbers). A live credential or card never has these values.
DOCUMENTED_KEYS: Final = frozenset({
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ASIAIOSFODNN7EXAMPLE",
    # digests of the empty input (MD5, SHA-1, SHA-256): printed everywhere, never a key
    "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    # jwt.io's default token, the one every JWT tutorial shows
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
    "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
})
TEST_CARDS: Final = frozenset({
    "4242424242424242", "4000056655665556", "4111111111111111", "4012888888881881", "4000000000000002",
    "4000000000009995", "4000002500003155", "4000000000000077", "4000000000003220", "4005519200000004",
    "5555555555554444", "2223003122003222", "5200828282828210", "5105105105105100", "5454545454545454",
    "378282246310005", "371449635398431", "378734493671000", "6011111111111117", "6011000990139424",
    "3056930009020004", "36227206271667", "30569309025904", "38520000023237", "3566002020360505",
    "3530111333300000", "6200000000000005",
})
_PREFIX: Final = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]{0,9}[_-]){1,3}")  # sk_live_, ghp_, sk-ant-api03-
_WORDS: Final = re.compile(r"(?i)\b(?:your|my)[-_ ]?(?:api[-_ ]?)?(?:key|token|secret|password)|placeholder|dummy|"
                           r"changeme|redacted|insert[-_ ]?(?:key|token)|<[^<>\n]{1,60}>|\.\.\.|…|example|"
                           r"\$\{[^}\n]{1,60}\}|\{\{[^}\n]{1,60}\}\}|%\([a-z_]{1,30}\)s|(?:key|token|secret)[-_]?here")


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
    if _is_keyboard_run(characters):
        return "a placeholder (a typed sequence)"
    return None


def _is_keyboard_run(characters: list[str]) -> bool:
    """abcdefgh..., 12345678..., 0123456789abcdef: typed in order to show a key's length, not drawn at random.
    Random bodies almost never step to the next character (a 1-in-36 chance per pair); these mostly do."""
    if len(characters) < 12:
        return False
    steps = sum(1 for a, b in itertools.pairwise(characters) if ord(b) - ord(a) == 1)
    return steps >= 0.6 * (len(characters) - 1)


# IBANs printed in banks' and standards bodies' documentation as the example.
DOCUMENTED_IBANS: Final = frozenset({"DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
                                     "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957"})
# Numbers set aside for fiction and documentation: NANP 555-0100..0199; Ofcom's drama ranges (national form).
_UK_DRAMA: Final = ("0207946", "01134960", "01144960", "01154960", "01164960", "01174960", "01184960", "01214960",
                    "01314960", "01414960", "01514960", "01614960", "02920180", "01632960", "07700900", "08081570",
                    "03069990")


def test_card_reason(value: str) -> str | None:
    digits = "".join(c for c in value if c.isdigit())
    return "a documented test card number" if digits in TEST_CARDS else None


def pii_placeholder_reason(rule_id: str, value: str) -> str | None:
    """Why a PII match is documentation rather than a person's data, or None."""
    if rule_id == "pii.payment-card":
        return test_card_reason(value)
    if rule_id == "pii.iban":
        compact = "".join(c for c in value if c.isalnum()).upper()
        return "a documented example IBAN" if compact in DOCUMENTED_IBANS else None
    if rule_id == "pii.phone":
        digits = "".join(c for c in value if c.isdigit())
        if value.lstrip().startswith("+44"):
            digits = "0" + digits[2:]
        nanp = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
        if (len(nanp) == 10 and nanp[3:8] == "55501") or (len(nanp) == 7 and nanp[:5] == "55501"):
            return "a number reserved for fiction (555-01xx)"
        if digits.startswith(_UK_DRAMA):
            return "a number reserved for drama and documentation"
    return None
