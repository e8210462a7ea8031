"""Street addresses in model output, anchored on structure prose does not have.

English-speaking countries (US, CA, UK, AU, IN): a house number, a capitalised street name and a street type from
the USPS suffix vocabulary (plus the British ones), optionally a unit, then optionally a locality line that ends
in a real postcode form: US state + ZIP, Canadian province + postal code, UK postcode, Australian state +
postcode, Indian PIN. Types that are ordinary words (Park, Way, View, Point...) count only with a unit, a
postcode line, or a word such as "address" or "live at" just before; the unambiguous ones (Street, Avenue, Road,
Blvd...) count alone.

Continental forms: DE/AT/CH and NL (street word + number, optionally PLZ/postcode + town), FR (numéro + voie +
nom, optionally code postal + ville), ES (Calle ... número), IT (Via ... civico). Postal blocks across lines are
one address: the street line, a unit line and the locality line are joined when they follow each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

Span = tuple[int, int, str]
RULE_ID: Final = "pii.address"

# --- English-speaking countries ------------------------------------------------------------------------------------

# USPS Publication 28, appendix C1 (primary names and standard abbreviations), plus British street types.
_STRONG_TYPES: Final = frozenset("""
street st avenue ave av road rd boulevard blvd lane ln drive dr court ct place pl terrace terr ter highway hwy
parkway pkwy pky circle cir crescent cres close square sq plaza plz expressway expy freeway fwy turnpike tpke alley
aly crossing xing causeway cswy motorway mtwy stravenue stra trafficway trfy throughway trwy esplanade parade
""".split())
_WEAK_TYPES: Final = frozenset("""
way ways trail trl path pike loop run row walk walks park parks point points pt ridge ridges rdg hill hills hl
heights hts view views vw vista vis valley valleys vly creek crk lake lakes lk harbor harbors hbr harbour island
islands is isle key keys ky landing lndg manor manors mnr meadow meadows mdw mill mills ml mission msn mount mt
mountain mountains mtn orchard orch oval pass passage psge pine pines port ports prt ranch rnch shore shores shr
spring springs spg spur spurs station sta summit smt track trak trace trce union unions un village villages vlg
ville vl wells well wl bend bnd bluff bluffs blf branch br bridge brg brook brooks brk burg burgs bypass byp camp
cp canyon cyn cape cpe center centers ctr centre club clb common commons cmn corner corners cor course crse courts
cts cove coves cv crest crst crossroad xrd curve curv dale dl dam dm divide dv drives estate estates est extension
extensions ext fall falls fls ferry fry field fields fld flat flats flt ford fords frd forest frst forge forges frg
fork forks frk fort ft garden gardens gdn gdns gateway gtwy glen glens gln green greens grn grove groves grv haven
hvn hollow holw inlet inlt junction junctions jct knoll knolls knl land light lights lgt loaf lf lock locks lck
lodge ldg mall mews neck nck overpass opas plain plains pln prairie pr radial radl ramp rapid rapids rpd rest rst
river riv roads route rte rue shoal shoals shl skyway skwy squares stream strm streets tunnel tunl underpass upas
via viaduct vdct wall rise vale gate wharf yard wynd chase quay approach drove fold green hey
""".split())
# A comma may follow the number ("12, MG Road"), but not a year ("Copyright 2003, North Carolina State ...").
_NUMBER: Final = r"(?<![\w.,/:#$%-])(?!0\b)\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?(?:(?<!\b(?:19|20)\d\d),)?"
_UNIT_BEFORE: Final = re.compile(r"(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?) ?#?[A-Z0-9]{1,5}, ?(?:\n ?)?$")
_STREET_START: Final = re.compile(
    _NUMBER + r" (?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.? )?"
    r"(?P<words>(?:[A-Z][A-Za-z'’-]*\.?|\d{1,3}(?:st|nd|rd|th))(?: [A-Za-z][A-Za-z'’-]*\.?){1,4})"
)
_PO_BOX: Final = re.compile(r"\bP\.? ?O\.? Box \d{1,6}\b|\bPost Office Box \d{1,6}\b")
_UNIT: Final = re.compile(
    r"(?:,? |,? ?\n ?)(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|Floor|Rm|Room|Bldg|Building|Lot|Dept)\.? ?#? ?"
    r"[A-Z0-9][A-Z0-9-]{0,5}\b|(?: |, )#[A-Z0-9-]{1,6}\b"
)
_CITY: Final = r"[A-Z][A-Za-z.'’-]+(?:[ -][A-Z][A-Za-z.'’-]+){0,3}"
_US_STATES: Final = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    "OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|AA|AE|AP|Alabama|Alaska|Arizona|Arkansas|"
    "California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|"
    "Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|"
    "New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
    "Wisconsin|Wyoming"
)
# Canada Post: no D F I O Q U in any letter, no W Z in the first.
_CA_POSTAL: Final = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d"
_CA_PROVINCES: Final = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|Ontario|Quebec|Québec|Alberta|Manitoba|Saskatchewan"
# Royal Mail: outward code letters and digits by position, inward code digit + two letters (no C I K M O V).
UK_POSTCODE: Final = (
    r"(?:(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRV-Y]?) ?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|GIR ?0AA)"
)
_AU_STATES: Final = "NSW|VIC|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas"
_SEP: Final = r"(?:,? ?\n ?|, ?| )"
_LOCALITY: Final = re.compile(
    _SEP + r"(?:"
    + rf"{_CITY},? (?:{_US_STATES}),? \d{{5}}(?:-\d{{4}})?"
    + rf"|{_CITY},? (?:{_CA_PROVINCES}),? {_CA_POSTAL}"
    + rf"|{_CITY},? (?:{_AU_STATES}),? \d{{4}}"
    + rf"|(?:{_CITY}{_SEP}){{0,2}}{UK_POSTCODE}"
    + rf"|{_CITY}(?:, ?{_CITY})?,? ?[-–]? ?[1-9]\d{{2}} ?\d{{3}}"
    + r")(?![\w-])"
    + rf"(?:{_SEP}(?:USA|United States|U\.S\.A\.|Canada|UK|United Kingdom|England|Scotland|Wales|Australia|India))?"
)
_CUE: Final = re.compile(
    r"(?i)\b(?:address|addr|live[sd]?|living|reside[sd]?|residence|located|ship(?:ped|ping)?|deliver(?:ed|y)?|"
    r"mailing|moved|home|office|headquarters|hq|visit)\b[^\n]{0,24}$"
)


# Public addresses printed in licence headers and as famous examples: an organisation's, not a person's.
_PUBLIC_ADDRESSES: Final = re.compile(
    r"(?i)^(?:51 Franklin (?:Street|St)|59 Temple Place|675 Mass(?:achusetts)? Ave|1600 Amphitheatre Parkway|"
    r"1 Infinite Loop|One Apple Park Way|1 Apple Park Way|1600 Pennsylvania Ave|221B Baker Street|"
    r"742 Evergreen Terrace|1 Microsoft Way|One Microsoft Way)\b"
)


def public_address_reason(value: str) -> str | None:
    """Why an address match is a well-known public address (licence headers, famous examples), or None."""
    return "a well-known public address" if _PUBLIC_ADDRESSES.match(value) else None


# Street types that are whole words: a dot after them ends the sentence, not an abbreviation.
_SHORT_WORDS: Final = frozenset("""
way ways walk park lane road loop path pass run row view rest ramp land mall mews neck fall ford fork fort glen hill
isle key keys lake lock mill oval pike port spur well wall via rue gate yard vale rise dale dam camp cape club cove
bend burg flat hey fold pine quay wynd
""".split())


def _street_type_end(words: str) -> tuple[int, bool] | None:
    """Offset just past the street type in ``words`` and whether the type is unambiguous, or None.

    The type is the first type word after the name, extended over the type words that follow it: "Deer Creek
    Road" ends at Road, "Oak Park Lane" at Lane."""
    pos, found = 0, None
    for i, word in enumerate(words.split(" ")):
        bare = word.rstrip(".").lower()
        is_type = i >= 1 and (bare in _STRONG_TYPES or bare in _WEAK_TYPES)
        if found is not None and not is_type:
            break
        if is_type:
            keep_dot = word.endswith(".") and bare not in _SHORT_WORDS and len(bare) <= 4
            end = pos + len(bare) + (1 if keep_dot else 0)
            # a capitalised or upper-case type is the printed form; lower case only with a postcode line
            found = (end, bare in _STRONG_TYPES and word[0].isupper())
            if keep_dot or word.endswith("."):
                break
        pos += len(word) + 1
    return found


