"""PII: national ids (python-stdnum's doctests), payment cards (card-validator's tests), postal addresses
(usaddress's tagged test set, address-formatting's per-country test cases) and phone numbers (libphonenumber's
per-region example numbers; its short and emergency numbers are the negatives)."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

import yaml
from mirror import list_files, show
from records import Record, Source, record
from templates import ADDRESS_TEMPLATES, PII_TEMPLATES, fill, pick

# stdnum modules that identify a person (not a company, VAT number or bank account).
PERSONAL_ID_MODULES = (
    "us/ssn", "us/itin", "de/idnr", "fr/nir", "es/dni", "es/nie", "it/codicefiscale", "nl/bsn", "be/nn",
    "se/personnummer", "no/fodselsnummer", "dk/cpr", "fi/hetu", "pl/pesel", "pt/cc", "br/cpf", "cn/ric",
    "in_/aadhaar", "in_/pan", "mx/curp", "ar/dni", "cl/rut", "za/idnr", "kr/rrn", "ee/ik", "lt/asmens", "ro/cnp",
    "bg/egn", "cz/rc", "ch/ssn", "ca/sin", "au/tfn", "il/idnr", "tr/tckimlik", "gr/amka", "ie/pps", "hr/oib",
    "si/emso", "gb/nhs", "ua/rntrc", "my/nric", "th/pin",
)
MAX_VALID_PER_MODULE = 6
MAX_INVALID_PER_MODULE = 4
_VALIDATE = re.compile(r">>> (?:\w+\.)?validate\('([^'\n]+)'\)")


def _rank(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _pii(source: str, key: str, subtype: str, label: int, value: str, name: str) -> Record:
    template = pick(PII_TEMPLATES, f"{source}:{key}")
    text = fill(PII_TEMPLATES, template, value, label=name, key=re.sub(r"\W+", "_", name.lower()).strip("_"))
    return record(source, key, "pii", subtype, label, text, value, template)


def _doctest_cases(text: str) -> list[tuple[str, bool]]:
    """(number, valid) for every one-line validate() example: valid when it returns, invalid when it raises
    InvalidChecksum (numbers of the right shape whose check digits are wrong)."""
    lines = text.splitlines()
    out: list[tuple[str, bool]] = []
    for i, line in enumerate(lines[:-1]):
        match = _VALIDATE.search(line)
        if not match:
            continue
        following = lines[i + 1].strip()
        if following.startswith("'"):
            out.append((match.group(1), True))
        elif following.startswith("Traceback") and any("InvalidChecksum" in rest for rest in lines[i + 2:i + 5]):
            out.append((match.group(1), False))
    return out


def stdnum(source: Source) -> list[Record]:
    out: list[Record] = []
    repo, commit = source["repo"], source["commit"]
    tests = set(list_files(repo, commit, "tests/"))
    for module in PERSONAL_ID_MODULES:
        code = show(repo, commit, f"stdnum/{module}.py")
        docstring = code.split('"""')[1]
        name = docstring.strip().splitlines()[0].split(" (")[0].rstrip(".")
        test_path = f"tests/test_{module.replace('/', '_').replace('__', '_')}.doctest"
        cases = _doctest_cases(docstring)
        if test_path in tests:
            cases += _doctest_cases(show(repo, commit, test_path))
        seen: set[str] = set()
        kept = {True: 0, False: 0}
        for number, valid in cases:
            limit = MAX_VALID_PER_MODULE if valid else MAX_INVALID_PER_MODULE
            if number in seen or kept[valid] >= limit:
                continue
            seen.add(number)
            kept[valid] += 1
            key = f"{module.replace('_', '')}:{'valid' if valid else 'invalid'}:{number}"
            out.append(_pii(source["name"], key, "national_id", int(valid), number, name))
    return out


_CARD_CASE = re.compile(r'\[\s*"([^"]*)",(?:\s*//[^\n]*)?\s*\{\s*card:\s*(null|"[a-z-]+"),\s*'
                        r"isPotentiallyValid:\s*(?:true|false),\s*isValid:\s*(true|false)")


def card_validator(source: Source) -> list[Record]:
    """Numbers card-validator calls valid (brand prefix, length, Luhn) are positives; full-length numbers it
    calls invalid are negatives. Partial entries (fewer than 13 digits) are left out."""
    text = show(source["repo"], source["commit"], "src/__tests__/card-number.ts")
    out: list[Record] = []
    seen: set[str] = set()
    for number, brand, valid in _CARD_CASE.findall(text):
        digits = re.sub(r"\D", "", number)
        if number in seen or len(digits) < 13 or not re.fullmatch(r"[\d -]+", number):
            continue
        seen.add(number)
        label = int(valid == "true")
        key = f"{brand.strip(chr(34))}:{'valid' if label else 'invalid'}:{number.replace(' ', '_')}"
        out.append(_pii(source["name"], key, "card", label, number, "Card number"))
    return out


