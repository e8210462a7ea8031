"""safetensors: bound the header, then check dtype/shape/offset arithmetic against the file size."""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
from typing import Any, BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats import jsontext

DTYPE_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "I16": 16, "U16": 16, "F16": 16,
    "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "F64": 64, "I64": 64, "U64": 64, "C64": 64, "F4": 4,
    "F6_E2M3": 6, "F6_E3M2": 6,
}


# The safetensors library refuses longer headers ("header too large"), so such a file never loads.
LOADER_MAX_HEADER = 100_000_000


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    (length,) = struct.unpack("<Q", f.read(8))
    if length > LOADER_MAX_HEADER:
        ctx.add("safetensors.header", f"header length {length} exceeds the {LOADER_MAX_HEADER} bytes the "
                "safetensors loader accepts", offset=0)
        return
    if length > ctx.limits.max_header_bytes:
        ctx.add("scan.limit", f"safetensors header of {length} bytes exceeds the scan limit of "
                f"{ctx.limits.max_header_bytes}; the loader reads it, so it is unverified", offset=0)
        return
    if 8 + length > size:
        ctx.add("safetensors.header", f"header length {length} runs past the end of the {size}-byte file",
                offset=0)
        return
    raw = f.read(length)
    try:
        readings = jsontext.parse(raw)
    except (ValueError, RecursionError) as exc:
        ctx.add("safetensors.header", f"header is not valid JSON: {str(exc)[:100]}", offset=8)
        return
    header = readings.last  # serde_json's map keeps the last of duplicate tensor names, as json does
    if readings.duplicates:
        ctx.add("safetensors.header", f"header repeats keys {sorted(set(readings.duplicates))[:5]}; the loader "
                "keeps the last", offset=8)
    problems = check_header(header, size - 8 - length)
    for problem in problems[:10]:
        ctx.add("safetensors.header", problem, offset=8)
    if isinstance(header, dict):
        for reading in (header, readings.first):
            metadata = reading.get("__metadata__") if isinstance(reading, dict) else None
            if isinstance(metadata, dict):
                scan_metadata(metadata, ctx)


_BASE64 = re.compile(r"(?:data:[\w.+/-]*;base64,)?([A-Za-z0-9+/\s]{24,}={0,2})", re.ASCII)

_HEX = re.compile(r"[0-9a-fA-F]+")


def scan_metadata(metadata: dict[str, Any], ctx: ScanContext) -> None:
    """The loader hands ``__metadata__`` strings to the application untouched; one that decodes from base64
    into a pickle, an archive or another model format is a payload waiting for a caller, so it is scanned
    like a file."""
    from aiwarden.scan.dispatch import scan_bytes

    for key, value in metadata.items():
        if isinstance(value, str) and value.startswith("\x80") and max(map(ord, value)) < 256:
            # a pickle kept as latin-1 text (JSON escapes every byte): value.encode("latin-1") restores it
            scan_bytes(value.encode("latin-1"), ctx.enter(f"__metadata__[{key!r}] (latin-1)"))
            continue
        if not isinstance(value, str) or _HEX.fullmatch(value) or not (match := _BASE64.fullmatch(value.strip())):
            continue  # hashes (hex digests) are common metadata values and are not base64 payloads
        try:
            decoded = base64.b64decode("".join(match.group(1).split()), validate=True)
        except (binascii.Error, ValueError):
            continue
        scan_bytes(decoded, ctx.enter(f"__metadata__[{key!r}] (base64)"))


def check_header(header: Any, buffer_size: int) -> list[str]:
    """Everything the safetensors loader would reject or mis-handle, as messages."""
    if not isinstance(header, dict):
        return ["header is not a JSON object"]
    problems: list[str] = []
    spans: list[tuple[int, int, str]] = []
    for name, info in header.items():
        if name == "__metadata__":
            if not isinstance(info, dict) or not all(isinstance(v, str) for v in info.values()):
                problems.append("__metadata__ must map strings to strings")
            continue
        if not isinstance(info, dict):
            problems.append(f"tensor {name!r}: entry is not an object")
            continue
        dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
        if dtype not in DTYPE_BITS:
            problems.append(f"tensor {name!r}: unknown dtype {dtype!r}")
            continue
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            problems.append(f"tensor {name!r}: invalid shape {shape!r}")
            continue
        if (not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) and o >= 0 for o in offsets) or offsets[0] > offsets[1]):
            problems.append(f"tensor {name!r}: invalid data_offsets {offsets!r}")
            continue
        begin, end = offsets
        bits = math.prod(shape) * DTYPE_BITS[dtype]
        if bits % 8 or end - begin != bits // 8:
            problems.append(f"tensor {name!r}: {dtype}{shape} needs {bits / 8:g} bytes, offsets give {end - begin}")
        if end > buffer_size:
            problems.append(f"tensor {name!r}: data_offsets end {end} beyond the {buffer_size}-byte data buffer")
        spans.append((begin, end, name))
    spans.sort()
    cursor = 0
    for begin, end, name in spans:
        if begin < cursor:
            problems.append(f"tensor {name!r}: data overlaps the previous tensor")
        elif begin > cursor:
            problems.append(f"tensor {name!r}: gap of {begin - cursor} bytes before its data")
        cursor = max(cursor, end)
    return problems
