"""Write src/aiwarden/guard/data/country_names.json: country names in the languages most answers are written in,
each mapped to its ISO 3166 region code, taken from the ``phonenumbers`` package's region display names (its
geodata, ~1 s to import: too slow to load in the guard, so the table is written once here).

    .venv/bin/python scripts/build_country_names.py

Names that belong to more than one region, or that are ordinary words or given names as well (Chad, Jordan,
Turkey, Georgia, Jersey), are left out: a name only adds a region for phone parsing, but a wrong one costs time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "aiwarden" / "guard" / "data" / "country_names.json"
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "nb", "da", "fi", "pl", "cs", "ru", "uk", "tr", "el",
             "hu", "ro", "id", "vi", "zh", "ja", "ko", "th", "ar", "he")
AMBIGUOUS = frozenset({"chad", "jordan", "turkey", "georgia", "jersey", "guernsey", "niger", "guinea", "congo",
                       "dominica", "mali"})
# English adjectives for the countries answers most often name ("a German number").
DEMONYMS = {
    "german": "DE", "french": "FR", "spanish": "ES", "italian": "IT", "dutch": "NL", "swedish": "SE",
    "norwegian": "NO", "danish": "DK", "finnish": "FI", "polish": "PL", "czech": "CZ", "austrian": "AT",
    "swiss": "CH", "belgian": "BE", "irish": "IE", "british": "GB", "portuguese": "PT", "brazilian": "BR",
    "mexican": "MX", "argentine": "AR", "argentinian": "AR", "chilean": "CL", "colombian": "CO", "peruvian": "PE",
    "japanese": "JP", "chinese": "CN", "korean": "KR", "indian": "IN", "australian": "AU", "canadian": "CA",
    "russian": "RU", "ukrainian": "UA", "greek": "GR", "israeli": "IL", "thai": "TH", "vietnamese": "VN",
    "indonesian": "ID", "malaysian": "MY", "filipino": "PH", "singaporean": "SG", "south african": "ZA",
    "nigerian": "NG", "kenyan": "KE", "egyptian": "EG", "hungarian": "HU", "romanian": "RO", "bulgarian": "BG",
    "croatian": "HR", "serbian": "RS", "slovak": "SK", "slovenian": "SI", "estonian": "EE", "latvian": "LV",
    "lithuanian": "LT", "icelandic": "IS", "new zealand": "NZ", "pakistani": "PK", "turkish": "TR",
    "emirati": "AE", "saudi": "SA", "moroccan": "MA", "venezuelan": "VE", "ecuadorian": "EC", "uruguayan": "UY",
    "taiwanese": "TW", "luxembourgish": "LU", "maltese": "MT", "cypriot": "CY",
}


_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]")  # Thai, kana, CJK: two characters name a country


def _resolve(names: dict[str, str], lang: str) -> str | None:
    """A region's name in ``lang``; "*xx" means "the same as in language xx" (followed a few steps at most)."""
    name = names.get(lang)
    for _ in range(4):
        if name is None or not name.startswith("*"):
            break
        name = names.get(name[1:])
    return name if name and not name.startswith("*") else None


def main() -> None:
    from phonenumbers.geodata.locale import LOCALE_DATA

    regions: dict[str, set[str]] = {}
    for region, names in LOCALE_DATA.items():
        if len(region) != 2 or not region.isalpha():
            continue
        for lang in LANGUAGES:
            name = _resolve(names, lang)
            if name and len(name) >= (2 if _UNSPACED.search(name) else 4):
                regions.setdefault(name.lower(), set()).add(region)
    table = {name: sorted(codes)[0] for name, codes in regions.items()
             if len(codes) == 1 and name not in AMBIGUOUS}
    table.update(DEMONYMS)
    OUT.write_text(json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {len(table)} names to {OUT}")


if __name__ == "__main__":
    main()
