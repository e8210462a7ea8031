"""Progress for long work: archive members reach the progress line, and the line is throttled and erased."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from aiwarden.cli import progress as progress_module
from aiwarden.cli.progress import ProgressLine
from aiwarden.scan.engine import scan_paths


def test_scanning_reports_each_archive_member(tmp_path: Path) -> None:
    archive = tmp_path / "big.tar"
    with tarfile.open(archive, "w") as tar:
        for name in ("a.json", "b.json", "nested/c.json"):
            data = b'{"x": 1}'
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    seen: list[tuple[str, str]] = []
    scan_paths([str(archive)], member_progress=lambda path, member: seen.append((path, member)))
    assert [m for _, m in seen] == ["a.json", "b.json", "nested/c.json"]
    assert {p for p, _ in seen} == {str(archive)}


def test_progress_line_waits_throttles_escapes_and_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: clock[0])
    err = io.StringIO()
    monkeypatch.setattr(progress_module.sys, "stderr", err)
    line = ProgressLine()
    line.member("m.tar", "first")
    assert err.getvalue() == ""  # quick work stays silent
    clock[0] += 1.5
    line.member("m.tar", "x\n\x1b[2Jy")
    assert "m.tar!x\\x0a\\x1b[2Jy" in err.getvalue() and "\n" not in err.getvalue()
    before = err.getvalue()
    clock[0] += 0.05
    line.member("m.tar", "too-soon")
    assert err.getvalue() == before  # throttled
    line.clear()
    assert err.getvalue().endswith("\r")
