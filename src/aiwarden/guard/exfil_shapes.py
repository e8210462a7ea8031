"""Shapes that tell a value's kind without the conversation: a digest, a typed id, a content-hashed asset name
and a slug of words are names an ordinary URL carries; a random-looking (high-entropy, mixed-class) token is
the shape of an encoded payload or a key.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Final

from aiwarden.guard.exfil_decoders import decodings

_HEX: Final = re.compile(r"[0-9a-fA-F]{8,}")
_N_LOG_N: Final = [0.0] + [n * math.log2(n) for n in range(1, 8193)]  # URLs past 8 KiB are cut before this
_TYPED_ID: Final = re.compile(r"[A-Za-z]{1,2}[_-]?([0-9a-fA-F]{32,128})")
_SLUG_SPLIT: Final = re.compile(r"[-_.]")
_DIGIT: Final = re.compile(r"\d")


def digest_hex(value: str) -> bool:
    """Hex of hash length (md5 to sha512) that decodes to no text: a digest, a commit, an avatar id."""
    return len(value) in (32, 40, 56, 64, 96, 128) and bool(_HEX.fullmatch(value)) and not decodings(value)


def typed_id(value: str) -> bool:
    """A GUID or digest behind a one- or two-letter type tag: SharePoint's ``d=w3f6c...`` (w for a Word file)."""
    m = _TYPED_ID.fullmatch(value)
    return m is not None and digest_hex(m.group(1))


def word_slug(stem: str) -> bool:
    """Words joined by dashes or underscores (``python-logo-master-v3-TM``): a name a person chose. A random
    token that happens to hold dashes has mixed-class chunks longer than a version tag."""
    chunks = [c for c in _SLUG_SPLIT.split(stem) if c]
    return len(chunks) >= 3 and all(c.isalpha() or len(c) <= 3 or c.isdigit() for c in chunks) \
        and sum(len(c) for c in chunks if c.isalpha()) >= 0.6 * sum(map(len, chunks))


def content_hash_name(stem: str) -> bool:
    """``main.3f9a1c2e``, ``logo-8f7a6c5d``, ``chunk_d41d8cd98f00``: an asset name with a content hash."""
    parts = re.split(r"[._-]", stem)
    return len(parts) >= 2 and any(len(p) >= 8 and _HEX.fullmatch(p) for p in parts[1:]) and not decodings(stem)


def random_label(label: str) -> bool:
    """Host names are lower-case, so a random label has two classes at most: letters and digits."""
    digits = sum(c.isdigit() for c in label)
    return 3 <= digits <= len(label) - 3 and _entropy(label) >= 3.5


def _entropy(value: str) -> float:
    """Shannon entropy in bits a character: log2(L) - sum(n log2 n) / L over the character counts n."""
    # not secret_entropy.shannon_entropy: that rounds differently where a value is exactly 3.5 bits, and has no cap
    value = value[: len(_N_LOG_N) - 1]
    size = len(value)
    return math.log2(size) - sum(map(_N_LOG_N.__getitem__, Counter(value).values())) / size if size else 0.0


def random_looking(value: str) -> bool:
    """High-entropy and mixed-class: the shape of an encoded payload or a key, not of a word or an id."""
    if _HEX.fullmatch(value) and len(value) <= 128:
        return False  # hex is a digest or an id unless it decodes to text (checked before)
    classes = (value.lower() != value) + (value.upper() != value) + bool(_DIGIT.search(value))
    if classes < 2 or (classes == 2 and len(value) < 32) or len(set(value)) < 12:
        return False  # 3.5 bits a character needs a dozen different characters at least
    return _entropy(value) >= 3.5
