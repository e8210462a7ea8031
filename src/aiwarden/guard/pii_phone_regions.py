"""Which countries' numbering plans a text points at: a country named in it ("our office in Norway", "a German
number", "Norwegen") or a country code dialled elsewhere in it (+47 …). The phone detector then reads national
forms (no country code) against those plans as well as the deployment's default regions.

Country names come from data/country_names.json (written by scripts/build_country_names.py from the
``phonenumbers`` package's region names in 27 languages, with English adjectives); names of more than one region
and ordinary words are not in it. Scripts written without spaces (Chinese, Japanese, Thai) are matched by
substring, the others by whole words.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Final

_WORD: Final = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIALLED: Final = re.compile(r"(?<![\w+])\+ ?(\d{1,3})(?=[ .\-(]?\d)")
_UNSPACED_SCRIPTS: Final = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]")
_MAX_WORDS: Final = 4  # the longest name in words ("bosnia and herzegovina")


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], tuple[tuple[str, str], ...], dict[str, int]]:
    """Names written with spaces, names in unspaced scripts, and for each first word of a name of several words
    the most words such a name has (a word that starts none is looked up alone)."""
    raw = resources.files("aiwarden.guard").joinpath("data/country_names.json").read_text("utf-8")
    table: dict[str, str] = json.loads(raw)
    spaced = {name: region for name, region in table.items() if not _UNSPACED_SCRIPTS.search(name)}
    unspaced = tuple((name, region) for name, region in table.items() if _UNSPACED_SCRIPTS.search(name))
    longest: dict[str, int] = {}
    for name in spaced:
        first, count = name.split(" ", 1)[0], min(name.count(" ") + 1, _MAX_WORDS)
        if count > 1:
            longest[first] = max(longest.get(first, 1), count)
    return spaced, unspaced, longest


# The text whose regions were worked out last, and its regions: the phone detector and the documentation check
# both ask for the same text's regions.
_LAST: list[tuple[str, tuple[str, ...]]] = []


def named_regions(text: str) -> tuple[str, ...]:
    """Regions whose country name (or English adjective) occurs in ``text``, in order of first mention."""
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] is text:
        return last[1]
    spaced, unspaced, longest = _names()
    words = [w.lower() for w in _WORD.findall(text)]
    found: dict[str, None] = {}
    for i, word in enumerate(words):
        region = spaced.get(word)
        if region is not None:
            found[region] = None
        for n in range(2, min(longest.get(word, 1), len(words) - i) + 1):
            region = spaced.get(" ".join(words[i:i + n]))
            if region is not None:
                found[region] = None
    if _UNSPACED_SCRIPTS.search(text):
        for name, region in unspaced:
            if name in text:
                found[region] = None
    regions = tuple(found)
    _LAST[:] = [(text, regions)]
    return regions


def dialled_regions(text: str) -> tuple[str, ...]:
    """Regions of the country codes written with a plus in ``text`` (+47 … gives NO)."""
    if "+" not in text:
        return ()
    import phonenumbers  # the detector imports it for any phone candidate already

    found: dict[str, None] = {}
    for m in _DIALLED.finditer(text):
        digits = m.group(1)
        for length in range(1, len(digits) + 1):  # country codes are prefix-free: at most one length fits
            regions = phonenumbers.region_codes_for_country_code(int(digits[:length]))
            if regions and regions[0] != "ZZ":
                found.update(dict.fromkeys(regions[:3]))  # +1 and +7 share a plan: the main regions only
                break
    return tuple(found)
