"""National identifiers of more countries, found like pii_ids_world's: Iceland, Thailand, Germany's pension
insurance, the former Yugoslav JMBG, Ukraine, Russia, Greece, Spain's social security, Portugal's citizen card,
Ecuador, Uruguay, the Dominican Republic, Venezuela, Colombia, Malaysia, Indonesia, Pakistan, the
Philippines and Italy's identity card.

A form stands alone only when it is the issuer's printed form and its check is strong (a kennitala with its dash,
a Thai number in its 1-4-5-2-1 groups, the pension number's letter, the citizen card's letters, a RIF with its
type letter). Bare digit runs need their name just before them (or, for the dated and checked JMBG, a generic
"national ID number" label), and so do numbers without a check digit (Malaysian NRIC, Indonesian NIK, Pakistani
CNIC, Philippine and Colombian numbers, Venezuelan cédulas).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

from aiwarden.guard import pii_id_checks_more as m
from aiwarden.guard import pii_ids_world as world
from aiwarden.guard.pii_id_checks import valid_date
from aiwarden.guard.pii_ids_world import GENERIC_HINTS, GENERIC_LABEL, IdKind, Span, digits_pattern, word_pattern


def _kw(pattern: str, generic: bool = False) -> re.Pattern[str]:
    return re.compile(f"{pattern}|{GENERIC_LABEL}" if generic else pattern)


def _always(match: re.Match[str]) -> bool:
    return True


def _count(char: str, n: int) -> Callable[[re.Match[str]], bool]:
    return lambda match: match.group(0).count(char) == n


def _any_date(d: str) -> bool:
    """YYMMDD valid in the 1900s or 2000s."""
    return any(valid_date(c + int(d[:2]), int(d[2:4]), int(d[4:6])) for c in (1900, 2000))


def _my_nric(d: str) -> bool:
    # YYMMDD-PB-###G: the birth date and a place-of-birth code (never 00, 17-20, 69, 70, 73, 80, 81, 94-97)
    return _any_date(d) and d[6:8] not in ("00", "17", "18", "19", "20", "69", "70", "73", "80", "81", "94", "95",
                                           "96", "97")


def _id_nik(d: str) -> bool:
    # PPKKCC DDMMYY SSSS: province 11-94, the birth date with day + 40 for women
    day = int(d[6:8]) - (40 if int(d[6:8]) > 40 else 0)
    return 11 <= int(d[:2]) <= 94 and any(valid_date(c + int(d[10:12]), int(d[8:10]), day) for c in (1900, 2000))


_CEDULA: Final = r"(?i)c[ée]dula|\bC\.? ?I\.?(?![\w.])|documento de identidad"
_CEDULA_HINTS: Final = ("cédula", "cedula", "ci", "c.i", "documento de identidad")

KINDS: Final[tuple[IdKind, ...]] = (
    # --- standalone printed forms ---------------------------------------------------------------------------
    IdKind("pii.is-kennitala", digits_pattern(r"\d{6}-?\d{4}"), m.is_kennitala,
           _kw(r"(?i)kennitala|\bkt\.", generic=True), ("kennitala", "kt.", *GENERIC_HINTS), _count("-", 1)),
    IdKind("pii.th-pin", digits_pattern(r"\d(-?)\d{4}\1\d{5}\1\d{2}\1\d|\d( )\d{4}\2\d{5}\2\d{2}\2\d"), m.th_pin,
           _kw(r"(?i)เลขประจำตัวประชาชน|บัตรประชาชน|thai (?:national )?id|\bPIN\b|personal identification",
               generic=True),
           ("เลขประจำตัวประชาชน", "บัตรประชาชน", "thai", "pin", *GENERIC_HINTS),
           lambda match: match.group(0).count("-") == 4 or match.group(0).count(" ") == 4),
    IdKind("pii.de-rvnr", digits_pattern(r"\d{2}( ?)\d{6}\1[A-Z]\1\d{3}"), m.de_rvnr,
           _kw(r"(?i)rentenversicherung|sozialversicherung|\brvnr\b|\bsvnr\b|versicherungsnummer"),
           ("rentenversicherung", "sozialversicherung", "rvnr", "svnr", "versicherungsnummer"), _always),
    IdKind("pii.pt-cc", digits_pattern(r"\d{8}( ?)\d\1[A-Z]{2}\d", r"(?![\w/+-])"), m.pt_cc,
           _kw(r"(?i)cart[ãa]o de cidad[ãa]o|\bCC\b|citizen card"), ("cartão", "cartao", "cc", "citizen card"),
           _always),
    IdKind("pii.ve-rif", word_pattern("[VEJPG]", r"-?\d{8}-?\d\b"), m.ve_rif,
           _kw(r"\bRIF\b|(?i:registro de informaci)"),
           ("rif", "registro de informaci"), _count("-", 2)),
    # --- keyword required -------------------------------------------------------------------------------------
    # Not alone: in-store barcodes (EAN-13 prefixes 20-29) and order numbers pass the date, region and check.
    IdKind("pii.yu-jmbg", digits_pattern(r"\d{13}"), m.yu_jmbg,
           _kw(r"(?i)\b(?:jmbg|embg)\b|ЈМБГ|ЕМБГ|матич|mati[čc]n|jedinstven", generic=True),
           ("jmbg", "embg", "јмбг", "ембг", "матич", "matičn", "maticn", "jedinstven", *GENERIC_HINTS)),
    IdKind("pii.ua-rntrc", digits_pattern(r"\d{10}"), m.ua_rntrc,
           _kw(r"(?i)рнокпп|\bіпн\b|ідентифікаційн|реєстраційн|\brntrc\b|\bipn\b|taxpayer (?:number|id)", generic=True),
           ("рнокпп", "іпн", "ідентифікаційн", "реєстраційн", "rntrc", "ipn", "taxpayer", *GENERIC_HINTS)),
    IdKind("pii.ru-inn", digits_pattern(r"\d{12}|\d{10}"), m.ru_inn, _kw(r"(?i)\bинн\b|\binn\b|taxpayer (?:number|id)"),
           ("инн", "inn", "taxpayer")),
    IdKind("pii.gr-afm", digits_pattern(r"\d{9}"), m.gr_afm, _kw(r"(?i)α\.?φ\.?μ\.?|\bafm\b|greek tax"),
           ("αφμ", "α.φ.μ", "afm", "greek tax")),
    IdKind("pii.es-nuss", digits_pattern(r"\d{2}([ /-]?)\d{8}\1\d{2}"), m.es_nuss,
           _kw(r"(?i)\bnuss\b|\bnaf\b|seguridad social|afiliaci[óo]n|social security"),
           ("nuss", "naf", "seguridad social", "afiliaci", "social security")),
    IdKind("pii.ec-ci", digits_pattern(r"\d{9}-?\d"), m.ec_ci, _kw(_CEDULA), _CEDULA_HINTS),
    IdKind("pii.do-cedula", digits_pattern(r"\d{3}(-?)\d{7}\1\d"), m.do_cedula, _kw(_CEDULA), _CEDULA_HINTS),
    IdKind("pii.uy-ci", digits_pattern(r"\d(\.?)\d{3}\1\d{3}-?\d"), m.uy_ci, _kw(_CEDULA), _CEDULA_HINTS),
    IdKind("pii.co-cedula", digits_pattern(r"\d{1,3}(\.?)\d{3}\1\d{3}(?:\1\d{3})?"), lambda d: int(d) >= 100_000,
           _kw(r"(?i)c[ée]dula de ciudadan[íi]a|\bnuip\b|\bC\.C\.(?!\w)"), ("ciudadan", "nuip", "c.c.")),
    IdKind("pii.ve-cedula", word_pattern("[VE]", r"-?\d{1,2}\.?\d{3}\.?\d{3}\b"), lambda v: int(v[1:]) >= 100_000,
           _kw(_CEDULA), _CEDULA_HINTS),
    IdKind("pii.my-nric", digits_pattern(r"\d{6}(-?)\d{2}\1\d{4}"), _my_nric,
           _kw(r"\bNRIC\b|\bI/?C\b|(?i:mykad|kad pengenalan|identity card)", generic=True),
           ("nric", "ic", "i/c", "mykad", "kad pengenalan", *GENERIC_HINTS)),
    IdKind("pii.id-nik", digits_pattern(r"\d{16}"), _id_nik,
           _kw(r"\bNIK\b|\bKTP\b|(?i:nomor induk kependudukan)", generic=True),
           ("nik", "ktp", "nomor induk", *GENERIC_HINTS)),
    IdKind("pii.pk-cnic", digits_pattern(r"\d{5}(-?)\d{7}\1\d"), lambda d: d[0] in "1234567",
           _kw(r"\bN?I?COP\b|\bC?NIC\b|(?i:شناختی|computerized national identity)", generic=True),
           ("cnic", "nic", "nicop", "شناختی", *GENERIC_HINTS)),
    IdKind("pii.ph-sss", digits_pattern(r"\d{2}(-?)\d{7}\1\d"), lambda d: True,
           _kw(r"\bSSS\b|(?i:social security system)"), ("sss", "social security system")),
    IdKind("pii.ph-umid", digits_pattern(r"\d{4}(-?)\d{7}\1\d"), lambda d: True,
           _kw(r"\bUMID\b|\bCRN\b|(?i:common reference number)"), ("umid", "crn", "common reference")),
    IdKind("pii.ph-philhealth", digits_pattern(r"\d{2}(-?)\d{9}\1\d"), lambda d: True,
           _kw(r"(?i)philhealth"), ("philhealth",)),
    IdKind("pii.it-cie", word_pattern("[A-Z]", r"[A-Z]\d{5}[A-Z]{2}\b"), lambda v: True,
           _kw(r"\bCIE\b|(?i:carta d.identit[àa]|identity card)"), ("cie", "carta d", "identity card"),
           digits_optional=True),
)


def national_ids(text: str) -> Iterator[Span]:
    return world.national_ids(text, KINDS)
