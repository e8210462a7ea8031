"""Fail-open cases an outside review of the CLI found, each failing before its fix."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path


def _run(*args: str, cwd: Path | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, timeout=60,
                            cwd=cwd, **kwargs)  # type: ignore[call-overload]
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _canary(path: Path) -> None:
    # GLOBAL posix.system + REDUCE, written as opcodes: never pickled from a live object, never loaded
    path.write_bytes(b"cposix\nsystem\n(S'true'\ntR.")


def test_a_planted_config_cannot_allow_a_dangerous_callable(tmp_path: Path) -> None:
    _canary(tmp_path / "model.pkl")
    (tmp_path / "pyproject.toml").write_text('[tool.aiwarden.scan]\nallow_globals = ["posix.system"]\n')
    result = _run("scan", ".", cwd=tmp_path)
    assert result.returncode == 2 and "cannot be allowed" in result.stderr


def test_excluded_files_are_listed_and_a_found_config_is_named(tmp_path: Path) -> None:
    _canary(tmp_path / "model.pkl")
    (tmp_path / "aiwarden.toml").write_text('[scan]\nexclude = ["*.pkl"]\n')
    result = _run("scan", ".", "--format", "json", "--allow-empty", cwd=tmp_path)
    skipped = json.loads(result.stdout)["skipped"]
    assert any(s["path"].endswith("model.pkl") and "excluded" in s["reason"] for s in skipped)
    assert "using config" in result.stderr and "scan.exclude" in result.stderr


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "w.pkl").write_bytes(pickle.dumps({"w": 1}))
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _run("scan", str(tmp_path / "w.pkl"), "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0 and json.loads(received[0])["tool"]["name"] == "aiwarden"
    assert fifo.is_fifo()


def test_output_through_a_link_replaces_the_file_not_the_link(tmp_path: Path) -> None:
    (tmp_path / "w.pkl").write_bytes(pickle.dumps({"w": 1}))
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert _run("scan", str(tmp_path / "w.pkl"), "--format", "json", "-o", str(link)).returncode == 0
    assert link.is_symlink() and json.loads(real.read_text())["tool"]["name"] == "aiwarden"


def test_closed_stdout_is_an_error(tmp_path: Path) -> None:
    _canary(tmp_path / "model.pkl")
    result = subprocess.run([sys.executable, "-m", "aiwarden", "scan", str(tmp_path)], stderr=subprocess.PIPE,
                            text=True, timeout=60, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2 and "standard output is closed" in result.stderr


def test_named_fifos_as_inputs_never_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    for args in (("config", "show", "--config", str(fifo)), ("guard", "--file", str(fifo)),
                 ("firewall", "lint", str(fifo)), ("scan", str(tmp_path), "--config", str(fifo))):
        result = _run(*args)
        assert result.returncode == 2 and "not a regular file" in result.stderr, (args, result.stderr)


def test_deeply_nested_audit_line_is_a_broken_chain(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    log.write_text("[" * 5000 + "]" * 5000 + "\n")
    result = _run("audit", "verify", str(log))
    assert result.returncode == 1 and "internal error" not in result.stderr
