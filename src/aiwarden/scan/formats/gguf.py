"""GGUF: parse the key-value metadata within bounds; lint the chat templates; check tensor offsets."""

from __future__ import annotations

import struct
from typing import Any, BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.templates import check_template

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
# What llama.cpp's gguf.cpp refuses (GGUF_MAX_STRING_LENGTH, GGUF_MAX_ARRAY_ELEMENTS): such a file never loads.
LOADER_MAX_STRING = 1 << 30
LOADER_MAX_ARRAY = 1 << 30
# Our own bounds: what is read into memory is capped by Limits.max_header_bytes; strings inside arrays are
# stepped over one length at a time, so their number is capped too. Hitting one is scan.limit, never medium.
MAX_STRING_ITEMS = 8_000_000
MAX_NESTING = 8
_KEY_PREFIX = 256  # key bytes read; the rest of an over-long key is stepped over
_TEMPLATE_KEY = "tokenizer.chat_template"
_CHUNK = 1 << 20


class GgufError(ValueError):
    pass


class GgufLimit(GgufError):
    """A bound of ours, not a defect of the file: reported as scan.limit."""


class _Reader:
    def __init__(self, f: BinaryIO, size: int, budget: int, version: int, ctx: ScanContext):
        self.f = f
        self.size = size
        self.budget = budget
        self.wide = version >= 2  # v1 used 32-bit lengths and counts
        self.ctx = ctx
        self.string_items = 0

    def read(self, n: int, *, kept: bool = True) -> bytes:
        """Read n bytes; those the scan keeps (templates, key names) count against the memory budget."""
        if kept:
            self.budget -= n
            if self.budget < 0:
                raise GgufLimit("metadata exceeds the size limit")
        data = self.f.read(n)
        if len(data) != n:
            raise GgufError("truncated metadata")
        return data

    def skip(self, n: int) -> None:
        """Step over n bytes without reading them: bounded by the file, not by the memory budget."""
        if n > self.size - self.f.tell():
            raise GgufError(f"a value of {n} bytes runs past the end of the file")
        self.f.seek(n, 1)

    def count(self) -> int:
        value: int = struct.unpack("<Q" if self.wide else "<I", self.read(8 if self.wide else 4, kept=False))[0]
        return value

    def string_length(self) -> int:
        n = self.count()
        if n > LOADER_MAX_STRING or n > self.size - self.f.tell():
            raise GgufError(f"string length {n} exceeds the loader's limit or the rest of the file")
        return n

    def string(self) -> str:
        return self.read(self.string_length()).decode("utf-8", "replace")

    def key(self) -> str:
        n = self.string_length()
        if n == 0:
            raise GgufError("empty metadata key")  # gguf.cpp refuses it
        head = self.read(min(n, _KEY_PREFIX))
        self.skip(n - len(head))
        return head.decode("utf-8", "replace")

    def value(self, kind: int, keep: bool, depth: int = 0) -> Any:
        if kind in _SCALARS:
            fmt = _SCALARS[kind]
            return struct.unpack(fmt, self.read(struct.calcsize(fmt), kept=False))[0]
        if kind == _STRING:
            if keep:
                return self.string()
            self.skip(self.string_length())
            return None
        if kind == _ARRAY:
            if depth >= MAX_NESTING:
                raise GgufLimit(f"arrays nested more than {MAX_NESTING} deep")
            item_kind = struct.unpack("<I", self.read(4, kept=False))[0]
            n = self.count()
            if n > LOADER_MAX_ARRAY:
                raise GgufError(f"array of {n} items exceeds the loader's limit")
            if item_kind in _SCALARS:
                self.skip(n * struct.calcsize(_SCALARS[item_kind]))
                return None
            if item_kind == _STRING and not keep:
                self._skip_strings(n)
                return None
            items = []
            for _ in range(n):
                self._tick(1)
                items.append(self.value(item_kind, keep, depth + 1))
            return items if keep else None
        raise GgufError(f"unknown metadata value type {kind}")

    def _skip_strings(self, n: int) -> None:
        """Step over n length-prefixed strings, a chunk of lengths at a time (vocabularies hold 10^5-10^6)."""
        width = 8 if self.wide else 4
        fmt = "<Q" if self.wide else "<I"
        if n * width > self.size - self.f.tell():
            raise GgufError(f"array of {n} strings runs past the end of the file")
        left = n
        while left:
            self._tick(min(left, 65_536))
            position = self.f.tell()
            chunk = self.f.read(_CHUNK)
            offset = 0
            while left and offset + width <= len(chunk):
                (length,) = struct.unpack_from(fmt, chunk, offset)
                if length > LOADER_MAX_STRING:
                    raise GgufError(f"string length {length} exceeds the loader's limit")
                offset += width + length
                left -= 1
                if offset > len(chunk):
                    break
            if offset == 0:
                raise GgufError("truncated metadata")
            self.f.seek(position)
            self.skip(offset)

    def _tick(self, items: int) -> None:
        self.string_items += items
        if self.string_items > MAX_STRING_ITEMS:
            raise GgufLimit(f"more than {MAX_STRING_ITEMS} array items")
        if self.ctx.out_of_time():
            raise GgufLimit("time budget for this file exhausted")


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
    reader = _Reader(f, size, ctx.limits.max_header_bytes, version, ctx)
    seen: set[str] = set()
    duplicates: list[str] = []
    try:
        tensor_count, kv_count = reader.count(), reader.count()
        if kv_count * (14 if reader.wide else 10) > size:  # length, a one-byte key, its type, a one-byte value
            raise GgufError(f"{kv_count} metadata keys cannot fit in a file of {size} bytes")
        alignment = 32
        for index in range(kv_count):
            if index % 4096 == 0 and ctx.out_of_time():
                raise GgufLimit(f"time budget exhausted after {index} of {kv_count} metadata keys")
            key = reader.key()
            if key in seen:
                duplicates.append(key)
            seen.add(key)
            kind = struct.unpack("<I", reader.read(4, kept=False))[0]
            # The default template and every tokenizer.chat_template.<name> (llama-cpp-python offers them all)
            keep = key == _TEMPLATE_KEY or key.startswith(_TEMPLATE_KEY + ".")
            value = reader.value(kind, keep)
            if keep and ctx.out_of_time():
                raise GgufLimit(f"time budget exhausted before chat template {key!r}")
            if keep and isinstance(value, str):
                check_template(value, ctx, f"GGUF metadata {key!r}")
            elif keep and isinstance(value, list):  # not a type loaders read as a template, but judge it
                for item in value:
                    if isinstance(item, str):
                        check_template(item, ctx, f"GGUF metadata {key!r} (array)")
            elif key == "general.alignment" and isinstance(value, int):
                alignment = value
        if duplicates:
            ctx.add("gguf.malformed", f"duplicate metadata keys {sorted(set(duplicates))[:5]}: llama.cpp and gguf-py "
                    "refuse the file; every value was checked")
        _check_tensors(reader, tensor_count, alignment, size, ctx)
    except GgufLimit as exc:
        ctx.add("scan.limit", f"GGUF metadata not fully read: {exc}", offset=f.tell())
    except (GgufError, struct.error) as exc:
        ctx.add("gguf.malformed", f"GGUF metadata: {exc}", offset=f.tell())


