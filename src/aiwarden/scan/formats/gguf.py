"""GGUF: parse the key-value metadata within bounds; lint the chat templates; check tensor offsets."""

from __future__ import annotations

import struct
from typing import Any, BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.templates import check_template

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
MAX_ARRAY = 50_000_000


class GgufError(ValueError):
    pass


class GgufLimit(GgufError):
    """A bound of ours, not a defect of the file: reported as scan.limit."""


class _Reader:
    def __init__(self, f: BinaryIO, size: int, budget: int, version: int):
        self.f = f
        self.size = size
        self.budget = budget
        self.wide = version >= 2  # v1 used 32-bit lengths and counts

    def read(self, n: int) -> bytes:
        self.budget -= n
        if self.budget < 0:
            raise GgufLimit("metadata exceeds the size limit")
        data = self.f.read(n)
        if len(data) != n:
            raise GgufError("truncated metadata")
        return data

    def skip(self, n: int) -> None:
        """Step over n bytes without reading them (counted against the budget all the same)."""
        self.budget -= n
        if self.budget < 0:
            raise GgufLimit("metadata exceeds the size limit")
        if self.f.tell() + n > self.size:
            raise GgufError("truncated metadata")
        self.f.seek(n, 1)

    def count(self) -> int:
        value: int = struct.unpack("<Q" if self.wide else "<I", self.read(8 if self.wide else 4))[0]
        return value

    def string(self) -> str:
        n = self.count()
        if n > self.size:
            raise GgufError(f"string length {n} exceeds the file size")
        return self.read(n).decode("utf-8", "replace")

    def value(self, kind: int, keep: bool) -> Any:
        if kind in _SCALARS:
            fmt = _SCALARS[kind]
            return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            item_kind = struct.unpack("<I", self.read(4))[0]
            n = self.count()
            if n > MAX_ARRAY:
                raise GgufError(f"array of {n} items exceeds the limit")
            if item_kind in _SCALARS:
                self.skip(n * struct.calcsize(_SCALARS[item_kind]))
                return None
            items = [self.value(item_kind, keep) for _ in range(n)]
            return items if keep else None
        raise GgufError(f"unknown metadata value type {kind}")


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    header = f.read(24)
    if len(header) < 24:
        ctx.add("gguf.malformed", "truncated GGUF header", offset=0)
        return
    (version,) = struct.unpack("<I", header[4:8])
    if version not in (1, 2, 3):
        ctx.add("gguf.malformed", f"unknown GGUF version {version}", offset=4)
        return
    f.seek(8)
    reader = _Reader(f, size, ctx.limits.max_header_bytes, version)
    try:
        tensor_count, kv_count = reader.count(), reader.count()
        if kv_count > 1_000_000 or tensor_count > 10_000_000:
            raise GgufLimit(f"{kv_count} metadata keys / {tensor_count} tensors exceed the limits")
        alignment = 32
        for _ in range(kv_count):
            key = reader.string()
            kind = struct.unpack("<I", reader.read(4))[0]
            keep = key.startswith("tokenizer.chat_template")
            value = reader.value(kind, keep)
            if keep and isinstance(value, str):
                check_template(value, ctx, f"GGUF metadata {key!r}")
            elif key == "general.alignment" and isinstance(value, int):
                alignment = value
        _check_tensors(reader, tensor_count, alignment, size, ctx)
    except GgufLimit as exc:
        ctx.add("scan.limit", f"GGUF metadata not fully read: {exc}", offset=f.tell())
    except (GgufError, struct.error) as exc:
        ctx.add("gguf.malformed", f"GGUF metadata: {exc}", offset=f.tell())


def _check_tensors(reader: _Reader, count: int, alignment: int, size: int, ctx: ScanContext) -> None:
    if alignment <= 0 or alignment & (alignment - 1):
        ctx.add("gguf.malformed", f"general.alignment {alignment} is not a power of two")
        return
    offsets = []
    for _ in range(count):
        name = reader.string()
        n_dims = struct.unpack("<I", reader.read(4))[0]
        if n_dims > 8:
            raise GgufError(f"tensor {name!r} has {n_dims} dimensions")
        reader.read(8 * n_dims if reader.wide else 4 * n_dims)
        reader.read(4)  # ggml type
        (offset,) = struct.unpack("<Q", reader.read(8))
        offsets.append((offset, name))
    data_start = -(-reader.f.tell() // alignment) * alignment
    for offset, name in offsets:
        if data_start + offset > size:
            ctx.add("gguf.malformed", f"tensor {name!r} data offset {offset} lies beyond the end of the file")
            return
