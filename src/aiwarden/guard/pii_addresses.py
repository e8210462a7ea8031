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

from aiwarden.guard import pii_addresses_asia, pii_addresses_more, pii_addresses_world

Span = tuple[int, int, str]
RULE_ID: Final = "pii.address"

# --- English-speaking countries ------------------------------------------------------------------------------------

# USPS Publication 28, appendix C1 (primary names and standard abbreviations), plus British street types.
_STRONG_TYPES: Final = frozenset("""
street st avenue ave av road rd boulevard blvd lane ln drive dr court ct place pl terrace terr ter highway hwy
parkway pkwy pky circle cir crescent cres close square sq plaza plz expressway expy freeway fwy turnpike tpke alley
aly crossing xing causeway cswy motorway mtwy stravenue stra trafficway trfy throughway trwy esplanade parade
boulevarde corso serviceway quays marg salai lu jie dajie dadao hutong
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
driveway rotary circuit arcade reserve outlook entrance retreat concourse circus grange glade boardwalk nagar
chowk gali
""".split())
# A comma may follow the number ("12, MG Road"), but not a year ("Copyright 2003, North Carolina State ...").
# The house number's first digit leads and what may not precede it (nor a lone 0) is tested after it, so the regex
# engine skips ahead to digits instead of trying the look-behind at every character (see pii_ids).
_NUMBER: Final = (r"\d(?<![\w.,/:#$%-]\d)(?!(?<=0)\b)\d{0,4}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?(?: 1/2)?"
                  r"(?:(?<!\b(?:19|20)\d\d),)?")
_UNIT_BEFORE: Final = re.compile(
    r"(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|Level|Studio|Shop|Villa|Building|Bldg\.?) ?#?[A-Z0-9]{1,5}"
    r"(?:,? ?\n ?|, ?|/| )$"
)
_STREET_START: Final = re.compile(
    _NUMBER + r" (?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.? )?"
    r"(?P<words>(?:[A-Z][A-Za-z'’-]*\.?|\d{1,3}(?:st|nd|rd|th))(?: [A-Za-z][A-Za-z'’-]*\.?){1,4})"
)
# PO boxes in the languages of the forms here, and the US military's unit boxes (PSC 1234, Box 5678, APO AE).
_PO_BOX: Final = re.compile(
    r"\b(?:(?:G\.?)?P\.? ?O\.? ?Box|Post Office Box|Locked Bag|Private Bag|PMB|Postfach|Postbus|Apartado(?: de correos"
    r"| postal)?|Caixa Postal|Casella postale|Bo[iî]te postale|B\.P\.|Skrytka pocztowa|Postboks|Postilokero|"
    r"Posta Kutusu|P\.K\.|а/я|абонентский ящик)\.? ?(?:No\.? ?|Nr\.? ?)?\d{1,6}(?: \d{2}){0,2}\b"
    r"|\b(?:PSC|Unit|CMR) \d{3,5},? Box \d{1,5}(?:\n| )(?:APO|FPO|DPO) A[AEP] \d{5}\b"
    r"|\b(?:RR|R\.R\.|Rural Route|HC|Star Route) ?\d{1,3},? Box \d{1,5}\b"
)
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
# Town and four-digit postcode (New Zealand, South Africa, the Philippines) or Singapore's six digits, after a
# comma or on the next line.
_OTHER_LOCALITY: Final = re.compile(
    rf"(?:,? ?\n ?|, )(?:{_CITY}, )?(?:{_CITY},? [1-9]\d{{3}}|[1-9]\d{{3}} {_CITY}|Singapore \d{{6}}"
    rf"|{_CITY} District, {_CITY},? [1-9]\d{{5}})(?![\w-])"
    + rf"(?:{_SEP}(?:New Zealand|South Africa|Philippines|Singapore|China|PRC))?"
)
# A British street named without a number, with its town and postcode on lines of their own.
_NO_NUMBER_BLOCK: Final = re.compile(
    rf"(?m)(?:^|(?<= to )|(?<=: ))(?:(?:Flat|Studio|Apartment|Unit|Apt\.?) [A-Z0-9]{{1,5}}\n)?"
    rf"(?P<words>[A-Z][a-z]+(?: [A-Z][a-z]+){{1,3}})\n{_CITY}\n{UK_POSTCODE}(?=$|[ ,.;])"
)
_UK_POSTCODE_LINE: Final = re.compile(r"\n[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")
_PO_BOX_WORDS: Final = ("box", "bag", "pmb", "postfach", "postbus", "apartado", "postal", "b.p.", "skrytka", "postboks",
                        "postilokero", "kutusu", "p.k.", "а/я", "ящик")
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


