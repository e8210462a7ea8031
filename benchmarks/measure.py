"""Run a command once and record its exit code, wall time and peak resident memory."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time"
RSS_LABEL = "Maximum resident set size (kbytes):"
DEFAULT_TIMEOUT_S = 900.0
TIMEOUT_EXIT = 124


@dataclass(frozen=True)
class Run:
    """One finished process."""

    argv: tuple[str, ...]
    returncode: int
    wall_s: float
    max_rss_kb: int
    stdout: str
    stderr: str


def has_gnu_time() -> bool:
    return os.access(GNU_TIME, os.X_OK)


def _rss_from_time_report(report: str) -> int:
    for line in report.splitlines():
        if line.strip().startswith(RSS_LABEL):
            return int(line.split(":", 1)[1])
    return 0


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, int]:
    """Reap ``proc`` with wait4 (exit code, peak RSS in KiB); kill its process group on timeout."""
    timer = threading.Timer(timeout, _kill_group, args=(proc.pid,))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timed_out = not timer.is_alive()
        timer.cancel()
    proc.returncode = TIMEOUT_EXIT if timed_out else os.waitstatus_to_exitcode(status)
    return proc.returncode, int(usage.ru_maxrss)


def run_measured(argv: Sequence[str], cwd: Path, timeout: float = DEFAULT_TIMEOUT_S) -> Run:
    """Run ``argv`` in ``cwd``; peak RSS comes from GNU ``time -v`` when present, else from wait4()."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
        out, err, report = (Path(scratch) / name for name in ("stdout", "stderr", "time"))
        full = [GNU_TIME, "-v", "-o", str(report), *argv] if has_gnu_time() else list(argv)
        with out.open("wb") as stdout, err.open("wb") as stderr:
            start = time.perf_counter()
            proc = subprocess.Popen(full, cwd=cwd, stdout=stdout, stderr=stderr, start_new_session=True)
            returncode, rss_kb = _wait(proc, timeout)
            wall = time.perf_counter() - start
        if report.exists() and returncode != TIMEOUT_EXIT:
            rss_kb = _rss_from_time_report(report.read_text(encoding="utf-8", errors="replace")) or rss_kb
        return Run(tuple(argv), returncode, wall, rss_kb, _read(out), _read(err))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@dataclass(frozen=True)
class Summary:
    """Wall time (min, median) and peak RSS over repeated passes."""

    min_s: float
    median_s: float
    max_rss_mb: float
    passes: int
    processes: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "min_s": round(self.min_s, 4),
            "median_s": round(self.median_s, 4),
            "max_rss_mb": round(self.max_rss_mb, 1),
            "passes": self.passes,
            "processes_per_pass": self.processes,
        }


def summarize(passes: Sequence[Sequence[Run]]) -> Summary:
    """Each pass is one or more processes; its time is their sum and its memory their maximum."""
    walls = [sum(run.wall_s for run in one_pass) for one_pass in passes]
    rss_kb = max((run.max_rss_kb for one_pass in passes for run in one_pass), default=0)
    processes = len(passes[0]) if passes else 0
    return Summary(min(walls), statistics.median(walls), rss_kb / 1024, len(walls), processes)


def which(name: str) -> str | None:
    return shutil.which(name)
