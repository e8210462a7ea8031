"""Opcode-level builders for the bypass tests: every pickle is written byte by byte, never by pickling a live
object, and never loaded."""

from __future__ import annotations

import struct
from pathlib import Path

from aiwarden.core.findings import Report, Severity
from tests.helpers import MARK, REDUCE, STACK_GLOBAL, STOP, TUPLE, proto, scan_bytes_file, uni

EMPTY_TUPLE = b")"
NEWOBJ = b"\x81"
BUILD = b"b"
EMPTY_DICT = b"}"
SETITEMS = b"u"
NEWTRUE = b"\x88"
NEWFALSE = b"\x89"
MEMOIZE = b"\x94"


def sglobal(module: str, name: str) -> bytes:
    """Protocol 4 STACK_GLOBAL: the name may be dotted (find_class walks it with getattr)."""
    return uni(module) + uni(name) + STACK_GLOBAL


def inst(module: str, name: str, *args: bytes) -> bytes:
    return MARK + b"".join(args) + b"i" + module.encode() + b"\n" + name.encode() + b"\n"


def binint1(n: int) -> bytes:
    return b"K" + bytes([n])


def binint(n: int) -> bytes:
    return b"J" + struct.pack("<i", n)


def short_binstring(text: str) -> bytes:
    """Python 2 str (protocol 2 SHORT_BINSTRING)."""
    data = text.encode("latin-1")
    return b"U" + bytes([len(data)]) + data


def tup(*items: bytes) -> bytes:
    return MARK + b"".join(items) + TUPLE


def reduce(func: bytes, *args: bytes) -> bytes:
    return func + tup(*args) + REDUCE


def dict_of(*pairs: tuple[bytes, bytes]) -> bytes:
    return EMPTY_DICT + MARK + b"".join(k + v for k, v in pairs) + SETITEMS


def wrap(body: bytes, protocol: int = 4) -> bytes:
    return proto(protocol) + body + STOP


def scan(tmp_path: Path, data: bytes, name: str = "model.pkl") -> Report:
    return scan_bytes_file(tmp_path, data, name)


def worst(report: Report) -> Severity | None:
    return max((f.severity for f in report.findings), default=None)


