"""A Hugging Face hub cache snapshot (every file a link into ../../blobs) signs, verifies and gets a BOM like
the folder it stands for; links leaving the repository folder are still refused. Interoperable with
model-signing's --allow_symlinks."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aiwarden.sign import VerificationError, sign_model, verify_model
from tests.sign.conftest import KeyPair

MODEL_SIGNING = Path(sys.executable).parent / "model_signing"


def make_snapshot(hub: Path, files: dict[str, bytes]) -> Path:
    """hub/models--org--demo/{blobs/SHA256, snapshots/REV/NAME -> ../../blobs/SHA256, refs/main}."""
    repo = hub / "models--org--demo"
    snapshot = repo / "snapshots" / ("ab" * 20)
    (repo / "blobs").mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("ab" * 20)
    for name, data in files.items():
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        link = snapshot / name
        link.parent.mkdir(parents=True, exist_ok=True)
        depth = len(Path(name).parts) + 1
        link.symlink_to(Path(*([".."] * depth)) / "blobs" / blob.name)
    return snapshot


FILES = {"config.json": b'{"model_type": "demo"}', "model.safetensors": b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ",
         "tokenizer/vocab.txt": b"a\nb\n"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, timeout=120)


def test_snapshot_signs_and_verifies_like_a_folder(tmp_path: Path, keys: dict[str, KeyPair]) -> None:
    snapshot = make_snapshot(tmp_path / "hub", FILES)
    signature = tmp_path / "demo.sig"
    sign_model(snapshot, keys["p256"].private, signature=signature)
    verified = verify_model(snapshot, key=keys["p256"].public, signature=signature)
    assert sorted(verified.files) == sorted(FILES)
    # the same files as a plain folder give the same root digest
    plain = tmp_path / "plain"
    for name, data in FILES.items():
        (plain / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / name).write_bytes(data)
    assert sign_model(plain, keys["p256"].private, signature=tmp_path / "plain.sig").root_digest == \
        verified.root_digest
    blob = next(p for p in (tmp_path / "hub" / "models--org--demo" / "blobs").iterdir() if p.read_bytes() ==
                FILES["config.json"])
    blob.write_bytes(b'{"model_type": "evil"}')
    with pytest.raises(VerificationError, match=r"modified: config\.json"):
        verify_model(snapshot, key=keys["p256"].public, signature=signature)


def test_links_leaving_the_repository_folder_are_refused(tmp_path: Path, keys: dict[str, KeyPair]) -> None:
    snapshot = make_snapshot(tmp_path / "hub", FILES)
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"x")
    (snapshot / "extra.bin").symlink_to(outside)
    signed = _cli("sign", str(snapshot), "--key", str(keys["p256"].private), "--signature", str(tmp_path / "s.sig"))
    assert signed.returncode == 2 and "leading outside" in signed.stderr
    bom = _cli("aibom", str(snapshot), "--no-scan", "--output", str(tmp_path / "bom.json"))
    assert bom.returncode == 2 and "leading outside" in bom.stderr
    (snapshot / "extra.bin").unlink()
    assert _cli("sign", str(snapshot), "--key", str(keys["p256"].private), "--signature",
                str(tmp_path / "s.sig")).returncode == 0
    (snapshot / "extra.bin").symlink_to(outside)
    verified = _cli("verify", str(snapshot), "--key", str(keys["p256"].public), "--signature", str(tmp_path / "s.sig"))
    assert verified.returncode == 1 and "leading outside" in verified.stderr


def test_aibom_of_a_snapshot(tmp_path: Path) -> None:
    snapshot = make_snapshot(tmp_path / "hub", FILES)
    result = _cli("aibom", str(snapshot), "--no-scan", "--output", str(tmp_path / "bom.json"))
    assert result.returncode == 0, result.stderr
    bom = json.loads((tmp_path / "bom.json").read_text())
    names = json.dumps(bom)
    assert "model.safetensors" in names and "tokenizer/vocab.txt" in names


def test_model_signing_interop_on_a_snapshot(tmp_path: Path, keys: dict[str, KeyPair]) -> None:
    snapshot = make_snapshot(tmp_path / "hub", FILES)
    ours, theirs = tmp_path / "ours.sig", tmp_path / "theirs.sig"
    sign_model(snapshot, keys["p256"].private, signature=ours)
    result = subprocess.run([str(MODEL_SIGNING), "verify", "key", "--public_key", str(keys["p256"].public),
                             "--signature", str(ours), "--allow_symlinks", str(snapshot)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([str(MODEL_SIGNING), "sign", "key", "--private_key", str(keys["p256"].private),
                             "--signature", str(theirs), "--allow_symlinks", str(snapshot)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    verify_model(snapshot, key=keys["p256"].public, signature=theirs)
