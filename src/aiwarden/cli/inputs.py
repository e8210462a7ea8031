"""Text inputs of the commands (files, stdin, arguments) read as UTF-8, strictly: anything unreadable is a
one-line ``UsageError`` (exit 2) naming the input and the place, never a traceback and never a guess."""

from __future__ import annotations

import json
import sys
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.core.files import read_regular_file


def decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{where}: not valid UTF-8 (line {line}, byte offset {exc.start})") from None


def read_bytes(path: str) -> bytes:
    """A named input file's bytes: a FIFO or device is refused (it could block or never end), not read."""
    return read_regular_file(path)


def read_text(path: str) -> str:
    return decode(read_bytes(path), safe_name(path))


def read_stdin() -> str:
    return decode(sys.stdin.buffer.read(), "stdin")


def argument(text: str, where: str) -> str:
    """A command-line argument: bytes that were not UTF-8 arrive as lone surrogates (surrogateescape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(f"{where}: not valid UTF-8 (character {exc.start})") from None
    return text


def load_json(path: str) -> Any:
    text = read_text(path)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{safe_name(path)}: not valid JSON ({str(exc)[:80]})") from None
