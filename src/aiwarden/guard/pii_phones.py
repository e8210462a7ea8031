"""Phone numbers in model output, validated against libphonenumber's numbering plans (the ``phonenumbers``
package, imported on the first plausible candidate so the CLI and phone-free text never pay for it).

A cheap regex finds runs of digits written the way numbers are written; shape checks drop dates, versions, IP
addresses and ids; only the survivors are parsed. What each shape needs to count:

- international (``+44 20 …``, ``0044 …``, ``011 44 …``): valid for the country it names;
- national with a trunk ``0`` (``020 7123 4567``, ``030/1234567``, ``06 12345678``): valid in one of the
  default regions that dial a trunk 0;
- North American (``(415) 555-2671``, ``415.555.2671``): valid in the US or Canada;
- anything else (``612 34 56 78``, a bare ``4155552671``): valid in a default region *and* a word such as
  "phone", "call" or "tel" just before it, because such digit runs are mostly ids and amounts; with such a word,
  a grouped number written exactly as some region writes its national numbers (the groups of libphonenumber's
  national format) counts too, unless the deployment has set its own regions.

Regions the text points at (a country named in it, or a country code dialled elsewhere in it: pii_phone_regions)
are tried beside the default regions: a trunk-0 number of nine digits or more valid there counts, grouped or not,
and so does a grouped number written as that region writes its national numbers (``22 12 34 56`` in a text
about Norway), without a keyword.

The default regions can be replaced per deployment with ``OutputContext.extra["pii_phone_regions"]``.
Numbers reserved for fiction and documentation are reported as info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from aiwarden.guard import pii_phone_regions

if TYPE_CHECKING:
    from types import ModuleType

Span = tuple[int, int, str]
RULE_ID: Final = "pii.phone"
REGIONS_KEY: Final = "pii_phone_regions"
DEFAULT_REGIONS: Final = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "AU", "IN", "CA", "IE", "AT", "CH", "BE", "BR")
# Regions whose national format starts with a trunk 0 (Italy keeps the 0 as part of the number).
_TRUNK_ZERO: Final = frozenset({"GB", "DE", "FR", "NL", "AU", "IN", "IE", "AT", "CH", "BE", "BR", "IT", "NZ", "ZA",
                                "SE", "FI", "PL", "TR", "JP", "KR", "CN", "MX", "AR", "IL"})

# Digits with single separators; "+", "00" or "011" may lead; one parenthesised group (area code or "(0)").
# The first character (+, an opening parenthesis or a digit) leads and what may not precede it is tested after
# it, so the regex engine skips ahead to candidates instead of trying the look-behinds at every character (see
# pii_ids); what follows depends on which one it was.
_CANDIDATE: Final = re.compile(
    r"[+(\d](?<![\w.,/#=@$%&+*^~\\-][+(\d])(?<!\d [+(\d])"
    r"(?:(?<=\+) ?(?:\(\d{1,5}\) ?|\d)|(?<=\()\d{1,5}\) ?|(?<=\d))[\d ().\-/]{5,22}\d"
    r"(?![\w]|[.,/-]\d| \d)"
)
_SEPARATORS: Final = re.compile(r"[ .\-/()]+")
_BAD_SEPARATION: Final = re.compile(r"  |--|\.\.|//|[.\-/][ .\-/]|[ .\-/][.\-/]|\)\)|\(\(|\(\D|\D\)(?!\s?\d)")
_DATE_OR_TIME: Final = re.compile(
    r"(?:19|20)\d\d[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d|(?:19|20)\d\d ?- ?(?:19|20)\d\d"
)
_US_ZIP4: Final = re.compile(r"\b[A-Z]{2},?\s{1,3}\d{5}-\d{4}\b")
_IPV4: Final = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_NANP: Final = re.compile(r"(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}")
_KEYWORD: Final = re.compile(
    r"(?i)\b(?:tel|tél|telephone|phone|phoned|call|calling|mobile|cell|cellphone|fax|sms|whatsapp|dial|hotline|"
    r"telefon|téléphone|teléfono|telefono|móvil|movil|cellulare|handy|portable|ring|"
    # "call" as a verb in the same languages: appelez-le au ..., rufen Sie ... an, llame al ..., chiami il ...
    r"appel|appeler|appelez|appelle|anrufen|anruf|rufen|ruf|llame|llamar|llámame|llamada|chiama|chiami|chiamare|"
    r"chiamata|bel|bellen|telefoon|mobiel)\b|☎|📞|📱"
)
# A number right after an id label ("Ticket 0496-8372-6199", "order no. 0612 345 678", "Invoice #...") is that id,
# whatever a phone word further back says.
_ID_LABEL: Final = re.compile(
    r"(?i)\b(?:(?:ticket|order|(?<!in )(?<!that )(?<!any )(?<!this )case|invoice|ref|reference|booking|"
    r"confirmation|tracking|transaction|claim|incident|issue|shipment|parcel|serial|receipt)(?:\s{0,2}(?:no|nr|num|number|id|code))?|"
    r"(?:customer|account|member|policy|request)\s{0,2}(?:no|nr|num|number|id|code))\.?\s{0,2}[:#]{0,2}\s{0,2}$"
)
_KEYWORD_WINDOW: Final = 40


class _TextRegions:
    """The regions a text names or dials, worked out on the first candidate that needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._regions: tuple[str, ...] | None = None

    def get(self) -> tuple[str, ...]:
        if self._regions is None:
            named = pii_phone_regions.named_regions(self._text)
            self._regions = tuple(dict.fromkeys(named + pii_phone_regions.dialled_regions(self._text)))
        return self._regions


