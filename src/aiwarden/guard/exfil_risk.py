"""What a URL carries: the risk model behind the exfiltration detector.

A URL is taken apart into what its request sends: subdomain labels (a DNS lookup sends them before any
HTTP), path segments, query values, and, for links only, the fragment (a browser never sends it, but the page
a click opens reads it). Each piece is read as-is, URL-decoded, and decoded from base64, hex and base32. The
signals, strongest first:

- ``LEAK``: the conversation's own data (secrets, canaries, a run of system-prompt words) found exactly,
  reversed, hex-encoded, inside a decoded piece, or split across pieces (compared with separators squeezed out).
- ``STRONG``: data in general: encoded text (percent-escaped letters included), e-mail, card, phone or postal
  address, a credential-named parameter with a real value, a password-shaped value, data in the user info, a
  sentence that narrates the conversation or fills a path segment or fragment, encoded subdomain labels, the
  user's own words in an image URL.
- ``PAYLOAD``: an opaque payload: a random-looking (high-entropy, mixed-class) value, a long value, a sentence,
  a PIN-sized number or a word no drawing option explains in an image URL.
- ``NOTE``: unusual but common in ordinary links: a short sentence in a query, the user's words in a link.

Hashes (hex of 32-128 digits that decode to no text), UUIDs, numbers, content-hashed file names, tracking
parameters and echoed template markers (``[DATA]``) carry nothing. Well-known services (``exfil_known``) keep
only ``LEAK``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from itertools import pairwise
from typing import Final
from urllib.parse import unquote

from aiwarden.guard.exfil_collectors import Collector, collector, data_labels, data_segments
from aiwarden.guard.exfil_conversation import Conversation, distinctive_words
from aiwarden.guard.exfil_decoders import decodings, respelled
from aiwarden.guard.exfil_known import diagram_host, well_known
from aiwarden.guard.exfil_messages import message_link, secret_in_message
from aiwarden.guard.exfil_personal import (
    UUID,
    card_or_ssn,
    contact,
    personal_data,
    postal_address,
)
from aiwarden.guard.exfil_url_parts import (
    IMAGE_FILE,
    looks_like_url,
    path_segments,
    query_pairs,
    split_url,
    subdomain_labels,
    userinfo_parts,
)
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
    provider_zone,
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


@dataclass(frozen=True, slots=True)
class Assessment:
    host: str
    well_known: bool
    signals: tuple[Signal, ...]
    nested: tuple[str, ...]  # URLs carried inside this one (redirect targets, proxied images)

    @property
    def strength(self) -> Strength | None:
        return max((s.strength for s in self.signals), default=None)

    def reasons(self) -> list[str]:
        ranked = sorted(self.signals, key=lambda s: -s.strength)
        return list(dict.fromkeys(s.reason for s in ranked))


_LONG_VALUE: Final = 64
_SENTENCE_WORDS: Final = 8
# A percent-escape of a letter or digit: nothing needs one, so a run of them hides what they spell.
_HIDDEN_ALNUM: Final = re.compile(r"%(?:3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa])")
_MIN_HIDDEN: Final = 4
# An OAuth client id or a host name as a value (``1042-abc.apps.googleusercontent.com``): names, not payload.
_DOMAIN_LIKE: Final = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){2,}")
_SCHEME: Final = re.compile(r"[a-z][a-z0-9+.-]{1,15}://", re.I)  # ircs://, ssh://: an address, not prose
_RETINA: Final = re.compile(r"@\d(?:\.\d)?x$")

_WORDS: Final = re.compile(r"[^\W_]+")
_HEX: Final = re.compile(r"[0-9a-fA-F]{8,}")
_N_LOG_N: Final = [0.0] + [n * math.log2(n) for n in range(1, 8193)]  # URLs past 8 KiB are cut before this
_TYPED_ID: Final = re.compile(r"[A-Za-z]{1,2}[_-]?([0-9a-fA-F]{32,128})")
_SLUG_SPLIT: Final = re.compile(r"[-_.]")
_DIGIT: Final = re.compile(r"\d")
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


# --- the model ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # a streamed answer is scanned in overlapping windows: the same URLs come back
def assess(url: str, autoload: bool, conv: Conversation) -> Assessment | None:
    """What ``url`` carries when fetched (``autoload``) or clicked; None for URLs that leave nothing behind."""
    parts = split_url(url)
    if parts is None or parts.hostname is None:
        message = message_link(url)
        return _assess_message(*message, conv) if message else None
    host = parts.hostname.rstrip(".")
    known = well_known(host, parts.path)
    catcher = collector(host, parts.path)
    labels = data_labels(catcher, host) if catcher else subdomain_labels(host)
    segments = path_segments(parts.path)
    pairs = query_pairs(parts.query)
    # campaign and click ids are random by design, but a parameter named utm_content or ref can carry anything
    tracked = query_pairs(parts.query, tracking=True)
    # Images never send their fragment; a clicked page's script reads it.
    fragment = [] if autoload else query_pairs(parts.fragment)
    values = [v for _, v in pairs + tracked] + [s.split("=", 1)[1] for s in segments if "=" in s]
    userinfo = userinfo_parts(parts)
    pieces = labels + segments + values + [v for _, v in fragment] + userinfo
    inflate = known and diagram_host(host)
    decoded = [t for p in pieces for _, t in decodings(p, inflate)] + [t for p in pieces for t in respelled(p)]

    signals = []
    nested = tuple(v.strip() for v in [*values, *decoded, *(v for _, v in fragment)] if looks_like_url(v))
    leak = conv.leak(pieces + decoded)
    if leak:
        signals.append(Signal(Strength.LEAK, leak))
    if not known and credential_format(unquote(parts.path + "?" + parts.query)):
        # under any parameter name, tracking ones included
        signals.append(Signal(Strength.STRONG, "a credential in a provider's format"))
    if not known:
        if conv.user_words(pieces + decoded):
            signals.append(Signal(Strength.STRONG if autoload else Strength.NOTE, "contains the user's own words"))
        if catcher is None and not provider_zone(host):
            signals += _label_signals(labels)
        signals += _segment_signals(segments, autoload)
        # a link to an image file opens no page that needs parameters: it was written to be fetched
        image_file = IMAGE_FILE.search(parts.path) is not None
        for key, value in pairs:
            signals += _value_signals(key, value, autoload)
        if autoload or image_file:
            signals += _text_across(pairs) + _conversation_words(pairs, conv)
        for key, value in fragment + tracked:
            signals += [s for s in _value_signals(key, value, autoload) if s.strength >= Strength.STRONG]
            if " " in value and key != ":~:text":  # a text fragment quotes the page it opens
                signals += _spelled_out(value)
        signals += _userinfo_signals(userinfo)
        if len(_HIDDEN_ALNUM.findall(url)) >= _MIN_HIDDEN:
            signals.append(Signal(Strength.STRONG, "letters and digits percent-encoded to hide them"))
        if catcher is not None:
            signals.append(_collector_signal(catcher, host, parts.path, pairs, signals))
    return Assessment(host, known, tuple(signals), nested)


def joined_signal(values: list[str], conv: Conversation) -> Signal | None:
    """The values several requests to one site carry, read in order as one string: the conversation's data or
    a credential split a few characters per request."""
    joined = "".join(values)
    leak = conv.leak([joined, *respelled(",".join(values))])
    if leak:
        return Signal(Strength.LEAK, leak.replace("contains", "together spell", 1))
    # only what the joining makes: one link's own value is judged (and ranked) by itself
    if conv.user_words([joined]) and not conv.user_words(values):
        return Signal(Strength.STRONG, "together spell the user's own data")
    if contact(joined) and not any(map(contact, values)):
        return Signal(Strength.STRONG, "together spell an e-mail address, phone or social security number")
    # only a provider's format: shared suffixes of ordinary values (icon@2x, 02d@2x) join into password shapes
    if credential_format(joined):
        return Signal(Strength.STRONG, "together spell a credential in a provider's format")
    return None


def _text_across(pairs: list[tuple[str, str]]) -> list[Signal]:
    """Words in several of an image's parameters (``n=Maria Keller&dx=bipolar II&rx=lithium 600mg``): a chart
    or a placeholder draws one caption; text spread over parameters is a record sent field by field."""
    texts = [v for _, v in pairs if " " in v.strip() and len(_WORDS.findall(v)) >= 2]
    words = sum(len(_WORDS.findall(v)) for v in texts)
    if len(texts) >= _MIN_TEXT_VALUES and words >= _MIN_TEXT_WORDS:
        return [Signal(Strength.PAYLOAD, f"{words} words of text across {len(texts)} parameters")]
    return []


def _conversation_words(pairs: list[tuple[str, str]], conv: Conversation) -> list[Signal]:
    """An image whose values are, almost word for word, the user's words (a name, an employer, a diagnosis):
    each is ordinary, together they are what the user said."""
    if not conv.words:
        return []
    words = set().union(*(distinctive_words(v) for _, v in pairs))
    shared = words & conv.words
    if len(shared) >= _MIN_CONVERSATION_WORDS and 3 * len(shared) >= 2 * len(words):
        return [Signal(Strength.STRONG, f"{len(shared)} of the user's words")]
    return []


def _assess_message(recipient: str, texts: list[str], conv: Conversation) -> Assessment | None:
    """A ``mailto:``/``sms:`` link: the conversation's data anywhere in it, or a secret in its message."""
    pieces = texts + [t for p in texts for _, t in decodings(p)] + [t for p in texts for t in respelled(p)]
    signals = []
    leak = conv.leak(pieces)
    if leak:
        signals.append(Signal(Strength.LEAK, leak))
    found = secret_in_message(texts, card_or_ssn)
    if found:
        signals.append(Signal(Strength.STRONG, found))
    return Assessment(recipient, False, tuple(signals), ()) if signals else None


