"""NumPy .npy: the header is a Python literal (parsed without eval); object arrays carry a pickle."""

from __future__ import annotations

import ast
import io
import re
import struct
import tokenize
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.pkl.analyze import scan_pickle_stream

MAX_HEADER = 1 << 20


class NpyHeaderError(ValueError):
    pass


class NpyHeaderTooLarge(NpyHeaderError):
    """np.load(allow_pickle=True) lifts NumPy's header size limit, so a longer header still loads."""


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
        raise NpyHeaderTooLarge(f"header of {length} bytes exceeds the scan limit of {MAX_HEADER}")
    text = f.read(length)
    if len(text) != length:
        raise NpyHeaderError("truncated header")
    try:
        header = _literal(text.decode("latin-1" if major < 3 else "utf-8"), retry=major < 3)
    except (ValueError, SyntaxError, RecursionError, MemoryError, UnicodeDecodeError, tokenize.TokenError) as exc:
        raise NpyHeaderError(f"header is not a Python literal ({type(exc).__name__})") from None
    if not isinstance(header, dict) or not {"descr", "fortran_order", "shape"} <= header.keys():
        raise NpyHeaderError("header lacks descr/fortran_order/shape")
    return header, start + length


def _literal(text: str, *, retry: bool) -> object:
    """The header as NumPy's ``_read_array_header`` reads it: ``literal_eval`` (never executes code; the size
    bound keeps it from deep recursion), and for format versions 1 and 2, after a SyntaxError, once more with
    Python 2 long suffixes (``3L``) removed by ``_filter_header``."""
    try:
        return ast.literal_eval(text)
    except SyntaxError:
        if not retry:
            raise
    return ast.literal_eval(_filter_header(text))


def _filter_header(text: str) -> str:
    """NumPy's ``_filter_header``: drop a NAME token ``L`` that directly follows a NUMBER token (lexing only)."""
    tokens: list[tokenize.TokenInfo] = []
    after_number = False
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if not (after_number and token.type == tokenize.NAME and token.string == "L"):
            tokens.append(token)
        after_number = token.type == tokenize.NUMBER
    return tokenize.untokenize(tokens)


# What NumPy accepts as a dtype without objects: type codes (with byte order and size) and the scalar names.
# Anything else is taken to hold objects, so its data is scanned as the pickle np.load(allow_pickle=True) reads:
# 'object', 'O', ('|O', (1,)) and spellings not listed here all count (prove free of objects, or scan).
_PLAIN_CODE = re.compile(r"[<>|=]?(?:[?bBhHiIlLqQpPnNefdgFDGc]|[biufcSUVa]\d+|[SUVa]|[mM]8(?:\[\d*[A-Za-z]+\])?)")
_PLAIN_NAMES = frozenset(
    """bool bool_ byte ubyte short ushort intc uintc int_ uint long ulong longlong ulonglong intp uintp half
    single double longdouble csingle cdouble clongdouble float16 float32 float64 float96 float128 complex64
    complex128 complex192 complex256 int8 int16 int32 int64 uint8 uint16 uint32 uint64 bytes_ str_ void int
    float complex bytes str datetime64 timedelta64""".split()
)
_PLAIN_TIME = re.compile(r"(?:datetime64|timedelta64)\[\d*[A-Za-z]+\]")


def _has_object(descr: object, depth: int = 0) -> bool:
    """True unless ``descr`` is proven free of Python objects (as NumPy's descr_to_dtype would read it)."""
    if depth > 32:
        return True
    if isinstance(descr, str):
        return not (_PLAIN_CODE.fullmatch(descr) or descr in _PLAIN_NAMES or _PLAIN_TIME.fullmatch(descr))
    if isinstance(descr, tuple):  # a subarray: (base dtype, shape)
        return len(descr) != 2 or _has_object(descr[0], depth + 1)
    if isinstance(descr, list):  # a structured dtype: (name, dtype) or (name, dtype, shape) per field
        return not descr or any(not isinstance(field, tuple) or len(field) not in (2, 3)
                                or _has_object(field[1], depth + 1) for field in descr)
    return True


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    try:
        header, data_start = parse_header(f)
    except NpyHeaderTooLarge as exc:
        ctx.add("scan.limit", f".npy header not read: {exc}; np.load(allow_pickle=True) reads it, so the file "
                "is unverified", offset=0)
        return
    except NpyHeaderError as exc:
        ctx.add("pickle.malformed", f"invalid .npy header: {exc}", offset=0)
        return
    if not _has_object(header["descr"]):
        return
    ctx.add("numpy.object-array", f"object array (descr {header['descr']!r}); needs allow_pickle=True to load",
            offset=data_start)
    f.seek(data_start)
    scan_pickle_stream(f, ctx.enter("object-array"), "numpy")
