"""Valid national ids built at test time from each issuer's check-digit definition, written independently of the
detector's validators (completion rather than verification), from a seeded random body."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

Maker = Callable[[random.Random], str]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _dot(a: str, w: Sequence[int]) -> int:
    return sum(int(x) * y for x, y in zip(a, w, strict=False))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return str(-total % 10)


def _date(rng: random.Random, lo: int = 1950, hi: int = 1999) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def _retry(make: Callable[[random.Random], str | None]) -> Maker:
    def maker(rng: random.Random) -> str:
        while (value := make(rng)) is None:
            pass
        return value
    return maker


def pesel(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = f"{y % 100:02d}{m:02d}{d:02d}" + _digits(rng, 4)
    return body + str(-_dot(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)) % 10)


@_retry
def nip(rng: random.Random) -> str | None:
    body = str(rng.randint(100, 999)) + _digits(rng, 6)
    check = _dot(body, (6, 5, 7, 2, 3, 4, 5, 6, 7)) % 11
    return None if check == 10 else body + str(check)


def personnummer(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = f"{y % 100:02d}{m:02d}{d:02d}" + _digits(rng, 3)
    return f"{body[:6]}-{body[6:]}{_luhn_digit(body)}"


@_retry
def fodselsnummer(rng: random.Random) -> str | None:
    y, m, d = _date(rng)
    body = f"{d:02d}{m:02d}{y % 100:02d}" + str(rng.randint(0, 499)).zfill(3)
    k1 = -_dot(body, (3, 7, 6, 1, 8, 9, 4, 5, 2)) % 11
    k2 = -_dot(body + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    return None if 10 in (k1, k2) else f"{body}{k1}{k2}"


def hetu(rng: random.Random) -> str:
    y, m, d = _date(rng)
    serial = str(rng.randint(2, 899)).zfill(3)
    head = f"{d:02d}{m:02d}{y % 100:02d}"
    return f"{head}-{serial}" + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(head + serial) % 31]


def be_nn(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = f"{y % 100:02d}{m:02d}{d:02d}" + _digits(rng, 3)
    cc = 97 - int(body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{cc:02d}"


def ahv(rng: random.Random) -> str:
    body = "756" + _digits(rng, 9)
    check = -_dot(body, (1, 3) * 6) % 10
    full = body + str(check)
    return f"{full[:3]}.{full[3:7]}.{full[7:11]}.{full[11:]}"


@_retry
def rodne_cislo(rng: random.Random) -> str | None:
    y, m, d = _date(rng, 1960, 1999)
    body = f"{y % 100:02d}{m + rng.choice((0, 50)):02d}{d:02d}" + _digits(rng, 3)
    check = int(body) % 11
    return None if check == 10 else f"{body[:6]}/{body[6:]}{check}"


def cn_id(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = rng.choice(("110105", "310104", "440305", "510107")) + f"{y}{m:02d}{d:02d}" + _digits(rng, 3)
    total = sum(int(ch) * (2 ** (17 - i) % 11) for i, ch in enumerate(body))
    return body + "10X98765432"[total % 11]


def hkid(rng: random.Random) -> str:
    letter = rng.choice("ABCEGKPRZ")
    digits = _digits(rng, 6)
    total = 36 * 9 + (ord(letter) - 55) * 8 + _dot(digits, range(7, 1, -1))
    check = -total % 11
    return f"{letter}{digits}({'A' if check == 10 else check})"


def nric(rng: random.Random) -> str:
    prefix = rng.choice("STFG")
    digits = _digits(rng, 7)
    total = _dot(digits, (2, 7, 6, 5, 4, 3, 2)) + (4 if prefix in "TG" else 0)
    return prefix + digits + ("JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK")[total % 11]


_CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp(rng: random.Random) -> str:
    y, m, d = _date(rng)
    upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = (rng.choice(upper) + rng.choice("AEIOU") + rng.choice(upper) + rng.choice(upper)
            + f"{y % 100:02d}{m:02d}{d:02d}" + rng.choice("HM") + rng.choice(("DF", "JC", "NL", "VZ"))
            + "".join(rng.choice("BCDFGHJKLMNPQRSTVWXYZ") for _ in range(3)) + "0")
    total = sum(_CURP_CHARS.index(ch) * (18 - i) for i, ch in enumerate(body))
    return body + str(-total % 10)


def cuit(rng: random.Random) -> str:
    body = rng.choice(("20", "27", "30")) + _digits(rng, 8)
    check = -_dot(body, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    return f"{body[:2]}-{body[2:]}-{9 if check == 10 else check}"


def rut(rng: random.Random) -> str:
    body = str(rng.randint(5_000_000, 25_000_000))
    total = sum(int(ch) * (2 + i % 6) for i, ch in enumerate(reversed(body)))
    check = {11: "0", 10: "K"}.get(11 - total % 11, str(11 - total % 11))
    return f"{int(body):,}".replace(",", ".") + "-" + check


def itin(rng: random.Random) -> str:
    return f"9{_digits(rng, 2)}-{rng.choice((70, 78, 88, 90, 94))}-{_digits(rng, 4)}"


def kr_rrn(rng: random.Random) -> str:
    y, m, d = _date(rng)
    place = str(rng.randint(0, 96)).zfill(2)
    body = f"{y % 100:02d}{m:02d}{d:02d}" + rng.choice("12") + _digits(rng, 1) + place + _digits(rng, 2)
    check = (11 - _dot(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


@_retry
def tckn(rng: random.Random) -> str | None:
    body = str(rng.randint(1, 9)) + _digits(rng, 8)
    d10 = (sum(int(c) for c in body[0::2]) * 7 - sum(int(c) for c in body[1::2])) % 10
    d11 = (sum(int(c) for c in body) + d10) % 10
    return body + str(d10) + str(d11)


def amka(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = f"{d:02d}{m:02d}{y % 100:02d}" + _digits(rng, 4)
    return body + _luhn_digit(body)


@_retry
def oib(rng: random.Random) -> str | None:
    body = _digits(rng, 10)
    product = 10
    for ch in body:
        product = ((int(ch) + product) % 10 or 10) * 2 % 11
    return body + str((11 - product) % 10)


def my_number(rng: random.Random) -> str:
    body = _digits(rng, 11)
    total = sum(int(ch) * (n + 1 if n <= 6 else n - 5) for n, ch in enumerate(reversed(body), start=1)) % 11
    full = body + str(0 if total <= 1 else 11 - total)
    return f"{full[:4]} {full[4:8]} {full[8:]}"


@_retry
def abn(rng: random.Random) -> str | None:
    body = _digits(rng, 9)
    for lead in range(10, 100):
        digits = str(lead) + body
        adjusted = str(int(digits[0]) - 1) + digits[1:]
        if lead >= 11 and _dot(adjusted, (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)) % 89 == 0:
            return f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"
    return None


@_retry
def cnp(rng: random.Random) -> str | None:
    y, m, d = _date(rng)
    body = rng.choice("12") + f"{y % 100:02d}{m:02d}{d:02d}" + f"{rng.randint(1, 46):02d}" + _digits(rng, 3)
    check = _dot(body, (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)) % 11
    return body + str(1 if check == 10 else check)


def vat_at(rng: random.Random) -> str:
    body = _digits(rng, 7)
    total = sum(int(ch) if i % 2 == 0 else sum(divmod(int(ch) * 2, 10)) for i, ch in enumerate(body))
    return f"ATU{body}{(10 - (total + 4) % 10) % 10}"


def vat_nl(rng: random.Random) -> str:
    while True:
        body = _digits(rng, 8)
        check = _dot(body, range(9, 1, -1)) % 11
        if check < 10:
            return f"NL{body}{check}B01"


def vat_fr(rng: random.Random) -> str:
    body = _digits(rng, 8)
    siren = body + _luhn_digit(body)
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def vat_be(rng: random.Random) -> str:
    body = "0" + str(rng.randint(2_000_000, 9_999_999))
    return f"BE{body}{97 - int(body) % 97:02d}"


MAKERS: dict[str, tuple[str, Maker]] = {
    # rule: (text before the value, maker)
    "pii.pl-pesel": ("PESEL: ", pesel),
    "pii.pl-nip": ("NIP ", nip),
    "pii.se-personnummer": ("", personnummer),
    "pii.no-fodselsnummer": ("fødselsnummer ", fodselsnummer),
    "pii.fi-hetu": ("", hetu),
    "pii.be-national-number": ("", be_nn),
    "pii.ch-ahv": ("", ahv),
    "pii.cz-sk-birth-number": ("", rodne_cislo),
    "pii.cn-resident-id": ("", cn_id),
    "pii.hk-hkid": ("", hkid),
    "pii.sg-nric": ("", nric),
    "pii.mx-curp": ("", curp),
    "pii.ar-cuit": ("", cuit),
    "pii.cl-rut": ("", rut),
    "pii.us-itin": ("", itin),
    "pii.kr-rrn": ("", kr_rrn),
    "pii.tr-kimlik": ("T.C. Kimlik No: ", tckn),
    "pii.gr-amka": ("AMKA ", amka),
    "pii.hr-oib": ("OIB: ", oib),
    "pii.jp-my-number": ("マイナンバー: ", my_number),
    "pii.au-abn": ("ABN ", abn),
    "pii.ro-cnp": ("CNP ", cnp),
    "pii.eu-vat": ("", vat_at),
}
VAT_MAKERS: tuple[Maker, ...] = (vat_at, vat_nl, vat_fr, vat_be)


# --- more ids: each built by completing a random body with its issuer's check rule ---------------------------------


@_retry
def nhs(rng: random.Random) -> str | None:
    body = _digits(rng, 9)
    check = (11 - _dot(body, range(10, 1, -1)) % 11) % 11
    return None if check == 10 else body + str(check)


def cnpj(rng: random.Random) -> str:
    body = _digits(rng, 8) + "0001"
    for weights in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        r = _dot(body, weights) % 11
        body += str(0 if r < 2 else 11 - r)
    return f"{body[:2]}.{body[2:5]}.{body[5:8]}/{body[8:12]}-{body[12:]}"


@_retry
def szemelyi(rng: random.Random) -> str | None:
    y, m, d = _date(rng, 1950, 1996)
    body = rng.choice("12") + f"{y % 100:02d}{m:02d}{d:02d}" + _digits(rng, 3)
    check = _dot(body, range(1, 11)) % 11
    return None if check == 10 else body + str(check)


def taj(rng: random.Random) -> str:
    body = _digits(rng, 8)
    return body + str(_dot(body, (3, 7, 3, 7, 3, 7, 3, 7)) % 10)


@_retry
def adoazonosito(rng: random.Random) -> str | None:
    body = "8" + _digits(rng, 8)
    check = _dot(body, range(1, 10)) % 11
    return None if check == 10 else body + str(check)


def _verhoeff_digit(body: str) -> str:
    # Verhoeff's dihedral group D5 and permutation, from their definitions: d(j,k) for the group, p(i,n) = p^i
    def d(j: int, k: int) -> int:
        if j < 5 and k < 5:
            return (j + k) % 5
        if j < 5:
            return (j + k) % 5 + 5
        if k < 5:
            return (j - k) % 5 + 5
        return (j - k) % 5
    perm = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)

    def p(i: int, n: int) -> int:
        for _ in range(i % 8):
            n = perm[n]
        return n
    inverse = [next(k for k in range(10) if d(j, k) == 0) for j in range(10)]
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = d(c, p(i + 1, int(ch)))
    return str(inverse[c])


def lu_matricule(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = f"{y}{m:02d}{d:02d}" + _digits(rng, 3)
    return body + _luhn_digit(body) + _verhoeff_digit(body)


MAKERS.update({
    "pii.uk-nhs": ("NHS number ", nhs),
    "pii.br-cnpj": ("", cnpj),
    "pii.hu-personal-id": ("személyi szám: ", szemelyi),
    "pii.hu-taj": ("TAJ szám: ", taj),
    "pii.hu-tax-id": ("adóazonosító jel: ", adoazonosito),
    "pii.lu-matricule": ("matricule ", lu_matricule),
})


def aadhaar(rng: random.Random) -> str:
    body = rng.choice("23456789") + _digits(rng, 10)
    value = body + _verhoeff_digit(body)
    return f"{value[:4]} {value[4:8]} {value[8:]}"


MAKERS["pii.in-aadhaar"] = ("Aadhaar: ", aadhaar)
