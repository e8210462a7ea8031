"""Identify formats by content (magic bytes and structure), never by file name. Polyglots match several."""

from __future__ import annotations

import json
import struct
from typing import BinaryIO

from aiwarden.scan.source import read_at

HEAD = 1024
_ZIP_TAIL = 65_536 + 22


def sniff(f: BinaryIO, size: int) -> list[str]:
    head = read_at(f, 0, HEAD)
    kinds: list[str] = []
    if head.startswith(b"\x80") and len(head) > 1 and head[1] <= 5:
        kinds.append("pickle")
    if head.startswith(b"\x93NUMPY"):
        kinds.append("numpy")
    elif head.startswith(b"GGUF"):
        kinds.append("gguf")
    elif head.startswith(b"\x89HDF\r\n\x1a\n"):
        kinds.append("hdf5")
    elif head.startswith(b"7z\xbc\xaf\x27\x1c"):
        kinds.append("7z")
    elif head.startswith(b"\x1f\x8b"):
        kinds.append("gzip")
    elif head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        kinds.append("bz2")
    elif head.startswith(b"\xfd7zXZ\x00"):
        kinds.append("xz")
    elif head.startswith(b"\x5d\x00\x00") and len(head) >= 13:
        kinds.append("lzma")
    elif head.startswith(b"\x28\xb5\x2f\xfd"):
        kinds.append("zstd")
    elif _is_zlib(head):
        kinds.append("zlib")
    elif _is_safetensors(head, size):
        kinds.append("safetensors")
    if _is_tar(head):
        kinds.append("tar")
    if _is_zip(f, head, size):
        kinds.append("zip")
    if not kinds and _is_onnx(f, head, size):
        kinds.append("onnx")
    elif not kinds and _is_savedmodel(f, head, size):
        kinds.append("savedmodel")
    if "hdf5" not in kinds and size > 512:
        from aiwarden.scan.formats.hdf5read import find_superblock

        if find_superblock(f, size) > 0:  # after a user block: h5py opens it all the same
            kinds.append("hdf5")
    stripped = head.lstrip()
    if not kinds and stripped[:2] in (b"{%", b"{{", b"{#"):
        kinds.append("jinja")  # chat_template.jinja files start like JSON objects
    elif not kinds and _json_object_start(head) and size <= 256 * 1024 * 1024:
        kinds.append("json")
    if not kinds and _is_chat_template(f, size):
        kinds.append("jinja")
    return kinds


def _json_object_start(head: bytes) -> bool:
    """Starts like a JSON object the way json.loads(bytes) reads it: UTF-8 (with or without a byte-order
    mark), UTF-16 or UTF-32, whitespace first."""
    if head.lstrip()[:1] == b"{":
        return True
    encoding = json.detect_encoding(head[:4]) if len(head) >= 4 else "utf-8"
    if encoding == "utf-8":
        return False
    usable = len(head) - len(head) % 4
    return head[:usable].decode(encoding, "ignore").lstrip()[:1] == "{"


def _is_chat_template(f: BinaryIO, size: int) -> bool:
    """A Jinja chat template file (chat_template.jinja): text with Jinja tags that formats messages."""
    if size > 4 * 1024 * 1024:
        return False
    text = read_at(f, 0, size)
    if b"\0" in text:
        return False
    return (b"{%" in text or b"{{" in text) and b"message" in text


def _is_zlib(head: bytes) -> bool:
    if len(head) < 2:
        return False
    cmf, flg = head[0], head[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf * 256 + flg) % 31 == 0 and not flg & 0x20


def _is_safetensors(head: bytes, size: int) -> bool:
    if len(head) < 10:
        return False
    (n,) = struct.unpack("<Q", head[:8])
    # A header longer than the file is still safetensors (a malformed one): the handler reports it.
    return n >= 2 and head[8:9] == b"{"


def _is_tar(head: bytes) -> bool:
    if len(head) < 512:
        return False
    if head[257:262] == b"ustar":
        return True
    # Old V7 tar: no magic, but a valid octal header checksum.
    try:
        stored = int(head[148:156].split(b"\0", 1)[0].strip() or b"-1", 8)
    except ValueError:
        return False
    computed = sum(head[:148]) + 8 * 32 + sum(head[156:512])
    return stored == computed and head[0] != 0


def _is_zip(f: BinaryIO, head: bytes, size: int) -> bool:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return True
    if size < 22:
        return False
    tail_start = max(0, size - _ZIP_TAIL)
    tail = read_at(f, tail_start, size - tail_start)
    return _cd_in_tail(tail)


def _cd_in_tail(tail: bytes) -> bool:
    index = tail.rfind(b"PK\x05\x06")
    return index >= 0 and len(tail) - index >= 22


def _is_savedmodel(f: BinaryIO, head: bytes, size: int) -> bool:
    # SavedModel: saved_model_schema_version (field 1) and meta_graphs (field 2); KerasMetadata /
    # SavedObjectGraph variants also start with small field numbers. Require TensorFlow's vocabulary too.
    if not head[:1] or head[0] not in (0x08, 0x12, 0x0A) or size < 16:
        return False
    from aiwarden.scan.formats.protobuf import top_level_fields

    try:
        fields = {number for number, _, _, _ in top_level_fields(f, size, limit=100_000)}
    except ValueError:
        return False
    return bool(fields) and fields <= {1, 2} and (b"tensorflow" in head or b"meta_info_def" in head
                                                  or b"serving_default" in read_at(f, 0, min(size, 1 << 20)))


_MODEL_PROTO_KEYS = frozenset({0x08, 0x12, 0x1A, 0x22, 0x28, 0x32, 0x3A, 0x42, 0x72, 0xA2, 0xCA})


def _is_onnx(f: BinaryIO, head: bytes, size: int) -> bool:
    # A ModelProto holds a graph (field 7); writers put ir_version (field 1) first, but loaders accept any
    # field order, so any ModelProto field key may start the file.
    if not head or head[0] not in _MODEL_PROTO_KEYS or size < 8:
        return False
    from aiwarden.scan.formats.protobuf import top_level_fields

    try:
        fields = {number for number, _, _, _ in top_level_fields(f, size, limit=100_000)}
    except ValueError:
        return False
    # ir_version, graph and opset_import are present in every model onnx.checker accepts.
    return {1, 7, 8} <= fields <= {1, 2, 3, 4, 5, 6, 7, 8, 10, 14, 20, 25, 26}