def english_addresses(text: str) -> Iterator[Span]:
    for m in _STREET_START.finditer(text):
        found = _street_type_end(m.group("words"))
        if found is None:
            continue
        type_end, strong = found
        end = m.start("words") + type_end
        direction = re.compile(r" (?:[NSEW]|NE|NW|SE|SW)\b\.?").match(text, end)
        end = direction.end() if direction else end
        unit = _UNIT.match(text, end)
        end = unit.end() if unit else end
        locality = _LOCALITY.match(text, end)
        end = locality.end() if locality else end
        unit_before = _UNIT_BEFORE.search(text, max(0, m.start() - 24), m.start())
        start = unit_before.start() if unit_before else m.start()
        cued = _CUE.search(text, max(0, m.start() - 48), m.start()) is not None
        if strong or unit or locality or unit_before or cued:
            yield start, end, RULE_ID
    if "Box" not in text:
        return
    for m in _PO_BOX.finditer(text):
        locality = _LOCALITY.match(text, m.end())
        yield m.start(), locality.end() if locality else m.end(), RULE_ID


# --- continental Europe ---------------------------------------------------------------------------------------------

_UC: Final = "A-ZÄÖÜÀÂÉÈÊÎÔÛÇÁÍÓÚÑÌÒÙ"
_LC: Final = "a-zäöüßàâéèêëîïôûùçáíóúñìò"
_WORD: Final = rf"[{_UC}][{_LC}{_UC}'’]*(?:-[{_UC}]?[{_LC}'’]+)*"
# German/Austrian/Swiss and Dutch street words, written as one compound with the name (Hauptstraße, Keizersgracht).
_DE_NL_COMPOUND: Final = (
    "straße|strasse|str\\.|gasse|weg|allee|platz|damm|ufer|chaussee|steig|pfad|graben|promenade|"
    "straat|laan|gracht|kade|singel|plein|dijk|steeg|dreef|markt"
)
_DE_NL_STREET: Final = re.compile(
    rf"(?<![\w-])(?:{_WORD}[- ])?(?:[{_UC}][{_LC}]+(?:{_DE_NL_COMPOUND})"
    rf"|[{_UC}][{_LC}]+(?:er|sche[nr]?) (?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Damm|Gasse|Ufer)"
    rf"|(?:Am|An der|Auf der|Im|In der|Unter den|Zum|Zur) [{_UC}][{_LC}]+)"
    rf" (?P<number>\d{{1,4}} ?[a-zA-Z]?(?: ?[-/] ?\d{{1,4}}[a-z]?)?)(?![\w/-]|[.,]\d)"
)
_DE_NL_LOCALITY: Final = re.compile(
    _SEP + rf"(?:(?:D|A|CH|NL)-)?(?:\d{{5}}|[1-9]\d{{3}}(?: ?(?!S[ADS])[A-Z]{{2}})?) {_WORD}(?:[ -]{_WORD}){{0,2}}"
)

