"""Where each real ZIP reader finds the central directory, so the scanner reads what every loader reads.

Two readers load model archives and they disagree on crafted files:

- Python's ``zipfile`` (NumPy ``.npz``, Keras, skops, joblib and torch's Python side): the end record is the
  last 22 bytes when they hold one with no comment, otherwise the last signature in the final 64 KiB + 22
  (a truncated one there is a failure). A zip64 locator 20 bytes before it counts only when the zip64 record
  sits right before the locator; the locator's own offset is ignored. The directory is taken to end where
  those records start, and every offset is shifted by the difference to the declared one (prepended data).
  Entries are read by the directory's byte size; the entry count is ignored.
- miniz (PyTorch's C++ ``PyTorchStreamReader``): the end record is the last signature with 22 bytes after it,
  found scanning back in 4 KiB chunks; the zip64 record is read at the offset the locator names; offsets
  are absolute (no shift), and exactly the declared number of entries is read.

``locate`` returns each distinct reading; the caller scans the union, so no loader sees a member the scan
did not.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from aiwarden.scan.source import read_at

EOCD_SIG = b"PK\x05\x06"
_EOCD = struct.Struct("<4sHHHHIIH")
_LOCATOR = struct.Struct("<4sIQI")
_ZIP64 = struct.Struct("<4sQHHIIQQQQ")
_TAIL = 65_536 + 22
_MINIZ_CHUNK = 4096


@dataclass(frozen=True, slots=True)
class DirectoryLocation:
    reader: str  # "zipfile" or "miniz"
    eocd: int  # where this reader found the end record
    start: int  # first byte of the central directory
    size: int  # its declared byte size
    base: int  # added to every local-header offset (prepended data, Python only)
    total: int  # entries declared by the end record
    by_count: bool  # True: read exactly ``total`` entries (miniz); False: read ``size`` bytes (zipfile)


def python_eocd(f: BinaryIO, size: int) -> int | None:
    """The end record Python's zipfile uses (``_EndRecData``), or None where it finds none."""
    if size < _EOCD.size:
        return None
    last = read_at(f, size - _EOCD.size, _EOCD.size)
    if last.startswith(EOCD_SIG) and last.endswith(b"\0\0"):
        return size - _EOCD.size
    tail_start = max(size - _TAIL, 0)
    tail = read_at(f, tail_start, size - tail_start)
    index = tail.rfind(EOCD_SIG)
    if index < 0 or len(tail) - index < _EOCD.size:
        return None  # zipfile takes the last signature even when it is cut short, and fails
    return tail_start + index


def miniz_eocd(f: BinaryIO, size: int) -> int | None:
    """The end record miniz uses (``mz_zip_reader_locate_header_sig``)."""
    if size < _EOCD.size:
        return None
    cursor = max(size - _MINIZ_CHUNK, 0)
    while True:
        chunk = read_at(f, cursor, min(_MINIZ_CHUNK, size - cursor))
        index = chunk.rfind(EOCD_SIG)
        while index >= 0 and size - (cursor + index) < _EOCD.size:
            index = chunk.rfind(EOCD_SIG, 0, index + 3)
        if index >= 0:
            return cursor + index
        if cursor == 0 or size - cursor >= 0xFFFF + _EOCD.size:
            return None
        cursor = max(cursor - (_MINIZ_CHUNK - 3), 0)


def _python_location(f: BinaryIO, eocd: int) -> DirectoryLocation | None:
    _, _, _, _, total, cd_size, cd_offset, _ = _EOCD.unpack(read_at(f, eocd, _EOCD.size))
    end = eocd
    locator = read_at(f, eocd - _LOCATOR.size, _LOCATOR.size) if eocd >= _LOCATOR.size else b""
    if len(locator) == _LOCATOR.size and locator.startswith(b"PK\x06\x07"):
        _, disk, _, disks = _LOCATOR.unpack(locator)
        if disk != 0 or disks > 1:
            return None  # zipfile refuses multi-disk archives
        record_at = eocd - _LOCATOR.size - _ZIP64.size
        record = read_at(f, record_at, _ZIP64.size) if record_at >= 0 else b""
        if len(record) == _ZIP64.size and record.startswith(b"PK\x06\x06"):
            fields = _ZIP64.unpack(record)
            total, cd_size, cd_offset = fields[7], fields[8], fields[9]
            end = record_at
    start = end - cd_size
    if start < 0:
        return None
    return DirectoryLocation("zipfile", eocd, start, cd_size, start - cd_offset, total, by_count=False)


def _miniz_location(f: BinaryIO, eocd: int, size: int) -> DirectoryLocation | None:
    _, disk, cd_disk, on_disk, total, cd_size, cd_offset, _ = _EOCD.unpack(read_at(f, eocd, _EOCD.size))
    if eocd >= _LOCATOR.size + _ZIP64.size:
        locator = read_at(f, eocd - _LOCATOR.size, _LOCATOR.size)
        if locator.startswith(b"PK\x06\x07"):
            _, _, record_at, disks = _LOCATOR.unpack(locator)
            if record_at > size - _ZIP64.size:
                return None
            record = read_at(f, record_at, _ZIP64.size)
            if record.startswith(b"PK\x06\x06"):
                fields = _ZIP64.unpack(record)
                if disks != 1 or fields[1] < _ZIP64.size - 12:
                    return None
                disk, cd_disk, on_disk, total, cd_size, cd_offset = fields[4:10]
    if total != on_disk or ((disk | cd_disk) and (disk, cd_disk) != (1, 1)):
        return None
    if cd_size < total * 46 or cd_offset + cd_size > size:
        return None
    return DirectoryLocation("miniz", eocd, cd_offset, cd_size, 0, total, by_count=True)


def locate(f: BinaryIO, size: int) -> list[DirectoryLocation]:
    """Every distinct central-directory reading of the loaders above (empty: none finds an archive)."""
    found: list[DirectoryLocation] = []
    python_at, miniz_at = python_eocd(f, size), miniz_eocd(f, size)
    candidates = [
        _python_location(f, python_at) if python_at is not None else None,
        _miniz_location(f, miniz_at, size) if miniz_at is not None else None,
    ]
    for location in candidates:
        if location is None:
            continue
        if any((other.start, other.size, other.base) == (location.start, location.size, location.base)
               for other in found):
            continue
        found.append(location)
    return found


def has_end_record(f: BinaryIO, size: int) -> bool:
    """Some loader would look for an archive here (the end record exists for zipfile or miniz)."""
    return python_eocd(f, size) is not None or miniz_eocd(f, size) is not None