def english_addresses(text: str, windows: str) -> Iterator[Span]:
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
        locality = _LOCALITY.match(text, end) or _OTHER_LOCALITY.match(text, end)
        end = locality.end() if locality else end
        unit_before = _UNIT_BEFORE.search(text, max(0, m.start() - 24), m.start())
        start = unit_before.start() if unit_before else m.start()
        cued = _CUE.search(text, max(0, m.start() - 48), m.start()) is not None
        if strong or unit or locality or unit_before or cued:
            yield start, end, RULE_ID
    yield from _american_extras(text, windows)
    if _UK_POSTCODE_LINE.search(text):
        for m in _NO_NUMBER_BLOCK.finditer(text):
            if _street_type_end(" " + m.group("words")) is not None:
                yield m.start(), m.end(), RULE_ID
    lowered = windows.lower()
    if not any(word in lowered for word in _PO_BOX_WORDS):
        return
    for m in _PO_BOX.finditer(text):
        locality = _LOCALITY.match(text, m.end()) or _OTHER_LOCALITY.match(text, m.end())
        yield m.start(), locality.end() if locality else m.end(), RULE_ID


# Highways as streets: "12345 Hwy 101", "W1234 County Road X"; Route, SR, FM... only with a locality after.
_HIGHWAY: Final = re.compile(
    _NUMBER + r" (?:[NSEW]\.? )?(?P<type>(?:State|County|US|U\.S\.) (?:Hwy|Highway|Route|Road|Rd)|Hwy|Highway|Route|"
    r"Rte|FM|SR|CR|Interstate)\.? ?-?(?:\d{1,4}[A-Z]?|[A-Z]{1,2})(?![\w-])"
)
_STRONG_HIGHWAYS: Final = ("Hwy", "Highway", "Road", "Rd")
# A street named without a type ("100 Broadway") or a spelled house number ("One Main Street") counts only with
# a US, Canadian, Australian or British locality line after it.
_TYPELESS: Final = re.compile(_NUMBER + r" (?P<words>[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,2})(?=,? ?\n|, )")
_SPELLED: Final = re.compile(r"\b(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Twelve|Twenty|Fifty|Hundred) "
                             r"(?P<words>[A-Z][A-Za-z'’-]*(?: [A-Z][A-Za-z'’-]*\.?){1,3})")
# A state and ZIP, a Canadian postcode, a state and Australian postcode: "\b[A-Z]{2},? \d{5}\b|[A-Z]\d[A-Z] ?\d[A-Z]\d|
# \b[A-Z]{2,3},? \d{4}\b", with the capital all three start with taken out in front (the word boundary before it
# tested after it), so the regex engine skips ahead to capitals.
_POSTAL_LOCALITY_GATE: Final = re.compile(
    r"[A-Z](?:(?<!\w[A-Z])[A-Z],? \d{5}\b|\d[A-Z] ?\d[A-Z]\d|(?<!\w[A-Z])[A-Z]{1,2},? \d{4}\b)")


def _american_extras(text: str, windows: str) -> Iterator[Span]:
    if any(word in windows for word in ("Hwy", "Highway", "Route", "Rte", "County", "FM ", "SR ", "CR ", "Interstate")):
        for m in _HIGHWAY.finditer(text):
            locality = _LOCALITY.match(text, m.end())
            if locality or any(m.group("type").endswith(word) for word in _STRONG_HIGHWAYS):
                yield m.start(), locality.end() if locality else m.end(), RULE_ID
    if not _POSTAL_LOCALITY_GATE.search(windows):
        return
    for pattern in (_TYPELESS, _SPELLED):
        for m in pattern.finditer(text):
            end = m.end()
            if pattern is _SPELLED:  # a spelled house number counts only before a street type word
                found = _street_type_end(" " + m.group("words"))
                if found is None:
                    continue
                end = m.start("words") + found[0] - 1
            locality = _LOCALITY.match(text, end)
            if locality is not None and locality.group(0)[0] in ",\n":
                yield m.start(), locality.end(), RULE_ID


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
    r"(?<![\w.,/-])\d{1,5}(?: ?(?:bis|ter|quater|[A-D])\b)?,? "
    rf"(?i:(?P<type>{_FR_STRONG}|place|square|passage|route|cours|promenade|villa|esplanade|parvis|voie)) "
    rf"(?:(?:de la|de l'|de l’|du|des|de|d'|d’|l'|l’|la|le|les) ?)?{_WORD}"
    rf"(?: (?:de la|de l'|du|des|de|d'|la|le|les|et|sur|{_WORD})){{0,5}}"
)
_FR_LOCALITY: Final = re.compile(_SEP + rf"(?:F-)?(?:0[1-9]|[1-8]\d|9[0-8])\d{{3}} {_WORD}(?:[ -]{_WORD}){{0,3}}")

