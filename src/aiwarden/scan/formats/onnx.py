"""ONNX models: external_data locations that escape the model directory, custom operator domains.

Walks the protobuf wire format directly (no onnx import, tensors skipped by seeking), through
subgraphs and functions, with depth and field-count bounds.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from aiwarden.core.links import link_roots, resolve_within
from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.members import escapes_directory
from aiwarden.scan.formats.protobuf import LENGTH, TooManyFields, top_level_fields

STANDARD_DOMAINS = frozenset(
    {"", "ai.onnx", "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training", "com.microsoft",
     "com.microsoft.nchwc", "com.microsoft.experimental", "ai.onnx.contrib"}
)
EXTERNAL_DATA_KEYS = frozenset({"location", "offset", "length", "checksum"})
MAX_DEPTH = 32
MAX_FIELDS = 2_000_000


class _Budget(ValueError):
    """A bound of the walk was reached: what lies beyond is unverified (scan.limit), not malformed."""

# message -> {field number: child message kind}, as numbered in onnx.proto (AttributeProto: s=4 is bytes,
# t=5 a tensor, g=6 a graph; TrainingInfoProto: initialization=1, algorithm=2)
_CHILDREN: dict[str, dict[int, str]] = {
    "model": {7: "graph", 25: "function", 20: "training"},
    "training": {1: "graph", 2: "graph"},
    "graph": {1: "node", 5: "tensor", 15: "sparse"},
    "function": {7: "node", 11: "attribute"},
    "node": {5: "attribute"},
    "attribute": {5: "tensor", 6: "graph", 10: "tensor", 11: "graph", 22: "sparse", 23: "sparse"},
    "sparse": {1: "tensor", 2: "tensor"},
}


class _Walker:
    def __init__(self, f: BinaryIO, ctx: ScanContext):
        self.f = f
        self.ctx = ctx
        self.domains: set[str] = set()
        self.fields = 0

    def _string(self, start: int, length: int) -> str:
        self.f.seek(start)
        return self.f.read(min(length, 4096)).decode("utf-8", "replace")

    def walk(self, kind: str, start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _Budget(f"messages nested deeper than {MAX_DEPTH} levels")
        if self.ctx.out_of_time():
            raise _Budget("time budget for this file exhausted")
        try:
            fields = list(top_level_fields(self.f, end, start, limit=MAX_FIELDS - self.fields))
        except TooManyFields:
            raise _Budget(f"more than {MAX_FIELDS} protobuf fields") from None
        self.fields += len(fields)
        children = _CHILDREN.get(kind, {})
        for number, wire, value_start, value in fields:
            if wire != LENGTH:
                continue
            if kind == "tensor" and number == 13:
                self._external_entry(value_start, value)
            elif kind == "node" and number == 7:
                self.domains.add(self._string(value_start, value))
            elif kind == "model" and number == 8:
                self._opset(value_start, value)
            elif number in children:
                self.walk(children[number], value_start, value_start + value, depth + 1)

    def _opset(self, start: int, length: int) -> None:
        for number, wire, value_start, value in list(top_level_fields(self.f, start + length, start)):
            if number == 1 and wire == LENGTH:
                self.domains.add(self._string(value_start, value))

    def _external_entry(self, start: int, length: int) -> None:
        key = value = ""
        for number, wire, value_start, size in list(top_level_fields(self.f, start + length, start)):
            if wire == LENGTH and number == 1:
                key = self._string(value_start, size)
            elif wire == LENGTH and number == 2:
                value = self._string(value_start, size)
        if key not in EXTERNAL_DATA_KEYS:
            # onnx's ExternalDataInfo setattr()s every key: "basepath" redirects where data is read from.
            self.ctx.add("onnx.external-path", f"external data key {key!r} (= {value[:80]!r}) is not part of the "
                         "format; loaders set it as an attribute", offset=start, evidence=f"{key}={value}")
            return
        if key != "location":
            return
        problem = escapes_directory(value) or self._link_problem(value)
        if problem:
            self.ctx.add("onnx.external-path", f"external data location {value!r} {problem}", offset=start,
                         evidence=value)

    def _link_problem(self, location: str) -> str | None:
        """For a model file on disk: a location reached through a symbolic link (or a chain of them) that
        leaves the model's directory. The loader opens the path, so the link decides what it reads."""
        if self.ctx.member is not None or not os.path.isfile(self.ctx.path):
            return None  # inside an archive: the location names a file next to wherever it is extracted
        model_dir = os.path.dirname(os.path.abspath(self.ctx.path))
        roots = link_roots(os.path.realpath(model_dir))
        current = model_dir
        for part in location.replace("\\", "/").split("/"):
            current = os.path.join(current, part)
            if os.path.islink(current):
                resolved = resolve_within(current, roots)
                if resolved is None:
                    return (f"goes through the symbolic link {os.path.relpath(current, model_dir)!r}, which leads "
                            "outside the model directory")
                current = resolved
        return None


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    walker = _Walker(f, ctx)
    try:
        walker.walk("model", 0, size, 0)
    except (_Budget, TooManyFields) as exc:
        ctx.add("scan.limit", f"ONNX model not fully walked: {exc}; the rest is unverified")
    except (ValueError, OSError) as exc:
        ctx.add("onnx.malformed", f"ONNX protobuf could not be walked: {exc}")
    custom = sorted(d for d in walker.domains if d not in STANDARD_DOMAINS)
    if custom:
        ctx.add("onnx.custom-domain", f"custom operator domains {', '.join(map(repr, custom))} need native code "
                "from the runtime", evidence=", ".join(custom))
