"""Walk the given paths and scan every regular file by content; collect one Report."""

from __future__ import annotations

import io
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from aiwarden import __version__
from aiwarden.core.findings import Finding, Report, ScanError, Skipped, Unit
from aiwarden.scan.context import Limits, ScanContext
from aiwarden.scan.walk import Walk, WalkedFile, file_kind


@dataclass(frozen=True, slots=True)
class Suppression:
    rule: str
    path: str  # fnmatch pattern against the walked path
    reason: str

    def matches(self, finding: Finding) -> bool:
        from fnmatch import fnmatchcase

        return self.rule == finding.rule_id and fnmatchcase(finding.location.path, self.path)


@dataclass(frozen=True, slots=True)
class ScanOptions:
    limits: Limits = field(default_factory=Limits)
    extra_safe_globals: frozenset[str] = frozenset()
    suppressions: tuple[Suppression, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int = 1
    follow_symlinks: bool = False  # follow links that leave the scanned folder too


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding]
    formats: list[str]
    error: str | None = None
    seconds: float = 0.0


ProgressCallback = Callable[[int, int, str], None]
MemberCallback = Callable[[str, str], None]  # (file, archive member) as scanning enters a member


class _CheckedFile(io.FileIO):
    """Remembers a read error: a format handler that treats an OSError as "not my format" must not turn
    an unreadable file into a clean one."""

    failure: OSError | None = None

    def readinto(self, buffer: Any) -> int | None:
        try:
            return self._readinto(buffer)
        except OSError as exc:
            self.failure = exc
            raise

    def _readinto(self, buffer: Any) -> int | None:
        return super().readinto(buffer)

PathArg = str | bytes | os.PathLike[str] | os.PathLike[bytes]


def scan_file(path: str, options: ScanOptions, expect: WalkedFile | None = None,
              on_member: MemberCallback | None = None) -> FileResult:
    """Scan one regular file. ``expect`` is the identity the walk saw: a file swapped since is an error."""
    from aiwarden.scan.dispatch import scan_stream

    ctx = ScanContext(path, limits=options.limits, extra_safe_globals=options.extra_safe_globals,
                      on_member=on_member)
    try:
        # O_NONBLOCK: a FIFO swapped in after the walk must not block the open; it is refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        raw = _CheckedFile(fd, "rb")
        with io.BufferedReader(raw) as f:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return FileResult(path, [], [], f"{file_kind(info.st_mode)}; not opened")
            if expect is not None and (info.st_dev, info.st_ino) != (expect.dev, expect.ino):
                return FileResult(path, [], [], "file was replaced while the scan ran")
            scan_stream(f, ctx, info.st_size)
        if raw.failure is not None:
            raise raw.failure
    except OSError as exc:
        return FileResult(path, ctx.findings, ctx.formats, f"cannot read: {exc.strerror or exc}")
    except RecursionError:
        return FileResult(path, ctx.findings, ctx.formats, "structure nested too deeply to analyse")
    except Exception as exc:  # one bad file must not stop the scan; fail closed (exit 2)
        message = f"internal error while scanning ({type(exc).__name__}: {str(exc)[:120]}); please report it"
        return FileResult(path, ctx.findings, ctx.formats, message)
    return FileResult(path, ctx.findings, ctx.formats)


def scan_paths(paths: PathArg | Iterable[PathArg], options: ScanOptions | None = None,
               progress: ProgressCallback | None = None, member_progress: MemberCallback | None = None) -> Report:
    """Scan files and directories; never raises for bad input (it lands in report.errors).

    ``paths`` is a list of paths, or one path (a str or os.PathLike is one path, never its characters).
    """
    options = options or ScanOptions()
    targets = _path_list(paths)
    started = time.perf_counter()
    report = Report(tool_version=__version__, targets=targets)
    walk = Walk(report, options.exclude, options.follow_symlinks)
    files = [walked for target in targets for walked in walk.target(target)]
    total = len(files) + len(walk.aliases)

    def run(walked: WalkedFile) -> FileResult:
        began = time.perf_counter()
        result = scan_file(walked.path, options, walked, member_progress)
        result.seconds = time.perf_counter() - began
        return result

    if options.jobs > 1 and len(files) > 1:
        from concurrent.futures import ThreadPoolExecutor  # only with --jobs > 1: start-up

        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            _collect(_with_aliases(pool.map(run, files), walk.aliases), report, options, total, progress)
    else:
        _collect(_with_aliases(map(run, files), walk.aliases), report, options, total, progress)
    report.units = model_units(report)
    report.timings["total_seconds"] = round(time.perf_counter() - started, 6)
    return report


def _path_list(paths: PathArg | Iterable[PathArg]) -> list[str]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [os.fsdecode(paths)]
    return [os.fsdecode(p) for p in paths]


def _with_aliases(results: Iterator[FileResult], aliases: list[tuple[str, str]]) -> Iterator[FileResult]:
    """A file reached under a second name is scanned once and reported under each name."""
    by_path = {}
    for result in results:
        by_path[result.path] = result
        yield result
    for alias, first in aliases:
        done = by_path[first]
        findings = [replace(f, location=replace(f.location, path=alias)) for f in done.findings]
        yield FileResult(alias, findings, list(done.formats), done.error)


# Files that make a directory one model to its users: transformers, diffusers, sentence-transformers, ONNX.
_UNIT_MARKERS = {
    "config.json": "huggingface-model",
    "model_index.json": "diffusers-pipeline",
    "modules.json": "sentence-transformers-model",
    "tokenizer_config.json": "huggingface-model",
    "adapter_config.json": "peft-adapter",
}


def model_units(report: Report) -> list[Unit]:
    """Group scanned files into model folders, each with the worst severity found in any of its files."""
    folders: dict[str, str] = {}
    for path in [*report.scanned, *(s.path for s in report.skipped)]:
        kind = _UNIT_MARKERS.get(os.path.basename(path))
        if kind:
            folders.setdefault(os.path.dirname(path), kind)
    units = []
    for folder, kind in sorted(folders.items()):
        prefix = folder + os.sep if folder else ""
        files = tuple(p for p in report.scanned if p.startswith(prefix))
        worst = max((f.severity for f in report.findings if f.location.path.startswith(prefix)), default=None)
        units.append(Unit(folder or ".", kind, files, worst))
    return units


def _collect(results: Iterator[FileResult], report: Report, options: ScanOptions, total: int,
             progress: ProgressCallback | None) -> None:
    for done, result in enumerate(results, 1):
        if progress:
            progress(done, total, result.path)
        report.file_seconds[result.path] = round(result.seconds, 6)
        if result.error:
            # What was found before the error still counts: an unsafe verdict wins over "unreadable".
            report.errors.append(ScanError(result.path, result.error))
        elif not result.formats and not result.findings:
            report.skipped.append(Skipped(result.path, "unrecognized format (not a model file aiwarden knows)"))
            continue
        else:
            report.scanned.append(result.path)
        for finding in result.findings:
            rule = next((s for s in options.suppressions if s.matches(finding)), None)
            if rule:
                report.suppressed.append((finding, rule.reason))
            else:
                report.findings.append(finding)
