"""Limits and unreadable input never pass the gate, through the real CLI: a scan.limit-type finding is high
(exit 1 under the default --fail-on high), a non-positive limit is a config error (exit 2, one line), and an
unreadable file or folder is an error (exit 2) even with --allow-empty."""

import gzip
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import call

PAYLOAD = call("os", "system", "id")
BENIGN = b"\x80\x02}q\x00X\x01\x00\x00\x00aK\x01s."


def _run(*args: str, cwd: Path | None = None, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120, preexec_fn=_drop_file_capabilities if unprivileged else None)


def _drop_file_capabilities() -> None:
    """root reads every file: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH before exec so modes apply."""
    if os.geteuid() == 0:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):
            libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def _one_line_error(result: subprocess.CompletedProcess[str], code: int = 2) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_nesting_beyond_the_depth_limit_fails_the_default_gate(tmp_path: Path) -> None:
    data = PAYLOAD
    for _ in range(8):
        data = gzip.compress(data, mtime=0)
    (tmp_path / "deep.gz").write_bytes(data)
    result = _run("scan", str(tmp_path), "--format", "json")
    assert result.returncode == 1
    assert {(f["rule_id"], f["severity"]) for f in json.loads(result.stdout)["findings"]} == {
        ("archive.too-deep", "high")}


@pytest.mark.parametrize("limits", ["max_member_bytes = 64", "max_header_bytes = 16", "max_entries = 2"])
def test_configured_limit_hit_fails_the_default_gate(tmp_path: Path, limits: str) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "model.pkl.gz").write_bytes(gzip.compress(BENIGN * 20, mtime=0))
    (models / "config.json").write_text('{"chat_template": "' + "x" * 40 + '"}')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(3):
            archive.writestr(f"m{i}.pkl", BENIGN)
    (models / "bundle.zip").write_bytes(buffer.getvalue())
    assert _run("scan", str(models)).returncode == 0
    (tmp_path / "aiwarden.toml").write_text(f"[scan.limits]\n{limits}\n")
    result = _run("scan", str(models), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    rules = {(f["rule_id"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert rules == {("scan.limit", "high")}


@pytest.mark.parametrize("limits", ["max_depth = 0", "seconds_per_file = -1", "bomb_ratio = nan",
                                    "max_member_bytes = -5", "seconds_per_file = inf"])
def test_non_positive_limit_is_a_config_error(tmp_path: Path, limits: str) -> None:
    (tmp_path / "m.pkl").write_bytes(PAYLOAD)
    (tmp_path / "aiwarden.toml").write_text(f"[scan.limits]\n{limits}\n")
    result = _run("scan", "m.pkl", cwd=tmp_path)
    _one_line_error(result)
    assert "greater than 0" in result.stderr and limits.split()[0] in result.stderr


def test_unreadable_files_and_folders_fail_the_gate(tmp_path: Path) -> None:
    (tmp_path / "fine.pkl").write_bytes(BENIGN)
    secret = tmp_path / "secret.pkl"
    secret.write_bytes(PAYLOAD)
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "inner.pkl").write_bytes(PAYLOAD)
    secret.chmod(0)
    closed.chmod(0)
    try:
        probe = subprocess.run([sys.executable, "-c", f"open({str(secret)!r}).close()"], capture_output=True,
                               preexec_fn=_drop_file_capabilities)
        if probe.returncode == 0:
            pytest.skip("this user reads files whatever their mode")
        for extra in ((), ("--allow-empty",)):
            result = _run("scan", str(tmp_path), *extra, unprivileged=True)
            assert result.returncode == 2, result.stdout + result.stderr
            assert "Traceback" not in result.stderr
            assert f"{secret}: cannot read: Permission denied" in result.stderr
            assert f"{closed}: cannot read: Permission denied" in result.stderr
        _one_line_error(_run("scan", str(secret), "--allow-empty", unprivileged=True))
    finally:
        closed.chmod(0o700)


def test_io_error_is_an_error_not_a_clean_file(tmp_path: Path) -> None:
    mem = Path("/proc/self/mem")  # a regular file whose read fails with EIO: a real I/O error
    if not mem.exists():
        pytest.skip("needs Linux /proc")
    for extra in ((), ("--allow-empty",)):
        result = _run("scan", str(mem), *extra)
        _one_line_error(result)
        assert "/proc/self/mem: cannot read: Input/output error" in result.stderr


def test_io_error_swallowed_by_a_format_handler_still_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    import errno
    import tarfile

    import aiwarden.scan.engine as engine

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in (("pad.bin", bytes(256 * 1024)), ("model.pkl", PAYLOAD), ("tail.bin", bytes(64 * 1024))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    (tmp_path / "bundle.tar").write_bytes(buffer.getvalue())
    real = engine._CheckedFile._readinto
    bad = range(256 * 1024, 264 * 1024)  # model.pkl: away from the head and tail that format sniffing reads

    def failing(self: engine._CheckedFile, data: bytearray) -> int | None:
        if self.tell() in bad:
            raise OSError(errno.EIO, "Input/output error")
        return real(self, data)

    monkeypatch.setattr(engine._CheckedFile, "_readinto", failing)
    report = engine.scan_paths(tmp_path / "bundle.tar")
    assert [(e.path, e.message) for e in report.errors] == [
        (str(tmp_path / "bundle.tar"), "cannot read: Input/output error")]
    assert report.exit_code() == 2


def test_7z_content_that_cannot_be_decoded_is_unscanned_high(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    import py7zr
    import py7zr.exceptions

    from aiwarden.scan import scan_paths

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.writestr(PAYLOAD, "model.pkl")
    (tmp_path / "model.7z").write_bytes(buffer.getvalue())
    assert "pickle.dangerous-call" in {f.rule_id for f in scan_paths(tmp_path).findings}

    def unsupported(*args: object, **kwargs: object) -> None:
        raise py7zr.exceptions.UnsupportedCompressionMethodError(b"\x04\xf7\x11\x01", "no codec")

    monkeypatch.setattr(py7zr.SevenZipFile, "extract", unsupported)
    report = scan_paths(tmp_path)
    assert {(f.rule_id, str(f.severity)) for f in report.findings} == {("archive.unscanned", "high")}
    assert report.exit_code() == 1

    monkeypatch.setattr(py7zr.SevenZipFile, "extract", lambda *args, **kwargs: None)  # lists, produces nothing
    report = scan_paths(tmp_path)
    assert {(f.rule_id, f.evidence) for f in report.findings} == {("archive.unscanned", "model.pkl")}
    assert report.exit_code() == 1
