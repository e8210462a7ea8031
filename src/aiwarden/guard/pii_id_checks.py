"""Check digits and embedded dates of national identifiers, one function per identifier, each written from the
issuer's published rule. Every function takes the compact value (digits, and the letters the format has) and
says whether it is well formed; none of them looks at context.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

from aiwarden.guard.pii_checksums import luhn_ok, mod11_10_check_digit, verhoeff_ok


def weighted(digits: str, weights: Sequence[int]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def valid_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _yymmdd(yy: str, mm: str, dd: str, centuries: Sequence[int] = (1900, 2000)) -> bool:
    """A birth date written with a two-digit year: valid in one of ``centuries``."""
    return any(valid_date(c + int(yy), int(mm), int(dd)) for c in centuries)


# --- Europe -------------------------------------------------------------------------------------------------------


def pl_pesel(d: str) -> bool:
    month = int(d[2:4])
    century = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}[month // 10]
    if not valid_date(century + int(d[:2]), month % 20, int(d[4:6])):
        return False
    return (10 - weighted(d, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)) % 10) % 10 == int(d[10])


def pl_nip(d: str) -> bool:
    return d[:3] != "000" and weighted(d, (6, 5, 7, 2, 3, 4, 5, 6, 7)) % 11 == int(d[9])


def pl_regon(d: str) -> bool:
    if len(d) == 14:
        return pl_regon(d[:9]) and weighted(d, (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)) % 11 % 10 == int(d[13])
    return weighted(d, (8, 9, 2, 3, 4, 5, 6, 7)) % 11 % 10 == int(d[8])


def se_personnummer(d: str) -> bool:
    """Ten digits YYMMDDNNNC (or twelve with the century); day + 60 in a coordination number; Luhn."""
    if len(d) == 12 and d[:2] not in ("18", "19", "20"):
        return False
    d = d[-10:]
    day = int(d[4:6])
    return _yymmdd(d[:2], d[2:4], str(day - 60 if day > 60 else day)) and luhn_ok(d)


def no_fodselsnummer(d: str) -> bool:
    day, month = int(d[:2]), int(d[2:4])
    day -= 40 if day > 40 else 0  # D-number
    month -= 40 if month > 40 else 0  # H-number
    year, individual = int(d[4:6]), int(d[6:9])
    # The individual number range tells the century (Skatteetaten's allocation table).
    if individual < 500:
        year += 1900
    elif individual < 750 and year >= 54:
        year += 1800
    elif year < 40:
        year += 2000
    elif individual >= 900:
        year += 1900
    else:
        return False
    if not valid_date(year, month, day) or datetime.date(year, month, day) > datetime.date.today():
        return False
    for weights, pos in (((3, 7, 6, 1, 8, 9, 4, 5, 2), 9), ((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), 10)):
        check = (11 - weighted(d, weights) % 11) % 11
        if check != int(d[pos]):
            return False
    return True


def dk_cpr(d: str) -> bool:
    """DDMMYY-SSSS: no check digit since 2007, so only the date."""
    return _yymmdd(d[4:6], d[2:4], d[:2])


_FI_CHECK: Final = "0123456789ABCDEFHJKLMNPRSTUVWXY"
FI_CENTURY_SIGNS: Final = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                           "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


def fi_hetu(value: str) -> bool:
    """DDMMYYCZZZQ: C the century sign, Q the check character of DDMMYYZZZ modulo 31."""
    dd, mm, yy, sign, serial, check = value[:2], value[2:4], value[4:6], value[6], value[7:10], value[10]
    if sign not in FI_CENTURY_SIGNS or not valid_date(FI_CENTURY_SIGNS[sign] + int(yy), int(mm), int(dd)):
        return False
    return 2 <= int(serial) < 900 and _FI_CHECK[int(dd + mm + yy + serial) % 31] == check


def be_national_number(d: str) -> bool:
    """YYMMDDSSSCC: CC = 97 - (YYMMDDSSS mod 97), with a 2 in front for people born from 2000."""
    body, check = d[:9], int(d[9:])
    prefixes = ("", "2") if 2000 + int(d[:2]) <= datetime.date.today().year else ("",)
    return any(97 - int(prefix + body) % 97 == check for prefix in prefixes) and int(d[2:4]) % 20 <= 12


def pt_nif(d: str) -> bool:
    if d[0] not in "1235689" and d[:2] not in ("45", "70", "71", "72", "74", "75", "77", "79", "90", "91", "98", "99"):
        return False
    check = 11 - weighted(d, range(9, 1, -1)) % 11
    return (0 if check >= 10 else check) == int(d[8])


def ean13_ok(d: str) -> bool:
    return (10 - weighted(d, (1, 3) * 6) % 10) % 10 == int(d[12])


def ch_ahv(d: str) -> bool:
    """AHV/AVS number: 756, nine digits and an EAN-13 check digit."""
    return d.startswith("756") and ean13_ok(d)


def at_svnr(d: str) -> bool:
    """NNNC DDMMYY: check C = weighted sum mod 11 (never 10); the date may be a placeholder month 13-15."""
    if d[0] == "0":
        return False
    check = weighted(d, (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)) % 11
    return check != 10 and check == int(d[3]) and 1 <= int(d[4:6]) <= 31 and 1 <= int(d[6:8]) <= 15


def ie_pps(value: str) -> bool:
    """Seven digits, a check letter and an optional second letter (valued A=1 ... weight 9) - mod 23."""
    total = weighted(value[:7], range(8, 1, -1))
    if len(value) == 9 and value[8] != "W":
        total += (ord(value[8]) - 64) * 9
    return "WABCDEFGHIJKLMNOPQRSTUV"[total % 23] == value[7]


def cz_sk_birth_number(d: str) -> bool:
    """YYMMDD/SSSC: month + 50 for women (+20/+70 from 2004); ten digits divisible by 11 (remainder 10 gives 0).
    Numbers issued before 1954 have nine digits and no check digit: only the date decides."""
    month = int(d[2:4]) % 50
    month -= 20 if month > 20 else 0
    if len(d) == 9:
        return int(d[:2]) < 54 and valid_date(1900 + int(d[:2]), month, int(d[4:6]))
    year = int(d[:2]) + (1900 if int(d[:2]) >= 54 else 2000)
    if not valid_date(year, month, int(d[4:6])):
        return False
    return int(d[:9]) % 11 % 10 == int(d[9])


def ro_cnp(d: str) -> bool:
    century = {"1": 1900, "2": 1900, "3": 1800, "4": 1800, "5": 2000, "6": 2000, "7": 1900, "8": 1900, "9": 1900}
    if d[0] not in century or not valid_date(century[d[0]] + int(d[1:3]), int(d[3:5]), int(d[5:7])):
        return False
    if not (1 <= int(d[7:9]) <= 52 or d[7:9] in ("70", "80", "81", "82", "83")):
        return False
    check = weighted(d, (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)) % 11
    return (1 if check == 10 else check) == int(d[12])


def bg_egn(d: str) -> bool:
    month = int(d[2:4])
    century, month = (2000, month - 40) if month > 40 else (1800, month - 20) if month > 20 else (1900, month)
    if not valid_date(century + int(d[:2]), month, int(d[4:6])):
        return False
    return weighted(d, (2, 4, 8, 5, 10, 9, 7, 3, 6)) % 11 % 10 == int(d[9])


def hr_oib(d: str) -> bool:
    return mod11_10_check_digit(d[:10]) == int(d[10])


def si_emso(d: str) -> bool:
    """DDMMYYYRRSSSC: the year's last three digits (9xx: 1900s); check = 11 - sum mod 11."""
    yyy = int(d[4:7])
    if not valid_date(yyy + (1000 if yyy >= 800 else 2000), int(d[2:4]), int(d[:2])):
        return False
    return -weighted(d, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11 % 10 == int(d[12])


def lt_ee_personal_code(d: str) -> bool:
    """GYYMMDDNNNC (Lithuania, Estonia): G the century and sex; check mod 11 with a second weight set."""
    if d[0] not in "123456" or not valid_date(1800 + 100 * ((int(d[0]) - 1) // 2) + int(d[1:3]),
                                              int(d[3:5]), int(d[5:7])):
        return False
    check = weighted(d, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)) % 11
    if check == 10:
        check = weighted(d, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)) % 11 % 10
    return check == int(d[10])


