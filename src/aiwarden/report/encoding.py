"""Strings in machine-readable reports: always valid UTF-8, whatever bytes the file names held.

A POSIX file name is bytes; Python keeps the bytes that are not UTF-8 as lone surrogates
(``os.fsdecode``), which no UTF-8 encoder accepts. JSON and SARIF carry such a byte as the four
characters ``\\xNN`` (``aiwarden.core.display.utf8_name``); SARIF URIs percent-encode the real bytes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiwarden.core.display import utf8_name


def utf8_strings(value: Any) -> Any:
    """``value`` (dicts, lists, strings, scalars) with every string made valid UTF-8 text."""
    if isinstance(value, str):
        return utf8_name(value)
    if isinstance(value, dict):
        return {utf8_strings(k): utf8_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [utf8_strings(v) for v in value]
    return value


def name_bytes(name: str) -> bytes:
    """The bytes a walked name stands for (the original bytes of a non-UTF-8 name)."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file system decoding produces: keep it visible
        return name.encode("utf-8", "surrogatepass")


def uri_path(name: str) -> str:
    """A path as an RFC 3986 path: bytes outside the unreserved set (spaces, #, %, :, non-ASCII) are %XX."""
    return quote(name_bytes(name), safe="/")
