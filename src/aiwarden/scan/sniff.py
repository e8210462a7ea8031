"""Identify formats by content (magic bytes and structure), never by file name. Polyglots match several."""

from __future__ import annotations

import struct
from typing import BinaryIO

from aiwarden.scan.source import read_at

HEAD = 1024


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
    elif head.startswith(b"BZh") and head[3:4] in b"123456789" and head[4:10] in (_BZ2_BLOCK, _BZ2_END):
        kinds.append("bz2")  # an empty first stream (end marker at once) may precede the one with data
    elif head.startswith(b"\xfd7zXZ\x00"):
        kinds.append("xz")
    elif head.startswith(b"\x5d\x00") and len(head) >= 13:
        kinds.append("lzma")  # joblib's test: any dictionary size
    elif head.startswith(b"\x04\x22\x4d\x18"):
        kinds.append("lz4")  # LZ4 frame; joblib reads it when the lz4 package is installed
    elif _is_joblib_zfile(head):
        kinds.append("zfile")
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
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()  # editors save JSON and templates with a BOM
    if not kinds and stripped[:2] in (b"{%", b"{{", b"{#") and _is_text(head):
        kinds.append("jinja")  # chat_template.jinja files start like JSON objects
    elif not kinds and size <= 256 * 1024 * 1024 and _is_json_object(head):
        kinds.append("json")
    # Text that a template loader renders is a template whatever else its first bytes resemble: eight characters
    # and a brace also look like a safetensors header, a leading brace like JSON.
    if "jinja" not in kinds and _is_chat_template(f, size) and not _is_json(f, size):
        kinds.append("jinja")
    return kinds


def _is_text(head: bytes) -> bool:
    """UTF-8 text without NUL (a template file), allowing a character cut at the end of the sniffed head."""
    import codecs

    if b"\0" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _is_json(f: BinaryIO, size: int) -> bool:
    import json

    try:
        json.loads(read_at(f, 0, size))  # bytes: json detects a byte-order mark and UTF-16/32 as loaders do
    except (ValueError, RecursionError):
        return False
    return True


_BZ2_BLOCK = b"1AY&SY"  # a compressed block's magic (pi)
_BZ2_END = b"\x17rE8P\x90"  # the end-of-stream magic (sqrt(pi))


def _is_joblib_zfile(head: bytes) -> bool:
    """joblib before 0.9.3 wrote compressed pickles as ``ZF`` + the hex length padded to 19 + zlib data."""
    if not head.startswith(b"ZF") or len(head) < 23:
        return False
    try:
        int(head[2:21], 16)
    except ValueError:
        return False
    return True


def _is_json_object(head: bytes) -> bool:
    from aiwarden.scan.formats.jsontext import starts_like_object

    return starts_like_object(head)


def _is_chat_template(f: BinaryIO, size: int) -> bool:
    """A Jinja chat template file (chat_template.jinja, additional_chat_templates/*.jinja): UTF-8 text that
    parses as a Jinja template whose code reads the renderer's chat variables. Python sources and documents
    that merely contain braces do not parse, or never use those variables in template code."""
    if size > 4 * 1024 * 1024:
        return False
    data = read_at(f, 0, size)
    if b"\0" in data or not (b"{%" in data or b"{{" in data):
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    from aiwarden.scan.formats.jinja_ast import is_chat_template

    return is_chat_template(text)


def _is_zlib(head: bytes) -> bool:
    if len(head) < 2:
        return False
    cmf, flg = head[0], head[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf * 256 + flg) % 31 == 0 and not flg & 0x20


def _is_safetensors(head: bytes, size: int) -> bool:
    if len(head) < 10:
        return False
    (n,) = struct.unpack("<Q", head[:8])
    # A header longer than the file is still safetensors (a malformed one): the handler reports it. serde_json
    # skips leading whitespace, so the loader accepts it before the brace (then the length must fit the file,
    # or a JSON text with a brace in its ninth byte would look like one).
    if n < 2:
        return False
    return head[8:9] == b"{" or (n <= size - 8 and head[8:].lstrip(b" \t\n\r")[:1] == b"{")


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
    from aiwarden.scan.formats.zipend import has_end_record

    return has_end_record(f, size)


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