def _check_tensors(reader: _Reader, count: int, alignment: int, size: int, ctx: ScanContext) -> None:
    if alignment <= 0 or alignment & (alignment - 1):
        ctx.add("gguf.malformed", f"general.alignment {alignment} is not a power of two")
        return
    if count * (25 if reader.wide else 21) > size:  # name length, a one-byte name, dimensions, type, offset
        raise GgufError(f"{count} tensors cannot fit in a file of {size} bytes")
    offsets = []
    for index in range(count):
        if index % 4096 == 0 and reader.ctx.out_of_time():
            raise GgufLimit(f"time budget exhausted after {index} of {count} tensor entries")
        name = reader.string()
        n_dims = struct.unpack("<I", reader.read(4, kept=False))[0]
        if n_dims > 8:
            raise GgufError(f"tensor {name!r} has {n_dims} dimensions")
        reader.read(8 * n_dims if reader.wide else 4 * n_dims, kept=False)
        reader.read(4, kept=False)  # ggml type
        (offset,) = struct.unpack("<Q", reader.read(8, kept=False))
        offsets.append((offset, name))
    data_start = -(-reader.f.tell() // alignment) * alignment
    for offset, name in offsets:
        if data_start + offset > size:
            ctx.add("gguf.malformed", f"tensor {name!r} data offset {offset} lies beyond the end of the file")
            return
