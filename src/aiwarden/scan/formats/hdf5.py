"""HDF5 files (legacy Keras .h5, Keras weights, any h5py file), read structurally without h5py: Keras configs
in attributes, links to other files, datasets whose data lives in other files. What the structural reader
cannot parse is unverified; the byte search for Keras JSON still runs over the file then."""

from __future__ import annotations

import json
import re
from typing import BinaryIO

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.hdf5read import Bounds, Hdf5Structure, read_structure
from aiwarden.scan.formats.keras import check_keras_config
from aiwarden.scan.formats.members import escapes_directory
from aiwarden.scan.source import read_at

WINDOW = 16 * 1024 * 1024
# JSON objects that open with a Keras key, with any whitespace json accepts.
_MARKER = re.compile(r'\{[ \t\r\n]*"(?:class_name|module|config|registered_name)"')
# Attributes the legacy loaders (keras.src.legacy.saving, tf_keras) read from the root group.
_LOADER_ATTRIBUTES = frozenset({"model_config", "training_config"})


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    bounds = Bounds(max_value_bytes=ctx.limits.max_header_bytes)
    structure = read_structure(f, size, bounds)
    _report_links_and_storage(structure, ctx)
    found = _check_attributes(structure, ctx)
    if structure.unparsed:
        shown = "; ".join(structure.unparsed[:3])
        more = f" (+{len(structure.unparsed) - 3} more)" if len(structure.unparsed) > 3 else ""
        ctx.add("scan.limit", f"HDF5 structure not fully verified: {shown}{more}", evidence=shown)
    if structure.unparsed or not found:
        # Configs the structure walk did not reach (unparsed parts, unreachable objects) are still found
        # by their bytes; the loader may read them, so they count as the legacy loader's.
        check_embedded_keras_configs(f, size, ctx, "keras-h5", legacy_h5=True)


def _report_links_and_storage(s: Hdf5Structure, ctx: ScanContext) -> None:
    for dataset, names in s.external_storage:
        listed = ", ".join(repr(n) for n in names[:5])
        # Relative names resolve against the process's working directory (or HDF5_EXTFILE_PREFIX), not
        # the model's folder: every external file is a host file read at load.
        ctx.add("hdf5.external-storage", f"dataset {dataset!r} reads its data from host file(s) {listed}",
                evidence=listed)
    for link, target_file, target_object in s.external_links:
        problem = _escapes(target_file)
        ctx.add("hdf5.external-link", f"link {link!r} opens {target_object!r} in file {target_file!r}"
                + (f" (the path {problem})" if problem else " (a file beside this one)"),
                evidence=f"{link} -> {target_file}:{target_object}",
                severity=None if problem else Severity.MEDIUM)
    for dataset, sources in s.virtual_datasets:
        outside = [src for src in sources if src != "." and (not src or _escapes(src))]
        severity = None if outside or not sources else (
            Severity.LOW if all(src == "." for src in sources) else Severity.MEDIUM)
        described = ", ".join(repr(src) if src else "more sources not decoded" for src in sources) or (
            "sources not decoded")
        ctx.add("hdf5.virtual-dataset", f"virtual dataset {dataset!r} maps data from {described}",
                evidence=described, severity=severity)
    for link, target in s.soft_links[:100]:
        ctx.add("hdf5.soft-link", f"soft link {link!r} points at {target!r} inside this file",
                evidence=f"{link} -> {target}")
    for link, link_class in s.other_links:
        ctx.add("hdf5.external-link", f"link {link!r} has user-defined class {link_class}; its traversal runs "
                "a handler the application registered", evidence=link, severity=Severity.MEDIUM)


def _escapes(name: str) -> str | None:
    if "://" in name:
        return "is a URL"
    return escapes_directory(name)


def _check_attributes(s: Hdf5Structure, ctx: ScanContext) -> bool:
    """Check every string attribute that holds a Keras config; True when one was found."""
    found = False
    decoder = json.JSONDecoder()
    for attribute in s.attributes:
        loader_reads = attribute.path == "/" and attribute.name in _LOADER_ATTRIBUTES
        for value in attribute.strings:
            text = value.decode("utf-8", "replace").strip().lstrip("\ufeff")
            if not text.startswith("{"):
                continue
            try:
                config, _ = decoder.raw_decode(text)
            except (ValueError, RecursionError):
                if loader_reads:
                    ctx.add("scan.limit", f"attribute {attribute.name!r} is not valid JSON; not checked",
                            evidence=attribute.name)
                continue
            if isinstance(config, dict) and ("config" in config or "class_name" in config):
                found = True
                ctx.note_format("keras-h5")
                check_keras_config(config, ctx.enter(f"{attribute.path.rstrip('/')}/@{attribute.name}"),
                                   legacy_h5=loader_reads)
    return found


def check_embedded_keras_configs(f: BinaryIO, size: int, ctx: ScanContext, fmt: str, *,
                                 legacy_h5: bool = False) -> None:
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
                check_keras_config(config, ctx, legacy_h5=legacy_h5)
            index = _next_marker(text, stop)


def _next_marker(text: str, start: int) -> int:
    match = _MARKER.search(text, start)
    return match.start() if match else -1
