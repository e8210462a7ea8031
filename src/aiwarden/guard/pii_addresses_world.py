"""Street addresses in the European, Latin American, Cyrillic, Greek, Turkish, Hebrew and Malay forms.

Every form is anchored on what an address has and prose does not: the street type word of its language in the
place that language puts it, next to a house number - "ul. Marszałkowska 12", "Kossuth Lajos utca 12.",
"Rua Augusta, 274", "ул. Тверская, д. 7", "Atatürk Caddesi No: 5", "Skolvägen 76" - or, for streets named
without a type word (Czech, Croatian, Norwegian, Hebrew), a name and number on one line with a postcode of the
country's exact shape and a town on the next. A type word without a number, a number without a type word or a
lone postcode is not an address. Weak type words (ones that are also common nouns) count only with the postcode
line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

Span = tuple[int, int, str]
RULE_ID: Final = "pii.address"

# Upper-case letters of the Latin, Cyrillic and Greek alphabets the forms below use: a street name is capitalised.
_UP: Final = ("A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŘŚŞŠŢŤŪŮŰŲŹŻŽȘȚ"
              "А-ЯЁІЇЄҐЂЈЉЊЋЏΑ-ΩΆΈΉΊΌΎΏ")
_CAP: Final = rf"[„«\"“]?[{_UP}][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?[“”»\"]?"
# Short lower-case words inside names: de, da, dos, del, la, di, van, lui, im, u, na, pod, sur...
_PARTICLE: Final = r"[a-zàáâãçéèêíóôõúüșăî'’]{1,4}"
_LOWER_WORD: Final = r"[^\W\d_A-ZА-Я][^\W\d_]*"
# Prose words that never sit inside a street's name: "Ship to Pyšelská 5" starts at the name.
_FUNCTION_WORDS: Final = (r"(?:to|at|in|is|are|the|of|and|or|for|on|my|our|your|his|her|their|new|zu|nach|bei|"
                          r"ist|und|chez|à|est|et|en|es|y|para|per|och|til|og|ul)")
_NAME_LOWER: Final = rf"(?!{_FUNCTION_WORDS}\b){_LOWER_WORD}"
# Later words may be lower case: "Ulica kralja Zvonimira", "Krležin gvozd", "Trg bana Jelačića".
_NAME: Final = (rf"(?:(?!{_FUNCTION_WORDS}\b){_PARTICLE}[ -])?(?:{_CAP}|{_NAME_LOWER}(?= {_CAP}))"
                rf"(?:[ -](?:{_CAP}|{_NAME_LOWER}|\d{{1,3}}(?:-?[a-zа-я]{{1,3}})?)){{0,4}}")
_NUMBER: Final = (r"(?P<number>(?!0+\b)\d{1,5}(?: ?[A-Za-zА-Яа-я](?![^\W\d_]))?(?:[/-]\d{1,4}[A-Za-z]?)?)"
                  r"(?![\w/-]|[.,]\d)")
# What may stand between a street name and its number: a comma, "Nr.", "No:", "n°", "№", "д.", "буд.", "#".
_MARK: Final = (r",? ?(?P<mark>(?i:nr|no|n|núm|num|nro|číslo|č|д|дом|буд|б|бр|br|αρ|αριθ)\.?:? ?"
                r"|(?i:n)[º°o]\.? ?|№ ?|# ?)?")

# --- type word first: "ul. Marszałkowska 12", "Rua Augusta, 274", "ул. Тверская, д. 7" ---------------------------

_FIRST_STRONG: Final = (
    # Portuguese, Latin American Spanish, French (number after the name: Belgium, Switzerland, Luxembourg)
    "Rua|Avenida|Av\\.|Avda\\.|Travessa|Praça|Estrada|Rodovia|Viela|Beco|Ladeira|Calçada|Praceta|"
    "Callejón|Callejon|Pasaje|Psje\\.|Pasadizo|Circuito|Circunvalación|Continuación|Eje vial|Periférico|"
    "Prolongación|Privada|Cerrada|Retorno|Andador|Calzada|Bulevar|Boulevard|Blv\\.|Peatonal|Corredor|Ampliación|"
    "rue|Rue|avenue|Avenue|boulevard|chemin|Chemin|allée|Allée|impasse|Impasse|quai|Quai|chaussée|Chaussée|ruelle|sentier|"
    # Romanian, Polish, Czech/Slovak, South Slavic, Maltese
    "Strada|Str\\.|Bulevardul|B-dul|Calea|Aleea|Intrarea|Șoseaua|Soseaua|Şoseaua|Șos\\.|Drumul|Piața|Piata|"
    "Splaiul|ul\\.|ulica|al\\.|aleja|Aleja|pl\\.|plac|Plac|os\\.|osiedle|Osiedle|náměstí|Náměstí|nám\\.|třída|"
    "nábřeží|námestie|Námestie|Ulica|Trg|Obala|Avenija|Triq|Vjal|"
    # Greek, Cyrillic (Russian, Ukrainian, Bulgarian, Serbian, Macedonian)
    "Οδός|Οδ\\.|Λεωφόρος|Λεωφ\\.|Πλατεία|ул\\.|улица|пр-т|просп\\.|проспект|пер\\.|переулок|бул\\.|бульв\\.|"
    "бульвар|шоссе|наб\\.|набережная|пл\\.|площадь|аллея|проезд|туп\\.|тупик|мкр\\.|вул\\.|вулиця|провулок|"
    "пров\\.|площа|узвіз|шосе|булевар|набережна|майдан|"
    # Indonesian, Malay
    "Jalan|Jl\\.|Jln\\.?|Gg\\.|Lorong|Persiaran|Lebuh"
)
# Also common nouns or abbreviations: count with a postcode line only.
_FIRST_WEAK: Final = (
    "Alameda|Jardim|Parque|Viaduto|Rotunda|Área|Chácara|Conjunto|Esplanada|Fazenda|Lago|Lagoa|Loteamento|Morro|"
    "Núcleo|Quadra|Praia|Estação|Campo|Colônia|Condomínio|Distrito|Feira|Recanto|Residencial|Setor|Sítio|Trecho|Trevo|Vale|Vereda|Vila|Largo|R\\.|Diagonal|Diag\\.|"
    "Transversal|Camino|Acceso|Cuesta|Bajada|Urbanización|Cañada|C\\.|Stretto|Rotonda|Canale|Vicolo|Traversa|"
    "Calle|Carrera|Plaza|Ronda|Incrocio|place|route|Cesta|Put|пр\\.|ш\\.|алл\\.|Πλ\\.|Gang|"
    "парк"
)
_TYPE_FIRST: Final = re.compile(
    rf"(?<![\w.])(?P<type>{_FIRST_STRONG}|{_FIRST_WEAK}) ?(?:(?:de la|de|del|dos|das|da|do|du|des|de l'|d') )?"
    rf"{_NAME}{_MARK}{_NUMBER}"
)
_FIRST_WEAK_SET: Final = frozenset(_FIRST_WEAK.replace("\\", "").split("|"))

# --- type word last: "Kossuth Lajos utca 12.", "Brīvības iela 12", "Atatürk Caddesi No: 5", "Тверская ул., 7" --

_LAST_STRONG: Final = (
    "Allé|allé|Vej|vej|Gade|gade|Plads|plads|gate|veg|vei|"  # Danish and Norwegian, written apart
    "utca|u\\.|út|útja|tér|körút|krt\\.|köz|sétány|rakpart|fasor|"  # Hungarian
    "ulica|cesta|iela|tie|katu|kuja|polku|bulevardi|väylä|aukio|prospekts|bulvāris|gatvė|g\\.|prospektas|pr\\.|alėja|tänav|tn|maantee|mnt|puiestee|pst|"
    "Caddesi|Cad\\.|Cd\\.|Sokak|Sokağı|Sk\\.|Sok\\.|Bulvarı|Blv\\.|"  # Turkish
    "ул\\.|улица|проспект|пр-т|переулок|пер\\.|шоссе|бульвар|набережная|площадь|вулиця|вул\\."
)
_TYPE_LAST: Final = re.compile(
    rf"(?<![\w.-]){_NAME} (?P<type>{_LAST_STRONG})(?![\w]){_MARK}{_NUMBER}"
)

# --- one word: a name compounded with its type (Nordic, Finnish, Dutch and Flemish) ------------------------------

_COMPOUND_STRONG: Final = (
    "vej|vejen|stræde|vænget|plads|allé|alle|veien|vegen|vei|gata|gaten|bakken|stien|haugen|åsen|tunet|torget|"
    "plassen|alléen|svingen|kroken|løkka|brekka|vägen|väg|gatan|gränd|stigen|backen|allén|gången|leden|slingan|"
    "katu|tie|kuja|polku|kaari|väylä|rinne|raitti|kierros|puistikko|bulevardi|lei|baan|straatweg|boulevard|"
    "engen|jordet|kollen|vollen|grenda|myra|"
    "straße|strasse|gasse|allee|platz|damm|ufer|chaussee|steig|pfad|graben|"
    "straat|laan|gracht|kade|singel|plein|dijk|steeg|dreef"
)
_COMPOUND_WEAK: Final = "gade|gate|ranta|tori|pad|hof|skogen|lia|ringen|ring|dalen|berget|markt|weg|str\\."
_COMPOUND: Final = re.compile(
    rf"(?<![\w-])(?:{_CAP}[ -])?[{_UP}][^\W\d_]{{2,}}?(?:-[{_UP}][^\W\d_]*?)*"
    rf"(?P<type>{_COMPOUND_STRONG}|{_COMPOUND_WEAK}|-(?:Straße|Strasse|Str\.|Allee|Weg|Platz|Gasse|Ring|Damm))"
    rf"{_MARK}{_NUMBER}"
)
_COMPOUND_WEAK_SET: Final = frozenset(_COMPOUND_WEAK.replace("\\", "").split("|"))

# --- the postcode line ------------------------------------------------------------------------------------------

# Postcode shapes that ordinary numbers rarely take (with their separators) and the plain four to seven digits.
_DISTINCT_POSTCODE: Final = (
    r"\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{5}-\d{3}|[1-9]\d{3} ?[A-Z]{2}(?![\w])|[A-Z]\d{4}[A-Z]{3}"
    r"|(?:[A-Z]{1,2}|TK|ΤΚ|Τ\.Κ\.)[- ]\d{4,5}|ΤΚ \d{3} \d{2}|\d{8}(?= [^\W\d_][^\n/]{0,40}/ ?[A-Z]{2}\b)"
)
_PLAIN_POSTCODE: Final = r"\d{4,7}"
_TOWN: Final = (rf"{_CAP}(?:[ -](?:{_PARTICLE}[ -])?{_CAP}){{0,3}}"
                r"(?: ?\([A-Z]{2}\)| ?/ ?[A-Z]{2}(?![\w]))?")
_TOWN_LINE: Final = rf"(?:{_TOWN}(?:, ?{_TOWN})?)"
_SEP: Final = r"(?:,? ?\n ?|, ?| )"
_LOCALITY: Final = re.compile(
    _SEP + rf"(?:(?:{_DISTINCT_POSTCODE}|{_PLAIN_POSTCODE}),?(?: |\n){_TOWN_LINE}"
    rf"|{_TOWN_LINE},? (?:{_DISTINCT_POSTCODE}|{_PLAIN_POSTCODE}))(?![\w-])"
)
# The strict form that lets a street named without a type word count: on the next line, or a distinct shape.
_STRICT_LOCALITY: Final = re.compile(
    rf"(?:,? ?\n ?(?:(?:{_DISTINCT_POSTCODE}|{_PLAIN_POSTCODE}) {_TOWN}"
    rf"|{_TOWN}(?:, {_TOWN})?,? (?:{_DISTINCT_POSTCODE}|\d{{5,7}}))"
    rf"|, ?(?:{_DISTINCT_POSTCODE}) {_TOWN})[ \t]*(?=[\n,.;:)!?]|$| [a-z])"
)
COUNTRY_LINE: Final = re.compile(
    r"(?:,? ?\n ?|, ?)(?:Deutschland|Germany|Österreich|Austria|Schweiz|Suisse|Svizzera|Switzerland|France|"
    r"Belgi(?:um|que|ë)|Nederland|Netherlands|Luxembourg|Italia|Italy|España|Spain|Portugal|Brasil|Brazil|"
    r"Polska|Poland|Česko|Czech Republic|Czechia|Slovensko|Slovakia|Magyarország|Hungary|România|Romania|"
    r"Hrvatska|Croatia|Slovenija|Slovenia|Ελλάδα|Greece|Danmark|Denmark|Norge|Norway|Sverige|Sweden|Suomi|"
    r"Finland|Eesti|Estonia|Latvija|Latvia|Lietuva|Lithuania|Ireland|Éire|Malta|Cyprus|Κύπρος|Bulgaria|"
    r"България|Türkiye|Turkey|Israel|ישראל|Россия|Russia|Україна|Ukraine|México|Mexico|Argentina|Chile|"
    r"Colombia|Indonesia|Malaysia|United Arab Emirates|UAE|South Africa|New Zealand|Singapore|Japan|"
    r"South Korea|Korea|China|India|Australia|Canada|United Kingdom|UK|USA|United States)(?![\w-])"
)

# Flat, floor, staircase and office after the house number, in the languages above.
UNIT_AFTER: Final = re.compile(
    r"(?:,? ?(?:(?i:piso|puerta|dto|depto|dpto|of|oficina|local|interior|int|apt|apto|appartamento|piano|scala|"
    r"interno|int|bl|sc|ap|et|etaj|lok|m|kat|daire|d|torre|edif|casa|sala|bloco|andar|stg|kv|whg|top|stiege)\.?:? ?"
    r"[A-Z0-9]{1,4}[,.]?|(?:кв|к|стр|корп|оф)\. ?\d{1,4}[а-я]?,?|\d{1,2}[º°ª] ?[A-Z]?(?![\w])"
    r"|/\d{1,3}(?![\w.,-]))){1,3}"
)
# Brazil's one-line form: "Av. Paulista, 1000 - Bela Vista, São Paulo - SP, 01310-100".
_BR_LOCALITY: Final = re.compile(
    rf"(?: - {_TOWN})?,? {_TOWN} ?[-/] ?[A-Z]{{2}}(?![\w])(?:,? (?:CEP:? )?\d{{5}}-?\d{{3}}(?!\d))?"
)
_DISTRICT: Final = re.compile(rf"(?:,? ?\n ?){_TOWN}")

# Words that start headings and labels, never a street: "Chapter 3\n1999 Edition", "Version 2, 10-123 Build".
_NOT_STREETS: Final = frozenset("""
chapter section version step part page figure table python level phase release day week room grade class item
issue volume vol no number rule article art act appendix exercise question lesson round stage season episode
unit total tel fax phone id ref order invoice case ticket build note line lines row col column page pages
kapitel abschnitt seite tabelle abbildung schritt teil band chapitre étape capítulo paso página capitolo pagina
rozdział strona глава раздел страница windows office macos ios android ubuntu debian fedora
""".split())
_YEAR: Final = re.compile(r"\n ?(?:19|20)\d\d ")


def _generic_blocks(text: str) -> Iterator[Span]:
    """A street named without a type word: the name and number at the start of a line, the postcode and town
    after it (on the next line, or with a postcode of a distinct shape)."""
    for m in _LINE_STREET.finditer(text):
        if m.group("first").lower().rstrip(".") in _NOT_STREETS:
            continue
        unit = UNIT_AFTER.match(text, m.end())
        locality = _STRICT_LOCALITY.match(text, unit.end() if unit else m.end())
        # "Kapitel 3\n2019 Ausgabe": a year on the next line is a heading's, not a postcode
        if locality is not None and not _YEAR.match(locality.group(0).lstrip(",")):
            yield m.start(), _with_country(text, locality.end()), RULE_ID


_LINE_STREET: Final = re.compile(
    rf"(?m)(?:^[ \t]*|(?<=: )|(?<= to )|(?<= at ))(?P<first>{_CAP})(?:[ -](?:{_CAP}|{_NAME_LOWER})){{0,3}}"
    rf"{_MARK}{_NUMBER}"
)


def _with_country(text: str, end: int) -> int:
    country = COUNTRY_LINE.match(text, end)
    return country.end() if country else end


def street_tail(text: str, end: int) -> tuple[int, bool]:
    """The end of a street's unit, postcode, town and country after ``end``, and whether a postcode line was
    there."""
    unit = UNIT_AFTER.match(text, end)
    end = unit.end() if unit else end
    locality = _LOCALITY.match(text, end) or _BR_LOCALITY.match(text, end)
    if locality is None:  # a neighbourhood line first: "Rua Augusta, 274\nConsolação\n01305-000 São Paulo"
        district = _DISTRICT.match(text, end)
        locality = _LOCALITY.match(text, district.end()) if district else None
    return _with_country(text, locality.end() if locality else end), locality is not None


def _typed(text: str, pattern: re.Pattern[str], weak: frozenset[str]) -> Iterator[Span]:
    for m in pattern.finditer(text):
        end, has_locality = street_tail(text, m.end())
        # a weak type word counts with a postcode line or an explicit house-number mark ("д. 8", "No. 5")
        if has_locality or m.group("type") not in weak or m.group("mark"):
            yield m.start(), end, RULE_ID


# Cheap gates: a form's regex runs only when a word near a number is one of its type words (a set lookup on the
# words of the number windows) or, for compounds, ends in one; blocks need a line break before a postcode.
def _words(alternation: str) -> frozenset[str]:
    return frozenset(w.replace("\\", "").split(" ")[0] for w in alternation.split("|"))


_FIRST_WORDS: Final = _words(f"{_FIRST_STRONG}|{_FIRST_WEAK}")
_LAST_WORDS: Final = _words(_LAST_STRONG)
_COMPOUND_ENDINGS: Final = (*(w.lower() for w in _words(f"{_COMPOUND_STRONG}|{_COMPOUND_WEAK}")),
                             "-straße", "-strasse", "-str.", "-allee", "-weg", "-platz", "-gasse", "-ring", "-damm")
_BLOCK_GATE: Final = re.compile(
    r"\n[ \t]*(?:\d{3}|(?:[A-Z]{1,2}|ΤΚ)[- ]\d)|\n[^\n\d]{2,60},? \d{5,7}\b|, ?(?:\d{3} \d{2}|\d{2,5}-\d{3}) "
)


# Colombia's grid: the street's type and number, then "#" or "No." and the crossing street's number and the
# distance: "Carrera 7 # 32-16", "Cl. 5 Sur # 59R-22 Este".
_CO_GRID: Final = re.compile(
    r"(?<![\w.])(?:Avenida (?:Calle|Carrera)|Calle|Cl\.|Cll\.|Carrera|Cra\.|Cr\.|Kr\.|Kra\.|Avenida|Av\.|"
    r"Diagonal|Dg\.|Transversal|Tv\.|Tr\.|Ak\.|Ac\.) ?\d{1,3}[ªº]?(?: ?[A-Z](?![\w]))?(?: Bis)?(?: ?[A-Z](?![\w]))?"
    r"(?: (?:Sur|Norte|Este|Oeste))? ?(?:#|No\.?|N[º°]) ?\d{1,3}[A-Z]?(?: Bis)? ?-(?: ?)\d{1,3}"
    r"(?: (?:Sur|Norte|Este|Oeste))?(?![\w-])"
)
# A street named by a number, then the house number after an explicit mark: "Diagonal 2 N° 356", "Av. 9 N° 112".
_NUMBERED_STREET: Final = re.compile(
    rf"(?<![\w.])(?P<type>{_FIRST_STRONG}|{_FIRST_WEAK}|Blv\.|Calle) \d{{1,3}}[A-Z]?(?: Bis)? "
    rf"(?P<mark>(?i:n)[º°o]\.?|No\.|Nr\.|№) ?{_NUMBER}"
)
# A street with a strong type word and no number, when the postcode and town follow on the next line.
_TYPED_NO_NUMBER: Final = re.compile(
    rf"(?<![\w.])(?:{_FIRST_STRONG}) (?:(?:de la|de|del|dos|das|da|do|du|des|de l'|d') )?{_NAME}"
)


def world_addresses(text: str, windows: str) -> Iterator[Span]:
    """``windows``: the text around its numbers (pii_addresses.number_windows), where the type words are looked
    for before the forms run on the whole text."""
    if "#" in windows or "No" in windows or "N°" in windows or "Nº" in windows:
        for m in _CO_GRID.finditer(text):
            yield m.start(), street_tail(text, m.end())[0], RULE_ID
    words = frozenset(windows.replace(",", " ").split())
    if not _FIRST_WORDS.isdisjoint(words):
        yield from _typed(text, _TYPE_FIRST, _FIRST_WEAK_SET)
        yield from _typed(text, _NUMBERED_STREET, frozenset())
        for m in _TYPED_NO_NUMBER.finditer(text):
            locality = _STRICT_LOCALITY.match(text, m.end())
            if locality is not None and "\n" in locality.group(0):
                yield m.start(), _with_country(text, locality.end()), RULE_ID
    if not _LAST_WORDS.isdisjoint(words):
        yield from _typed(text, _TYPE_LAST, frozenset())
    if any(word.lower().endswith(_COMPOUND_ENDINGS) for word in words):
        yield from _typed(text, _COMPOUND, _COMPOUND_WEAK_SET)
    if _BLOCK_GATE.search(windows):
        yield from _generic_blocks(text)
