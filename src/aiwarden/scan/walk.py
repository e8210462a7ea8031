"""Which files a scan reads: regular files only, links by a safe-by-default policy, each file once.

Link policy (``follow_symlinks=False``, the default):

- a path named by the caller is followed whatever it is (the user chose it);
- inside a walked directory, a link is followed when every hop of it stays inside the real path of the named
  directory or, when that directory is a Hugging Face hub cache snapshot (``models--org--name/snapshots/REV``),
  the repository's ``blobs`` folder, so that ``REV/file -> ../../blobs/SHA`` is read like the file it stands
  for (``aiwarden.core.links``);
- any other link is reported as ``fs.link`` (high: its target is unverified) and not followed.

``follow_symlinks=True`` follows every link. Either way findings carry the name as walked (the link's own
name), a directory reached twice (a link loop, a second link to it) is walked once, and a file reached
under several names is scanned once and reported under each of them (``aliases``).
FIFOs, sockets and devices are never opened: they are skipped with a note.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from aiwarden.core.findings import Finding, Report, ScanError, Severity, Skipped
from aiwarden.core.links import link_roots, resolve_within
from aiwarden.scan.context import ScanContext


@dataclass(frozen=True, slots=True)
class WalkedFile:
    """A regular file to scan: its name as walked and the identity checked again when it is opened."""

    path: str
    dev: int
    ino: int


@dataclass(slots=True)
class Walk:
    report: Report
    exclude: tuple[str, ...] = ()
    follow_symlinks: bool = False
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (second name, first name) of one file
    _files: dict[tuple[int, int], str] = field(default_factory=dict)
    _dirs: set[tuple[int, int]] = field(default_factory=set)

    def target(self, path: str) -> Iterator[WalkedFile]:
        """Files of one caller-named path: followed even when it is a link."""
        try:
            info = os.stat(path)
        except OSError as exc:
            self.report.errors.append(ScanError(path, f"cannot read: {_reason(exc, path)}"))
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self._directory(path, info, link_roots(os.path.realpath(path)))
        else:
            yield from self._entry(path, info)

    def _entry(self, path: str, info: os.stat_result) -> Iterator[WalkedFile]:
        if not stat.S_ISREG(info.st_mode):
            self.report.skipped.append(Skipped(path, f"{file_kind(info.st_mode)}; not opened"))
            return
        key = (info.st_dev, info.st_ino)
        first = self._files.get(key)
        if first is not None:
            if first != path:  # the same name given twice is scanned and reported once
                self.aliases.append((path, first))
            return
        self._files[key] = path
        yield WalkedFile(path, info.st_dev, info.st_ino)

    def _directory(self, top: str, info: os.stat_result, roots: tuple[str, ...]) -> Iterator[WalkedFile]:
        # An explicit stack: deep trees must not hit the recursion limit. Files of a folder come
        # before its subfolders, each in sorted order.
        stack = [(top, info)]
        while stack:
            folder, folder_info = stack.pop()
            key = (folder_info.st_dev, folder_info.st_ino)
            if key in self._dirs:
                self.report.skipped.append(Skipped(folder, "directory already walked (link loop or second link)"))
                continue
            self._dirs.add(key)
            try:
                names = sorted(os.listdir(folder))
            except OSError as exc:
                self.report.errors.append(ScanError(folder, f"cannot read: {_reason(exc, folder)}"))
                continue
            subdirs = []
            for name in names:
                full = os.path.join(folder, name)
                if any(fnmatchcase(full, p) or fnmatchcase(name, p) for p in self.exclude):
                    # listed, so a config that hides files (a scanned repository may bring its own) shows
                    self.report.skipped.append(Skipped(full, "excluded by scan.exclude"))
                    continue
                entry_info = self._resolve(full, roots)
                if entry_info is None:
                    continue
                if stat.S_ISDIR(entry_info.st_mode):
                    subdirs.append((full, entry_info))
                else:
                    yield from self._entry(full, entry_info)
            stack.extend(reversed(subdirs))

    def _resolve(self, path: str, roots: tuple[str, ...]) -> os.stat_result | None:
        """stat of what ``path`` stands for, or None when it is reported instead of read."""
        try:
            info = os.lstat(path)
        except OSError as exc:
            self.report.errors.append(ScanError(path, f"cannot read: {_reason(exc, path)}"))
            return None
        if not stat.S_ISLNK(info.st_mode):
            return info
        target = _readlink(path)
        try:
            followed = os.stat(path)
        except OSError as exc:
            self.report.findings.append(link_finding(
                path, f"symbolic link to {target!r} cannot be followed ({_reason(exc, path)})", target,
                Severity.MEDIUM))
            return None
        if self.follow_symlinks or resolve_within(path, roots) is not None:
            return followed
        self.report.findings.append(link_finding(
            path, f"symbolic link to {target!r} leaves the scanned folder; its target was not scanned "
            "(--follow-symlinks scans it)", target))
        return None


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device file"
    return "not a regular file"


def link_finding(path: str, message: str, target: str, severity: Severity | None = None) -> Finding:
    ctx = ScanContext(path)
    ctx.add("fs.link", message, evidence=target, severity=severity)
    return ctx.findings[0]


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _reason(exc: OSError, path: str) -> str:
    if os.path.islink(path) and not os.path.exists(path):
        return "broken symbolic link"
    return exc.strerror or str(exc)