def phones(text: str, regions: Sequence[str] = DEFAULT_REGIONS) -> Iterator[Span]:
    hinted = _TextRegions(text)
    for m in _CANDIDATE.finditer(text):
        value = m.group(0).rstrip(")") if m.group(0).count("(") < m.group(0).count(")") else m.group(0)
        if _is_phone(value, text, m.start(), tuple(regions), hinted):
            yield m.start(), m.start() + len(value), RULE_ID


def _is_phone(value: str, text: str, start: int, regions: tuple[str, ...], hinted: _TextRegions) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if not 7 <= len(digits) <= 15 or _BAD_SEPARATION.search(value) or value.count("(") != value.count(")"):
        return False
    if _DATE_OR_TIME.search(value) or _IPV4.fullmatch(value) or ("/" in value and not value.startswith("0")):
        return False
    if value.count(".") == 1 or _US_ZIP4.search(text, max(0, start - 6), start + len(value)):
        return False  # a decimal (0.937500), not 06.12.34.56.78; a ZIP+4 after a state (MA 02110-1301)
    if not value.startswith("+") and _ID_LABEL.search(text, max(0, start - 32), start):
        return False
    grouped = bool(_SEPARATORS.search(value))
    if (grouped or value.startswith("+")) and _reserved_range(value) is not None:
        return True  # shown as info, whatever the plan says about the range
    if value.startswith("+"):
        # after a phone word, a number the plan has not allocated yet still counts if its length fits the
        # country (plans lag behind: +31 6 7... is not in libphonenumber's Dutch mobile ranges)
        return _valid(digits, None) or (_keyword_before(text, start) and _possible(digits))
    for prefix in ("00", "011"):
        if digits.startswith(prefix) and grouped and _valid(digits[len(prefix):], None):
            return True
    if value.lstrip("(").startswith("0") and grouped and any(_valid(digits, r) for r in regions if r in _TRUNK_ZERO):
        return True
    if _NANP.fullmatch(value) and ("US" in regions or "CA" in regions) and _valid(digits, "US"):
        return True
    if grouped and any(_national_form(value, digits, r) for r in hinted.get()):
        return True
    if value.startswith("0") and len(digits) >= 9 and any(_valid(digits, r) for r in hinted.get()):
        return True  # a trunk-0 number valid where the text points, written without groups (0604876475)
    if not _keyword_before(text, start):
        return False
    if any(_valid(digits, r) for r in regions + hinted.get()):
        return True
    # Any region's national form only while the deployment keeps the default regions (setting them says which
    # countries its users call).
    return grouped and regions == DEFAULT_REGIONS and _national_form_anywhere(value, digits)


def _groups(value: str) -> tuple[int, ...]:
    return tuple(len(g) for g in re.findall(r"\d+", value))


