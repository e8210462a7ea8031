"""Checksums providers build into their keys, so a real key can be told from a typo or an invented example.

GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens: a 4-character prefix, 30 random base62
characters, then the CRC32 of those 30 characters in base62 (digits, upper, lower), left-padded with "0" to 6.
Source: GitHub's "Behind GitHub's new authentication token formats" (2021) and npm's token announcement (2021).
"""

from __future__ import annotations

import zlib
from typing import Final

_BASE62: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RANDOM_PART: Final = 30
_CHECKSUM_PART: Final = 6


def base62(number: int, width: int) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(_BASE62[rest])
    return "".join(reversed(digits)).rjust(width, "0")


def crc32_base62(random_part: str) -> str:
    """The 6-character checksum GitHub and npm append to a token's random part."""
    return base62(zlib.crc32(random_part.encode("ascii")), _CHECKSUM_PART)


def github_checksum_ok(token: str) -> bool | None:
    """True/False for a 40-character prefixed token whose checksum can be checked; None for other lengths."""
    body = token.split("_", 1)[1] if "_" in token else ""
    if len(body) != _RANDOM_PART + _CHECKSUM_PART or not body.isascii():
        return None
    return crc32_base62(body[:_RANDOM_PART]) == body[_RANDOM_PART:]
