"""Byte sources for nested content: a read-only window onto part of a larger file, and bounded reads."""

from __future__ import annotations

import io
from typing import BinaryIO


class Window(io.RawIOBase):
    """Bytes [start, start + length) of a seekable file, without copying them."""

    def __init__(self, base: BinaryIO, start: int, length: int):
        super().__init__()
        self._base = base
        self._start = start
        self._length = max(0, length)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        remaining = self._length - self._pos
        if remaining <= 0:
            return 0
        n = min(len(buffer), remaining)
        self._base.seek(self._start + self._pos)
        data = self._base.read(n)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def window(base: BinaryIO, start: int, length: int) -> BinaryIO:
    return io.BufferedReader(Window(base, start, length), buffer_size=1 << 16)


def stream_size(f: BinaryIO) -> int:
    position = f.tell()
    size = f.seek(0, io.SEEK_END)
    f.seek(position)
    return size


def read_at(f: BinaryIO, offset: int, n: int) -> bytes:
    f.seek(offset)
    return f.read(n)
