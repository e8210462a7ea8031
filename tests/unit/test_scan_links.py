"""Link policy through the real CLI: Hugging Face cache snapshots scan like the folder they stand for,
links leaving the scanned folder are reported (high) unless --follow-symlinks, loops end, files once."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import aiwarden.scan.engine as engine
from aiwarden.scan.walk import WalkedFile
from tests.helpers import call

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "malicious"
PAYLOAD = (CORPUS / "m56-torch-zip.pt").read_bytes()
BENIGN = b"\x80\x02}q\x00X\x01\x00\x00\x00aK\x01s."


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def _hub_snapshot(hub: Path, files: dict[str, bytes]) -> Path:
    """models--org--name/{blobs/SHA, refs/main, snapshots/REV/NAME -> ../../blobs/SHA} as huggingface_hub
    writes it."""
    repo = hub / "models--org--name"
    (repo / "blobs").mkdir(parents=True)
    (repo / "refs").mkdir()
    revision = "0123456789abcdef0123456789abcdef01234567"
    (repo / "refs" / "main").write_text(revision)
    snapshot = repo / "snapshots" / revision
    for name, data in files.items():
        sha = hashlib.sha256(data).hexdigest()
        (repo / "blobs" / sha).write_bytes(data)
        link = snapshot / name
        link.parent.mkdir(parents=True, exist_ok=True)
        depth = name.count("/") + 2
        link.symlink_to(Path(*[".."] * depth) / "blobs" / sha)
    return snapshot


def test_hub_cache_snapshot_is_scanned_through_its_links(tmp_path: Path) -> None:
    snapshot = _hub_snapshot(tmp_path / "hub", {"pytorch_model.bin": PAYLOAD, "config.json": b"{}",
                                                "sub/extra.pkl": BENIGN})
    for extra in ((), ("--allow-empty",)):
        result = _run("scan", str(snapshot), "--format", "json", *extra)
        assert result.returncode == 1, result.stderr
        data = json.loads(result.stdout)
        paths = {f["location"]["path"] for f in data["findings"] if f["severity"] == "critical"}
        assert paths == {str(snapshot / "pytorch_model.bin")}  # reported under the link's name
        assert not [f for f in data["findings"] if f["rule_id"] == "fs.link"]
        assert str(snapshot / "sub" / "extra.pkl") in data["scanned"]


def test_link_named_on_the_command_line_is_followed(tmp_path: Path) -> None:
    snapshot = _hub_snapshot(tmp_path / "hub", {"model.bin": PAYLOAD})
    alias = tmp_path / "my-model"
    alias.symlink_to(snapshot)
    assert _run("scan", str(snapshot / "model.bin")).returncode == 1
    result = _run("scan", str(alias), "--format", "json")
    assert result.returncode == 1
    assert {f["location"]["path"] for f in json.loads(result.stdout)["findings"]} == {str(alias / "model.bin")}


def test_link_leaving_the_folder_is_reported_high_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.pkl"
    outside.write_bytes(call("os", "system", "id"))
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.pkl").symlink_to(outside)
    (model / "fine.pkl").write_bytes(BENIGN)
    result = _run("scan", str(model), "--format", "json")
    assert result.returncode == 1  # the target is unverified: the default gate fails
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule_id"], f["severity"]) for f in findings] == [("fs.link", "high")]
    assert "--follow-symlinks" in findings[0]["message"]
    followed = _run("scan", str(model), "--format", "json", "--follow-symlinks")
    assert followed.returncode == 1
    rules = {(f["rule_id"], f["location"]["path"]) for f in json.loads(followed.stdout)["findings"]}
    assert ("pickle.dangerous-call", str(model / "weights.pkl")) in rules
    assert not any(rule == "fs.link" for rule, _ in rules)


def test_link_loops_end_and_a_file_is_scanned_once(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "evil.pkl").write_bytes(call("os", "system", "id"))
    (model / "again.pkl").symlink_to("evil.pkl")
    (model / "loop").symlink_to(".")
    (model / "self").symlink_to("self")
    for flags in ((), ("--follow-symlinks",)):
        result = _run("scan", str(model), "--format", "json", *flags)
        assert result.returncode == 1
        data = json.loads(result.stdout)
        critical = sorted(f["location"]["path"] for f in data["findings"] if f["severity"] == "critical")
        assert critical == [str(model / "again.pkl"), str(model / "evil.pkl")]  # once per name
        assert str(model / "loop") in {s["path"] for s in data["skipped"]}
        assert [f["location"]["path"] for f in data["findings"] if f["rule_id"] == "fs.link"] == [str(model / "self")]


def test_hard_links_are_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.pkl").write_bytes(call("os", "system", "id"))
    os.link(tmp_path / "a.pkl", tmp_path / "b.pkl")
    reads: list[str] = []
    real = engine.scan_file

    def counting(path: str, options: engine.ScanOptions, expect: WalkedFile | None = None,
                 on_member: engine.MemberCallback | None = None) -> engine.FileResult:
        reads.append(path)
        return real(path, options, expect, on_member)

    monkeypatch.setattr(engine, "scan_file", counting)
    report = engine.scan_paths(tmp_path)  # one PathLike is one path
    assert reads == [str(tmp_path / "a.pkl")]
    assert sorted(report.scanned) == [str(tmp_path / "a.pkl"), str(tmp_path / "b.pkl")]
    assert {f.location.path for f in report.findings} == set(report.scanned)
