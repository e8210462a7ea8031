"""What each piece of a URL says, read without the conversation (except for the user's words in an image):
the signals of subdomain labels, path segments, query and fragment values, user info and request catchers.
Each is a ``Signal`` with a ``Strength``; ``exfil_risk`` adds the conversation's own data and composes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from itertools import pairwise
from typing import Final

from aiwarden.guard.exfil_collectors import Collector, data_labels, data_segments
from aiwarden.guard.exfil_conversation import Conversation, distinctive_words
from aiwarden.guard.exfil_decoders import decodings
from aiwarden.guard.exfil_personal import UUID, personal_data, postal_address
from aiwarden.guard.exfil_shapes import (
    content_hash_name,
    digest_hex,
    random_label,
    random_looking,
    typed_id,
    word_slug,
)
from aiwarden.guard.exfil_url_parts import looks_like_url
from aiwarden.guard.exfil_values import (
    DATA_KEY,
    EXFIL_KEY,
    PRESENTATION_KEY,
    credential_format,
    id_shaped,
    long_number,
    named_secret,
    password_like,
    pin_shaped,
    secret_shaped,
    short_hex_text,
    spelled_digits,
)


class Strength(IntEnum):
    NOTE = 1
    PAYLOAD = 2
    STRONG = 3
    LEAK = 4


@dataclass(frozen=True, slots=True)
class Signal:
    strength: Strength
    reason: str


_LONG_VALUE: Final = 64
_SENTENCE_WORDS: Final = 8
# An OAuth client id or a host name as a value (``1042-abc.apps.googleusercontent.com``): names, not payload.
_DOMAIN_LIKE: Final = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){2,}")
_SCHEME: Final = re.compile(r"[a-z][a-z0-9+.-]{1,15}://", re.I)  # ircs://, ssh://: an address, not prose
_RETINA: Final = re.compile(r"@\d(?:\.\d)?x$")
_WORDS: Final = re.compile(r"[^\W_]+")
_NUMERIC: Final = re.compile(r"[\d.,:+-]+")
_PLACEHOLDER: Final = re.compile(
    r"\[[^\]]{1,30}\]|\{\{?[^}]{1,30}\}\}?|<[^>]{1,30}>|\$\{?[A-Za-z_]{1,30}\}?|%[sd]|(?i:your[_-]\w{1,30})"
    r"|(?i:x{3,}|\.{3}|…|null|none|undefined|true|false)"
)
# Documentation fills credential parameters with values like these; a real one rarely contains them.
_EXAMPLE_VALUE: Final = re.compile(
    r"abc|123|xyz|example|sample|test|demo|dummy|fake|changeme|placeholder|redacted|foo|bar|here|api_?key"
    r"|replace_?(?:with|me)|insert_|passw(?:or)?d"
    r"|^(?:key|token|secret|password|pass|value|string)$", re.I)
_CREDENTIAL_KEY: Final = re.compile(
    r"(?:.*[_-])?(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth|session|sid|cookie"
    r"|ssn|cvv|pin|otp|credentials?|private[_-]?key)(?:[_-].*)?", re.I)
_PERSONAL_KEY: Final = re.compile(
    r"(?:.*[_-])?(?:phone|tel|mobile|ssn|dob|birth\w*|card|cc|ccnum|iban|passport|full[_-]?name|first[_-]?name"
    r"|last[_-]?name|surname)(?:[_-].*)?", re.I)
_DATA_KEY: Final = re.compile(
    r"d|data|payload|exfil|leak|info|msg|message|content|summary|chat|conversation|history|prompt|context|memory"
    r"|log|notes?|secret|body|transcript|dump|stolen|loot", re.I)
# Words that narrate a conversation; a search query rarely says "the user asked".
_NARRATIVE: Final = frozenset(
    "user users asked asks previous conversation chat prompt instructions system summary transcript "
    "password passwords passwd secret secrets credentials ssn".split())
_SENSITIVE: Final = frozenset("password passwd pwd pin ssn cvv card iban account secret token key otp".split())
_MIN_CONVERSATION_WORDS: Final = 4  # a name and a place, or a diagnosis and a drug: more than a topic
_MIN_TEXT_VALUES: Final = 2
_MIN_TEXT_WORDS: Final = 5


def text_across(pairs: list[tuple[str, str]]) -> list[Signal]:
    """Words in several of an image's parameters (``n=Maria Keller&dx=bipolar II&rx=lithium 600mg``): a chart
    or a placeholder draws one caption; text spread over parameters is a record sent field by field."""
    texts = [v for _, v in pairs if " " in v.strip() and len(_WORDS.findall(v)) >= 2]
    words = sum(len(_WORDS.findall(v)) for v in texts)
    if len(texts) >= _MIN_TEXT_VALUES and words >= _MIN_TEXT_WORDS:
        return [Signal(Strength.PAYLOAD, f"{words} words of text across {len(texts)} parameters")]
    return []


def conversation_words(pairs: list[tuple[str, str]], conv: Conversation) -> list[Signal]:
    """An image whose values are, almost word for word, the user's words (a name, an employer, a diagnosis):
    each is ordinary, together they are what the user said."""
    if not conv.words:
        return []
    words = set().union(*(distinctive_words(v) for _, v in pairs))
    shared = words & conv.words
    if len(shared) >= _MIN_CONVERSATION_WORDS and 3 * len(shared) >= 2 * len(words):
        return [Signal(Strength.STRONG, f"{len(shared)} of the user's words")]
    return []


def collector_signal(catcher: Collector, host: str, path: str, pairs: list[tuple[str, str]],
                     signals: list[Signal]) -> Signal:
    """Anything beyond a request catcher's or tunnel's own address is data for whoever reads its log."""
    where = f"{catcher.service} ({catcher.suffix})"
    carried = [*data_labels(catcher, host), *(s for s in data_segments(catcher, path) if not _PLACEHOLDER.fullmatch(s)),
               *(v for _, v in pairs if _carries(v))]
    if carried or signals:
        return Signal(Strength.STRONG, f"sends data to {where}")
    return Signal(Strength.NOTE, f"points to {where}")


# User names that clone URLs and docs put before a host: a role or account type, not a person's data.
_ROLE_USER: Final = re.compile(r"(?i)git|anonymous|guest|admin|root|user(?:name)?|me|oauth2|x-access-token|token|ftp")


def userinfo_signals(userinfo: list[str]) -> list[Signal]:
    """A password, or a user name that is not a plain handle (``mlindqvist@bitbucket.org`` is one), is data."""
    if not userinfo:
        return []
    name, password = userinfo[0], (userinfo[1] if len(userinfo) > 1 else "")
    given = [v for v in (name, password) if len(set(v)) > 1 and not _PLACEHOLDER.fullmatch(v)
             and not _EXAMPLE_VALUE.search(v) and not _ROLE_USER.fullmatch(v)]  # 1111, xxxx: filler
    if not given:
        return []
    handle = re.fullmatch(r"[A-Za-z][\w.-]{0,38}", name) is not None and not personal_data(name)
    # docs write "user:p/ss@" or "admin:pass@"; a real password is longer or has a digit
    real_password = password in given and (len(password) >= 6 or any(c.isdigit() for c in password))
    if real_password or (name in given and not handle) or credential_format(name):
        return [Signal(Strength.STRONG, "data in the URL's user name or password (sent on a click)")]
    return []


def spelled_out(text: str) -> list[Signal]:
    """A fragment or path segment that holds a sentence of eight words or more: paths hold slugs and file names,
    fragments hold anchors; a sentence there (names, numbers, an address) was put there to be read elsewhere."""
    words = _WORDS.findall(text)
    if len(words) >= _SENTENCE_WORDS:
        return [Signal(Strength.STRONG, f"a {len(words)}-word sentence where a URL holds names, not text")]
    return []


def _carries(value: str) -> bool:
    """Whether a catcher-bound value holds content, not a placeholder, an example or a counter."""
    value = value.strip()
    if not value or _PLACEHOLDER.fullmatch(value) or _EXAMPLE_VALUE.fullmatch(value):
        return False
    return not (value.isdigit() and len(value) < 3)  # ?page=2, ?v=1: counters, not data


def label_signals(labels: list[str]) -> list[Signal]:
    signals = []
    for label in labels:
        if decodings(label) or short_hex_text(label):
            signals.append(Signal(Strength.STRONG, "encoded text in a subdomain (sent by DNS before any request)"))
        elif long_number(label) or personal_data(label):
            signals.append(Signal(Strength.STRONG, "a long number in a subdomain (sent by DNS before any request)"))
        elif named_secret(label) or credential_format(label):
            signals.append(Signal(Strength.STRONG, "a secret in a subdomain (sent by DNS before any request)"))
        elif _NARRATIVE.intersection(label.split("-")) and label.count("-") >= 2:
            signals.append(Signal(Strength.STRONG, "a sentence in a subdomain (sent by DNS before any request)"))
        elif len(label) >= 24 and random_label(label):
            signals.append(Signal(Strength.PAYLOAD, "random-looking subdomain label (DNS exfiltration)"))
    # "4471.pin.evil.test": a secret's name and its value in neighbouring labels
    if any(named_secret(f"{b}-{a}") or named_secret(f"{a}-{b}") for a, b in pairwise(labels)):
        signals.append(Signal(Strength.STRONG, "a secret in a subdomain (sent by DNS before any request)"))
    if len(labels) >= 4 and sum(map(len, labels)) >= 40:
        signals.append(Signal(Strength.PAYLOAD, f"{len(labels)} subdomain labels (DNS exfiltration)"))
    return signals


def segment_signals(segments: list[str], autoload: bool) -> list[Signal]:
    """An image's path is payload as much as its query; a link's path holds slugs and document ids, so only
    encoded text, narrated data or a very long segment count there."""
    signals = []
    for segment in segments:
        if "=" in segment:
            key, value = segment.split("=", 1)
            signals += value_signals(key, value, autoload)
            continue
        stem = segment.rsplit(".", 1)[0] if "." in segment[-6:] else segment
        stem = _RETINA.sub("", stem)  # icon@2x: a pixel density, not a password's punctuation
        if content_hash_name(stem):
            continue
        if personal_data(segment):
            signals.append(Signal(Strength.STRONG, "an e-mail address, card, phone or social security number"))
            continue
        if credential_format(segment) or named_secret(segment):
            signals.append(Signal(Strength.STRONG, "a credential in the path"))
            continue
        if _narrated_slug(stem):
            signals.append(Signal(Strength.STRONG, "a sentence about the conversation in the path"))
            continue
        text = [t for _, t in decodings(stem)]
        if text and (autoload or len(stem) >= 12):
            signals.append(Signal(Strength.STRONG, "encoded text in the path"))
        elif id_shaped(stem):  # a CDN's media id (1*Qm7Tz..., 71TPda7cwUL._AC_SL1500_): judged by length alone
            signals += [Signal(Strength.NOTE, "an id-shaped path segment")] if autoload else []
        elif password_like(stem):
            signals.append(Signal(Strength.STRONG, "a password-shaped path segment"))
        elif " " in stem:
            signals += _prose_signals("", stem, autoload) + spelled_out(stem)
        elif autoload and len(stem) >= 20 and random_looking(stem) and not word_slug(stem):
            signals.append(Signal(Strength.PAYLOAD, f"random-looking {len(stem)}-character path segment"))
        elif len(stem) >= 2 * _LONG_VALUE and random_looking(stem):
            signals.append(Signal(Strength.PAYLOAD, f"{len(stem)}-character path segment"))
    return signals


def value_signals(key: str, value: str, autoload: bool) -> list[Signal]:
    value = value.strip()
    if not value or _PLACEHOLDER.fullmatch(value) or looks_like_url(value) or _SCHEME.match(value):
        return []
    if key and _PERSONAL_KEY.fullmatch(key) and len(value) >= 3:
        return [Signal(Strength.STRONG, f"a value for personal-data parameter {key}")]
    if key and _CREDENTIAL_KEY.fullmatch(key) and len(value) >= 4 and not _EXAMPLE_VALUE.search(value):
        return [Signal(Strength.STRONG, f"a value for credential-named parameter {key}")]
    if key and EXFIL_KEY.fullmatch(key) and len(value) >= 2:
        return [Signal(Strength.STRONG, f"a value for parameter {key}, named for stolen data")]
    if credential_format(value):
        return [Signal(Strength.STRONG, "a credential in a provider's format")]
    if named_secret(value):
        return [Signal(Strength.STRONG, "a named secret and its value")]
    if personal_data(value):
        return [Signal(Strength.STRONG, "an e-mail address, card, phone or social security number")]
    if len(value) >= 16 and value.isdigit() and decodings(value):
        return [Signal(Strength.STRONG, f"encoded text in parameter {key or '(query)'}")]  # hex of digits
    if autoload and pin_shaped(key, value):
        return [Signal(Strength.PAYLOAD, f"a PIN-sized number for parameter {key or '(query)'}")]
    if _NUMERIC.fullmatch(value) or UUID.fullmatch(value) or digest_hex(value) or typed_id(value):
        return []
    if decodings(value):
        return [Signal(Strength.STRONG, f"encoded text in parameter {key or '(query)'}")]
    if " " in value:
        caption = autoload and PRESENTATION_KEY.fullmatch(key)
        if caption and not _NARRATIVE.intersection(_WORDS.findall(value.casefold())):
            return []  # a button's or badge's caption: ?text=Buy+me+a+coffee
        return _prose_signals(key, value, autoload)
    if autoload and spelled_digits(value):
        return [Signal(Strength.PAYLOAD, f"digits spelled as number words for parameter {key or '(query)'}")]
    if id_shaped(value) and not (autoload and key and DATA_KEY.fullmatch(key)):
        # without the conversation a listing's or file's id and a password read alike; an image that sends one
        # under a parameter named for data (?payload=) says which it is
        return [Signal(Strength.NOTE, f"an id-shaped value for parameter {key or '(query)'}")] if autoload else []
    if len(value) >= 20 and random_looking(value) and not _DOMAIN_LIKE.fullmatch(value):
        return [Signal(Strength.PAYLOAD, f"random-looking {len(value)}-character value")]
    if secret_shaped(value) and not (key and PRESENTATION_KEY.fullmatch(key)):
        # an image fetches it unasked; a link's query names what a page shows as often as what it takes, so
        # there only password punctuation (or a parameter named for data) says secret
        if autoload or password_like(value):
            return [Signal(Strength.STRONG, f"a secret-shaped value for parameter {key or '(query)'}")]
        if key and DATA_KEY.fullmatch(key):
            return [Signal(Strength.NOTE, f"a secret-shaped value for parameter {key}")]
    if len(value) >= _LONG_VALUE:
        return [Signal(Strength.PAYLOAD, f"{len(value)}-character value")]
    return []


def _prose_signals(key: str, value: str, autoload: bool) -> list[Signal]:
    words = _WORDS.findall(value.casefold())
    if len(words) < 3:
        return []
    if _NARRATIVE.intersection(words) or (key and _DATA_KEY.fullmatch(key)):
        return [Signal(Strength.STRONG, "a sentence about the conversation")]
    if _sensitive_value(words):
        return [Signal(Strength.STRONG, "a sentence with a sensitive value")]
    if postal_address(value):
        return [Signal(Strength.STRONG, "a postal address")]
    if autoload or len(words) >= 12:
        return [Signal(Strength.PAYLOAD, f"a {len(words)}-word sentence")]
    return [Signal(Strength.NOTE, "a short sentence in a parameter")]


_SLUG_NARRATIVE: Final = re.compile(r"(?:^|[-_])users?[-_](?:said|says|told|typed|wrote|entered|gave|shared)[-_]")


def _narrated_slug(stem: str) -> bool:
    """A hyphenated path segment that gives a secret's value ("password-is-tulip77") or narrates what the user
    said and carries a value with it; blog slugs ("what-users-said-about-v2") have words, not values."""
    if stem.count("-") + stem.count("_") < 2:
        return False
    words = _WORDS.findall(stem.replace("_", " ").casefold())
    if _sensitive_value(words):
        return True
    return bool(_SLUG_NARRATIVE.search(stem.casefold())) and any(
        len(w) >= 4 and any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in words)


def _sensitive_value(words: list[str]) -> bool:
    """A sensitive word followed within two words by a value: "pin 1234", "password is hunter2"."""
    return any(word in _SENSITIVE and any(len(w) >= 4 and any(c.isdigit() for c in w) for w in words[i + 1: i + 4])
               for i, word in enumerate(words))