@lru_cache(maxsize=4096)
def _national_form(value: str, digits: str, region: str) -> bool:
    """Whether ``value`` is a valid number of ``region`` grouped the way the region writes its national form."""
    if not _valid(digits, region):
        return False
    phonenumbers = _phonenumbers()
    number = phonenumbers.parse(digits, region)
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return _groups(written) == _groups(value)


@lru_cache(maxsize=1024)
def _national_form_anywhere(value: str, digits: str) -> bool:
    """Whether some region writes its national numbers like ``value``: for numbers a keyword names a phone."""
    return any(_national_form(value, digits, r) for r in sorted(_phonenumbers().SUPPORTED_REGIONS))


def written_as_in(value: str, region: str) -> bool:
    """Whether ``value`` is ungrouped or grouped the way ``region`` writes its national numbers."""
    digits = "".join(c for c in value if c.isdigit())
    return not _SEPARATORS.search(value) or _national_form(value, digits, region)


def valid_number(digits: str, region: str | None) -> bool:
    """Whether ``digits`` (with the country code when ``region`` is None) is a valid number in the plan; answers
    are remembered."""
    return _valid(digits, region)


def _keyword_before(text: str, start: int) -> bool:
    window = text[max(0, start - _KEYWORD_WINDOW):start].rsplit("\n", 1)[-1]
    return _KEYWORD.search(window) is not None


@lru_cache(maxsize=4096)
def _valid(digits: str, region: str | None) -> bool:
    """Whether ``digits`` (with the country code when ``region`` is None) is a valid number in the plan."""
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse("+" + digits if region is None else digits, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


@lru_cache(maxsize=1024)
def _possible(digits: str) -> bool:
    """Whether ``digits`` (with the country code) has a length the country's plan allows."""
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))


@lru_cache(maxsize=1)
def _phonenumbers() -> ModuleType:
    import phonenumbers  # ~30 ms and a few MB of metadata: only once a candidate needs it

    return phonenumbers


# Numbers set aside for fiction and documentation, as national significant digits after the trunk 0:
# Ofcom's drama ranges (UK), ACMA's fictitious ranges (Australia); NANP 555-0100 to 555-0199.
_UK_DRAMA: Final = ("207946", "1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960",
                    "1314960", "1414960", "1514960", "1614960", "2920180", "1632960", "7700900", "8081570",
                    "3069990")
_AU_FICTITIOUS: Final = ("491570", "491571", "491572", "491573", "491574", "491575", "491576", "491577", "491578",
                         "491579", "25550", "35550", "75550", "85550", "27010", "37010", "77010", "87010")


def fictional_reason(value: str) -> str | None:
    """Why a phone match is a number reserved for fiction or a placeholder, or None."""
    reason = _reserved_range(value)
    if reason is not None:
        return reason
    national = "".join(c for c in value if c.isdigit())[-10:]
    if len(national) >= 7 and (len(set(national)) == 1 or national in "01234567890123456789"):
        return "a placeholder number"
    return None


def _reserved_range(value: str) -> str | None:
    digits = "".join(c for c in value if c.isdigit())
    stripped = value.lstrip()
    for code, country in (("44", "GB"), ("61", "AU"), ("1", "US")):
        if stripped.startswith(("+" + code, "00" + code)):
            national = digits[len(code) + (2 if stripped.startswith("00") else 0):]
            national = national[1:] if national.startswith("0") else national  # +44 (0)20 ...
            return _reserved(national, country)
    if digits.startswith("0"):
        return _reserved(digits[1:], "GB") or _reserved(digits[1:], "AU")
    nanp = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    return _reserved(nanp, "US")


def _reserved(national: str, country: str) -> str | None:
    if country == "US" and ((len(national) == 10 and national[3:8] == "55501")
                            or (len(national) == 7 and national[:5] == "55501")):  # 555-01xx without area code
        return "a number reserved for fiction (555-01xx)"
    if country == "GB" and national.startswith(_UK_DRAMA):
        return "a number reserved for drama and documentation"
    if country == "AU" and national.startswith(_AU_FICTITIOUS):
        return "a number reserved for fiction (ACMA)"
    return None
