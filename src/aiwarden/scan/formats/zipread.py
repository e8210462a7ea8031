"""A lenient ZIP reader that matches what PyTorch's loader accepts, and reports what it tolerates.

Python's zipfile raises on CRC mismatches, encryption flags or one bad local header; PyTorch (miniz)
ignores the first two and a scanner that aborts on the third is blind to the rest (GHSA-7q5r-7gvp-wc82,
GHSA-w8jq-xcqf-f792, modelscan #354). Here every central-directory entry stands on its own.
"""

from __future__ import annotations

import bz2
import lzma
import stat
import struct
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from aiwarden.scan.formats.zipend import DirectoryLocation, locate
from aiwarden.scan.source import read_at, window

_CDH = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LFH = struct.Struct("<4sHHHHHIIIHH")


class ZipFormatError(ValueError):
    pass


class TooManyEntries(ZipFormatError):
    """More entries than limits.max_entries: the archive is not read (scan.limit, not corruption)."""


@dataclass(slots=True)
class ZipEntry:
    name: str
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    header_offset: int
    external_attr: int
    made_by: int
    central_name: bytes = b""
    central_extra: int = 0
    data_offset: int = -1  # after the local header's name and extra (zipfile and miniz both read these)
    alt_data_offset: int = -1  # after the central directory's lengths instead, where they differ
    local_name: bytes = b""
    local_error: str = ""
    aliases: tuple[str, ...] = ()  # other names Python's zipfile gives the member (see python_names)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & 0x1)

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")

    @property
    def is_symlink(self) -> bool:
        return self.made_by >> 8 == 3 and stat.S_ISLNK(self.external_attr >> 16)


@dataclass(slots=True)
class ZipDirectory:
    entries: list[ZipEntry]
    base_offset: int  # bytes prepended before the archive (polyglots, self-extractors)
    declared_entries: int
    disagreeing: bool = False  # the loaders' readings list different members (all were kept)


def read_directory(f: BinaryIO, size: int, max_entries: int) -> ZipDirectory:
    """The union of the entries every loader's reading of the archive finds (``zipend.locate``)."""
    locations = locate(f, size)
    if not locations:
        raise ZipFormatError("no end-of-central-directory record that a loader would use")
    readings: list[list[ZipEntry]] = []
    errors: list[str] = []
    for location in locations:
        try:
            readings.append(_read_entries(f, location, max_entries))
        except TooManyEntries:
            raise
        except ZipFormatError as exc:
            errors.append(f"{location.reader}: {exc}")
    if not readings:
        raise ZipFormatError("; ".join(errors))
    entries: list[ZipEntry] = []
    seen: set[tuple[str, int, int, int]] = set()
    keys: list[frozenset[tuple[str, int, int, int]]] = []
    for reading in readings:
        reading_keys = [(e.name, e.header_offset, e.compressed_size, e.method) for e in reading]
        keys.append(frozenset(reading_keys))
        for entry, key in zip(reading, reading_keys, strict=True):
            if key not in seen:
                seen.add(key)
                entries.append(entry)
    if len(entries) > max_entries:
        raise TooManyEntries(f"archive holds more than {max_entries} entries")
    for entry in entries:
        _locate_data(f, entry, size)
    return ZipDirectory(entries, locations[0].base, max(loc.total for loc in locations),
                        disagreeing=len(set(keys)) > 1)


def _read_entries(f: BinaryIO, location: DirectoryLocation, max_entries: int) -> list[ZipEntry]:
    if location.by_count and location.total > max_entries:
        raise TooManyEntries(f"archive declares {location.total} entries, over the limit of {max_entries}")
    data = read_at(f, location.start, location.size)
    entries: list[ZipEntry] = []
    pos = 0
    while pos + _CDH.size <= len(data):
        if location.by_count and len(entries) == location.total:
            break  # miniz reads the declared count and no more
        fields = _CDH.unpack_from(data, pos)
        if fields[0] != b"PK\x01\x02":
            break
        if len(entries) >= max_entries:  # more entries than declared: never silently cut
            raise TooManyEntries(f"archive holds more than {max_entries} entries")
        (_, made_by, _, flags, method, _, _, crc, csize, usize, nlen, xlen, clen, _, _, ext_attr, offset) = fields
        raw_name = data[pos + _CDH.size : pos + _CDH.size + nlen]
        extra = data[pos + _CDH.size + nlen : pos + _CDH.size + nlen + xlen]
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        usize, csize, offset = _apply_zip64_extra(extra, usize, csize, offset)
        entries.append(ZipEntry(name, flags, method, crc, csize, usize, offset + location.base, ext_attr, made_by,
                                central_name=raw_name, central_extra=xlen,
                                aliases=python_names(name, raw_name, extra)))
        pos += _CDH.size + nlen + xlen + clen
    if not entries and location.total:
        raise ZipFormatError("central directory is unreadable")
    return entries


def python_names(name: str, raw_name: bytes, extra: bytes) -> tuple[str, ...]:
    """Names Python's zipfile uses for a member besides the header's: the name cut at a NUL byte
    (``_sanitize_filename``) and, from Python 3.12, the Info-ZIP Unicode Path extra field (0x7075) when its
    CRC matches the header name. Loaders look members up by these names (schema.json, config.json)."""
    names: list[str] = []
    if "\0" in name:
        names.append(name.split("\0", 1)[0])
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + length]
        if tag == 0x7075 and len(body) >= 5 and body[0] == 1 and (
                struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw_name)):
            unicode_name = body[5:].decode("utf-8", "replace").split("\0", 1)[0]
            if unicode_name and unicode_name != name:
                names.append(unicode_name)
        pos += 4 + length
    return tuple(dict.fromkeys(n for n in names if n != name))


