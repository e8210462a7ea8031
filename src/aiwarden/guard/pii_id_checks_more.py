"""Check digits and embedded dates of more national identifiers (the Nordic, Balkan, Eastern European, Thai,
Russian, Ukrainian, Greek, Spanish social-security, German pension-insurance and Latin American ones), one
function per identifier, each written from the issuer's published rule. Like pii_id_checks: each takes the
compact value and says whether it is well formed, without looking at context.
"""

from __future__ import annotations

import datetime
from typing import Final

from aiwarden.guard.pii_checksums import luhn_ok
from aiwarden.guard.pii_id_checks import valid_date, weighted


def is_kennitala(d: str) -> bool:
    """DDMMYYRRCK (Iceland): day + 40 for a company; C = 11 - weighted sum mod 11; K the century (8, 9, 0)."""
    century = {"8": 1800, "9": 1900, "0": 2000}.get(d[9])
    day = int(d[:2]) % 40 if int(d[:2]) > 40 else int(d[:2])
    if century is None or not valid_date(century + int(d[4:6]), int(d[2:4]), day):
        return False
    check = (11 - weighted(d, (3, 2, 7, 6, 5, 4, 3, 2)) % 11) % 11
    return check != 10 and check == int(d[8])


def th_pin(d: str) -> bool:
    """Thai personal identification number: thirteen digits, the first 1-8; check = (11 - weighted sum mod 11)
    mod 10 with weights 13..2."""
    if d[0] not in "12345678":
        return False
    return (11 - weighted(d, range(13, 1, -1)) % 11) % 10 == int(d[12])


def ua_rntrc(d: str) -> bool:
    """Ukrainian taxpayer number (RNTRC, "ІПН"): the first five digits count days from 31 December 1899 to the
    birth date; check = weighted sum mod 11 mod 10."""
    born = datetime.date(1899, 12, 31) + datetime.timedelta(days=int(d[:5]))
    if int(d[:5]) == 0 or born > datetime.date.today():
        return False
    return weighted(d, (-1, 5, 7, 9, 4, 6, 10, 5, 7)) % 11 % 10 == int(d[9])


def ru_inn(d: str) -> bool:
    """Russian INN: ten digits (an organisation, one check digit) or twelve (a person, two)."""
    def digit(weights: tuple[int, ...]) -> int:
        return weighted(d, weights) % 11 % 10
    if len(d) == 10:
        return digit((2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(d[9])
    return (digit((7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(d[10])
            and digit((3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(d[11]))


def gr_afm(d: str) -> bool:
    """Greek tax number (ΑΦΜ): weights 256..2 on the first eight digits, sum mod 11 mod 10."""
    return int(d) != 0 and weighted(d, (256, 128, 64, 32, 16, 8, 4, 2)) % 11 % 10 == int(d[8])


def es_nuss(d: str) -> bool:
    """Spanish social-security number: province (01-53, 66), a serial and two check digits, the number before
    them mod 97. A serial under 10,000,000 is read without its leading zero by the issuer's rule; generators
    that keep the zero are common enough that both readings are taken."""
    province, serial = int(d[:2]), int(d[2:10])
    if not (1 <= province <= 53 or province == 66):
        return False
    readings = {int(d[:10]), province * 10_000_000 + serial if serial < 10_000_000 else int(d[:10])}
    return any(body % 97 == int(d[10:]) for body in readings)


_RVNR_DIGIT_SUM: Final = tuple(n // 10 + n % 10 for n in range(100))


def de_rvnr(value: str) -> bool:
    """German pension-insurance number: area (2 digits), birth date DDMMYY, the surname's initial, serial
    (2 digits, 50-99 for women) and a check digit over the thirteen digits with the letter written as 01-26."""
    if not value[8].isalpha() or not value[:8].isdigit() or not value[9:].isdigit():
        return False
    if not any(valid_date(c + int(value[6:8]), int(value[4:6]), int(value[2:4])) for c in (1900, 2000)):
        return False
    digits = value[:8] + f"{ord(value[8]) - 64:02d}" + value[9:11]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    return sum(_RVNR_DIGIT_SUM[int(x) * w] for x, w in zip(digits, weights, strict=True)) % 10 == int(value[11])


def yu_jmbg(d: str) -> bool:
    """JMBG (Serbia, Bosnia and Herzegovina, North Macedonia, Montenegro; Slovenia's EMŠO): DDMMYYYRRBBBK, the
    year's last three digits (9xx: 1900s); check = 11 - weighted sum mod 11 (10 and 11 give 0)."""
    yyy = int(d[4:7])
    if not valid_date(yyy + (1000 if yyy >= 800 else 2000), int(d[2:4]), int(d[:2])):
        return False
    check = 11 - weighted(d, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    return (0 if check > 9 else check) == int(d[12])


def ec_ci(d: str) -> bool:
    """Ecuadorian cédula: province 01-24 or 30, third digit below 6, and a Luhn check digit."""
    return (1 <= int(d[:2]) <= 24 or d[:2] == "30") and d[2] in "012345" and luhn_ok(d)


def uy_ci(d: str) -> bool:
    """Uruguayan cédula: up to seven digits and a check digit from weights 2,9,8,7,6,3,4 (mod 10)."""
    body = d[:-1].zfill(7)
    return int(body) != 0 and -weighted(body, (2, 9, 8, 7, 6, 3, 4)) % 10 == int(d[-1])


_VE_TYPES: Final = {"V": 4, "E": 8, "J": 12, "P": 16, "G": 20}


def ve_rif(value: str) -> bool:
    """Venezuelan RIF: the taxpayer type letter, eight digits and a mod 11 check digit that includes the type."""
    kind = _VE_TYPES.get(value[0])
    if kind is None:
        return False
    total = kind + weighted(value[1:9], (3, 2, 7, 6, 5, 4, 3, 2))
    return "00987654321"[total % 11] == value[9]


def pt_cc(value: str) -> bool:
    """Portuguese citizen card number: the civil id (eight digits and its check digit), two letters and a
    check digit, Luhn over the characters with letters valued A=10 ... Z=35."""
    total = 0
    for i, ch in enumerate(reversed(value)):
        n = int(ch, 36)
        if i % 2:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return total % 10 == 0


def do_cedula(d: str) -> bool:
    """Dominican cédula: eleven digits, a Luhn check digit."""
    return int(d[:10]) != 0 and luhn_ok(d)
