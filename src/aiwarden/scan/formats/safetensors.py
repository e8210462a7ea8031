"""safetensors: bound the header, then check dtype/shape/offset arithmetic against the file size."""

from __future__ import annotations

import json
import math
import struct
from typing import Any, BinaryIO

from aiwarden.scan.context import ScanContext

DTYPE_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "I16": 16, "U16": 16, "F16": 16,
    "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "F64": 64, "I64": 64, "U64": 64, "C64": 64, "F4": 4,
    "F6_E2M3": 6, "F6_E3M2": 6,
}


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    (length,) = struct.unpack("<Q", f.read(8))
    if length > ctx.limits.max_header_bytes:
        ctx.add("safetensors.header", f"header length {length} exceeds the limit of {ctx.limits.max_header_bytes}",
                offset=0)
        return
    if 8 + length > size:
        ctx.add("safetensors.header", f"header length {length} runs past the end of the {size}-byte file",
                offset=0)
        return
    raw = f.read(length)
    try:
        header = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        ctx.add("safetensors.header", f"header is not valid JSON: {str(exc)[:100]}", offset=8)
        return
    problems = check_header(header, size - 8 - length)
    for problem in problems[:10]:
        ctx.add("safetensors.header", problem, offset=8)


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
