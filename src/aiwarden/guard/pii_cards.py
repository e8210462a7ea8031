"""Payment card numbers (PANs): the brand table of ISO/IEC 7812 issuer ranges with each brand's lengths, the Luhn
check, and the printed groupings (spaces, dashes or dots, one kind per number).

A number must match a brand's prefix *and* one of its lengths *and* pass Luhn; a grouped number must be grouped
the way cards are printed (fours, or Amex/Diners 4-6-5/4-6-4), which keeps phone numbers, hex dumps and
tracking numbers out. Documented sandbox numbers and structural placeholders are reported as info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aiwarden.guard.pii_checksums import luhn_ok

Span = tuple[int, int, str]
RULE_ID: Final = "pii.payment-card"

# A run of digits with single spaces, dashes or dots between them; never inside a decimal, hex or longer id.
# The first digit leads, its look-behind after it: the regex engine skips ahead to digits (see pii_ids).
_CANDIDATE: Final = re.compile(r"\d(?<![\w.,/+-]\d)(?:[ .-]?\d){11,22}(?![\w]|[.,/-]\d)")
_SEPARATOR: Final = re.compile(r"[ .-]")

_L16: Final = frozenset({16})
_L16_19: Final = frozenset(range(16, 20))
_L12_19: Final = frozenset(range(12, 20))
# (low, high, prefix digits, lengths, brand). Public IIN tables of the schemes; ordered most specific first is
# not needed: any matching row accepts.
BRANDS: Final[tuple[tuple[int, int, int, frozenset[int], str], ...]] = (
    (4, 4, 1, frozenset({13, 16, 19}), "Visa"),
    (51, 55, 2, _L16, "Mastercard"),
    (2221, 2720, 4, _L16, "Mastercard"),
    (34, 34, 2, frozenset({15}), "American Express"),
    (37, 37, 2, frozenset({15}), "American Express"),
    (6011, 6011, 4, _L16_19, "Discover"),
    (644, 649, 3, _L16_19, "Discover"),
    (65, 65, 2, _L16_19, "Discover"),
    (622126, 622925, 6, _L16_19, "Discover"),
    (62, 62, 2, _L16_19, "UnionPay"),
    (8100, 8171, 4, _L16_19, "UnionPay"),
    (3528, 3589, 4, _L16_19, "JCB"),
    (300, 305, 3, frozenset(range(14, 20)), "Diners Club"),
    (3095, 3095, 4, frozenset(range(14, 20)), "Diners Club"),
    (36, 36, 2, frozenset(range(14, 20)), "Diners Club"),
    (38, 39, 2, _L16_19, "Diners Club"),
    (2200, 2204, 4, _L16_19, "Mir"),
    (5018, 5018, 4, _L12_19, "Maestro"),
    (5020, 5020, 4, _L12_19, "Maestro"),
    (5038, 5038, 4, _L12_19, "Maestro"),
    (5893, 5893, 4, _L12_19, "Maestro"),
    (6304, 6304, 4, _L12_19, "Maestro"),
    (6759, 6759, 4, _L12_19, "Maestro"),
    (6761, 6763, 4, _L12_19, "Maestro"),
    (5019, 5019, 4, _L16, "Dankort"),
    (508500, 508999, 6, _L16, "RuPay"),
    (606985, 607984, 6, _L16, "RuPay"),
    (608001, 608500, 6, _L16, "RuPay"),
    (652150, 653149, 6, _L16, "RuPay"),
    (636, 636, 3, _L16_19, "InterPayment"),
    (637, 639, 3, _L16, "InstaPayment"),
    (9792, 9792, 4, _L16, "Troy"),
    (606282, 606282, 6, frozenset({13, 16, 19}), "Hipercard"),
    (384100, 384100, 6, _L16_19, "Hipercard"),
    (384140, 384140, 6, _L16_19, "Hipercard"),
    (384160, 384160, 6, _L16_19, "Hipercard"),
    (506099, 506198, 6, frozenset({16, 18, 19}), "Verve"),
    (650002, 650027, 6, frozenset({16, 18, 19}), "Verve"),
    (9860, 9860, 4, _L16, "Humo"),
    (8600, 8600, 4, _L16, "UzCard"),
    (357111, 357111, 6, _L16, "LankaPay"),
    # Elo (Brazil): its published BIN list
    *((low, high, 6, _L16, "Elo") for low, high in (
        (401178, 401179), (431274, 431274), (438935, 438935), (451416, 451416), (457393, 457393),
        (457631, 457632), (504175, 504175), (506699, 506778), (509000, 509999), (627780, 627780),
        (636297, 636297), (636368, 636368), (650031, 650033), (650035, 650051), (650405, 650439),
        (650485, 650538), (650541, 650598), (650700, 650718), (650720, 650727), (650901, 650978),
        (651652, 651679), (655000, 655019), (655021, 655058))),
)

# Sandbox numbers the processors document for testing (Adyen, Braintree, Authorize.net, PayPal, Worldpay, the
# schemes' own); no live card has them.
TEST_CARDS: Final = frozenset({
    "4242424242424242", "4000056655665556", "4111111111111111", "4012888888881881", "4000000000000002",
    "4000000000009995", "4000002500003155", "4000000000000077", "4000000000003220", "4005519200000004",
    "4222222222222", "4007000000027", "4012888818888", "4444333322221111", "4917610000000000",
    "4462030000000000", "4917300800000000", "4484070000000000", "4988438843884305",
    "5555555555554444", "2223003122003222", "5200828282828210", "5105105105105100", "5454545454545454",
    "5424000000000015", "5431111111111111", "2223000048400011", "5500000000000004", "5555341244441115",
    "378282246310005", "371449635398431", "378734493671000", "370000000000002", "341111111111111",
    "6011111111111117", "6011000990139424", "6011000000000012", "6011601160116611", "6445644564456445",
    "3056930009020004", "36227206271667", "30569309025904", "38520000023237", "38000000000006",
    "36438999960016", "3566002020360505", "3530111333300000", "3088000000000017", "3566111111111113",
    "6200000000000005", "6759649826438453", "6799990100000000019", "6304000000000000",
})


def cards(text: str) -> Iterator[Span]:
    for m in _CANDIDATE.finditer(text):
        end = _card_end(m.group(0))
        if end is not None:
            yield m.start(), m.start() + end, RULE_ID


def _card_end(candidate: str) -> int | None:
    """Length of the leading run of whole digit groups that is a card number, or None.

    The whole run or all but its last group ("4916 9378 6579 7540 2024" is a card and a year). Only leading
    runs: a card never starts mid-way through a longer grouped number (a 22-digit parcel number holds many
    Luhn-valid 16-digit windows)."""
    separators = set(_SEPARATOR.findall(candidate))
    if len(separators) > 1:
        return None
    groups = _SEPARATOR.split(candidate)
    for j in range(len(groups), max(len(groups) - 2, 0), -1):
        digits = "".join(groups[:j])
        if 12 <= len(digits) <= 19 and _printed_grouping([len(g) for g in groups[:j]]) and is_card(digits):
            return sum(len(g) for g in groups[:j]) + j - 1
    return None


def _printed_grouping(lengths: list[int]) -> bool:
    if len(lengths) == 1:
        return True
    if lengths in ([4, 6, 5], [4, 6, 4]):  # American Express, Diners Club
        return True
    # fours, the last group may be shorter (19 digits: 4-4-4-4-3; 13 digits 4-4-4-1 never printed, so >= 3)
    return (all(n == 4 for n in lengths[:-1]) and 3 <= lengths[-1] <= 4) or lengths == [4, 4, 5]


def brand(digits: str) -> str | None:
    for low, high, width, lengths, name in BRANDS:
        if len(digits) in lengths and low <= int(digits[:width]) <= high:
            return name
    return None


def is_card(digits: str) -> bool:
    return brand(digits) is not None and luhn_ok(digits)


def sandbox_card_reason(value: str) -> str | None:
    """Why a card match is a sandbox number or a placeholder rather than a real card, or None."""
    digits = "".join(c for c in value if c.isdigit())
    if digits in TEST_CARDS:
        return "a documented test card number"
    # After the issuer prefix, almost all one digit (4000 0000 0000 0002, 5555 5555 5555 4444): a made-up
    # number. A random account number does this about once in a few hundred thousand.
    account = digits[6:]
    if account and max(account.count(d) for d in set(account)) >= len(account) - 2:
        return "a placeholder card number (repeated digits)"
    return None