def lv_personal_code(d: str) -> bool:
    """DDMMYYCNNNX: C the century (0 1800s, 1 1900s, 2 2000s); check from weights 1,6,3,7,9,10,5,8,4,2."""
    if d[6] not in "012" or not valid_date(1800 + 100 * int(d[6]) + int(d[4:6]), int(d[2:4]), int(d[:2])):
        return False
    return (1 - weighted(d, (1, 6, 3, 7, 9, 10, 5, 8, 4, 2))) % 11 % 10 == int(d[10])


def gr_amka(d: str) -> bool:
    return _yymmdd(d[4:6], d[2:4], d[:2]) and luhn_ok(d)


def tr_kimlik(d: str) -> bool:
    if d[0] == "0":  # never issued with a leading zero
        return False
    odd, even = sum(int(c) for c in d[0:9:2]), sum(int(c) for c in d[1:8:2])
    return (odd * 7 - even) % 10 == int(d[9]) and sum(int(c) for c in d[:10]) % 10 == int(d[10])


def il_teudat_zehut(d: str) -> bool:
    return luhn_ok(d.zfill(9)) and int(d) != 0


def za_id(d: str) -> bool:
    return _yymmdd(d[:2], d[2:4], d[4:6]) and d[10] in "012" and luhn_ok(d)


