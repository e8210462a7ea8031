"""Street addresses in the Thai, Vietnamese, Georgian, Armenian, Azerbaijani, Indic-script Indian, Malaysian and
Bangladeshi forms, each anchored on what its postal format always has (Universal Postal Union country sheets):

- Thailand: a house number, a road or lane word (ถ./ถนน, ซ./ซอย, หมู่) and the five-digit postcode.
- Vietnam: a house number and street, then a ward (phường, xã, thị trấn) and a district or city (quận, huyện,
  thành phố, TP., tỉnh), with or without commas.
- Georgia and Armenia: a street word (ქ./ქუჩა/გამზირი; փողոց, պողոտա) with its number, or Armenia's city mark
  ք. followed by a street and number.
- Azerbaijan: a street or avenue (küç., küçəsi, pr., prospekti, döngə, dalan) followed by the building (b. 9).
- India in Devanagari, Tamil and other Indic scripts: a house number and name, then the town with its six-digit
  PIN after a dash.
- Malaysia: a house number before Jalan and the five-digit postcode; Bangladesh: House/Holding/Flat No. and a
  four-digit postcode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aiwarden.guard.pii_addresses_asia import RULE_ID, Span, pattern_spans

_THAI: Final = "\u0e00-\u0e7f"
_TH_ADDRESS: Final = re.compile(
    rf"(?<![\d/])\d{{1,4}}(?:/\d{{1,4}})?\s+(?:หมู่\s?\d{{1,2}}\s+)?(?:ถ\.|ถนน|ซ\.|ซอย|หมู่|ต\.|ตำบล|แขวง)"
    rf"[{_THAI}. \d/]{{1,80}}?\s\d{{5}}(?!\d)"
)
_VN_ADDRESS: Final = re.compile(
    r"(?<![\w/])(?:[Ss]ố )?\d{1,4}[A-Z]?(?:/\d{1,4})?,? [^\n,;]{2,40}?,? "
    r"(?:[Pp]hường|[Xx]ã|[Tt]hị trấn) (?P<ward>[^\n,;.]{2,30})"
    r"(?:,? (?:[Qq]uận|[Hh]uyện|[Tt]hành phố|TP\.|[Tt]ỉnh|[Tt]hị xã) ?[^\n,;.]{2,30})?"
)
_GEORGIAN: Final = "\u10d0-\u10ff"
_KA_ADDRESS: Final = re.compile(
    rf"[{_GEORGIAN}]{{2,30}}(?: [{_GEORGIAN}]{{2,30}}){{0,2}} (?:ქ\.|ქუჩა|გამზ\.|გამზირი|ჩიხი|შესახვევი) ?"
    rf"\d{{1,4}}[ა-ჰ]?(?:, ?[{_GEORGIAN} -]{{2,30}})?"
)
_ARMENIAN: Final = "\u0531-\u0587"
_HY_ADDRESS: Final = re.compile(
    rf"[քգ]\. ?[{_ARMENIAN}-]{{2,30}},(?: [{_ARMENIAN} -]{{2,40}},)?(?: \d{{4}},)? [{_ARMENIAN} -]{{2,40}} \d{{1,4}}"
    rf"(?:, ?բն\. ?\d{{1,4}})?"
    rf"|[{_ARMENIAN}-]{{2,30}} (?:փողոց|փ\.|պողոտա|պող\.) ?\d{{1,4}}(?:, ?բն\. ?\d{{1,4}})?"
)
_AZ_ADDRESS: Final = re.compile(
    r"(?:[^\W\d_][^\n,]{1,30} rayonu, )?(?:[^\W\d_][^\n,]{1,30} qəs\., )?"
    r"[^\W\d_][^\n,]{1,30} (?:küç\.|küçəsi|pr\.|prospekti|döngəsi|dalan),? (?:b\.|ev) ?\d{1,4}[a-zA-Z]?"
    r"(?:, ?m\. ?\d{1,4})?"
)
_INDIC: Final = "\u0900-\u0dff"
_IN_INDIC: Final = re.compile(
    rf"(?<![\d/])\d{{1,4}}(?:/\d{{1,4}})? [{_INDIC}][^\n\d]{{1,40}}\n[{_INDIC}][^\n\d]{{1,30}}[- ]\d{{6}}(?!\d)"
    # Nepal: the ward (वडा) or house (घर) number, then the place lines and the five-digit postcode
    rf"|[{_INDIC}][^\n\d]{{1,40}} (?:वडा|घर) ?\d{{1,4}} ?\n(?:[^\n\d]{{2,30}}\n){{0,2}}[^\n\d]{{2,30}} \d{{5}}(?!\d)"
)
_MY_JALAN: Final = re.compile(
    r"(?<![\w/-])(?:No\. ?)?\d[\dA-Za-z-]{0,7},? (?:Jalan|Jln\.?|Lorong|Persiaran) [^\n,]{1,30}"
    r"(?:, [^\n,\d]{2,40}){0,2}, \d{5} [A-Z][^\n,]{1,30}(?:, [A-Z][^\n,]{1,30})?"
)
_BD_HOUSE: Final = re.compile(
    r"(?:House|Holding|Flat|Plot|Building|Apartment) No\.? ?\d{1,4}[A-Z]?(?:, [^\n,]{2,30}){1,4}, \d{4}(?!\d)"
)


def more_addresses(text: str, windows: str) -> Iterator[Span]:
    """``windows``: the text around its numbers (pii_addresses.number_windows); each form is tried only when
    its script or its anchor word is there."""
    if not text.isascii():
        if re.search(f"[{_THAI}]", windows) and any(w in windows for w in ("ถ", "ซ", "หมู่", "ต.", "ตำบล", "แขวง")):
            yield from pattern_spans(_TH_ADDRESS, text)
        if any(w in text for w in ("hường", "Xã", "xã", "hị trấn")):
            # a ward is named (Phường Bến Nghé) or numbered (Phường 5): "12 phường mới" is a count of wards
            yield from ((m.start(), m.end(), RULE_ID) for m in _VN_ADDRESS.finditer(text)
                        if m.group("ward")[0].isupper() or m.group("ward")[0].isdigit())
        if re.search(f"[{_GEORGIAN}]", windows):
            yield from pattern_spans(_KA_ADDRESS, text)
        if re.search(f"[{_ARMENIAN}]", windows):
            yield from pattern_spans(_HY_ADDRESS, text)
        if "küç" in windows or "pr." in windows or "prospekti" in windows or "dalan" in windows:
            yield from pattern_spans(_AZ_ADDRESS, text)
        if re.search(f"[{_INDIC}]", windows):
            yield from pattern_spans(_IN_INDIC, text)
    if "Jalan" in windows or "Jln" in windows or "Lorong" in windows or "Persiaran" in windows:
        yield from pattern_spans(_MY_JALAN, text)
    if " No" in windows:
        yield from pattern_spans(_BD_HOUSE, text)
