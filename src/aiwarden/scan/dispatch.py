"""Route a byte stream to every format handler its content matches. One explicit table, imported lazily."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.sniff import sniff
from aiwarden.scan.source import stream_size

Handler = Callable[[BinaryIO, int, ScanContext], None]

# format -> "module:function" under aiwarden.scan.formats
HANDLERS: dict[str, str] = {
    "pickle": "picklefile:handle",
    "numpy": "numpyfile:handle",
    "gguf": "gguf:handle",
    "hdf5": "hdf5:handle",
    "7z": "archives:handle_7z",
    "gzip": "compressed:handle",
    "bz2": "compressed:handle",
    "xz": "compressed:handle",
    "lzma": "compressed:handle",
    "zlib": "compressed:handle",
    "zstd": "compressed:handle",
    "lz4": "compressed:handle",
    "zfile": "compressed:handle",
    "safetensors": "safetensors:handle",
    "tar": "archives:handle_tar",
    "zip": "archives:handle_zip",
    "onnx": "onnx:handle",
    "savedmodel": "savedmodel:handle",
    "json": "jsonfile:handle",
    "jinja": "templates:handle",
}


def handler_for(kind: str) -> Handler:
    module_name, function = HANDLERS[kind].split(":")
    module = importlib.import_module(f"aiwarden.scan.formats.{module_name}")
    handler: Handler = getattr(module, function)
    return handler


def scan_stream(f: BinaryIO, ctx: ScanContext, size: int | None = None, *, allow_speculative: bool = True
                ) -> list[str]:
    """Scan one stream as every format it matches; returns the formats recognised (empty: unknown)."""
    if size is None:
        size = stream_size(f)
    kinds = sniff(f, size)
    for kind in kinds:
        if ctx.out_of_time():
            ctx.add("scan.limit", "time budget for this file exhausted; the rest is unverified")
            break
        f.seek(0)
        ctx.note_format(kind)
        handler_for(kind)(f, size, ctx)
    if "pickle" not in kinds and allow_speculative:
        # Protocol 0/1 pickles have no magic; a pickle hidden under any name must still be found.
        from aiwarden.scan.formats.picklefile import scan_speculative

        f.seek(0)
        if scan_speculative(f, ctx):
            kinds.append("pickle")
    f.seek(0)
    return kinds


def scan_bytes(data: bytes, ctx: ScanContext, **kwargs: bool) -> list[str]:
    return scan_stream(io.BytesIO(data), ctx, len(data), **kwargs)
