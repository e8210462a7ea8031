"""ZIP (PyTorch, Keras, skops, npz, TorchScript and generic), tar and 7z archives."""

from __future__ import annotations

import dataclasses
import itertools
import posixpath
import tarfile
import zlib
from typing import BinaryIO

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.members import check_link, check_name, scan_member
from aiwarden.scan.formats.zipread import (
    MemberTooLarge,
    TooManyEntries,
    ZipDirectory,
    ZipEntry,
    ZipFormatError,
    open_member,
    read_directory,
)
from aiwarden.scan.source import read_at, window


def _too_deep(ctx: ScanContext, what: str) -> bool:
    if ctx.depth >= ctx.limits.max_depth:
        ctx.add("archive.too-deep", f"{what} nested beyond depth {ctx.limits.max_depth}; not opened")
        return True
    return False


# -- ZIP ------------------------------------------------------------------------------------------


def handle_zip(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    if _too_deep(ctx, "zip archive"):
        return
    starts_as_zip = read_at(f, 0, 4) in (b"PK\x03\x04", b"PK\x05\x06")
    try:
        directory = read_directory(f, size, ctx.limits.max_entries)
    except TooManyEntries as exc:
        ctx.add("scan.limit", f"zip archive not read: {exc}")
        return
    except ZipFormatError as exc:
        if starts_as_zip:
            ctx.add("archive.corrupt-entry", f"zip archive unreadable: {exc}")
        return  # only the tail looked like a zip
    if directory.base_offset:
        ctx.add("archive.anomaly", f"{directory.base_offset} bytes precede the zip archive (polyglot file)",
                offset=0)
    if directory.disagreeing:
        ctx.add("archive.anomaly", "Python's zipfile and PyTorch's miniz read different central directories "
                "in this archive; the members of both were scanned")
    _check_zip_structure(directory, size, ctx)
    _scan_zip_members(f, directory, ctx)


def _check_zip_structure(directory: ZipDirectory, size: int, ctx: ScanContext) -> None:
    limits = ctx.limits
    entries = directory.entries
    if directory.declared_entries > len(entries):
        # Entries a loader may find that this reader could not list are unread content, not an oddity.
        ctx.add("archive.corrupt-entry", f"directory declares {directory.declared_entries} entries, "
                f"{len(entries)} readable; the others were not scanned")
    declared = sum(e.size for e in entries)
    compressed = sum(e.compressed_size for e in entries)
    if declared > limits.max_declared_bytes or (
        declared >= limits.bomb_min_bytes and declared / max(compressed, 1) >= limits.bomb_ratio
    ):
        ctx.add("archive.bomb", f"{len(entries)} entries inflate {compressed} bytes to {declared}")
    spans = sorted((e.header_offset, e.data_offset + e.compressed_size, e.name) for e in entries
                   if e.data_offset >= 0)
    for (_, end, name), (start, _, other) in itertools.pairwise(spans):
        if start < end:
            ctx.add("archive.bomb", f"entries {name!r} and {other!r} overlap (overlapping-entry zip bomb)")
            break
    for entry in entries:
        for name in entry.names:
            check_name(name, ctx, extractors_strip_root=True)
        if entry.is_symlink:
            check_link(entry.name, "(link target)", "symbolic link", ctx)
        if entry.encrypted:
            ctx.add("archive.anomaly", f"member {entry.name!r} has the encryption flag set; PyTorch ignores it",
                    evidence=entry.name)
        if entry.local_error:
            ctx.add("archive.corrupt-entry", f"member {entry.name!r}: {entry.local_error}", evidence=entry.name)
        elif entry.local_name != entry.central_name:
            ctx.add("archive.anomaly", f"member {entry.name!r} has another name in its local header "
                    f"({entry.local_name[:80]!r}); Python's zipfile refuses it, miniz reads it; scanned as both "
                    "header lengths place it", evidence=entry.name)


def _zip_kind(names: set[str]) -> str:
    if any(n.endswith("/data.pkl") or n == "data.pkl" for n in names):
        return "torch"
    # keras.saving.load_model reads "config.json" first and then model.weights.h5 or .npz; metadata.json is
    # never needed, so any of them with config.json makes a Keras archive.
    if "config.json" in names and names & {"metadata.json", "model.weights.h5", "model.weights.npz"}:
        return "keras"
    if "schema.json" in names:
        return "skops"
    if names and all(n.endswith(".npy") for n in names):
        return "npz"
    return "zip"


def _scan_zip_members(f: BinaryIO, directory: ZipDirectory, ctx: ScanContext) -> None:
    entries = [e for e in directory.entries if not e.is_dir and not e.is_symlink and e.data_offset >= 0]
    names = {name for e in entries for name in e.names}
    kind = _zip_kind(names)
    ctx.note_format({"torch": "pytorch-zip", "zip": "zip"}.get(kind, kind))
    storage_members: set[int] = set()  # header offsets: a duplicate name must not share a storage's pass
    torchscript = kind == "torch" and any(posixpath.basename(n) == "constants.pkl" for n in names)
    if kind == "torch":
        if torchscript:
            ctx.note_format("torchscript")
        storage_members = _scan_torch_pickles(f, entries, ctx, "torchscript" if torchscript else "torch")
    for entry in entries:
        if ctx.out_of_time():
            ctx.add("scan.limit", "time budget for this file exhausted; remaining members unverified")
            return
        if entry.header_offset in storage_members:
            continue  # tensor bytes: checked against their storage records, never parsed
        if not (kind == "torch" and _is_torch_pickle(entry.name, torchscript)):  # those were scanned above
            _scan_zip_entry(f, entry, kind, ctx)
        if entry.alt_data_offset >= 0:
            _scan_alternative(f, entry, kind, ctx)


def _scan_alternative(f: BinaryIO, entry: ZipEntry, kind: str, ctx: ScanContext) -> None:
    """The member as a reader going by the central directory's header lengths would find it. Bytes that do
    not inflate there are no member for any reader, so they are not reported."""
    shifted = dataclasses.replace(entry, data_offset=entry.alt_data_offset, alt_data_offset=-1)
    try:
        open_member(f, shifted, ctx.limits.max_member_bytes)
    except (ZipFormatError, MemberTooLarge):
        return
    _scan_zip_entry(f, shifted, kind, ctx)


def _is_torch_pickle(name: str, torchscript: bool = False) -> bool:
    base = posixpath.basename(name)
    return base in ("data.pkl", "constants.pkl") or (torchscript and base.endswith((".pkl", ".debug_pkl")))


def _read_entry(f: BinaryIO, entry: ZipEntry, ctx: ScanContext) -> BinaryIO | bytes | None:
    limits = ctx.limits
    if entry.method != 0 and entry.size >= limits.bomb_min_bytes and (
            entry.size / max(entry.compressed_size, 1) >= limits.bomb_ratio):
        ctx.add("archive.bomb", f"member {entry.name!r} declares {entry.size} bytes from {entry.compressed_size}; "
                "not inflated", evidence=entry.name)
        return None
    try:
        content = open_member(f, entry, ctx.limits.max_member_bytes)
    except MemberTooLarge:
        ratio = entry.size / max(entry.compressed_size, 1)
        rule = "archive.bomb" if ratio >= ctx.limits.bomb_ratio else "scan.limit"
        ctx.add(rule, f"member {entry.name!r} inflates beyond {ctx.limits.max_member_bytes} bytes; not scanned",
                evidence=entry.name)
        return None
    except ZipFormatError as exc:
        ctx.add("archive.corrupt-entry", f"member {entry.name!r}: {exc}; other members still scanned",
                evidence=entry.name)
        return None
    if not isinstance(content, bytes) and entry.size <= 64 * 1024 * 1024:
        content = content.read()  # read once: the CRC check and the scan share these bytes
    if isinstance(content, bytes) and zlib.crc32(content) != entry.crc:
        ctx.add("archive.anomaly", f"member {entry.name!r} fails its CRC check; PyTorch loads it anyway",
                evidence=entry.name)
    return content


def _scan_zip_entry(f: BinaryIO, entry: ZipEntry, kind: str, ctx: ScanContext) -> None:
    content = _read_entry(f, entry, ctx)
    if content is None:
        return
    base = posixpath.basename(entry.name)
    if kind == "keras" and "config.json" in entry.names:
        from aiwarden.scan.formats.keras import check_keras_json

        if (data := _as_bytes(content, entry.name, ctx)) is not None:
            check_keras_json(data, ctx.enter(entry.name))
        return
    if kind == "skops" and "schema.json" in entry.names:
        from aiwarden.scan.formats.skops import check_schema

        if (data := _as_bytes(content, entry.name, ctx)) is not None:
            check_schema(data, ctx.enter(entry.name))
        return
    if "/code/" in f"/{entry.name}" and base.endswith(".py"):
        from aiwarden.scan.formats.torchscript import check_code

        if (data := _as_bytes(content, entry.name, ctx)) is not None:
            check_code(data, ctx.enter(entry.name))
        return
    scan_member(content, entry.name, ctx, entry.size if not isinstance(content, bytes) else None)


def _as_bytes(content: BinaryIO | bytes, name: str, ctx: ScanContext) -> bytes | None:
    """The whole member, or None (reported) when it is larger than limits.max_header_bytes."""
    limit = ctx.limits.max_header_bytes
    data = content if isinstance(content, bytes) else content.read(limit + 1)
    if len(data) > limit:
        ctx.add("scan.limit", f"member {name!r} is larger than {limit} bytes; not checked", evidence=name)
        return None
    return data


def _scan_torch_pickles(f: BinaryIO, entries: list[ZipEntry], ctx: ScanContext, fmt: str
                        ) -> set[int]:
    """Scan every data.pkl/constants.pkl; return the storage members their tensors point at."""
    from aiwarden.scan.pkl.analyze import scan_pickle_bytes, scan_pickle_stream

    by_name = {e.name: e for e in entries}
    storage_members: set[int] = set()
    for entry in entries:
        if not _is_torch_pickle(entry.name, fmt == "torchscript"):
            continue
        content = _read_entry(f, entry, ctx)
        if content is None:
            continue
        child = ctx.enter(entry.name)
        if isinstance(content, bytes):
            summary = scan_pickle_bytes(content, child, fmt)
        else:
            summary = scan_pickle_stream(content, child, fmt)
        # Storages of X.pkl live in X/<key> (data.pkl -> data/0, traced_inputs.pkl -> traced_inputs/0).
        folder = entry.name.rsplit(".", 1)[0]
        for key, record in summary.storages.items():
            member = by_name.get(f"{folder}/{key}")
            if member is None:
                child.add("torch.storage-mismatch", f"storage {key} has no data member {folder}/{key}")
                continue
            storage_members.add(member.header_offset)
            # torch.jit.save writes traced-input storages empty; its loader does not read them.
            if fmt == "torchscript" and member.size == 0:
                continue
            if record.element_size is not None and member.size != record.numel * record.element_size:
                child.add("torch.storage-mismatch",
                          f"storage {key} declares {record.numel} x {record.element_size} bytes but "
                          f"{member.name} holds {member.size}", offset=record.offset)
    return storage_members


# -- TAR ------------------------------------------------------------------------------------------


def handle_tar(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    if _too_deep(ctx, "tar archive"):
        return
    counts = [0, 0]  # members, declared bytes
    start = 0
    for _ in range(_MAX_TAR_RESYNCS):
        stream = f if start == 0 else window(f, start, size - start)
        end = _scan_tar_segment(stream, ctx, counts, first=start == 0)
        if end is None:
            return
        stopped = start + end
        found = _next_tar_header(f, stopped, size)
        if found is None:
            if _has_data(f, stopped, size):
                ctx.add("archive.corrupt-entry", f"tar archive ends at offset {stopped} for Python's tarfile, but "
                        "non-zero bytes follow that other tar readers may extract; unverified", offset=stopped)
            break
        start = found
        # Python's tarfile ends the archive at an invalid header; GNU tar skips to the next one and extracts on.
        ctx.add("archive.corrupt-entry", f"tar archive has an invalid header block before offset {start}; "
                "GNU tar skips it and extracts what follows, which was scanned too", offset=start)
    else:
        ctx.add("scan.limit", f"tar archive has more than {_MAX_TAR_RESYNCS} invalid header blocks; the rest is "
                "unverified")
    if counts[1] > ctx.limits.max_declared_bytes:
        ctx.add("archive.bomb", f"tar archive declares {counts[1]} bytes of content")


_MAX_TAR_RESYNCS = 64


def _scan_tar_segment(f: BinaryIO, ctx: ScanContext, counts: list[int], *, first: bool) -> int | None:
    """Scan members until tarfile stops; the offset where it stopped, or None when the scan must end here."""
    try:
        archive = tarfile.open(fileobj=f, mode="r:")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError, ValueError, EOFError):
        return None if first else 512  # only the header looked like tar
    with archive:
        try:
            for info in archive:
                counts[0] += 1
                if counts[0] > ctx.limits.max_entries:
                    ctx.add("archive.bomb", f"tar archive has more than {ctx.limits.max_entries} entries")
                    return None
                counts[1] += max(info.size, 0)
                _scan_tar_member(archive, info, ctx)
                if ctx.out_of_time():
                    ctx.add("scan.limit", "time budget for this file exhausted; remaining members unverified")
                    return None
        except (tarfile.TarError, ValueError, EOFError) as exc:
            ctx.add("archive.corrupt-entry", f"tar archive: {exc}; earlier members were scanned")
            return None
        # An OSError is our own read failing, not the archive: it propagates and the file is an error (exit 2).
        return archive.offset


def _next_tar_header(f: BinaryIO, offset: int, size: int) -> int | None:
    """Where GNU tar would go on after tarfile stopped: the next block with a valid header checksum.
    None when only zero padding (the end-of-archive marker) or nothing is left."""
    offset += -offset % 512
    while offset + 512 <= size:
        chunk = read_at(f, offset, 1 << 20)
        for at in range(0, len(chunk) - 511, 512):
            block = chunk[at:at + 512]
            if any(block) and _valid_tar_header(block):
                return offset + at
        offset += len(chunk) - len(chunk) % 512
        if len(chunk) < 512:
            break
    return None


def _has_data(f: BinaryIO, offset: int, size: int) -> bool:
    """Anything but the zero padding that ends a tar archive."""
    while offset < size:
        chunk = read_at(f, offset, 1 << 20)
        if not chunk:
            return False
        if chunk.strip(b"\0"):
            return True
        offset += len(chunk)
    return False


def _valid_tar_header(block: bytes) -> bool:
    try:
        stored = int(block[148:156].split(b"\0", 1)[0].strip() or b"-1", 8)
    except ValueError:
        return False
    return stored in (sum(block[:148]) + 256 + sum(block[156:]),
                      sum(b - 256 if b > 127 else b for b in block[:148] + block[156:]) + 256)


def _scan_tar_member(archive: tarfile.TarFile, info: tarfile.TarInfo, ctx: ScanContext) -> None:
    check_name(info.name, ctx)
    if info.issym() or info.islnk():
        kind = "symbolic link" if info.issym() else "hard link"
        check_link(info.name, info.linkname, kind, ctx)
        return
    if not info.isfile():
        if info.ischr() or info.isblk() or info.isfifo():
            # Never created here; extracting it makes a device node (raw disk access as root) or a FIFO
            # that hangs whatever reads it, so it is high.
            kind = "FIFO" if info.isfifo() else "device file"
            ctx.add("archive.anomaly", f"member {info.name!r} is a {kind}; extracting it creates one",
                    evidence=info.name, severity=Severity.HIGH)
        return
    stream = archive.extractfile(info)
    if stream is None:
        return
    scan_member(stream, info.name, ctx, info.size)  # type: ignore[arg-type]


# -- 7z -------------------------------------------------------------------------------------------


def handle_7z(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    if _too_deep(ctx, "7z archive"):
        return
    try:
        from aiwarden.scan.formats.sevenzip import read_7z
    except ImportError:  # pragma: no cover - py7zr is a declared dependency
        ctx.add("archive.unscanned", "7z archive cannot be inspected: py7zr is not installed")
        return
    read_7z(f, size, ctx)
