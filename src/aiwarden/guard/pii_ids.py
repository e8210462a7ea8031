"""National identifiers in model output, each validated by its issuer's rules.

Where the identifier has a strong check (Italian codice fiscale, French NIR, Spanish DNI/NIE, Brazilian CPF with
its two check digits) or an unmistakable shape (UK NINO, US SSN with separators), the shape and check decide.
Where the check is weak for the shape (one in ten or eleven random numbers pass: Dutch BSN, Canadian SIN,
Aadhaar) or absent (a bare nine-digit SSN, passports), a keyword just before the number is required too, because
nine- to twelve-digit integers are everywhere in logs, code and tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aiwarden.guard.pii_checksums import luhn_ok, mod11_10_check_digit, verhoeff_ok

Span = tuple[int, int, str]  # start, end, rule_id

KEYWORD_WINDOW: Final = 48  # characters before a number searched for its keyword, on its line
# A number must not follow a word character or . , / + - (it would be the tail of a longer number or a decimal).
# The patterns test that right after their first character: ``\d(?<![\w.,/+-]\d)`` means what
# ``(?<![\w.,/+-])\d`` means, but a pattern that starts with a character class lets the regex engine skip ahead
# to the next candidate character instead of trying the look-behind at every position (two to three times faster
# on prose; tests/guard/test_pii_leading_class.py checks each pattern against its look-behind-first form).
_NOT_BEFORE: Final = r"(?![\w/+-]|[.,]\d|[ -]\d)"


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """A substring test on the lower-cased text: far cheaper than running a regex over text that cannot match."""
    lowered = text.lower()
    return any(w in lowered for w in words)


def keyword_before(text: str, start: int, keyword: re.Pattern[str]) -> bool:
    window = text[max(0, start - KEYWORD_WINDOW):start]
    return keyword.search(window.rsplit("\n", 1)[-1]) is not None  # same line only


# --- United States: Social Security number -------------------------------------------------------------------------

# Separators must agree (the backreference); a bare nine-digit integer needs the word "SSN" before it.
_SSN: Final = re.compile(r"(\d(?<![\w.,/+-]\d)\d{2})([- ])(\d{2})\2(\d{4})" + _NOT_BEFORE)
_SSN_BARE: Final = re.compile(r"(\d(?<![\w.,/+-]\d)\d{2})(\d{2})(\d{4})" + _NOT_BEFORE)
_SSN_KEYWORD: Final = re.compile(r"(?i)\b(?:ssn|ss#|social[ -]security(?:[ -](?:number|no\.?|#))?|sozialversicherung)")
# Numbers the SSA voided after they were printed (a wallet insert, an ad) and the textbook sequence.
SSN_SPECIMENS: Final = frozenset({"078051120", "219099999", "123456789"})


def _ssn_ok(area: str, group: str, serial: str) -> bool:
    # The SSA never issues area 000, 666 or 900-999, group 00 or serial 0000.
    return not (area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000")


def us_ssns(text: str) -> Iterator[Span]:
    for m in _SSN.finditer(text):
        if _ssn_ok(m.group(1), m.group(3), m.group(4)):
            yield m.start(), m.end(), "pii.us-ssn"
    if not _mentions(text, ("ssn", "ss#", "social", "sozialvers")):
        return
    for m in _SSN_BARE.finditer(text):
        if _ssn_ok(m.group(1), m.group(2), m.group(3)) and keyword_before(text, m.start(), _SSN_KEYWORD):
            yield m.start(), m.end(), "pii.us-ssn"


# --- United Kingdom: National Insurance number ---------------------------------------------------------------------

# HMRC: first letter not D F I Q U V, second not D F I O Q U V; suffix A-D; some prefixes never issued.
_NINO: Final = re.compile(r"([A-CEGHJ-PR-TW-Z](?<!\w[A-CEGHJ-PR-TW-Z])[A-CEGHJ-NPR-TW-Z])"
                          r"( ?)(\d{2})( ?)(\d{2})( ?)(\d{2})( ?)([A-D])\b")
_NINO_BAD_PREFIXES: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def uk_ninos(text: str) -> Iterator[Span]:
    for m in _NINO.finditer(text):
        spaces = "".join(m.group(i) for i in (2, 4, 6, 8))
        # compact (AB123456C), paired (AB 12 34 56 C) or (AB 123456 C); not a random mix
        consistent = spaces in ("", "    ") or (spaces == "  " and m.group(2) and m.group(8))
        if m.group(1) not in _NINO_BAD_PREFIXES and consistent:
            yield m.start(), m.end(), "pii.uk-nino"


# --- Germany: Steuerliche Identifikationsnummer ----------------------------------------------------------------------

_STEUER_ID: Final = re.compile(r"([1-9](?<![\w.,/+-][1-9])\d)( ?)(\d{3})\2(\d{3})\2(\d{3})" + _NOT_BEFORE)
_STEUER_KEYWORD: Final = re.compile(r"(?i)steuer|\bidnr\b|\btin\b|tax[ -]?id")


def _steuer_id_ok(digits: str) -> bool:
    """BZSt rules: in the first ten digits one digit occurs twice or three times (never three in a row) and
    the others at most once; the eleventh is the ISO 7064 MOD 11,10 check digit."""
    body = digits[:10]
    counts = sorted((body.count(d) for d in set(body)), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    if counts[0] == 3 and any(body[i] == body[i + 1] == body[i + 2] for i in range(8)):
        return False
    return mod11_10_check_digit(body) == int(digits[10])


def de_tax_ids(text: str) -> Iterator[Span]:
    for m in _STEUER_ID.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        # Unspaced, eleven digits pass the rules about once in 500: a keyword must name it.
        if _steuer_id_ok(digits) and (m.group(2) or keyword_before(text, m.start(), _STEUER_KEYWORD)):
            yield m.start(), m.end(), "pii.de-tax-id"


# --- France: NIR (numéro de sécurité sociale) -----------------------------------------------------------------------

_NIR: Final = re.compile(
    r"([1-478](?<![\w.,/+-][1-478])) ?(\d{2}) ?(0[1-9]|1[0-2]|20|3\d|4[0-2]|[5-9]\d) ?(\d{2}|2[AB]) ?"
    r"(\d{3}) ?(\d{3}) ?(\d{2})"
    + _NOT_BEFORE
)


def fr_nirs(text: str) -> Iterator[Span]:
    for m in _NIR.finditer(text):
        department = m.group(4)
        if department == "00" or department == "20":  # Corsica is 2A/2B since 1976
            continue
        body = "".join(m.group(i) for i in range(1, 7)).replace("2A", "19").replace("2B", "18")
        if 97 - int(body) % 97 == int(m.group(7)):
            yield m.start(), m.end(), "pii.fr-nir"


# --- Spain: DNI and NIE ---------------------------------------------------------------------------------------------

_DNI: Final = re.compile(r"(\d(?<![\w.,]\d)\d{7})-?([A-Z])(?![\w+-])")  # not 1.10351563E-05
_NIE: Final = re.compile(r"([XYZ])(?<!\w[XYZ])-?(\d{7})-?([A-Z])\b")
_DNI_LETTERS: Final = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_ids(text: str) -> Iterator[Span]:
    for m in _DNI.finditer(text):
        if _DNI_LETTERS[int(m.group(1)) % 23] == m.group(2):
            yield m.start(), m.end(), "pii.es-dni"
    for m in _NIE.finditer(text):
        number = str("XYZ".index(m.group(1))) + m.group(2)
        if _DNI_LETTERS[int(number) % 23] == m.group(3):
            yield m.start(), m.end(), "pii.es-nie"


# --- Italy: codice fiscale ------------------------------------------------------------------------------------------

# Digits may be replaced by L-V (omocodia) when two people would share a code.
_CF: Final = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{5}[\dLMNP-V]{2}[ABCDEHLMPRST][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]\b")
_CF_ODD: Final = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23)


def _cf_value(ch: str, odd: bool) -> int:
    index = int(ch) if ch.isdigit() else ord(ch) - ord("A")
    return _CF_ODD[index] if odd else index


_CF_MONTH_DAYS: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_OMOCODIA: Final = str.maketrans("LMNPQRSTUV", "0123456789")


def it_fiscal_codes(text: str) -> Iterator[Span]:
    for m in _CF.finditer(text):
        code = m.group(0)
        day = int(code[9:11].translate(_OMOCODIA)) % 40  # women's days are 41-71
        if not 1 <= day <= _CF_MONTH_DAYS["ABCDEHLMPRST".index(code[8])]:
            continue
        total = sum(_cf_value(ch, i % 2 == 0) for i, ch in enumerate(code[:15]))
        if chr(ord("A") + total % 26) == code[15]:
            yield m.start(), m.end(), "pii.it-fiscal-code"


# --- Netherlands: burgerservicenummer -------------------------------------------------------------------------------

_BSN: Final = re.compile(r"(\d(?<![\w.,/+-]\d)\d{3})(\.?)(\d{2})\2(\d{3})" + _NOT_BEFORE)
_BSN_KEYWORD: Final = re.compile(r"(?i)\bbsn\b|burgerservice|\bsofi")


def _bsn_ok(digits: str) -> bool:
    # The "elfproef": weights 9..2 on the first eight digits, -1 on the last, sum divisible by 11.
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and int(digits) != 0


def nl_bsns(text: str) -> Iterator[Span]:
    if not _mentions(text, ("bsn", "burgerservice", "sofi")):
        return
    for m in _BSN.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if _bsn_ok(digits) and keyword_before(text, m.start(), _BSN_KEYWORD):
            yield m.start(), m.end(), "pii.nl-bsn"


# --- India: Aadhaar -------------------------------------------------------------------------------------------------

_AADHAAR: Final = re.compile(r"([2-9](?<![\w.,/+-][2-9])(?<!\d [2-9])\d{3})([ -]?)(\d{4})\2(\d{4})" + _NOT_BEFORE)
_AADHAAR_KEYWORD: Final = re.compile(r"(?i)aadhaa?r|\buid(?:ai)?\b|\u0906\u0927\u093e\u0930")


def in_aadhaars(text: str) -> Iterator[Span]:
    if not _mentions(text, ("aadha", "uid", "\u0906\u0927\u093e\u0930")):
        return
    for m in _AADHAAR.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if verhoeff_ok(digits) and keyword_before(text, m.start(), _AADHAAR_KEYWORD):
            yield m.start(), m.end(), "pii.in-aadhaar"


# --- Brazil: CPF ----------------------------------------------------------------------------------------------------

_CPF: Final = re.compile(r"(\d(?<![\w.,/+-]\d)\d{2})(\.?)(\d{3})\2(\d{3})-?(\d{2})" + _NOT_BEFORE)
_CPF_KEYWORD: Final = re.compile(r"(?i)\bcpf\b")


def cpf_ok(digits: str) -> bool:
    for length in (9, 10):
        total = sum(int(d) * w for d, w in zip(digits[:length], range(length + 1, 1, -1), strict=True))
        if total * 10 % 11 % 10 != int(digits[length]):
            return False
    return True


def br_cpfs(text: str) -> Iterator[Span]:
    for m in _CPF.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        formatted = bool(m.group(2)) and "-" in m.group(0)  # 123.456.789-09: the printed form
        if cpf_ok(digits) and (formatted or keyword_before(text, m.start(), _CPF_KEYWORD)):
            yield m.start(), m.end(), "pii.br-cpf"


# --- Canada: Social Insurance Number --------------------------------------------------------------------------------

_SIN: Final = re.compile(r"([1-79](?<![\w.,/+-][1-79])\d{2})([ -]?)(\d{3})\2(\d{3})" + _NOT_BEFORE)
_SIN_KEYWORD: Final = re.compile(r"\bSIN\b|(?i:social[ -]insurance|assurance[ -]sociale|\bNAS\b)")


def ca_sins(text: str) -> Iterator[Span]:
    if "SIN" not in text and "NAS" not in text and not _mentions(text, ("social", "assurance")):
        return
    for m in _SIN.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if luhn_ok(digits) and keyword_before(text, m.start(), _SIN_KEYWORD):
            yield m.start(), m.end(), "pii.ca-sin"


# --- passports (no public check digit outside the machine-readable zone) --------------------------------------------

_PASSPORT: Final = re.compile(
    r"(?i:passport|reisepass|passeport|pasaporte|passaporto)(?i:\s*(?:no\.?|number|num\.?|nr\.?|n[º°o]|#))?"
    r"\s*[:#]?\s*(?-i:([A-Z]{0,2}\d[A-Z\d]{5,8}))(?![\w-])"
)


def passports(text: str) -> Iterator[Span]:
    if not _mentions(text, ("passp", "reisepass", "passe", "pasaporte", "passaporto")):
        return
    for m in _PASSPORT.finditer(text):
        value = m.group(1)
        if sum(c.isdigit() for c in value) >= 6 and len(set(value)) > 2:
            yield m.start(1), m.end(1), "pii.passport"


def specimen_reason(rule_id: str, value: str) -> str | None:
    """Why an identifier match is a published specimen or a placeholder rather than a person's, or None."""
    digits = "".join(c for c in value if c.isdigit())
    if rule_id == "pii.us-ssn" and digits in SSN_SPECIMENS:
        return "a publicised specimen SSN"
    if len(digits) >= 8 and len(set(digits)) == 1:
        return "a placeholder (one repeated digit)"
    compact = "".join(c for c in value if c.isalnum()).upper()
    if compact in _SPECIMENS_COMPACT:
        return "a specimen number printed by its issuer"
    return None


# Specimens printed by the issuers on their sample cards and in their format standards (printed forms).
DOCUMENTED_ID_SPECIMENS: Final = (
    "11010519491231002X",  # GB 11643-1999, the resident id standard's worked example
    "131052-308T",  # the Finnish Digital and Population Data Services Agency's example HETU
    "121212-1212", "19121212-1212",  # Skatteverket's test person Tolvan Tolvansson
)
_SPECIMENS_COMPACT: Final = frozenset("".join(c for c in v if c.isalnum()) for v in DOCUMENTED_ID_SPECIMENS)
