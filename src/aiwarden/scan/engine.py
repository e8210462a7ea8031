"""Walk the given paths and scan every regular file by content; collect one Report."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from aiwarden import __version__
from aiwarden.core.findings import Finding, Report, ScanError, Skipped, Unit
from aiwarden.scan.context import Limits, ScanContext


@dataclass(frozen=True, slots=True)
class Suppression:
    rule: str
    path: str  # fnmatch pattern against the walked path
    reason: str

    def matches(self, finding: Finding) -> bool:
        from fnmatch import fnmatchcase

        rule_ok = self.rule in ("*", finding.rule_id)
        return rule_ok and fnmatchcase(finding.location.path, self.path)


@dataclass(frozen=True, slots=True)
class ScanOptions:
    limits: Limits = field(default_factory=Limits)
    extra_safe_globals: frozenset[str] = frozenset()
    suppressions: tuple[Suppression, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int = 1


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding]
    formats: list[str]
    error: str | None = None


ProgressCallback = Callable[[int, int, str], None]


def iter_files(target: str, report: Report, exclude: tuple[str, ...]) -> Iterator[str]:
    """Regular files under target, sorted, never following links (links are reported, not followed)."""
    from fnmatch import fnmatchcase

    try:
        info = os.lstat(target)
    except OSError as exc:
        report.errors.append(ScanError(target, f"cannot read: {exc.strerror or exc}"))
        return
    if stat.S_ISLNK(info.st_mode):
        report.findings.append(_link_finding(target))
        return
    if stat.S_ISREG(info.st_mode):
        yield target
        return
    if not stat.S_ISDIR(info.st_mode):
        report.skipped.append(Skipped(target, "not a regular file"))
        return
    for root, dirs, files in os.walk(target, onerror=lambda e: report.errors.append(
            ScanError(e.filename or target, f"cannot read: {e.strerror or e}"))):
        dirs.sort()
        kept = []
        for d in dirs:
            full = os.path.join(root, d)
            if os.path.islink(full):
                report.findings.append(_link_finding(full))
            elif not any(fnmatchcase(full, pattern) or fnmatchcase(d, pattern) for pattern in exclude):
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            full = os.path.join(root, name)
            if any(fnmatchcase(full, pattern) or fnmatchcase(name, pattern) for pattern in exclude):
                continue
            if os.path.islink(full):
                report.findings.append(_link_finding(full))
            else:
                yield full


def _link_finding(path: str) -> Finding:
    ctx = ScanContext(path)
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    ctx.add("fs.link", f"symbolic link to {target!r}; not followed", evidence=target)
    return ctx.findings[0]


def scan_file(path: str, options: ScanOptions) -> FileResult:
    from aiwarden.scan.dispatch import scan_stream

    ctx = ScanContext(path, limits=options.limits, extra_safe_globals=options.extra_safe_globals)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            scan_stream(f, ctx, size)
    except OSError as exc:
        return FileResult(path, ctx.findings, ctx.formats, f"cannot read: {exc.strerror or exc}")
    except RecursionError:
        return FileResult(path, ctx.findings, ctx.formats, "structure nested too deeply to analyse")
    except Exception as exc:  # one bad file must not stop the scan; fail closed (exit 2)
        message = f"internal error while scanning ({type(exc).__name__}: {str(exc)[:120]}); please report it"
        return FileResult(path, ctx.findings, ctx.formats, message)
    return FileResult(path, ctx.findings, ctx.formats)


def scan_paths(paths: list[str], options: ScanOptions | None = None,
               progress: ProgressCallback | None = None) -> Report:
    """Scan files and directories; never raises for bad input (it lands in report.errors)."""
    options = options or ScanOptions()
    started = time.perf_counter()
    report = Report(tool_version=__version__, targets=list(paths))
    files: list[str] = []
    for target in paths:
        files.extend(iter_files(target, report, options.exclude))
    total = len(files)

    def run(path: str) -> FileResult:
        return scan_file(path, options)

    if options.jobs > 1 and total > 1:
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            results = pool.map(run, files)
            _collect(results, report, options, total, progress)
    else:
        _collect(map(run, files), report, options, total, progress)
    report.units = model_units(report)
    report.timings["total_seconds"] = round(time.perf_counter() - started, 6)
    return report


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
        if result.error:
            report.errors.append(ScanError(result.path, result.error))
            continue
        if not result.formats and not result.findings:
            report.skipped.append(Skipped(result.path, "unrecognized format (not a model file aiwarden knows)"))
            continue
        report.scanned.append(result.path)
        for finding in result.findings:
            rule = next((s for s in options.suppressions if s.matches(finding)), None)
            if rule:
                report.suppressed.append((finding, rule.reason))
            else:
                report.findings.append(finding)