_TOKEN = re.compile(r"<(\w+)>([^<]*)</\1>")
USADDRESS_POSITIVES = 120
USADDRESS_NEGATIVES = 40


def usaddress(source: Source) -> list[Record]:
    """Tagged US addresses: with a house number and a street name they locate a home (positive); a bare
    city/state/ZIP is a place (negative)."""
    xml = show(source["repo"], source["commit"], "measure_performance/test_data/us50_test_tagged.xml")
    positives: dict[str, str] = {}
    negatives: dict[str, str] = {}
    for inner in re.findall(r"<AddressString>(.*?)</AddressString>", xml):
        tags = {tag for tag, _ in _TOKEN.findall(inner)}
        address = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", inner)).strip().replace("&amp;", "&")
        number = any(tag == "AddressNumber" and re.search(r"\d", value) for tag, value in _TOKEN.findall(inner))
        if number and "StreetName" in tags:
            positives[_rank(address)] = address
        elif not tags & {"AddressNumber", "StreetName", "USPSBoxID", "BuildingName"}:
            negatives[_rank(address)] = address
    out = [_address(source["name"], f"us:pos:{rank[:12]}", 1, positives[rank])
           for rank in sorted(positives)[:USADDRESS_POSITIVES]]
    out += [_address(source["name"], f"us:neg:{rank[:12]}", 0, negatives[rank])
            for rank in sorted(negatives)[:USADDRESS_NEGATIVES]]
    return out


_STREET_KEYS = ("road", "pedestrian", "street", "footway", "path", "residential", "street_name")


def address_formatting(source: Source) -> list[Record]:
    """Per-country rendering test cases: a case with a house number and a street is a postal address (positive,
    at most two per country); a case with neither is a place name (negative, at most one per country)."""
    out: list[Record] = []
    for path in list_files(source["repo"], source["commit"], "testcases/countries/"):
        country = path.rsplit("/", 1)[-1].removesuffix(".yaml")
        kept = {0: 0, 1: 0}
        for n, case in enumerate(yaml.safe_load_all(show(source["repo"], source["commit"], path))):
            if not case or "components" not in case or not case.get("expected"):
                continue
            components = case["components"]
            has_street = any(k in components for k in _STREET_KEYS)
            label = 1 if "house_number" in components and has_street else 0 if not has_street and (
                "house_number" not in components) else -1
            if label < 0 or kept[label] >= (2 if label else 1):
                continue
            kept[label] += 1
            lines = [line.strip() for line in str(case["expected"]).strip().splitlines() if line.strip()]
            key = f"{country}:{'pos' if label else 'neg'}:{n}"
            one_line = int(_rank(key), 16) % 2 == 0
            out.append(_address(source["name"], key, label, ", ".join(lines) if one_line else "\n".join(lines)))
    return out


def _address(source: str, key: str, label: int, value: str) -> Record:
    template = pick(ADDRESS_TEMPLATES, f"{source}:{key}", multiline="\n" in value)
    return record(source, key, "pii", "address", label, fill(ADDRESS_TEMPLATES, template, value), value, template)


PHONE_NEGATIVES = 80


def libphonenumber(source: Source) -> list[Record]:
    """One example number per region (fixed line or mobile, by a stable hash), written in international or
    national form; short codes and emergency numbers are the negatives."""
    repo, commit = source["repo"], source["commit"]
    out: list[Record] = []
    for territory in ET.fromstring(show(repo, commit, "resources/PhoneNumberMetadata.xml")).iter("territory"):
        region, code = territory.get("id", ""), territory.get("countryCode", "")
        if region == "001":
            continue
        kind = "mobile" if int(_rank(region), 16) % 2 else "fixedLine"
        example = territory.findtext(f"{kind}/exampleNumber") or territory.findtext("fixedLine/exampleNumber")
        if not example:
            continue
        prefix = territory.get("nationalPrefix")
        forms = [f"+{code} {example}", f"+{code}{example}"] + ([f"{prefix}{example}"] if prefix else [])
        number = forms[int(_rank(region + "form"), 16) % len(forms)]
        out.append(_pii(source["name"], f"{region}:{kind}", "phone", 1, number, "Phone"))
    shorts: dict[str, tuple[str, str]] = {}
    for territory in ET.fromstring(show(repo, commit, "resources/ShortNumberMetadata.xml")).iter("territory"):
        region = territory.get("id", "")
        for kind in ("emergency", "shortCode"):
            example = territory.findtext(f"{kind}/exampleNumber")
            if example:
                shorts[_rank(region + kind)] = (f"{region}:{kind}:{example}", example)
    for rank in sorted(shorts)[:PHONE_NEGATIVES]:
        key, number = shorts[rank]
        out.append(_pii(source["name"], key, "phone", 0, number, "Phone"))
    return out