def uk_nhs(d: str) -> bool:
    """NHS number: weights 10..2 on the first nine digits, check = 11 - sum mod 11 (11 gives 0, 10 is never
    issued)."""
    check = 11 - weighted(d, range(10, 1, -1)) % 11
    return check != 10 and check % 11 == int(d[9]) and len(set(d)) > 1


def hu_personal_id(d: str) -> bool:
    """Személyi szám, M YYMMDD SSS K: M the sex and century (1-4); K = sum of the digits times 1..10 (born before
    1997) or 10..1 (from 1997) mod 11; 10 is never issued."""
    if d[0] not in "1234":
        return False
    century = 1900 if d[0] in "12" else 2000
    if not valid_date(century + int(d[1:3]), int(d[3:5]), int(d[5:7])):
        return False
    weights = range(1, 11) if century + int(d[1:3]) < 1997 else range(10, 0, -1)
    return weighted(d, weights) % 11 == int(d[10])


def hu_taj(d: str) -> bool:
    """TAJ (social insurance) number: eight digits weighted 3, 7, 3, 7... and the sum mod 10 as the ninth."""
    return weighted(d, (3, 7) * 4) % 10 == int(d[8]) and int(d) != 0


def hu_tax_id(d: str) -> bool:
    """Adóazonosító jel: 8, five digits of days since 1867-01-01, three of serial; tenth = sum of digit x position
    mod 11."""
    return d[0] == "8" and weighted(d, range(1, 10)) % 11 == int(d[9])


def lu_matricule(d: str) -> bool:
    """Luxembourg's national identification number YYYYMMDDNNN C1 C2: the birth date, C1 the Luhn and C2 the
    Verhoeff check digit of the first eleven."""
    if not valid_date(int(d[:4]), int(d[4:6]), int(d[6:8])) or not 1900 <= int(d[:4]) <= datetime.date.today().year:
        return False
    return luhn_ok(d[:12]) and verhoeff_ok(d[:11] + d[12])


# --- Asia-Pacific -------------------------------------------------------------------------------------------------


def au_tfn(d: str) -> bool:
    weights = (10, 7, 8, 4, 6, 3, 5, 1) if len(d) == 8 else (1, 4, 3, 7, 5, 8, 6, 9, 10)
    return weighted(d, weights) % 11 == 0 and int(d) != 0


def au_abn(d: str) -> bool:
    if int(d[:2]) < 11:  # the two leading check digits run from 11 to 99
        return False
    adjusted = str(int(d[0]) - 1) + d[1:]
    return weighted(adjusted, (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)) % 89 == 0


def au_medicare(d: str) -> bool:
    return d[0] in "23456" and weighted(d, (1, 3, 7, 9, 1, 3, 7, 9)) % 10 == int(d[8]) and d[9] != "0"


def nz_ird(d: str) -> bool:
    d = d.zfill(9)
    if not 10_000_000 < int(d) < 150_000_000:
        return False
    for weights in ((3, 2, 7, 6, 5, 4, 3, 2), (7, 4, 3, 2, 5, 2, 7, 6)):
        check = (11 - weighted(d, weights) % 11) % 11
        if check != 10:
            return check == int(d[8])
    return False


def cn_resident_id(value: str) -> bool:
    """GB 11643-1999: six-digit region (first digit 1-8), YYYYMMDD, three-digit serial, ISO 7064 MOD 11-2 check
    (X for 10)."""
    if value[0] not in "12345678" or not 1900 <= int(value[6:10]) <= 2100:
        return False
    if not valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(value[:17]))
    return "10X98765432"[total % 11] == value[17]


def hk_hkid(value: str) -> bool:
    """One or two letters, six digits and a check character (A for 10); a single letter counts as a space (36)."""
    letters, digits, check = value[:-7], value[-7:-1], value[-1]
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters] + [int(c) for c in digits]
    remainder = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True)) % 11) % 11
    return ("A" if remainder == 10 else str(remainder)) == check


