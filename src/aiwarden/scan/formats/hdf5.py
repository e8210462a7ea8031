"""Legacy Keras HDF5 (.h5): find the model_config attribute JSON without loading HDF5 (no h5py)."""

from __future__ import annotations

import json
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.keras import check_keras_config
from aiwarden.scan.source import read_at

WINDOW = 16 * 1024 * 1024
_MARKERS = ('{"class_name"', '{"module"')


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    # Attributes live in object headers and heaps, usually near the start, sometimes near the end.
    check_embedded_keras_configs(f, size, ctx, "keras-h5")


def check_embedded_keras_configs(f: BinaryIO, size: int, ctx: ScanContext, fmt: str) -> None:
    """Find Keras model-config JSON objects embedded in a binary file and check them."""
    regions = [(0, min(size, WINDOW))]
    if size > WINDOW:
        regions.append((max(WINDOW, size - WINDOW), size))
    decoder = json.JSONDecoder()
    for start, end in regions:
        # latin-1 keeps byte offsets; JSON syntax is ASCII, so parsing is unaffected.
        text = read_at(f, start, end - start).decode("latin-1")
        index = _next_marker(text, 0)
        while index >= 0:
            try:
                config, stop = decoder.raw_decode(text, index)
            except (ValueError, RecursionError):
                index = _next_marker(text, index + 1)
                continue
            if isinstance(config, dict) and ("config" in config or "class_name" in config):
                ctx.note_format(fmt)
                check_keras_config(config, ctx)
            index = _next_marker(text, stop)


def _next_marker(text: str, start: int) -> int:
    hits = [i for i in (text.find(m, start) for m in _MARKERS) if i >= 0]
    return min(hits) if hits else -1