_FR_STRONG: Final = ("rue|avenue|av\\.|boulevard|bd|allée|allee|impasse|chemin|quai|faubourg|chaussée|rond-point|"
                     "cité|montée|lieu-dit|résidence|sentier|ruelle|venelle")
_FR_STREET: Final = re.compile(
    r"(?<![\w.,/-])\d{1,4}(?: ?(?:bis|ter|quater|[A-D])\b)?,? "
    rf"(?i:(?P<type>{_FR_STRONG}|place|square|passage|route|cours|promenade|villa|esplanade|parvis|voie)) "
    rf"(?:(?:de la|de l'|de l’|du|des|de|d'|d’|l'|l’|la|le|les) ?)?{_WORD}"
    rf"(?: (?:de la|de l'|du|des|de|d'|la|le|les|et|sur|{_WORD})){{0,5}}"
)
_FR_LOCALITY: Final = re.compile(_SEP + rf"(?:F-)?(?:0[1-9]|[1-8]\d|9[0-8])\d{{3}} {_WORD}(?:[ -]{_WORD}){{0,3}}")

_ES_STREET: Final = re.compile(
    r"(?<![\w-])(?P<type>Calle|C/|Avenida|Avda\.?|Paseo|Pº|Carrer|Carretera|Ctra\.|Travesía|Glorieta|Rambla|"
    r"Plaza|Pza\.|Camino|Ronda) ?"
    rf"(?:(?:de la|de los|de las|del|de|d'|la) )?{_WORD}(?: (?:de|del|la|las|los|y|{_WORD})){{0,4}}"
    r",? (?:n[º°o]\.? ?)?\d{1,4}[A-Za-z]?(?![\w/-])(?:,? ?\d{1,2}[º°ª]? ?[A-Za-z]?(?![\w]))?"
)
_ES_LOCALITY: Final = re.compile(_SEP + rf"(?:0[1-9]|[1-4]\d|5[0-2])\d{{3}} {_WORD}(?:[ -]{_WORD}){{0,3}}")

