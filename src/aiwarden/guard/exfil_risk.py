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

This module composes the parts: ``exfil_url_parts`` takes the URL apart, ``exfil_decoders`` reads each piece's
encodings, ``exfil_conversation`` matches the conversation's data, ``exfil_signals`` (with ``exfil_shapes``)
judges each piece alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import unquote

from aiwarden.guard.exfil_collectors import collector, data_labels
from aiwarden.guard.exfil_conversation import Conversation
from aiwarden.guard.exfil_decoders import decodings, respelled
from aiwarden.guard.exfil_known import diagram_host, well_known
from aiwarden.guard.exfil_messages import message_link, secret_in_message
from aiwarden.guard.exfil_personal import card_or_ssn, contact
from aiwarden.guard.exfil_signals import (
    Signal,
    Strength,
    collector_signal,
    conversation_words,
    label_signals,
    segment_signals,
    spelled_out,
    text_across,
    userinfo_signals,
    value_signals,
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
from aiwarden.guard.exfil_values import credential_format, provider_zone


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


# A percent-escape of a letter or digit: nothing needs one, so a run of them hides what they spell.
_HIDDEN_ALNUM: Final = re.compile(r"%(?:3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa])")
_MIN_HIDDEN: Final = 4


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
            signals += label_signals(labels)
        signals += segment_signals(segments, autoload)
        # a link to an image file opens no page that needs parameters: it was written to be fetched
        image_file = IMAGE_FILE.search(parts.path) is not None
        for key, value in pairs:
            signals += value_signals(key, value, autoload)
        if autoload or image_file:
            signals += text_across(pairs) + conversation_words(pairs, conv)
        for key, value in fragment + tracked:
            signals += [s for s in value_signals(key, value, autoload) if s.strength >= Strength.STRONG]
            if " " in value and key != ":~:text":  # a text fragment quotes the page it opens
                signals += spelled_out(value)
        signals += userinfo_signals(userinfo)
        if len(_HIDDEN_ALNUM.findall(url)) >= _MIN_HIDDEN:
            signals.append(Signal(Strength.STRONG, "letters and digits percent-encoded to hide them"))
        if catcher is not None:
            signals.append(collector_signal(catcher, host, parts.path, pairs, signals))
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
