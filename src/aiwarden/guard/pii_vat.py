"""EU VAT identification numbers (and the UK's): the country prefix, the national format and its check digits,
as each member state publishes them (the Commission's VIES format table, the national tax offices' rules).

A prefixed number whose check is strong for its shape (two check digits, mod 89/97, a letter) stands alone; one
whose check passes one random number in ten or eleven needs a VAT word in several languages just before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

from aiwarden.guard import pii_id_checks as c
from aiwarden.guard.pii_checksums import luhn_ok, mod11_10_check_digit

Span = tuple[int, int, str]
RULE_ID: Final = "pii.eu-vat"


def _at(v: str) -> bool:  # U + 8 digits
    total = sum(int(d) if i % 2 == 0 else sum(divmod(int(d) * 2, 10)) for i, d in enumerate(v[1:8]))
    return (10 - (total + 4) % 10) % 10 == int(v[8])


def _be(v: str) -> bool:
    v = v.zfill(10)
    return v[0] in "01" and (int(v[:8]) + int(v[8:])) % 97 == 0 and int(v) != 0


def _bg(v: str) -> bool:
    if len(v) == 10:
        return c.bg_egn(v) or c.weighted(v, (4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11 % 10 == int(v[9])
    check = c.weighted(v, range(1, 9)) % 11
    if check == 10:
        check = c.weighted(v, range(3, 11)) % 11 % 10
    return check == int(v[8])


_CY_ODD: Final = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21)


def _cy(v: str) -> bool:
    if v[0] not in "013459" or v[:2] == "12":
        return False
    total = sum(_CY_ODD[int(d)] if i % 2 == 0 else int(d) for i, d in enumerate(v[:8]))
    return chr(65 + total % 26) == v[8]


def _cz(v: str) -> bool:
    if len(v) == 8:
        return v[0] != "9" and ((11 - c.weighted(v, range(8, 1, -1))) % 11 or 1) % 10 == int(v[7])
    return c.cz_sk_birth_number(v)


def _de(v: str) -> bool:
    return v[0] != "0" and mod11_10_check_digit(v[:8]) == int(v[8])


def _dk(v: str) -> bool:
    return v[0] != "0" and c.weighted(v, (2, 7, 6, 5, 4, 3, 2, 1)) % 11 == 0


def _ee(v: str) -> bool:
    return v.startswith("10") and (10 - c.weighted(v[:8], (3, 7, 1) * 3) % 10) % 10 == int(v[8])


def _el(v: str) -> bool:
    return c.weighted(v, (256, 128, 64, 32, 16, 8, 4, 2)) % 11 % 10 == int(v[8])


_ES_CIF_LETTERS: Final = "JABCDEFGHI"
_DNI_LETTERS: Final = "TRWAGMYFPDXBNJZSQVHLCKE"


def _es(v: str) -> bool:
    if v[0].isdigit():  # DNI: eight digits and a letter
        return v[8].isalpha() and _DNI_LETTERS[int(v[:8]) % 23] == v[8]
    if v[0] in "XYZ":  # NIE
        return v[8].isalpha() and _DNI_LETTERS[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]
    if v[0] in "KLM":  # NIF of people without a DNI
        return v[8].isalpha() and _DNI_LETTERS[int(v[1:8]) % 23] == v[8]
    if v[0] not in "ABCDEFGHJNPQRSUVW":  # CIF: an entity letter, seven digits, a digit or letter check
        return False
    total = sum(int(d) if i % 2 else sum(divmod(int(d) * 2, 10)) for i, d in enumerate(v[1:8]))
    check = (10 - total % 10) % 10
    return v[8] in (str(check), _ES_CIF_LETTERS[check])


def _fi(v: str) -> bool:
    return (11 - c.weighted(v, (7, 9, 10, 5, 8, 4, 2)) % 11) % 11 == int(v[7])


def _fr(v: str) -> bool:
    key, siren = v[:2], v[2:]
    if not luhn_ok(siren) or not key.isdigit():
        return False  # the newer alphanumeric keys are not checkable without the issuer's table
    return int(key) == (12 + 3 * (int(siren) % 97)) % 97


def _hu(v: str) -> bool:
    return c.weighted(v, (9, 7, 3, 1, 9, 7, 3, 1)) % 10 == 0


def _ie(v: str) -> bool:
    if v[1].isalpha() or v[1] in "+*":  # old form: digit, letter or symbol, five digits, check letter
        v = "0" + v[2:7] + v[0] + v[7:]
    return len(v) in (8, 9) and v[:7].isdigit() and c.ie_pps(v)


def _it(v: str) -> bool:
    office = int(v[7:10])
    return (1 <= office <= 100 or office in (120, 121, 888, 999)) and luhn_ok(v) and int(v[:7]) != 0


def _lt(v: str) -> bool:
    if v[-2] != "1":
        return False
    n = len(v) - 1
    check = sum(int(d) * (1 + i % 9) for i, d in enumerate(v[:n])) % 11
    if check == 10:
        check = sum(int(d) * (1 + (i + 2) % 9) for i, d in enumerate(v[:n])) % 11 % 10
    return check == int(v[n])


def _lu(v: str) -> bool:
    return int(v[:6]) % 89 == int(v[6:])


def _lv(v: str) -> bool:
    if v[0] > "3":  # legal entities
        return (3 - c.weighted(v, (9, 1, 4, 8, 3, 10, 2, 5, 7, 6))) % 11 == int(v[10])
    return c.lv_personal_code(v)


def _mt(v: str) -> bool:
    return v[0] != "0" and (c.weighted(v, (3, 4, 6, 7, 8, 9)) + int(v[6:])) % 37 == 0


def _nl(v: str) -> bool:
    number = v[:9]
    elfproef = c.weighted(number, range(9, 1, -1)) - int(number[8])
    sole_trader = int("".join(str(int(ch, 36)) for ch in "NL" + v)) % 97 == 1  # numbers issued since 2020
    return v[9] == "B" and v[10:] != "00" and (elfproef % 11 == 0 or sole_trader)


def _ro(v: str) -> bool:
    body = v[:-1].zfill(9)
    return v[0] != "0" and c.weighted(body, (7, 5, 3, 2, 1, 7, 5, 3, 2)) * 10 % 11 % 10 == int(v[-1])


def _se(v: str) -> bool:
    return v.endswith("01") and luhn_ok(v[:10])


def _si(v: str) -> bool:
    check = 11 - c.weighted(v, range(8, 1, -1)) % 11
    return v[0] != "0" and check != 11 and check % 10 == int(v[7])


def _sk(v: str) -> bool:
    return v[0] != "0" and v[2] in "234789" and int(v) % 11 == 0


def _gb(v: str) -> bool:
    if len(v) != 9:
        return False  # government departments and health authorities (GD/HA) are organisations
    remainder = (c.weighted(v, range(8, 1, -1)) + int(v[7:])) % 97
    # numbers issued since 2010 (from 100 0000 00) use the second series, offset by 55
    return remainder == 0 or (int(v[:3]) >= 100 and remainder in (42, 55))


_Check = Callable[[str], bool]
# Per prefix: the body pattern, the check, and whether the check is strong enough to stand without a VAT word.
VAT_FORMATS: Final[dict[str, tuple[str, _Check, bool]]] = {
    "AT": (r"U\d{8}", _at, True), "BE": (r"[01]?\d{9}", _be, True), "BG": (r"\d{9,10}", _bg, False),
    "CY": (r"\d{8}[A-Z]", _cy, True), "CZ": (r"\d{8,10}", _cz, False), "DE": (r"\d{9}", _de, False),
    "DK": (r"\d{8}", _dk, False), "EE": (r"\d{9}", _ee, False), "EL": (r"\d{9}", _el, False),
    "ES": (r"[A-Z\d]\d{7}[A-Z\d]", _es, True), "FI": (r"\d{8}", _fi, False),
    "FR": (r"[0-9A-HJ-NP-Z]{2}\d{9}", _fr, True),
    "HR": (r"\d{11}", c.hr_oib, False), "HU": (r"\d{8}", _hu, False),
    "IE": (r"\d[A-Z\d+*]\d{5}[A-W][A-IW]?", _ie, True), "IT": (r"\d{11}", _it, True),
    "LT": (r"\d{9}|\d{12}", _lt, False), "LU": (r"\d{8}", _lu, True), "LV": (r"\d{11}", _lv, False),
    "MT": (r"\d{8}", _mt, True), "NL": (r"\d{9}B\d{2}", _nl, True), "PL": (r"\d{10}", c.pl_nip, False),
    "PT": (r"\d{9}", c.pt_nif, False), "RO": (r"[1-9]\d{1,9}", _ro, False), "SE": (r"\d{12}", _se, True),
    "SI": (r"\d{8}", _si, False), "SK": (r"\d{10}", _sk, False), "GB": (r"\d{9}|\d{12}", _gb, True),
    "XI": (r"\d{9}", _gb, True),
}
# The prefix (always two capitals) leads and its look-behind follows it, so the regex engine skips ahead to the
# prefixes' first letters instead of trying the look-behind at every character (see pii_ids).
_VAT: Final = re.compile(
    r"(?P<cc>" + "|".join(VAT_FORMATS) + r")(?<![A-Za-z0-9][A-Z]{2})[ -]?(?P<body>[A-Z0-9+*][A-Z0-9+* .-]{6,16})"
)
_SEPARATORS: Final = str.maketrans("", "", " .-")
VAT_KEYWORD: Final = re.compile(
    r"(?i)\b(?:vat|ust|mwst|uid|tva|iva|p\.? ?iva|partita|btw|moms|alv|mva|dph|di[cč]|nip|pvm|pvn|kmkr|[aá]fa|ddv|"
    r"cif|nif|oib|cui|tax|steuer|umsatzsteuer|intracom\w*|\u03b1\u03c6\u03bc|\u03c6\u03c0\u03b1|"
    r"\u0434\u0434\u0441|\u0438\u0434\u0435\u043d\u0442)"
)
_KEYWORD_WINDOW: Final = 48


def vat_numbers(text: str) -> Iterator[Span]:
    for m in _VAT.finditer(text):
        pattern, check, strong = VAT_FORMATS[m.group("cc")]
        body = _body(text, m.start("body"), m.end("body"), pattern)
        if body is None:
            continue
        compact, end = body
        if not check(compact):
            continue
        window = text[max(0, m.start() - _KEYWORD_WINDOW):m.start()].rsplit("\n", 1)[-1]
        if strong or VAT_KEYWORD.search(window):
            yield m.start(), end, RULE_ID


def _body(text: str, start: int, limit: int, pattern: str) -> tuple[str, int] | None:
    """The longest prefix of text[start:limit] that, without separators, is the country's format and is not
    followed by more of the number: (compact body, end offset)."""
    full = re.compile(pattern)
    for end in range(limit, start, -1):
        if text[end - 1] in " .-":
            continue
        if end < len(text) and text[end].isalnum():
            continue
        compact = text[start:end].translate(_SEPARATORS)
        if full.fullmatch(compact):
            return compact, end
    return None