def sg_nric(value: str) -> bool:
    """S/T (citizens, PRs) and F/G (foreigners): weights 2,7,6,5,4,3,2, +4 for T and G, a letter table each."""
    prefix, digits, check = value[0], value[1:8], value[8]
    total = weighted(digits, (2, 7, 6, 5, 4, 3, 2)) + (4 if prefix in "TG" else 0)
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return table[total % 11] == check


def kr_rrn(d: str) -> bool:
    """YYMMDD-GNNNNNC: G the century and sex; before October 2020 C is a weighted mod 11 check."""
    century = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000,
               "9": 1800, "0": 1800}[d[6]]
    return valid_date(century + int(d[:2]), int(d[2:4]), int(d[4:6])) and int(d[7:9]) <= 96  # place of birth


def kr_rrn_check(d: str) -> bool:
    return (11 - weighted(d, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)) % 11) % 10 == int(d[12])


def jp_my_number(d: str) -> bool:
    body = d[:11]
    total = sum(int(c) * (n + 1 if n <= 6 else n - 5) for n, c in enumerate(reversed(body), start=1))
    remainder = total % 11
    return (0 if remainder <= 1 else 11 - remainder) == int(d[11])


_TW_LETTERS: Final = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # codes 10..35 in this order


def tw_national_id(value: str) -> bool:
    code = _TW_LETTERS.index(value[0]) + 10
    total = code // 10 + code % 10 * 9 + weighted(value[1:9], range(8, 0, -1)) + int(value[9])
    return total % 10 == 0


def in_pan(value: str) -> bool:
    return value[3] in "ABCFGHJLPT"


# --- the Americas ---------------------------------------------------------------------------------------------------

_CURP_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
MX_STATES: Final = frozenset("AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS "
                             "TL VZ YN ZS NE".split())


def mx_curp(value: str) -> bool:
    if value[11:13] not in MX_STATES or not _yymmdd(value[4:6], value[6:8], value[8:10]):
        return False
    total = sum(_CURP_ALPHABET.index(c) * w for c, w in zip(value[:17], range(18, 1, -1), strict=True))
    return str((10 - total % 10) % 10) == value[17]


_RFC_ALPHABET: Final = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"


def mx_rfc(value: str) -> bool:
    """Three (company) or four (person) letters, YYMMDD, a two-character homoclave and a mod 11 check."""
    date = value[-9:-3]
    if not _yymmdd(date[:2], date[2:4], date[4:6]):
        return False
    padded = value.rjust(13)
    total = sum(_RFC_ALPHABET.index(c) * w for c, w in zip(padded[:12], range(13, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return ("A" if check == 10 else str(check)) == value[-1]


def ar_cuit(d: str) -> bool:
    if d[:2] not in ("20", "23", "24", "27", "30", "33", "34"):
        return False
    check = (11 - weighted(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11) % 11
    return (9 if check == 10 else check) == int(d[10])


def br_cnpj(value: str) -> bool:
    """CNPJ: twelve characters (digits, and from 2026 capital letters valued by their code minus 48) and two
    mod 11 check digits with weights 5..2,9..2 and 6..2,9..2."""
    values = [ord(c) - 48 for c in value]
    for length in (12, 13):
        weights = [*range(length - 7, 1, -1), *range(9, 1, -1)]
        remainder = sum(v * w for v, w in zip(values, weights, strict=False)) % 11
        if (0 if remainder < 2 else 11 - remainder) != values[length]:
            return False
    return len(set(value)) > 2


def cl_rut(value: str) -> bool:
    body, check = value[:-1], value[-1]
    total = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(body)))
    expected = 11 - total % 11
    return {11: "0", 10: "K"}.get(expected, str(expected)) == check


_NIT_WEIGHTS: Final = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


def co_nit(d: str) -> bool:
    total = sum(int(c) * w for c, w in zip(reversed(d[:-1]), _NIT_WEIGHTS, strict=False)) % 11
    return (total if total < 2 else 11 - total) == int(d[-1])


def pe_ruc(d: str) -> bool:
    if d[:2] not in ("10", "15", "16", "17", "20"):
        return False
    return (11 - weighted(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11) % 10 == int(d[10])


def us_itin(d: str) -> bool:
    group = int(d[3:5])
    return d[0] == "9" and (50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99)


_EIN_UNUSED_PREFIXES: Final = frozenset("00 07 08 09 17 18 19 28 29 49 69 70 78 79 89 96 97".split())


def us_ein(d: str) -> bool:
    return d[:2] not in _EIN_UNUSED_PREFIXES and int(d[2:]) != 0


def ca_bn(d: str) -> bool:
    return luhn_ok(d[:9]) and int(d[:9]) != 0
