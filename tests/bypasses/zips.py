"""Byte-level ZIP builders for the loader-semantics tests: records written one by one, so the tests can make
the readers (Python's zipfile, PyTorch's miniz) disagree. Archives Python's zipfile can read are checked
against it in the tests themselves."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

PAYLOAD = b"\x80\x02cposix\nsystem\n(S'true'\ntR."  # os.system('true'): never loaded
BENIGN = b"\x80\x02}q\x00X\x01\x00\x00\x00aK\x01s."  # {'a': 1}


@dataclass
class Member:
    name: str
    data: bytes
    local_name: str | None = None  # a different name in the local header
    local_extra: bytes = b""
    central_extra: bytes = b""


def torch_members(pickle: bytes) -> list[Member]:
    """The records PyTorch's reader needs before it hands out data.pkl (a version record) and the pickle."""
    return [Member("m/version", b"3\n"), Member("m/data.pkl", pickle)]


def local_header(member: Member) -> bytes:
    name = (member.local_name if member.local_name is not None else member.name).encode()
    crc = zlib.crc32(member.data)
    return (struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(member.data), len(member.data),
                        len(name), len(member.local_extra)) + name + member.local_extra + member.data)


def central_header(member: Member, offset: int) -> bytes:
    name = member.name.encode()
    crc = zlib.crc32(member.data)
    return (struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, len(member.data),
                        len(member.data), len(name), len(member.central_extra), 0, 0, 0, 0, offset)
            + name + member.central_extra)


def end_record(count: int, cd_size: int, cd_offset: int, comment: bytes = b"", comment_length: int | None = None
               ) -> bytes:
    length = len(comment) if comment_length is None else comment_length
    return struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset, length) + comment


def zip64_record(count: int, cd_size: int, cd_offset: int) -> bytes:
    return struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)


def zip64_locator(record_offset: int) -> bytes:
    return struct.pack("<4sIQI", b"PK\x06\x07", 0, record_offset, 1)


def locals_and_directory(members: list[Member], start: int = 0, offset_shift: int = 0) -> tuple[bytes, bytes]:
    """Local records (placed at ``start``) and their central directory; offsets written minus ``offset_shift``."""
    body = b""
    directory = b""
    for member in members:
        directory += central_header(member, start + len(body) - offset_shift)
        body += local_header(member)
    return body, directory


def archive(members: list[Member], prepend: bytes = b"", comment: bytes = b"") -> bytes:
    """A plain archive; with ``prepend``, offsets are those of the archive alone (as a self-extractor's)."""
    body, directory = locals_and_directory(members)
    return prepend + body + directory + end_record(len(members), len(directory), len(body), comment)
