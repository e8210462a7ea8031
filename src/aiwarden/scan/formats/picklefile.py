"""Raw pickle files: plain, stacked, joblib streams, and the legacy (non-zip) PyTorch layout."""

from __future__ import annotations

import struct
from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.pkl.analyze import PickleSummary, scan_pickle_stream
from aiwarden.scan.pkl.vm import looks_like_pickle_start

LEGACY_TORCH_MAGIC = 0x1950A86A20F9469CFC6C


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    summary = scan_pickle_stream(f, ctx, "pickle", max_pickles=1)
    first = summary.traces[0] if summary.traces else None
    if first is not None and first.completed and first.result == LEGACY_TORCH_MAGIC:
        ctx.note_format("torch-legacy")
        _legacy_torch(f, size, ctx)
        return
    if first is not None and first.completed:
        # Stacked pickles: loaders such as torch.load and joblib read more than one.
        position = f.tell()
        head = f.read(2)
        f.seek(position)
        if looks_like_pickle_start(head):
            scan_pickle_stream(f, ctx, "pickle", speculative=True)


def _legacy_torch(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    # magic, protocol version, sys_info, the object, storage keys: then raw storage records.
    summaries = [scan_pickle_stream(f, ctx, "torch", max_pickles=1) for _ in range(4)]
    if not all(s.traces and s.traces[-1].completed for s in summaries):
        return
    storages = summaries[2].storages
    keys_value = summaries[3].traces[0].result
    keys = [k for k in getattr(keys_value, "items", []) if isinstance(k, str)]
    position = f.tell()
    for key in keys:
        record = storages.get(key)
        header = f.read(8)
        if len(header) != 8:
            ctx.add("torch.storage-mismatch", f"storage {key} has no data record", offset=position)
            return
        (numel,) = struct.unpack("<q", header)
        if record is None or record.element_size is None:
            return
        if numel != record.numel or numel < 0 or position + 8 + numel * record.element_size > size:
            ctx.add("torch.storage-mismatch",
                    f"storage {key} declares {record.numel} elements but its data record holds {numel}",
                    offset=position)
            return
        position += 8 + numel * record.element_size
        f.seek(position)
    if position < size:
        # Bytes after the last storage are never read by torch.load; a pickle there is a smuggling attempt.
        scan_pickle_stream(f, ctx, "pickle", speculative=True)


def scan_speculative(f: BinaryIO, ctx: ScanContext) -> bool:
    """Scan content not known to be a pickle (no protocol header); report only if it really is one."""
    head = f.read(2)
    f.seek(0)
    if not looks_like_pickle_start(head):
        return False
    summary: PickleSummary = scan_pickle_stream(f, ctx, "pickle", speculative=True)
    return summary.is_pickle
