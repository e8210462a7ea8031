"""One meaning for the signature path: relative to the working directory, resolved once, shared by signer and
verifier; a signature inside the model is left out as exactly that one file, so nothing planted under its
name (or under a name the signer never meant) escapes verification."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aiwarden.core.errors import UsageError
from aiwarden.sign import VerificationError, sign_model, verify_model
from tests.sign.conftest import KeyPair


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _ignore_paths(signature: Path) -> list[str]:
    statement = json.loads(base64.b64decode(json.loads(signature.read_text())["dsseEnvelope"]["payload"]))
    paths: list[str] = statement["predicate"]["serialization"]["ignore_paths"]
    return paths


def _plant_tree(at: Path) -> None:
    at.mkdir(parents=True)
    (at / "payload.py").write_text("import os; os.system('id')\n")


def test_default_signature_is_ignored_as_one_file(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    sign_model(model, keys["p256"].private)
    assert "model.sig" in _ignore_paths(model / "model.sig")
    verify_model(model, key=keys["p256"].public)
    # the signature moves out and a tree is planted at its old name: the tree is unsigned
    moved = tmp_path / "elsewhere.sig"
    shutil.move(model / "model.sig", moved)
    _plant_tree(model / "model.sig")
    with pytest.raises(VerificationError, match=r"extra \(unsigned\): model\.sig/payload\.py"):
        verify_model(model, key=keys["p256"].public, signature=moved)


def test_relative_signature_is_relative_to_the_working_directory(model: Path, keys: dict[str, KeyPair],
                                                                 tmp_path: Path) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    with _cwd(elsewhere):
        result = sign_model(model, keys["p256"].private, signature="model.sig")
    assert result.signature_path == str(elsewhere / "model.sig")
    assert (elsewhere / "model.sig").is_file() and not (model / "model.sig").exists()
    assert "model.sig" not in _ignore_paths(elsewhere / "model.sig")  # it is not inside the model
    _plant_tree(model / "model.sig")
    with _cwd(elsewhere), pytest.raises(VerificationError, match=r"extra \(unsigned\): model\.sig/payload\.py"):
        verify_model(model, key=keys["p256"].public, signature="model.sig")


def test_the_same_relative_name_inside_the_model_from_the_model_directory(model: Path,
                                                                          keys: dict[str, KeyPair]) -> None:
    with _cwd(model):
        sign_model(".", keys["p256"].private, signature="model.sig")
        verify_model(".", key=keys["p256"].public, signature="model.sig")
    verify_model(model, key=keys["p256"].public)  # the default location is the same file


def test_nested_signature_inside_the_model(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    (model / "sigs").mkdir()
    with _cwd(tmp_path):
        sign_model(model, keys["p256"].private, signature=Path("model/sigs/release.sig"))
    assert "sigs/release.sig" in _ignore_paths(model / "sigs" / "release.sig")
    verify_model(model, key=keys["p256"].public, signature=model / "sigs" / "release.sig")
    outside = tmp_path / "release.sig"
    shutil.move(model / "sigs" / "release.sig", outside)
    _plant_tree(model / "sigs" / "release.sig")
    with pytest.raises(VerificationError, match=r"extra \(unsigned\): sigs/release\.sig/payload\.py"):
        verify_model(model, key=keys["p256"].public, signature=outside)


def test_an_in_model_signature_must_end_in_sig(model: Path, keys: dict[str, KeyPair]) -> None:
    with pytest.raises(UsageError, match=r"must end in \.sig"):
        sign_model(model, keys["p256"].private, signature=model / "signature.json")


def test_signature_given_through_a_link_to_the_model(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    link = tmp_path / "model-link"
    link.symlink_to(model, target_is_directory=True)
    sign_model(model, keys["p256"].private, signature=link / "model.sig")
    assert "model.sig" in _ignore_paths(model / "model.sig")
    verify_model(model, key=keys["p256"].public)


def test_a_link_at_the_signature_name_is_not_ignored(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    sign_model(model, keys["p256"].private)
    real = tmp_path / "real.sig"
    shutil.move(model / "model.sig", real)
    (model / "model.sig").symlink_to(real)
    with pytest.raises(VerificationError, match="symbolic link"):
        verify_model(model, key=keys["p256"].public)


@pytest.mark.parametrize("ignore", [".", "./", "", "..", "../model", "a/../..", "/"])
def test_ignore_of_the_root_or_outside_is_refused(model: Path, keys: dict[str, KeyPair], ignore: str) -> None:
    with pytest.raises(UsageError, match="--ignore"):
        sign_model(model, keys["p256"].private, ignore=[ignore])


def test_ignore_absolute_path_inside_and_relative_tree(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private, ignore=[model / "weights", "sub/"])
    recorded = _ignore_paths(model / "model.sig")
    assert "weights" in recorded and "sub" in recorded
    (model / "weights" / "new.bin").write_bytes(b"ignored by the signer's choice")
    verify_model(model, key=keys["p256"].public)


@pytest.mark.parametrize("forged", [".", "", "..", "../x", "/etc", "a/../../b"])
def test_forged_ignore_paths_are_rejected(model: Path, keys: dict[str, KeyPair], forged: str) -> None:
    from tests.sign.test_sign_verify import _forge

    sign_model(model, keys["p256"].private)

    def edit(statement: dict) -> None:
        statement["predicate"]["serialization"]["ignore_paths"].append(forged)

    _forge(model, keys["p256"].private, edit)
    with pytest.raises(VerificationError, match="ignore path"):
        verify_model(model, key=keys["p256"].public)


def test_cli_relative_paths_from_another_directory(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True,
                              timeout=60, cwd=work)

    signed = run("sign", str(model), "--key", str(keys["p256"].private), "--signature", "out.sig")
    assert signed.returncode == 0, signed.stderr
    assert (work / "out.sig").is_file() and str(work / "out.sig") in signed.stderr
    assert run("verify", str(model), "--key", str(keys["p256"].public), "--signature", "out.sig").returncode == 0
    _plant_tree(model / "out.sig")
    failed = run("verify", str(model), "--key", str(keys["p256"].public), "--signature", "out.sig")
    assert failed.returncode == 1 and "out.sig/payload.py" in failed.stderr