_ES_STREET: Final = re.compile(
    r"(?<![\w-])(?P<type>Calle|C/|Avenida|Avda\.?|Paseo|Pº|Carrer|Carretera|Ctra\.|Travesía|Glorieta|Rambla|"
    r"Plaza|Pza\.|Camino|Ronda) ?"
    rf"(?:(?:de la|de los|de las|del|de|d'|la) )?{_WORD}(?: (?:de|del|la|las|los|y|{_WORD})){{0,4}}"
    r",? (?:[Nn][º°o]\.? ?)?\d{1,4}[A-Za-z]?(?![\w/-])(?:,? ?\d{1,2}[º°ª]? ?[A-Za-z]?(?![\w]))?"
)
_ES_LOCALITY: Final = re.compile(_SEP + rf"(?:0[1-9]|[1-4]\d|5[0-2])\d{{3}} {_WORD}(?:[ -]{_WORD}){{0,3}}")

_IT_STREET: Final = re.compile(
    r"(?<![\w-])(?P<type>Via|Viale|V\.le|Piazza|P\.zza|P\.za|Piazzale|Corso|C\.so|Vicolo|Lungomare|Lungotevere|"
    r"Largo|Strada|Borgo|Contrada|Salita|via|viale|piazza|corso) "
    rf"(?:(?:dei|del|della|delle|degli|dello|di|da|San|Santa|Santo|S\.) )?{_WORD}"
    rf"(?: (?:dei|del|della|delle|degli|di|e|{_WORD})){{0,4}},? (?:n\. ?)?\d{{1,4}}[A-Za-z]?(?:/[A-Za-z\d])?(?![\w-])"
)
_IT_LOCALITY: Final = re.compile(
    _SEP + rf"\d{{5}},? {_WORD}(?:[ -]{_WORD}){{0,3}}(?: \(?[A-Z]{{2}}\)?(?![\w]))?"
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


def continental_addresses(text: str, windows: str) -> Iterator[Span]:
    lowered = windows.lower()
    if any(h in lowered for h in _DE_NL_HINTS) or any(h in windows for h in _DE_NL_CASED_HINTS):
        for m in _DE_NL_STREET.finditer(text):
            locality = _DE_NL_LOCALITY.match(text, m.end())
            yield m.start(), locality.end() if locality else m.end(), RULE_ID
    forms = ((_FR_STREET, _FR_LOCALITY, _FR_WEAK, any(h in lowered for h in _FR_HINTS)),
             (_ES_STREET, _ES_LOCALITY, _ES_WEAK, any(h in windows for h in _ES_HINTS)),
             (_IT_STREET, _IT_LOCALITY, _IT_WEAK, any(h in windows for h in _IT_HINTS)))
    for street, localities, weak, hinted in forms:
        if not hinted:
            continue
        for m in street.finditer(text):
            unit = pii_addresses_world.UNIT_AFTER.match(text, m.end())
            locality = localities.match(text, unit.end() if unit else m.end())
            if locality or m.group("type") not in weak:
                yield m.start(), locality.end() if locality else m.end(), RULE_ID


# A number that stands as a word (not the middle of a hash, a key or a version's tail).
_DIGITS: Final = re.compile(r"[0-9０-９](?<![^\W_][0-9０-９])[0-9０-９]*")
_BEFORE_NUMBER: Final = 96  # a street type word sits at most this far before its house number (or postcode)
_AFTER_NUMBER: Final = 24


def number_windows(text: str) -> str:
    """The text around its numbers, pieces joined by line breaks: every form but the kanji block addresses has
    a number, so the forms' type-word tests run on this (usually a small part of an answer) instead of all of it."""
    pieces: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - _BEFORE_NUMBER), m.end() + _AFTER_NUMBER
        if pieces and start <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return "\n".join(text[start:end] for start, end in pieces)


def addresses(text: str) -> Iterator[Span]:
    """Every address form's matches, overlapping ones merged: a postal block found by two forms is one address."""
    windows = number_windows(text)
    if not windows and text.isascii():
        return
    spans = sorted((*english_addresses(text, windows), *continental_addresses(text, windows),
                    *pii_addresses_world.world_addresses(text, windows),
                    *pii_addresses_asia.asian_addresses(text, windows),
                    *pii_addresses_more.more_addresses(text, windows)))
    merged: list[list[int]] = []
    for start, end, _ in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        care_of = _CARE_OF.search(text, max(0, start - 80), start) if "/" in text or "Hd" in text else None
        yield care_of.start() if care_of else start, end, RULE_ID


# A "care of" line just above (or before) the street belongs to the address block.
_CARE_OF: Final = re.compile(r"(?:c/o|C/O|c\.o\.|z\. ?Hd\.?|a/c|A/C) [^\n]{1,60}(?:,? ?\n ?|, )$")
