"""NumPy .npy: the header is a Python literal (parsed without eval); object arrays carry a pickle."""

from __future__ import annotations

import ast
import struct
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.pkl.analyze import scan_pickle_stream

MAX_HEADER = 1 << 20


class NpyHeaderError(ValueError):
    pass


def parse_header(f: BinaryIO) -> tuple[dict[str, object], int]:
    """Return the header dict and the offset where array data starts."""
    preamble = f.read(8)
    if len(preamble) != 8 or not preamble.startswith(b"\x93NUMPY"):
        raise NpyHeaderError("not a .npy file")
    major = preamble[6]
    if major == 1:
        raw = f.read(2)
        if len(raw) != 2:
            raise NpyHeaderError("truncated header length")
        (length,) = struct.unpack("<H", raw)
        start = 10
    elif major in (2, 3):
        raw = f.read(4)
        if len(raw) != 4:
            raise NpyHeaderError("truncated header length")
        (length,) = struct.unpack("<I", raw)
        start = 12
    else:
        raise NpyHeaderError(f"unknown .npy version {major}")
    if length > MAX_HEADER:
        raise NpyHeaderError(f"header of {length} bytes exceeds the limit")
    text = f.read(length)
    if len(text) != length:
        raise NpyHeaderError("truncated header")
    try:
        # literal_eval never executes code; the size bound above keeps it from deep recursion.
        header = ast.literal_eval(text.decode("latin-1" if major < 3 else "utf-8"))
    except (ValueError, SyntaxError, RecursionError, MemoryError, UnicodeDecodeError) as exc:
        raise NpyHeaderError(f"header is not a Python literal ({type(exc).__name__})") from None
    if not isinstance(header, dict) or not {"descr", "fortran_order", "shape"} <= header.keys():
        raise NpyHeaderError("header lacks descr/fortran_order/shape")
    return header, start + length


def _has_object(descr: object, depth: int = 0) -> bool:
    if depth > 32:
        return True
    if isinstance(descr, str):
        return descr.lstrip("<>|=").startswith("O")
    if isinstance(descr, list):
        return any(_has_object(field[1], depth + 1) for field in descr if isinstance(field, tuple) and len(field) > 1)
    return False


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    try:
        header, data_start = parse_header(f)
    except NpyHeaderError as exc:
        ctx.add("pickle.malformed", f"invalid .npy header: {exc}", offset=0)
        return
    if not _has_object(header["descr"]):
        return
    ctx.add("numpy.object-array", f"object array (descr {header['descr']!r}); needs allow_pickle=True to load",
            offset=data_start)
    f.seek(data_start)
    scan_pickle_stream(f, ctx.enter("object-array"), "numpy")