_IT_STREET: Final = re.compile(
    r"(?<![\w-])(?P<type>Via|Viale|V\.le|Piazza|P\.zza|P\.za|Piazzale|Corso|C\.so|Vicolo|Lungomare|Lungotevere|"
    r"Largo|Strada|Borgo|Contrada|Salita|via|viale|piazza|corso) "
    rf"(?:(?:dei|del|della|delle|degli|dello|di|da|San|Santa|Santo|S\.) )?{_WORD}"
    rf"(?: (?:dei|del|della|delle|degli|di|e|{_WORD})){{0,4}},? (?:n\. ?)?\d{{1,4}}[A-Za-z]?(?:/[A-Za-z\d])?(?![\w-])"
)
_IT_LOCALITY: Final = re.compile(
    _SEP + rf"\d{{5}} {_WORD}(?:[ -]{_WORD}){{0,3}}(?: \(?[A-Z]{{2}}\)?(?![\w]))?"
)
_IT_WEAK: Final = frozenset({"Largo", "Strada", "Borgo", "Contrada", "Salita", "via", "viale", "piazza", "corso"})
_ES_WEAK: Final = frozenset({"Plaza", "Pza.", "Camino", "Ronda"})
_FR_WEAK: Final = frozenset(w for word in ("place", "square", "passage", "route", "cours", "promenade", "villa",
                                           "esplanade", "parvis", "voie") for w in (word, word.capitalize()))


# Substrings one of which each form must contain: a cheap test that skips the regexes on most text.
_DE_NL_HINTS: Final = ("straße", "strasse", "str.", "gasse", "weg ", "allee", "platz", "damm", "ufer", "chaussee",
                       "steig", "pfad", "graben", "promenade", "straat", "laan", "gracht", "kade", "singel", "plein",
                       "dijk", "steeg", "dreef", "markt", "ring ")
_DE_NL_CASED_HINTS: Final = ("Am ", "An der ", "Auf der ", "Im ", "In der ", "Unter den ", "Zum ", "Zur ")
_FR_HINTS: Final = ("rue ", "avenue ", "av. ", "boulevard ", "bd ", "allée ", "allee ", "impasse ", "chemin ",
                    "quai ", "faubourg ", "chaussée ", "rond-point ", "cité ", "montée ", "lieu-dit ", "résidence ",
                    "sentier ", "ruelle ", "venelle ", "place ", "square ", "passage ", "route ", "cours ",
                    "promenade ", "villa ", "esplanade ", "parvis ", "voie ")
_ES_HINTS: Final = ("Calle", "C/", "Avenida", "Avda", "Paseo", "Pº", "Carrer", "Carretera", "Ctra.", "Travesía",
                    "Glorieta", "Rambla", "Plaza", "Pza.", "Camino", "Ronda")
_IT_HINTS: Final = ("Via ", "Viale", "V.le", "Piazza", "P.zza", "P.za", "Piazzale", "Corso", "C.so", "Vicolo",
                    "Lungomare", "Lungotevere", "Largo", "Strada", "Borgo", "Contrada", "Salita", "via ", "viale ",
                    "piazza ", "corso ")


def continental_addresses(text: str) -> Iterator[Span]:
    lowered = text.lower()
    if any(h in lowered for h in _DE_NL_HINTS) or any(h in text for h in _DE_NL_CASED_HINTS):
        for m in _DE_NL_STREET.finditer(text):
            locality = _DE_NL_LOCALITY.match(text, m.end())
            yield m.start(), locality.end() if locality else m.end(), RULE_ID
    forms = ((_FR_STREET, _FR_LOCALITY, _FR_WEAK, any(h in lowered for h in _FR_HINTS)),
             (_ES_STREET, _ES_LOCALITY, _ES_WEAK, any(h in text for h in _ES_HINTS)),
             (_IT_STREET, _IT_LOCALITY, _IT_WEAK, any(h in text for h in _IT_HINTS)))
    for street, localities, weak, hinted in forms:
        if not hinted:
            continue
        for m in street.finditer(text):
            locality = localities.match(text, m.end())
            if locality or m.group("type") not in weak:
                yield m.start(), locality.end() if locality else m.end(), RULE_ID


def addresses(text: str) -> Iterator[Span]:
    yield from english_addresses(text)
    yield from continental_addresses(text)
