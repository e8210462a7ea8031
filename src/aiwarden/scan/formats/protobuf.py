"""A minimal, bounded protobuf wire-format walker: enough to read ONNX structure without onnx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

VARINT, FIXED64, LENGTH, START_GROUP, END_GROUP, FIXED32 = 0, 1, 2, 3, 4, 5


class TooManyFields(ValueError):
    """The caller's field budget ran out (a bound, not a malformed message)."""


def read_varint(f: BinaryIO) -> int:
    result = 0
    for shift in range(0, 70, 7):
        byte = f.read(1)
        if not byte:
            raise ValueError("truncated varint")
        result |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return result
    raise ValueError("varint too long")


def top_level_fields(f: BinaryIO, end: int, start: int = 0, limit: int = 1_000_000
                     ) -> Iterator[tuple[int, int, int, int]]:
    """Yield (field number, wire type, value start, value length or varint value) between start and end.

    Length-delimited values are skipped by seeking, so huge tensors cost nothing.
    """
    f.seek(start)
    position = start
    count = 0
    while position < end:
        count += 1
        if count > limit:
            raise TooManyFields("too many fields")
        key = read_varint(f)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ValueError("field number 0")
        if wire == VARINT:
            value = read_varint(f)
            yield number, wire, f.tell(), value
        elif wire == FIXED64:
            f.seek(8, 1)
            yield number, wire, f.tell() - 8, 8
        elif wire == FIXED32:
            f.seek(4, 1)
            yield number, wire, f.tell() - 4, 4
        elif wire == LENGTH:
            length = read_varint(f)
            value_start = f.tell()
            if value_start + length > end:
                raise ValueError("length-delimited field runs past its message")
            yield number, wire, value_start, length
            f.seek(value_start + length)
        else:
            raise ValueError(f"unsupported wire type {wire}")
        position = f.tell()
    if position != end:
        raise ValueError("message does not end on a field boundary")
