"""7z archives (the nullifAI carrier), read in memory through py7zr with declared-size bounds."""

from __future__ import annotations

from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.members import check_link, check_name, scan_member


def read_7z(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    import py7zr
    import py7zr.exceptions
    import py7zr.io

    limits = ctx.limits
    try:
        with py7zr.SevenZipFile(f, "r") as archive:
            if archive.needs_password():
                ctx.add("archive.unscanned", "7z archive is encrypted; its content cannot be inspected")
                return
            infos = archive.list()
            if len(infos) > limits.max_entries:
                ctx.add("archive.bomb", f"7z archive has {len(infos)} entries")
                return
            declared = sum(i.uncompressed or 0 for i in infos)
            if declared > limits.max_declared_bytes or (
                declared >= limits.bomb_min_bytes and declared / max(size, 1) >= limits.bomb_ratio
            ):
                ctx.add("archive.bomb", f"7z archive inflates {size} bytes to {declared}")
                return
            targets = []
            for info in infos:
                check_name(info.filename, ctx)
                if info.is_symlink:
                    check_link(info.filename, "(link target)", "symbolic link", ctx)
                elif info.is_file and (info.uncompressed or 0) <= limits.max_member_bytes:
                    targets.append(info.filename)
                elif info.is_file:
                    ctx.add("scan.limit", f"member {info.filename!r} is larger than {limits.max_member_bytes} "
                            "bytes; not scanned", evidence=info.filename)
            factory = py7zr.io.BytesIOFactory(limits.max_member_bytes)
            archive.extract(targets=targets, factory=factory)
    except py7zr.exceptions.UnsupportedCompressionMethodError as exc:
        # A valid archive we cannot decode is unverified content, not a corrupt one.
        ctx.add("archive.unscanned", f"7z archive uses a method aiwarden cannot decode: {str(exc)[:120]}")
        return
    except Exception as exc:
        ctx.add("archive.corrupt-entry", f"7z archive unreadable: {type(exc).__name__}: {str(exc)[:120]}")
        return
    for name in targets:
        try:
            product = factory.products[name]
        except KeyError:  # listed but never produced: never treat a member we did not read as clean
            ctx.add("archive.unscanned", f"member {name!r} was not extracted; not scanned", evidence=name)
            continue
        product.seek(0)
        scan_member(product.read(), name, ctx)
