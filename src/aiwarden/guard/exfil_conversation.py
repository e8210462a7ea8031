"""What the conversation holds that must not leave it, and how a URL's pieces are matched against it.

Secrets and canaries are matched exactly, reversed, with separators squeezed out, hex- or base64-encoded, and
numbers by their digits however they are grouped; the system prompt by runs of its words; the user's input by
longer runs, its distinctive tokens and numbers, and (for images) its uncommon words.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from aiwarden.guard.types import OutputContext

_MIN_SECRET: Final = 4  # shorter "secrets" would match by accident
_MIN_SQUEEZED: Final = 6  # a secret compared with separators removed must keep this many letters and digits
_MIN_BOUNDED: Final = 6  # secrets shorter than this match as whole tokens only
_MIN_DIGITS: Final = 7  # a number this long, in any grouping, is specific to its owner
_GROUPED_NUMBER: Final = re.compile(r"\+?\(?\d[\d().\s/-]{5,40}\d")
_DATE: Final = re.compile(r"\d{4}[-/.]\d\d?[-/.]\d\d?|\d\d?[-/.]\d\d?[-/.]\d{4}")
_PROMPT_NGRAM: Final = 4  # a run of four system-prompt words inside a URL is not a coincidence
_USER_NGRAM: Final = 5  # the user's words are ordinary words: a longer run is needed
_ALNUM: Final = re.compile(r"[^0-9a-z]+")
_DIGIT: Final = re.compile(r"\d")
_WORDS: Final = re.compile(r"[^\W_]+")
_MIN_WORD: Final = 3
# Words any two texts share: a request that repeats them repeats nothing of the conversation.
_COMMON: Final = frozenset(
    "the and for with you your are was were this that from have has had not but all any can our out one two new "
    "get set use how what when where who why which will would could should about into over than then them they "
    "she her his him its also just like more most some such only other here there these those very each png jpg "
    "gif svg www com org net http https html".split())


@dataclass(frozen=True, slots=True)
class Conversation:
    """What the conversation holds that must not leave it, prepared for matching."""

    secrets: tuple[str, ...]
    squeezed: tuple[str, ...]
    hexed: tuple[str, ...]
    based: tuple[str, ...]  # base64 of each secret (standard and URL-safe, unpadded), casefolded like the URL
    prompt_grams: frozenset[tuple[str, ...]]
    user_grams: frozenset[tuple[str, ...]]
    user_tokens: frozenset[str]
    secret_digits: frozenset[str] = frozenset()  # digits of each number of seven digits or more, as written
    user_digits: frozenset[str] = frozenset()
    # the user's words, common ones left out (a system prompt's are product words an ordinary URL repeats)
    words: frozenset[str] = frozenset()

    def leak(self, texts: Iterable[str]) -> str | None:
        hay = "\x00".join(texts).casefold()
        if not hay:
            return None
        reverse = hay[::-1]
        squeezed = _ALNUM.sub("", hay)
        for secret in self.secrets:
            if _contains(hay, secret):
                return "contains a conversation secret or canary"
            if _contains(reverse, secret):
                return "contains a conversation secret, reversed"
        for secret in self.squeezed:
            if secret in squeezed or secret in squeezed[::-1]:
                return "contains a conversation secret split across its parts"
        if self.secret_digits and _digits_match(texts, self.secret_digits):
            return "contains a conversation number, written differently"
        if any(h in hay for h in self.hexed):
            return "contains a conversation secret, hex-encoded"
        if any(b in hay for b in self.based):
            # a short secret (a PIN) base64-encodes to fewer characters than decoding needs to read as text
            return "contains a conversation secret, base64-encoded"
        if self.prompt_grams and not self.prompt_grams.isdisjoint(_ngrams(_WORDS.findall(hay), _PROMPT_NGRAM)):
            return "contains system-prompt text"
        return None

    def user_words(self, texts: Iterable[str]) -> bool:
        if not self.user_grams and not self.user_tokens:
            return False
        texts = list(texts)
        hay = "\x00".join(texts).casefold()
        words = _WORDS.findall(hay)
        return (not self.user_grams.isdisjoint(_ngrams(words, _USER_NGRAM))
                or any(token in hay for token in self.user_tokens)
                or (bool(self.user_digits) and _digits_match(texts, self.user_digits)))


def _digits_match(texts: Iterable[str], numbers: frozenset[str]) -> bool:
    """Whether one piece's digits hold one of ``numbers``: "+1 (415) 555-0187" and "14155550187" are one phone
    number. Each piece is read alone, so digits of unrelated values never join into a match."""
    for text in texts:
        digits = "".join(_DIGIT.findall(text))
        if len(digits) >= _MIN_DIGITS and any(n in digits for n in numbers):
            return True
    return False


def _numbers(text: str) -> frozenset[str]:
    """The digits of each number of seven or more digits in ``text`` however it is grouped (phone, account,
    national id), dates left out: a date in a URL and in the conversation is no leak."""
    found = set()
    for m in _GROUPED_NUMBER.finditer(text):
        if _DATE.fullmatch(m.group(0).strip()):
            continue
        written = m.group(0)
        for digits in {"".join(_DIGIT.findall(written)), "".join(_DIGIT.findall(written.replace("(0)", "")))}:
            if len(digits) >= _MIN_DIGITS:
                found.add(digits)  # "+44 (0)20 ..." is dialled with the 0 at home and without it abroad
                if len(digits) > 10:
                    found.add(digits[-10:])  # the same number without its country code
    return frozenset(found)


def _contains(hay: str, secret: str) -> bool:
    """``secret`` in ``hay``; a short one (a PIN) only as a whole token, not as four digits of a longer id."""
    if len(secret) >= _MIN_BOUNDED:
        return secret in hay
    return re.search(rf"(?<![0-9a-z]){re.escape(secret)}(?![0-9a-z])", hay) is not None


def conversation(context: OutputContext) -> Conversation:
    """The secrets (``extra["secrets"]``), canaries, system prompt and user input (``extra["user_input"]``, a
    string or a list of strings) of ``context``."""
    return _conversation(_strings(context.extra.get("secrets")) + tuple(context.canaries),
                         context.system_prompt or "", "\n".join(_strings(context.extra.get("user_input"))))


def _strings(raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list | tuple | set | frozenset):
        return tuple(s for s in raw if isinstance(s, str))
    return ()


@lru_cache(maxsize=64)
def _conversation(secrets: tuple[str, ...], prompt: str, user_input: str) -> Conversation:
    kept = tuple(dict.fromkeys(s.strip().casefold() for s in secrets if len(s.strip()) >= _MIN_SECRET))
    squeezed = tuple(q for q in (_ALNUM.sub("", s) for s in kept) if len(q) >= _MIN_SQUEEZED)
    hexed = tuple(s.encode().hex() for s in kept)
    originals = [s.strip() for s in secrets if len(s.strip()) >= _MIN_SECRET]
    based = tuple(dict.fromkeys(
        enc(s.encode()).decode().rstrip("=").casefold() for s in originals
        for enc in (base64.b64encode, base64.urlsafe_b64encode)))
    words = (m.rstrip(".,;:!?") for m in re.findall(r"[\w.@+-]{6,}", user_input.casefold()))
    user_tokens = frozenset(t for t in words if any(c.isdigit() or c == "@" for c in t))
    prompt_grams = frozenset(_ngrams(_WORDS.findall(prompt.casefold()), _PROMPT_NGRAM))
    return Conversation(kept, squeezed, hexed, based, prompt_grams,
                        frozenset(_ngrams(_WORDS.findall(user_input.casefold()), _USER_NGRAM)), user_tokens,
                        frozenset().union(*map(_numbers, secrets)), _numbers(user_input),
                        distinctive_words(user_input))


def distinctive_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORDS.findall(text.casefold()) if len(w) >= _MIN_WORD and w not in _COMMON)


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i: i + n]) for i in range(len(words) - n + 1)}
