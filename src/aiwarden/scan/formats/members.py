"""Checks shared by every archive format: member names, links, bombs, and scanning member content."""

from __future__ import annotations

import re
from typing import BinaryIO

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext

_DRIVE = re.compile(r"^[A-Za-z]:")


def escapes_directory(name: str) -> str | None:
    """Why a relative name would land outside its base directory, or None if it stays inside."""
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or _DRIVE.match(normalized) or "\x00" in normalized:
        return "is an absolute path"
    if ".." in normalized.split("/"):
        return "climbs out of its directory"
    return None


def check_name(name: str, ctx: ScanContext, *, extractors_strip_root: bool = False) -> bool:
    """Report names that escape the extraction directory; True if the name is safe.

    ``extractors_strip_root``: the format's common extractors drop a leading root or drive (Python's zipfile and
    shutil.unpack_archive, unzip, bsdtar, Java/Go/Node path joins do for zip), so an absolute name alone writes
    inside the target there; it stays a finding, medium, for extractors that join paths naively. ``..`` escapes
    with every naive join and stays high."""
    problem = escapes_directory(name)
    if problem is None:
        return True
    if problem.startswith("is an absolute"):
        stripped = extractors_strip_root and "\x00" not in name
        ctx.add("archive.absolute-path", f"member {name!r} {problem}"
                + ("; zipfile, shutil and unzip extract it under the target directory" if stripped else ""),
                evidence=name, severity=Severity.MEDIUM if stripped else None)
    else:
        ctx.add("archive.path-traversal", f"member {name!r} {problem}", evidence=name)
    return False


def check_link(name: str, target: str, kind: str, ctx: ScanContext) -> None:
    ctx.add("archive.link", f"member {name!r} is a {kind} to {target!r}", evidence=f"{name} -> {target}")


def scan_member(stream: BinaryIO | bytes, name: str, ctx: ScanContext, size: int | None = None) -> list[str]:
    """Scan one member's content as every format it matches, in a child context."""
    from aiwarden.scan.dispatch import scan_bytes, scan_stream

    child = ctx.enter(name)
    if isinstance(stream, bytes):
        return scan_bytes(stream, child)
    return scan_stream(stream, child, size)