def _collector_signal(catcher: Collector, host: str, path: str, pairs: list[tuple[str, str]],
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


def _userinfo_signals(userinfo: list[str]) -> list[Signal]:
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


def _spelled_out(text: str) -> list[Signal]:
    """A fragment or path segment that holds a sentence of eight words or more: paths hold slugs and file names,
    fragments hold anchors; a sentence there (names, numbers, an address) was put there to be read elsewhere."""
    words = _WORDS.findall(text)
    if len(words) >= _SENTENCE_WORDS:
        return [Signal(Strength.STRONG, f"a {len(words)}-word sentence where a URL holds names, not text")]
    return []


def _carries(value: str) -> bool:
    value = value.strip()
    if not value or _PLACEHOLDER.fullmatch(value) or _EXAMPLE_VALUE.fullmatch(value):
        return False
    return not (value.isdigit() and len(value) < 3)  # ?page=2, ?v=1: counters, not data


def _label_signals(labels: list[str]) -> list[Signal]:
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
        elif len(label) >= 24 and _random_label(label):
            signals.append(Signal(Strength.PAYLOAD, "random-looking subdomain label (DNS exfiltration)"))
    # "4471.pin.evil.test": a secret's name and its value in neighbouring labels
    if any(named_secret(f"{b}-{a}") or named_secret(f"{a}-{b}") for a, b in pairwise(labels)):
        signals.append(Signal(Strength.STRONG, "a secret in a subdomain (sent by DNS before any request)"))
    if len(labels) >= 4 and sum(map(len, labels)) >= 40:
        signals.append(Signal(Strength.PAYLOAD, f"{len(labels)} subdomain labels (DNS exfiltration)"))
    return signals


def _segment_signals(segments: list[str], autoload: bool) -> list[Signal]:
    """An image's path is payload as much as its query; a link's path holds slugs and document ids, so only
    encoded text, narrated data or a very long segment count there."""
    signals = []
    for segment in segments:
        if "=" in segment:
            key, value = segment.split("=", 1)
            signals += _value_signals(key, value, autoload)
            continue
        stem = segment.rsplit(".", 1)[0] if "." in segment[-6:] else segment
        stem = _RETINA.sub("", stem)  # icon@2x: a pixel density, not a password's punctuation
        if _content_hash_name(stem):
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
            signals += _prose_signals("", stem, autoload) + _spelled_out(stem)
        elif autoload and len(stem) >= 20 and _random(stem) and not _word_slug(stem):
            signals.append(Signal(Strength.PAYLOAD, f"random-looking {len(stem)}-character path segment"))
        elif len(stem) >= 2 * _LONG_VALUE and _random(stem):
            signals.append(Signal(Strength.PAYLOAD, f"{len(stem)}-character path segment"))
    return signals


def _value_signals(key: str, value: str, autoload: bool) -> list[Signal]:
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
    if _NUMERIC.fullmatch(value) or UUID.fullmatch(value) or _hash(value) or _typed_id(value):
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
    if len(value) >= 20 and _random(value) and not _DOMAIN_LIKE.fullmatch(value):
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


def _hash(value: str) -> bool:
    """Hex of hash length (md5 to sha512) that decodes to no text: a digest, a commit, an avatar id."""
    return len(value) in (32, 40, 56, 64, 96, 128) and bool(_HEX.fullmatch(value)) and not decodings(value)


def _typed_id(value: str) -> bool:
    """A GUID or digest behind a one- or two-letter type tag: SharePoint's ``d=w3f6c...`` (w for a Word file)."""
    m = _TYPED_ID.fullmatch(value)
    return m is not None and _hash(m.group(1))


def _word_slug(stem: str) -> bool:
    """Words joined by dashes or underscores (``python-logo-master-v3-TM``): a name a person chose. A random
    token that happens to hold dashes has mixed-class chunks longer than a version tag."""
    chunks = [c for c in _SLUG_SPLIT.split(stem) if c]
    return len(chunks) >= 3 and all(c.isalpha() or len(c) <= 3 or c.isdigit() for c in chunks) \
        and sum(len(c) for c in chunks if c.isalpha()) >= 0.6 * sum(map(len, chunks))


def _content_hash_name(stem: str) -> bool:
    """``main.3f9a1c2e``, ``logo-8f7a6c5d``, ``chunk_d41d8cd98f00``: an asset name with a content hash."""
    parts = re.split(r"[._-]", stem)
    return len(parts) >= 2 and any(len(p) >= 8 and _HEX.fullmatch(p) for p in parts[1:]) and not decodings(stem)


def _random_label(label: str) -> bool:
    """Host names are lower-case, so a random label has two classes at most: letters and digits."""
    digits = sum(c.isdigit() for c in label)
    return 3 <= digits <= len(label) - 3 and _entropy(label) >= 3.5


def _entropy(value: str) -> float:
    """Shannon entropy in bits a character: log2(L) - sum(n log2 n) / L over the character counts n."""
    value = value[: len(_N_LOG_N) - 1]
    size = len(value)
    return math.log2(size) - sum(map(_N_LOG_N.__getitem__, Counter(value).values())) / size if size else 0.0


def _random(value: str) -> bool:
    """High-entropy and mixed-class: the shape of an encoded payload or a key, not of a word or an id."""
    if _HEX.fullmatch(value) and len(value) <= 128:
        return False  # hex is a digest or an id unless it decodes to text (checked before)
    classes = (value.lower() != value) + (value.upper() != value) + bool(_DIGIT.search(value))
    if classes < 2 or (classes == 2 and len(value) < 32) or len(set(value)) < 12:
        return False  # 3.5 bits a character needs a dozen different characters at least
    return _entropy(value) >= 3.5
