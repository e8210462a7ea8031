"""Is a string machine-random? The model behind every secret decision that has no provider format to go on.

A random key is drawn uniformly from one alphabet (hex, lower-case alphanumerics, base62, base64), so its
Shannon entropy sits close to what a uniform draw of that length from that alphabet measures. The thresholds
below are the 1st percentile of 4,000 uniform draws per (alphabet, length) (random.Random(1), plug-in
entropy), so 99% of real keys of each kind clear them. On top of the entropy gate: the character-class mix a
uniform draw has (digits among letters, both cases in base62), and no run of words or CamelCase chunks.

Hashes are hex and are random too: they are told apart by their label and neighbourhood (``is_hash_context``),
never by entropy.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from typing import Final

from aiwarden.guard.case_blind import CaseBlindPattern
from aiwarden.guard.keyword_screen import trie_regex

_HEX_CHARS: Final = frozenset("0123456789abcdefABCDEF")
_LOWER36: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_UPPER36: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_BASE62: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

_LENGTHS: Final = (8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 96, 128)
# 1st-percentile plug-in entropy (bits/char) of uniform random strings, per alphabet, at _LENGTHS.
_FLOOR: Final[dict[str, tuple[float, ...]]] = {
    "hex": (1.91, 2.16, 2.36, 2.66, 2.90, 3.01, 3.28, 3.41, 3.51, 3.63, 3.77, 3.82),
    "alnum36": (2.16, 2.52, 2.79, 3.12, 3.42, 3.61, 3.89, 4.11, 4.26, 4.47, 4.70, 4.82),
    "base62": (2.41, 2.65, 3.02, 3.33, 3.68, 3.86, 4.19, 4.43, 4.64, 4.90, 5.22, 5.41),
    "base64": (2.41, 2.72, 3.02, 3.38, 3.65, 3.86, 4.22, 4.46, 4.66, 4.92, 5.24, 5.43),
}
_WORD_CHUNK: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# Words that make up identifiers, file names and placeholders. A random draw from 36 symbols holds a given
# 5-letter word with odds ~1e-8 per position, so any of these in a value marks it as written by a person.
_COMMON_WORDS: Final = frozenset("""
about access account action admin alpha apple array asset audio author backup basic batch begin block board
build bucket buffer cache change chart check class clean click client close cloud codec color column common
config connect console content context cookie count create credential current custom daily data database debug
default delete demo deploy detail device digest direct docker document domain double dummy email empty enable
encode entry error event example export extra false feature field filter final first float folder format
frame function gateway global google group handle handler header hello helper history house image import
index input insert install integer internal invalid issue item javascript label layout level library limit
linux local login logger master match media member message method metric mobile model module monitor mysql
number object office option order output owner package page param parent parse password pass path pattern
payment person place plugin point policy prefix preview print private process product profile project
property provider proxy public python query queue random react reader record redis region release remote
report request resource response result return route router sample schema scope script search secret
section secure select sender server service session setting shared simple single source space stage start
state static status storage store stream string style super support system table target template tenant
test text thread ticket time title token total trace track trade tracking transfer true update upload user
value version video view virtual visit volume webhook widget window worker world write yellow your
""".split())
# The common words of five letters or more as one trie-shaped pattern: all are a-z, so a word occurs in a token
# exactly where it occurs inside one of the token's letter runs, and one search answers has_words.
_LONG_COMMON_WORD: Final = re.compile(trie_regex(sorted(w for w in _COMMON_WORDS if len(w) >= 5)))

# The 40 most frequent English letter pairs: ~45% of the pairs in English words, 40/676 = 6% in random letters.
_COMMON_BIGRAMS: Final = frozenset("th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as "
                                   "ou io le ve co me de hi ri ro ic ne ea ra ce".split())
# Where a common pair starts: every pair is two ASCII letters, so these positions are exactly the letter pairs of a
# token that are common, whatever else the token holds.
_COMMON_BIGRAM_AT: Final = re.compile("(?=" + "|".join(sorted(_COMMON_BIGRAMS)) + ")")
_ASCII_LETTER_RUN: Final = re.compile(r"[a-z]+")
_ENGLISH_PAIR_SHARE: Final = 0.3
_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HASH_LABEL: Final = CaseBlindPattern(
    r"(?:sha-?(?:1|224|256|384|512)|md5|blake2b?|hash|digest|checksum|commit|revision|\brev|etag|integrity|"
    r"fingerprint|\boid|sum|crc|object id|tree|parent|merge|cherry-pick|revert|signature|nonce|\bh1)[^\w]{0,4}$"
)
_FILE_NEARBY: Final = re.compile(r"^\s{1,4}[*]?[\w./-]+\.[A-Za-z0-9]{1,8}\b")  # "<sha256>  pkg-1.0.tar.gz"
_HASH_LENGTHS: Final = frozenset({32, 40, 56, 64, 96, 128})


def shannon_entropy(value: str) -> float:
    """Plug-in Shannon entropy in bits per character."""
    n = len(value)
    return -sum([c / n * math.log2(c / n) for c in Counter(value).values()]) if n else 0.0


def alphabet_of(value: str) -> str:
    """The smallest standard key alphabet that holds every character of ``value``."""
    chars = set(value)
    if chars <= _HEX_CHARS and not (any(c in "abcdef" for c in chars) and any(c in "ABCDEF" for c in chars)):
        return "hex"
    if chars <= _LOWER36 or chars <= _UPPER36:
        return "alnum36"
    if chars <= _BASE62:
        return "base62"
    return "base64"


_PREFIXED_ENTROPY_SLACK: Final = 0.5  # bits below the 1st-percentile floor of uniform draws
# Under a credential label the label is evidence too: the 1st-percentile floor would still refuse one real key in
# a hundred, so a labelled value may fall this far below it (the class-mix and word tests still apply).
_LABELLED_ENTROPY_SLACK: Final = 0.2
_SLACK_MIN_LENGTH: Final = 32  # shorter values are often fragments of a key split over lines: no slack


def entropy_floor(alphabet: str, length: int) -> float:
    """The entropy 99% of uniform random strings of this alphabet and length exceed (linear between lengths)."""
    table = _FLOOR[alphabet]
    if length <= _LENGTHS[0]:
        return table[0] * length / _LENGTHS[0]
    i = bisect_right(_LENGTHS, length) - 1
    if i >= len(_LENGTHS) - 1:
        return table[-1]
    lo, hi = _LENGTHS[i], _LENGTHS[i + 1]
    return table[i] + (table[i + 1] - table[i]) * (length - lo) / (hi - lo)


def word_chunk_length(token: str) -> float:
    """Mean length of the case-runs of letters: ~2 in random base62, 5+ in CamelCase names."""
    chunks = _WORD_CHUNK.findall(token)
    return sum(map(len, chunks)) / len(chunks) if chunks else 0.0


def has_words(token: str) -> bool:
    """A common English or code word of 5+ letters inside the token (any case)."""
    return _LONG_COMMON_WORD.search(token.lower()) is not None


def reads_as_english(token: str) -> bool:
    """Words run together (thequickbrownfox, mysecretpassword): common letter pairs far above chance."""
    lower = token.lower()
    if lower.isascii():  # letters are a-z once lower-cased: count the pairs in C instead of slicing each
        runs = _ASCII_LETTER_RUN.findall(lower)
        pairs, common = sum(map(len, runs)) - len(runs), len(_COMMON_BIGRAM_AT.findall(lower))
    else:
        letter_pairs = [lower[i:i + 2] for i in range(len(lower) - 1)
                        if lower[i].isalpha() and lower[i + 1].isalpha()]
        pairs, common = len(letter_pairs), sum(p in _COMMON_BIGRAMS for p in letter_pairs)
    return pairs >= 8 and common >= _ENGLISH_PAIR_SHARE * pairs


def looks_random(token: str, *, min_length: int = 8, labelled: bool = False) -> bool:
    """Whether ``token`` (a key body, prefix stripped) reads as a uniform draw from a key alphabet.

    ``labelled``: the value sits under a credential label (``api_key = ...``), which is evidence of its own, so
    hex and lower-case values count and the class-mix rules loosen. Unlabelled hex never counts: that is what
    hashes look like.
    """
    core = token.strip("=")
    n = len(core)
    if n < min_length:
        return False
    if _UUID.fullmatch(core):  # a UUID is a key only under a credential label (Heroku, HubSpot, Fastly)
        return labelled and shannon_entropy(core.replace("-", "")) >= entropy_floor("hex", 32)
    alphabet = alphabet_of(core)
    if alphabet == "hex" and not labelled:
        return False
    slack = _LABELLED_ENTROPY_SLACK if labelled and n >= _SLACK_MIN_LENGTH else 0.0
    if shannon_entropy(core) < entropy_floor(alphabet, n) - slack:
        return False
    digits = sum(map(str.isdigit, core))  # map over str methods: C loops, the token may be long
    letters = sum(map(str.isalpha, core))
    if not _class_mix_is_random(core, alphabet, digits, letters, labelled):
        return False
    if has_words(core) or reads_as_english(core):
        return False
    # CamelCase names have long case-runs; in one-case alphabets a run of letters says nothing
    return alphabet not in ("base62", "base64") or word_chunk_length(core) <= (5.0 if labelled else 4.0)


def plausible_key_body(body: str) -> bool:
    """Whether ``body``, found after a provider's own literal prefix, can be an issued key. The prefix is most of the
    evidence, so only what no issued key looks like is refused: under eight characters, entropy far below a
    random draw's (runs, sequences), or English words run together. ``looks_random`` refuses 2-3% of uniform
    draws (chance words, skewed digit counts), which after a provider prefix would be misses."""
    core = body.strip("=")
    if len(core) < 8:
        return False
    if shannon_entropy(core) < entropy_floor(alphabet_of(core), len(core)) - _PREFIXED_ENTROPY_SLACK:
        return False
    return not (has_words(core) and reads_as_english(core))


def _class_mix_is_random(core: str, alphabet: str, digits: int, letters: int, labelled: bool) -> bool:
    n = len(core)
    if alphabet == "hex":
        return letters > 0 and digits > 0  # all-digit strings are numbers, all-letter ones words (cafebabe)
    if alphabet == "alnum36":
        # 10 of 36 symbols are digits: a uniform draw is ~28% digits; under 8% or over 75% is not one.
        return 0.08 * n <= digits <= 0.75 * n and letters > 0
    lower = sum(map(str.islower, core))
    upper = sum(map(str.isupper, core))
    classes = (lower > 0) + (upper > 0) + (digits > 0)
    if classes < 2 or (not labelled and classes < 3 and n < 24):
        return False
    # base62: each case holds 26 of 62 symbols; a draw where one case is under 12% of the letters is not one
    return min(lower, upper) >= 0.12 * max(letters, 1) or labelled


def is_hash_context(before: str, after: str) -> bool:
    """A hex digest by its label (``sha256:``, ``commit``, ``integrity``) or by the file name beside it."""
    return bool(_HASH_LABEL.search(before[-40:]) or _FILE_NEARBY.match(after[:120]))


def is_hash_shaped(value: str) -> bool:
    """Hex of a digest's length (MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512)."""
    return len(value) in _HASH_LENGTHS and alphabet_of(value) == "hex"
