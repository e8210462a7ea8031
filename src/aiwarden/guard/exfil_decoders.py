"""Layered decoding: what the server behind a URL, or a script on the page it opens, reads back from a piece.

A piece may be percent-encoded several times over (the server decodes as many layers as it likes), encoded as
hex, base64 or base32 (deflated first, for diagram renderers), or spread out one character at a time. The
scorer matches and judges every reading, so an encoding hides nothing it would see in plain text.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from functools import lru_cache
from typing import Final
from urllib.parse import unquote

from aiwarden.guard.exfil_personal import SPREAD_OUT
from aiwarden.guard.exfil_values import spelled_digits

_MIN_TEXT: Final = 8  # decoded text shorter than this could be chance
_MAX_LAYERS: Final = 3  # URL-encoding layers read (parse_qsl or unquote takes the first)
_CHAR_CODES: Final = re.compile(r"\d{2,3}(?:[,;\s]{1,2}\d{2,3}){3,}")
_DIGITS: Final = re.compile(r"\d+")
_B64: Final = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")
_B32: Final = re.compile(r"[A-Za-z2-7]{8,}={0,6}")
_MAX_RESPELLED: Final = 256  # a longer piece is a payload judged whole, not characters spread out
_WORDS: Final = re.compile(r"[^\W_]+")
_HEX: Final = re.compile(r"[0-9a-fA-F]{8,}")


def unquote_layers(value: str) -> str:
    """``value`` with further layers of URL-encoding removed (``%252B1`` is ``+1``): the receiving server decodes
    as many layers as it likes, so the guard reads what the last one gives, up to a small bound."""
    for _ in range(_MAX_LAYERS - 1):
        if "%" not in value:
            break
        peeled = unquote(value)
        if peeled == value:
            break
        value = peeled
    return value


def respelled(piece: str) -> list[str]:
    """``piece`` read back when it spreads characters out: one character between separators (``4.8.2.1``,
    ``5 3 6 - 2 2``) or character codes (``66,108,117,101``). Only the conversation's data can tell such a
    reading from a list of small numbers, so the readings are matched, never judged by shape."""
    piece = piece.strip()
    if len(piece) > _MAX_RESPELLED:
        return []
    if SPREAD_OUT.fullmatch(piece):
        return ["".join(_WORDS.findall(piece))]
    digits = spelled_digits(piece)
    if digits:
        return [digits]
    if _CHAR_CODES.fullmatch(piece):
        codes = [int(c) for c in _DIGITS.findall(piece)]
        if all(32 <= c < 127 for c in codes):
            return ["".join(map(chr, codes))]
    return []


@lru_cache(maxsize=4096)
def decodings(piece: str, inflate: bool = False) -> tuple[tuple[str, str], ...]:
    """(encoding, text) for each way ``piece`` decodes to printable text: hex, base64 (standard or URL-safe),
    base32; with ``inflate``, base64 of zlib/deflate data too (how diagram renderers encode their source)."""
    core = piece.strip().rstrip("=")
    if len(core) < _MIN_TEXT:
        return ()
    out = []
    if len(core) % 2 == 0 and _HEX.fullmatch(core):
        text = _text(binascii.unhexlify(core))
        if text:
            out.append(("hex", text))
    if _B64.fullmatch(core):
        raw = _b64(core)
        text = _text(raw) if raw is not None else None
        if text:
            out.append(("base64", text))
        elif inflate and raw is not None:
            out += [("deflate", t) for t in (_inflate(raw),) if t]
        if inflate and not text:
            plantuml = _b64(core.translate(_PLANTUML))
            out += [("plantuml", t) for t in ((_inflate(plantuml) if plantuml else None),) if t]
    if _B32.fullmatch(core) and len(core) >= 13:
        try:
            decoded = base64.b32decode(core.upper() + "=" * (-len(core) % 8))
        except (binascii.Error, ValueError):
            decoded = b""
        text = _text(decoded)
        if text:
            out.append(("base32", text))
    return tuple(out)


_PLANTUML: Final = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _b64(core: str) -> bytes | None:
    try:
        return base64.b64decode(core.replace("-", "+").replace("_", "/") + "=" * (-len(core) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _inflate(raw: bytes) -> str | None:
    for wbits in (15, -15):
        try:
            return _text(zlib.decompressobj(wbits).decompress(raw, 65536))
        except zlib.error:
            continue
    return None


def _text(raw: bytes) -> str | None:
    """``raw`` as text if it reads as text: valid UTF-8, printable, mostly letters, digits and spaces."""
    if len(raw) < _MIN_TEXT:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not all(c.isprintable() or c in "\n\r\t" for c in text):
        return None
    plain = sum(c.isalnum() or c.isspace() for c in text)
    return text if plain >= 0.7 * len(text) else None