def _apply_zip64_extra(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + length]
        if tag == 0x0001:
            values = [struct.unpack_from("<Q", body, i)[0] for i in range(0, len(body) - 7, 8)]
            if usize == 0xFFFFFFFF and values:
                usize = values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
        pos += 4 + length
    return usize, csize, offset


def _locate_data(f: BinaryIO, entry: ZipEntry, size: int) -> None:
    header = read_at(f, entry.header_offset, _LFH.size) if entry.header_offset >= 0 else b""
    if len(header) != _LFH.size or not header.startswith(b"PK\x03\x04"):
        entry.local_error = "local file header missing or corrupt"
        return
    nlen, xlen = _LFH.unpack(header)[9:11]
    entry.local_name = read_at(f, entry.header_offset + _LFH.size, nlen)
    entry.data_offset = entry.header_offset + _LFH.size + nlen + xlen
    # Loaders skip the local header by its own lengths; when its name differs from the directory's, a
    # reader going by the directory's lengths would find other bytes, so those are located too.
    alternative = entry.header_offset + _LFH.size + len(entry.central_name) + entry.central_extra
    if (entry.local_name != entry.central_name and alternative != entry.data_offset
            and alternative + entry.compressed_size <= size):
        entry.alt_data_offset = alternative
    if entry.data_offset + entry.compressed_size > size:
        entry.local_error = "entry data extends past the end of the file"


class MemberTooLarge(Exception):
    pass


def open_member(f: BinaryIO, entry: ZipEntry, max_bytes: int) -> BinaryIO | bytes:
    """Stored members come back as a window (no copy); compressed ones are inflated up to max_bytes."""
    if entry.data_offset < 0:
        raise ZipFormatError(entry.local_error or "no data")
    if entry.method == 0:
        return window(f, entry.data_offset, entry.compressed_size)
    raw = window(f, entry.data_offset, entry.compressed_size)
    return inflate(raw, entry.method, max_bytes)


def inflate(raw: BinaryIO, method: int, max_bytes: int) -> bytes | BinaryIO:
    if method == 8:
        return inflate_stream(raw, zlib.decompressobj(-15), max_bytes)
    if method == 12:
        return inflate_stream(raw, bz2.BZ2Decompressor(), max_bytes)
    if method == 14:
        return inflate_stream(raw, _zip_lzma_decompressor(raw), max_bytes)
    raise ZipFormatError(f"unsupported compression method {method}")


def _zip_lzma_decompressor(raw: BinaryIO) -> lzma.LZMADecompressor:
    """ZIP method 14 (APPNOTE 5.8.8): version (2), properties size (2), LZMA1 properties, raw stream."""
    header = raw.read(4)
    if len(header) != 4:
        raise ZipFormatError("truncated LZMA header")
    (size,) = struct.unpack("<H", header[2:])
    props = raw.read(size)
    if size != 5 or len(props) != 5 or props[0] >= 9 * 5 * 5:
        raise ZipFormatError("invalid LZMA properties")
    lc, rest = props[0] % 9, props[0] // 9
    lp, pb = rest % 5, rest // 5
    (dict_size,) = struct.unpack("<I", props[1:])
    filters = [{"id": lzma.FILTER_LZMA1, "dict_size": dict_size, "lc": lc, "lp": lp, "pb": pb}]
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters)


class Decompressor(Protocol):
    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...

    @property
    def eof(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...


SPILL_BYTES = 32 * 1024 * 1024


def inflate_stream(raw: BinaryIO, decomp: Decompressor, max_bytes: int,
                   restart: Callable[[], Decompressor] | None = None) -> bytes | BinaryIO:
    """Decompress until the input ends or the output would exceed max_bytes (MemberTooLarge).

    Small results come back as bytes; larger ones spill to an anonymous temporary file so memory stays
    bounded whatever max_bytes allows.

    With ``restart``, ``raw`` is a whole compressed file: like Python's gzip, bz2 and lzma readers, every
    concatenated stream is inflated (zero padding between them skipped), so a payload in a second stream is
    read; input that ends inside a stream is a ZipFormatError, never a shorter clean result.
    """
    out = bytearray()
    spool: BinaryIO | None = None
    total = 0
    pending = b""
    while True:
        chunk = pending or raw.read(1 << 16)
        pending = b""
        if not chunk:
            break
        try:
            piece = decomp.decompress(chunk, max_bytes + 1 - total)
        except (zlib.error, OSError, lzma.LZMAError, EOFError, ValueError) as exc:
            raise ZipFormatError(f"corrupt compressed data: {exc}") from None
        total += len(piece)
        if total > max_bytes:
            raise MemberTooLarge(f"inflates beyond {max_bytes} bytes")
        if spool is None and len(out) + len(piece) > SPILL_BYTES:
            spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
            spool.write(out)
            out = bytearray()
        if spool is not None:
            spool.write(piece)
        else:
            out += piece
        if restart is not None and decomp.eof:
            pending = _next_stream(raw, decomp.unused_data)
            if not pending:
                break
            decomp = restart()
    if restart is not None and not decomp.eof:
        raise ZipFormatError("truncated: the data ends inside a compressed stream, so its end was not read")
    if spool is None:
        return bytes(out)
    spool.seek(0)
    return spool


def _next_stream(raw: BinaryIO, rest: bytes) -> bytes:
    """The input after one stream's end, zero padding skipped; empty when nothing else follows."""
    rest = rest.lstrip(b"\0")
    while not rest:
        more = raw.read(1 << 16)
        if not more:
            return b""
        rest = more.lstrip(b"\0")
    return rest
