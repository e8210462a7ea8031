"""Valid ids of the countries pii_ids_more covers, completed from each issuer's check-digit definition (written
independently of the detector's validators) from a seeded random body, in their printed forms."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _dot(a: str, w: Sequence[int]) -> int:
    return sum(int(x) * y for x, y in zip(a, w, strict=False))


def _ddmmyy(rng: random.Random) -> tuple[str, int]:
    year = rng.randint(1940, 1999)
    return f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{year % 100:02d}", year


def kennitala(rng: random.Random) -> str:
    while True:
        date, _ = _ddmmyy(rng)
        body = date + str(rng.randint(20, 99))
        check = (11 - _dot(body, (3, 2, 7, 6, 5, 4, 3, 2)) % 11) % 11
        if check < 10:
            return f"{body[:6]}-{body[6:]}{check}9"


def thai_pin(rng: random.Random) -> str:
    body = str(rng.randint(1, 8)) + _digits(rng, 11)
    check = (11 - _dot(body, range(13, 1, -1)) % 11) % 10
    d = body + str(check)
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def rvnr(rng: random.Random) -> str:
    date, _ = _ddmmyy(rng)
    letter = rng.choice("ABCDEFGHIJKLMNOPRSTUVWZ")
    body = f"{rng.randint(10, 89)}{date}"
    serial = f"{rng.randint(0, 99):02d}"
    digits = body + f"{ord(letter) - 64:02d}" + serial
    products = [int(x) * w for x, w in zip(digits, (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1), strict=True)]
    check = sum(p // 10 + p % 10 for p in products) % 10
    return f"{body}{letter}{serial}{check}"


def jmbg(rng: random.Random) -> str:
    while True:
        date, year = _ddmmyy(rng)
        body = f"{date[:4]}{year % 1000:03d}{rng.randint(70, 89)}{_digits(rng, 3)}"
        check = 11 - _dot(body, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
        if check < 10:
            return body + str(check)


def rntrc(rng: random.Random) -> str:
    born = datetime.date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
    body = f"{(born - datetime.date(1899, 12, 31)).days:05d}{_digits(rng, 4)}"
    return body + str(_dot(body, (-1, 5, 7, 9, 4, 6, 10, 5, 7)) % 11 % 10)


def afm(rng: random.Random) -> str:
    body = _digits(rng, 8)
    return body + str(_dot(body, (256, 128, 64, 32, 16, 8, 4, 2)) % 11 % 10)


def nuss(rng: random.Random) -> str:
    body = f"{rng.randint(1, 52):02d}{rng.randint(10_000_000, 99_999_999)}"
    return f"{body[:2]}/{body[2:]}/{int(body) % 97:02d}"


def inn12(rng: random.Random) -> str:
    d = _digits(rng, 10)
    d += str(_dot(d, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)
    return d + str(_dot(d, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return str(-total % 10)


def ecuador_ci(rng: random.Random) -> str:
    body = f"{rng.randint(1, 24):02d}{rng.randint(0, 5)}{_digits(rng, 6)}"
    return body + _luhn_digit(body)


def dominican_cedula(rng: random.Random) -> str:
    body = "0" + _digits(rng, 9)
    d = body + _luhn_digit(body)
    return f"{d[:3]}-{d[3:10]}-{d[10]}"


def uruguay_ci(rng: random.Random) -> str:
    body = str(rng.randint(1_000_000, 6_999_999))
    check = -_dot(body, (2, 9, 8, 7, 6, 3, 4)) % 10
    return f"{body[0]}.{body[1:4]}.{body[4:]}-{check}"


def rif(rng: random.Random) -> str:
    kind = rng.choice("VEJG")
    body = _digits(rng, 8)
    total = {"V": 4, "E": 8, "J": 12, "G": 20}[kind] + _dot(body, (3, 2, 7, 6, 5, 4, 3, 2))
    return f"{kind}-{body}-{'00987654321'[total % 11]}"


def citizen_card(rng: random.Random) -> str:
    """Portuguese citizen card: civil number and check, two letters, then the digit that makes the Luhn sum
    over the characters (A=10 ... Z=35) a multiple of ten."""
    head = _digits(rng, 9) + rng.choice("ZYXWV") + rng.choice("ZYXWV")
    for last in "0123456789":
        value = head + last
        total = 0
        for i, ch in enumerate(reversed(value)):
            n = int(ch, 36) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 and i % 2 else n
        if total % 10 == 0:
            return f"{value[:8]} {value[8]} {value[9:]}"
    raise AssertionError("one of ten digits completes a Luhn sum")
