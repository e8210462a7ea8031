"""Single compressed streams as joblib and Python's readers accept them (gzip, bz2, xz, lzma, zlib, LZ4
frames, joblib's pre-0.9.3 ``ZF`` files): inflate bounded, rescan the content."""

from __future__ import annotations

import bz2
import lzma
import zlib
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.zipread import Decompressor, MemberTooLarge, ZipFormatError, inflate_stream
from aiwarden.scan.sniff import sniff
from aiwarden.scan.source import read_at, stream_size, window

KINDS = ("gzip", "bz2", "xz", "lzma", "zlib", "zstd", "lz4", "zfile")
_ZFILE_HEADER = 2 + 19  # "ZF" + hex length padded to len(hex(2**64))


class _Lz4Frames:
    """lz4.frame's decompressor with the interface inflate_stream uses (its errors are RuntimeError)."""

    def __init__(self) -> None:
        import lz4.frame  # type: ignore[import-untyped]  # lazily: only joblib LZ4 files need it

        self._inner = lz4.frame.LZ4FrameDecompressor()

    def decompress(self, data: bytes, max_length: int = -1, /) -> bytes:
        try:
            return bytes(self._inner.decompress(data, max_length))
        except RuntimeError as exc:
            raise ValueError(str(exc)) from None

    @property
    def eof(self) -> bool:
        return bool(self._inner.eof)

    @property
    def unused_data(self) -> bytes:
        return bytes(self._inner.unused_data or b"")


def _decompressor(kind: str) -> Decompressor:
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind in ("zlib", "zfile"):
        return zlib.decompressobj()
    if kind == "bz2":
        return bz2.BZ2Decompressor()
    if kind == "xz":
        return lzma.LZMADecompressor(lzma.FORMAT_XZ)
    if kind == "lz4":
        return _Lz4Frames()
    return lzma.LZMADecompressor(lzma.FORMAT_ALONE)


def _lz4_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("lz4") is not None


def _compressed_part(f: BinaryIO, size: int, kind: str) -> tuple[BinaryIO, int]:
    """The compressed bytes: all of them, or after joblib's ZF header (and the space joblib 0.8 added)."""
    if kind != "zfile":
        return f, size
    start = _ZFILE_HEADER + (read_at(f, _ZFILE_HEADER, 1) == b" ")
    return window(f, start, size - start), size - start


def _not_really(f: BinaryIO, kind: str) -> bool:
    """Header bytes that only looked like an lzma stream (joblib's test is two bytes): nothing inflates."""
    if kind != "lzma":
        return False
    try:
        _decompressor(kind).decompress(read_at(f, 0, 1 << 16), 1)
    except (zlib.error, lzma.LZMAError, EOFError, ValueError):
        return True
    finally:
        f.seek(0)
    return False


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    from aiwarden.scan.dispatch import scan_bytes, scan_stream

    kind = next(k for k in sniff(f, size) if k in KINDS)
    f.seek(0)
    if kind == "zstd":
        ctx.add("archive.unscanned", "zstd-compressed content cannot be inspected without the zstd codec")
        return
    if kind == "lz4" and not _lz4_available():
        ctx.add("archive.unscanned", "LZ4 frame (joblib loads it when lz4 is installed) cannot be inspected: the "
                "lz4 package is not installed; content unverified")
        return
    if ctx.depth >= ctx.limits.max_depth:
        ctx.add("archive.too-deep", f"{kind} stream nested beyond depth {ctx.limits.max_depth}")
        return
    if _not_really(f, kind):
        return
    limit = ctx.limits.max_member_bytes
    stream, stream_bytes = _compressed_part(f, size, kind)
    try:
        data = inflate_stream(stream, _decompressor(kind), limit, lambda: _decompressor(kind))
    except MemberTooLarge:
        ratio = limit / max(size, 1)
        if ratio >= ctx.limits.bomb_ratio:
            ctx.add("archive.bomb", f"{kind} stream inflates beyond {limit} bytes (ratio > {ratio:.0f})")
        else:
            ctx.add("scan.limit", f"{kind} stream inflates beyond {limit} bytes; not scanned past that")
        return
    except ZipFormatError as exc:
        if kind == "zlib":
            return  # two bytes that only looked like a zlib header
        ctx.add("archive.corrupt-entry", f"{kind} stream: {exc}; what follows was not scanned")
        return
    inflated = len(data) if isinstance(data, bytes) else stream_size(data)
    if inflated >= ctx.limits.bomb_min_bytes and inflated / max(stream_bytes, 1) >= ctx.limits.bomb_ratio:
        ctx.add("archive.bomb", f"{kind} stream inflates {stream_bytes} bytes to {inflated}")
    if isinstance(data, bytes):
        scan_bytes(data, ctx.enter(kind))
    else:
        with data:
            scan_stream(data, ctx.enter(kind), inflated)
