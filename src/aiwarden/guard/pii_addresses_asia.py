"""Street addresses in the Japanese, Korean, Chinese, Indian, Hebrew and Arabic forms, native and romanised.

Anchors, per form:
- Japan: a block address (丁目, 番地, 番, 号, or 1-2-3 after a place name with 都道府県市区町村郡) or a 〒
  postcode before the place; romanised, a block number or postcode with a ward or city (-ku, -shi, -cho).
- Korea: a road name ending in 로/길/대로/가 and its building number after a province, city or district
  (도, 시, 구, 군); romanised, "123 Teheran-ro" or "Teheran-ro 123".
- China, Taiwan: a street (路, 街, 道, 巷, 弄, 胡同) with a number and 号/號, or a block (座, 栋) after a
  province, city or district, optionally the six-digit postcode.
- India: a house-number label (H.No., Flat No., Plot No., Door No.) or a slashed house number, up to three
  address segments, and the town with its six-digit PIN.
- Israel and the Arab world: a street word (רחוב, שדרות, שארע, طريق...) with the name and a number, or the
  name, number and town with Israel's seven-digit postcode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

Span = tuple[int, int, str]
RULE_ID: Final = "pii.address"

_HAN: Final = "\u3005\u4e00-\u9fff"  # CJK ideographs and the repetition mark
_KANA: Final = "\u3040-\u30ff"
_DIGIT: Final = "0-9０-９"
_KANJI_NUM: Final = "一二三四五六七八九十"

# --- Japan ----------------------------------------------------------------------------------------------------------

_JP_POSTCODE: Final = r"〒 ?[0-9０-９]{3}[-－ー]?[0-9０-９]{4}\s*"
# The block part is matched first and the place name looked for just before it: a regex starting with the
# place would retry at every ideograph of a long text.
_JP_BLOCK: Final = re.compile(
    rf"(?:[{_DIGIT}{_KANJI_NUM}]{{1,3}}丁目(?:[{_DIGIT}]{{1,4}}番(?:地)?(?:[{_DIGIT}]{{1,4}}号?)?)?"
    rf"|[{_DIGIT}]{{1,4}}番地(?:[{_DIGIT}]{{1,4}}号?)?|[{_DIGIT}]{{1,4}}番[{_DIGIT}]{{1,4}}号"
    rf"|[{_DIGIT}]{{1,4}}[-－ー][{_DIGIT}]{{1,4}}(?:[-－ー][{_DIGIT}]{{1,4}})?(?![{_DIGIT}]))"
    rf"(?:[ 　]?[{_HAN}{_KANA}Ａ-Ｚａ-ｚA-Za-z]{{1,16}}[{_DIGIT}]{{1,4}}(?:号室)?)?"
)
_JP_PLACE: Final = re.compile(rf"(?P<postcode>{_JP_POSTCODE})?(?P<place>[{_HAN}{_KANA}]{{2,30}})$")
_JP_ADMIN: Final = re.compile("[都道府県市区町村郡]")
# The postcode mark before a place name is an address on its own: "〒100-0005 東京都千代田区丸の内".
_JP_POSTAL: Final = re.compile(
    rf"{_JP_POSTCODE}[{_HAN}{_KANA}]{{2,30}}(?:[{_DIGIT}]{{1,4}}(?:[-－ー][{_DIGIT}]{{1,4}}){{0,2}})?"
)
_JP_ROMAN: Final = re.compile(
    r"(?<![\w-])(?:\d{1,2}-chome,? )?\d{1,4}-\d{1,4}(?:-\d{1,4})?,? [A-Z][a-z]+(?:[- ][A-Z]?[a-z]+){0,2}"
    r"(?:,? \d{1,2}-chome)?(?:,? [A-Z][a-z]+-(?:ku|shi|cho|machi|gun|mura))+(?:,? [A-Z][a-z]+(?:-(?:to|fu|ken))?)?"
    r"(?:,? \d{3}-\d{4})?"
    r"|(?<![\w-])[A-Z][a-z]+-(?:ku|shi|cho|machi)(?:, [A-Z][a-z]+(?:-(?:to|fu|ken))?)?,? \d{3}-\d{4}(?![\w-])"
)

# --- Korea ----------------------------------------------------------------------------------------------------------

_KR_ROAD: Final = re.compile(
    r"(?:[가-힣]{1,10}(?:특별시|광역시|특별자치시|특별자치도|도|시|군|구) ){1,3}"
    r"[가-힣0-9]{1,12}(?:대로|로|길|가|거리)(?: ?[0-9]{1,3}(?:번)?길)? ?(?:지하 ?)?[0-9]{1,4}(?:-[0-9]{1,4})?(?![0-9])"
    r"(?: ?\([가-힣0-9, ]{1,20}\))?"
)
_KR_ROMAN: Final = re.compile(
    r"(?<![\w-])(?:\d{1,4}(?:-\d{1,3})?,? [A-Z][a-z]+(?:-[a-z]+)?-(?:ro|gil|daero)(?: \d{1,3}(?:beon)?-gil)?"
    r"|[A-Z][a-z]+(?:-[a-z]+)?-(?:ro|gil|daero)(?: \d{1,3}(?:beon)?-gil)?,? \d{1,4}(?:-\d{1,3})?)(?![\w-])"
    r"(?:,? [A-Z][a-z]+-(?:gu|si|gun|dong|myeon|eup))*(?:,? [A-Z][a-z]+(?:-do|-si)?)?(?:,? \d{5}(?!\d))?"
)

# --- China, Taiwan ----------------------------------------------------------------------------------------------

_CN_NUM: Final = rf"[{_DIGIT}{_KANJI_NUM}百]{{1,5}}"
_CN_STREET: Final = re.compile(
    r"(?:路|街|大街|大道|道|巷|弄|胡同|里|段)"
    rf"(?:{_CN_NUM}段)?(?:{_CN_NUM}(?:号|號)(?:院|楼|樓|之{_CN_NUM})?(?:{_CN_NUM}(?:楼|樓|层|層|室|单元))*"
    rf"|[A-Za-z0-9]座)(?: ?\d{{6}}(?!\d))?"
)
_CN_PLACE: Final = re.compile(rf"(?P<postcode>\d{{3,6}} ?)?(?P<place>[{_HAN}]{{1,24}})$")
_CN_ADMIN: Final = re.compile("[省市区區县縣镇鎮乡鄉]")

# --- India ----------------------------------------------------------------------------------------------------------

_IN_BLOCK: Final = re.compile(
    r"(?<![\w/])(?:(?:H\. ?No\.?|House No\.?|Flat No\.?|Plot No\.?|Door No\.?|D\. ?No\.?|Shop No\.?) ?"
    r"[0-9][\w/-]{0,8}|[0-9]{1,4}/[0-9]{1,4}[A-Z]?)"
    r"(?:(?:,? ?\n ?|, )[A-Z0-9][^\n,]{1,40}?){0,3}(?:,? ?\n ?|, | )"
    r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} ?[-–]? ?[1-8]\d{2} ?\d{3}(?!\d)"
)

# --- Israel, the Arab world ---------------------------------------------------------------------------------------

_HEB: Final = "[\u05d0-\u05ea][\u05d0-\u05ea\"'׳״-]*"
_HE_TYPED: Final = re.compile(
    rf"(?:רחוב|רח'|רח׳|שדרות|שד'|שד׳|דרך|סמטת|כיכר|מעלה) {_HEB}(?: {_HEB}){{0,3}},? \d{{1,4}}(?![\d/-])"
    rf"(?:,? {_HEB}(?: {_HEB}){{0,3}})?(?:,? \d{{7}}(?!\d))?"
)
_HE_POSTAL: Final = re.compile(
    rf"{_HEB}(?: {_HEB}){{0,3}} \d{{1,4}}, {_HEB}(?:[ -]{_HEB}){{0,4}},? \d{{7}}(?!\d)"
)
_AR: Final = "[\u0621-\u064a][\u0621-\u064a\u064b-\u0652]*"
_AR_TYPED: Final = re.compile(
    rf"(?:شارع|طريق|زنقة|نهج) {_AR}(?: {_AR}){{0,3}}[،,]? (?:رقم )?\d{{1,4}}(?![\d/-])"
    rf"|(?<![\d/])\d{{1,4}},? (?:شارع|زنقة|نهج|حي|دوار) {_AR}(?: {_AR}){{0,3}}(?: - {_AR}(?: {_AR}){{0,2}})?"
)


_PIN: Final = re.compile(r"[1-8]\d{2} ?\d{3}(?!\d)")
_HEBREW: Final = re.compile("[\u05d0-\u05ea]")
_ARABIC: Final = re.compile("[\u0621-\u064a]")


# The Gulf: a villa, flat or building number and the city (streets there are often named by number or not at
# all): "Villa 12, Street 5, Al Barsha 2, Dubai".
_GULF: Final = re.compile(
    r"(?<![\w-])(?:Villa|Flat|Apartment|Apt\.?|Office|Building|Bldg\.?|Shop|Unit|Plot|House) (?:No\.? ?)?"
    r"\d{1,5}[A-Z]?,"
    r"(?: [^\n,]{2,40},){0,3} (?:Dubai|Abu Dhabi|Sharjah|Ajman|Al Ain|Ras Al Khaimah|Fujairah|Umm Al Quwain|Doha|"
    r"Riyadh|Jeddah|Dammam|Manama|Muscat|Kuwait City)(?:,? (?:UAE|U\.A\.E\.|United Arab Emirates|Qatar|Saudi Arabia|"
    r"KSA|Bahrain|Oman|Kuwait))?(?=$|[\n,.;)])"
)
_GULF_UNITS: Final = ("Villa", "Flat", "Apartment", "Apt", "Office", "Building", "Bldg", "Shop", "Unit", "Plot",
                       "House")


def pattern_spans(pattern: re.Pattern[str], text: str) -> Iterator[Span]:
    """Every match of an address form that needs no further check, as an address span."""
    return ((m.start(), m.end(), RULE_ID) for m in pattern.finditer(text))


def _with_place(text: str, blocks: re.Pattern[str], places: re.Pattern[str], admin: re.Pattern[str],
                strong: tuple[str, ...]) -> Iterator[Span]:
    """CJK block numbers after a place name that has an administrative marker (or a postcode before it), or
    that carry an unmistakable block word."""
    for m in blocks.finditer(text):
        place = places.search(text, max(0, m.start() - 48), m.start())
        if place is None:
            continue
        if admin.search(place.group("place")) or place.group("postcode") or any(w in m.group(0) for w in strong):
            yield place.start(), m.end(), RULE_ID


def asian_addresses(text: str, windows: str) -> Iterator[Span]:
    """``windows``: the text around its numbers (pii_addresses.number_windows); the romanised and Indian forms
    are looked for only where their marks are near a number."""
    if not text.isascii():
        if "丁目" in text or "番" in text or "〒" in text or _JP_ADMIN.search(text):
            yield from _with_place(text, _JP_BLOCK, _JP_PLACE, _JP_ADMIN, ("丁目", "番地", "号"))
            yield from pattern_spans(_JP_POSTAL, text)
        if any(mark in text for mark in ("号", "號", "座")):
            yield from _with_place(text, _CN_STREET, _CN_PLACE, _CN_ADMIN, ())
        if any(mark in text for mark in ("로", "길", "가", "거리")):
            yield from pattern_spans(_KR_ROAD, text)
        if _HEBREW.search(text):
            for pattern in (_HE_TYPED, _HE_POSTAL):
                yield from pattern_spans(pattern, text)
        if _ARABIC.search(text):
            yield from pattern_spans(_AR_TYPED, text)
    if "-ro" in windows or "-gil" in windows or "-daero" in windows:
        yield from pattern_spans(_KR_ROMAN, text)
    if "-ku" in windows or "-shi" in windows or "-cho" in windows or "-machi" in windows:
        yield from pattern_spans(_JP_ROMAN, text)
    if any(unit in windows for unit in _GULF_UNITS):
        yield from pattern_spans(_GULF, text)
    if ("No" in windows or "/" in windows) and _PIN.search(windows):
        yield from pattern_spans(_IN_BLOCK, text)
