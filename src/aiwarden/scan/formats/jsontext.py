"""JSON as loaders read it: the encodings ``json.loads(bytes)`` detects (a UTF-8 byte-order mark, UTF-16/32),
leading whitespace, and duplicate keys.

Python's json and serde_json maps (safetensors' tensor table) keep the last of duplicate keys; other parsers
keep the first. A document with duplicates is therefore checked in both readings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_WHITESPACE = " \t\n\r"


def decode(raw: bytes) -> str:
    """The text ``json.loads(raw)`` parses (BOMs and UTF-16/32 detected as it detects them)."""
    return raw.decode(json.detect_encoding(raw), "surrogatepass")


def starts_like_object(head: bytes) -> bool:
    """The first bytes of a file open a JSON object in some encoding json.loads accepts."""
    try:
        text = head.decode(json.detect_encoding(head), "ignore")
    except LookupError:  # pragma: no cover - detect_encoding only names standard codecs
        return False
    return text.lstrip(_WHITESPACE + "\ufeff")[:1] == "{"


@dataclass(slots=True)
class Readings:
    last: Any  # what Python's json and serde_json maps return
    first: Any = None  # the first-key-wins reading, when the document has duplicate keys
    duplicates: list[str] = field(default_factory=list)


def parse(raw: bytes | str, on_object: Callable[[list[tuple[str, Any]]], None] | None = None) -> Readings:
    """Both readings of a document; raises ValueError/RecursionError/UnicodeDecodeError as json.loads does.

    ``on_object`` sees the key/value pairs of every object as written, duplicates included, once."""
    duplicates: list[str] = []

    def keep_last(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if on_object is not None:
            on_object(pairs)
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result and len(duplicates) < 100:
                duplicates.append(key)
            result[key] = value
        return result

    def keep_first(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            result.setdefault(key, value)
        return result

    text = decode(raw) if isinstance(raw, bytes) else raw
    if text.startswith("\ufeff"):
        text = text[1:]  # json.loads(bytes) decodes with utf-8-sig: the mark is not part of the document
    readings = Readings(json.loads(text, object_pairs_hook=keep_last), duplicates=duplicates)
    if duplicates:
        readings.first = json.loads(text, object_pairs_hook=keep_first)
    return readings
