"""Edit real skops archives (tests/data/skops, written by skops.io.dump) into bypass variants: schema.json is
rewritten as JSON and members are added with Python's zipfile, the reader skops itself uses. Never loaded."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SKOPS_DATA = Path(__file__).resolve().parent.parent / "data" / "skops"
PIPELINE = Path(__file__).resolve().parent.parent / "corpus" / "benign" / "b29-skops-pipeline.skops"


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)


def node_with_loader(schema: dict[str, Any], loader: str) -> dict[str, Any]:
    return next(node for node in nodes(schema) if node.get("__loader__") == loader)


def rewrite(source: Path, edit: Callable[[dict[str, Any]], None] | None = None,
            extra: dict[str, bytes] | None = None, encode: Callable[[str], bytes] = str.encode) -> bytes:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(members["schema.json"])
    if edit is not None:
        edit(schema)
    members["schema.json"] = encode(json.dumps(schema))
    members.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
