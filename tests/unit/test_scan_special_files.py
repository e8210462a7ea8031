"""FIFOs, sockets and devices are never opened, in a folder or named on the command line; tar members that
are FIFOs or devices are reported and never created. Real processes with a timeout: a hang fails the test."""

import io
import json
import os
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.helpers import call

PAYLOAD = call("os", "system", "id")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_fifo_socket_and_device_in_a_folder_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "evil.pkl").write_bytes(PAYLOAD)
    os.mkfifo(tmp_path / "pipe.pkl")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "sock"))
        (tmp_path / "zero").symlink_to("/dev/zero")
        for flags in ((), ("--follow-symlinks",)):
            result = _run("scan", str(tmp_path), "--format", "json", *flags)
            assert result.returncode == 1
            data = json.loads(result.stdout)
            skipped = {s["path"]: s["reason"] for s in data["skipped"]}
            assert skipped[str(tmp_path / "pipe.pkl")] == "FIFO (named pipe); not opened"
            assert skipped[str(tmp_path / "sock")] == "socket; not opened"
            assert data["scanned"] == [str(tmp_path / "evil.pkl")]
        followed = json.loads(_run("scan", str(tmp_path), "--format", "json", "--follow-symlinks").stdout)
        assert {s["path"]: s["reason"] for s in followed["skipped"]}[str(tmp_path / "zero")] == (
            "device file; not opened")
    finally:
        sock.close()


def test_fifo_and_device_named_on_the_command_line_are_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    for name in (str(tmp_path / "pipe"), "/dev/zero"):
        result = _run("scan", name)
        assert result.returncode == 2  # nothing was scanned
        assert "nothing was scanned" in result.stderr and "Traceback" not in result.stderr
        assert "not opened" in result.stdout
        assert _run("scan", name, "--allow-empty").returncode == 0


def test_tar_members_that_are_fifos_or_devices_are_reported_not_created(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, kind in (("pipe", tarfile.FIFOTYPE), ("disk", tarfile.BLKTYPE), ("tty", tarfile.CHRTYPE)):
            info = tarfile.TarInfo(name)
            info.type = kind
            archive.addfile(info)
        info = tarfile.TarInfo("model.pkl")
        info.size = len(PAYLOAD)
        archive.addfile(info, io.BytesIO(PAYLOAD))
    (tmp_path / "bundle.tar").write_bytes(buffer.getvalue())
    result = _run("scan", "bundle.tar", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    anomalies = {(f["evidence"], f["severity"]) for f in findings if f["rule_id"] == "archive.anomaly"}
    assert anomalies == {("pipe", "high"), ("disk", "high"), ("tty", "high")}
    assert any(f["rule_id"] == "pickle.dangerous-call" for f in findings)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.tar"]
