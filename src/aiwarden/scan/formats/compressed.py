"""Single compressed streams (gzip, bz2, xz, lzma, zlib as joblib writes them): inflate bounded, rescan."""

from __future__ import annotations

import bz2
import lzma
import zlib
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.zipread import Decompressor, MemberTooLarge, ZipFormatError, inflate_stream
from aiwarden.scan.sniff import sniff
from aiwarden.scan.source import stream_size


def _decompressor(kind: str) -> Decompressor:
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind == "zlib":
        return zlib.decompressobj()
    if kind == "bz2":
        return bz2.BZ2Decompressor()
    if kind == "xz":
        return lzma.LZMADecompressor(lzma.FORMAT_XZ)
    return lzma.LZMADecompressor(lzma.FORMAT_ALONE)


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    from aiwarden.scan.dispatch import scan_bytes, scan_stream

    kind = next(k for k in sniff(f, size) if k in ("gzip", "bz2", "xz", "lzma", "zlib", "zstd"))
    f.seek(0)
    if kind == "zstd":
        ctx.add("archive.unscanned", "zstd-compressed content cannot be inspected without the zstd codec")
        return
    if ctx.depth >= ctx.limits.max_depth:
        ctx.add("archive.too-deep", f"{kind} stream nested beyond depth {ctx.limits.max_depth}")
        return
    limit = ctx.limits.max_member_bytes
    try:
        data = inflate_stream(f, _decompressor(kind), limit, lambda: _decompressor(kind))
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
    if inflated >= ctx.limits.bomb_min_bytes and inflated / max(size, 1) >= ctx.limits.bomb_ratio:
        ctx.add("archive.bomb", f"{kind} stream inflates {size} bytes to {inflated}")
    if isinstance(data, bytes):
        scan_bytes(data, ctx.enter(kind))
    else:
        with data:
            scan_stream(data, ctx.enter(kind), inflated)
