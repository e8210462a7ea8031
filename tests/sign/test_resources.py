"""Bounded, total inputs: hostile signature files, special files, files that change while hashed, names
that would forge or hide output; every case a one-line message and a documented exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from aiwarden.sign import VerificationError, hashing, sign_model, verify_model
from aiwarden.sign.errors import UnverifiableError
from tests.sign.conftest import KeyPair


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True,
                            timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_huge_signature_file_is_refused_before_reading(model: Path, keys: dict[str, KeyPair]) -> None:
    huge = model.parent / "huge.sig"
    with open(huge, "wb") as f:
        f.truncate(8 * 1024**3)  # sparse: 8 GiB that would exhaust memory if read whole
    with pytest.raises(VerificationError, match="larger than 64 MiB"):
        verify_model(model, key=keys["p256"].public, signature=huge)


@pytest.mark.parametrize("kind", ["dev-zero-link", "fifo", "directory"])
def test_special_signature_files_exit_2_without_hanging(model: Path, keys: dict[str, KeyPair], kind: str) -> None:
    signature = model.parent / f"{kind}.sig"
    if kind == "dev-zero-link":
        signature.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(signature)
    else:
        signature.mkdir()
    result = _cli("verify", str(model), "--key", str(keys["p256"].public), "--signature", str(signature), timeout=20)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_fifo_and_dev_zero_as_key_or_chain(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    fifo = model.parent / "key.fifo"
    os.mkfifo(fifo)
    for args in (("--key", str(fifo)), ("--key", "/dev/zero"), ("--chain", str(fifo))):
        result = _cli("verify", str(model), *args, timeout=20)
        assert result.returncode == 2 and "not a regular file" in result.stderr, result.stderr


def test_fifo_inside_the_model_is_refused_not_opened(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    os.mkfifo(model / "pipe")
    result = _cli("verify", str(model), "--key", str(keys["p256"].public), timeout=20)
    assert result.returncode == 1 and "pipe: is not a regular file" in result.stderr


def test_over_long_paths_are_one_line_errors(tmp_path: Path, keys: dict[str, KeyPair]) -> None:
    long_name = str(tmp_path / ("x" * 300))
    deep = str(tmp_path / "/".join(["d" * 200] * 30))
    for model in (long_name, deep):
        for args in (("verify", model, "--key", str(keys["p256"].public)),
                     ("sign", model, "--key", str(keys["p256"].private)),
                     ("verify", str(tmp_path), "--key", str(keys["p256"].public), "--signature", model)):
            result = _cli(*args)
            assert result.returncode == 2, (args, result.stderr)
            assert "File name too long" in result.stderr and len(result.stderr.strip().splitlines()) == 1


class _TruncatingHash:
    """SHA-256 that truncates the file it is hashing after the first block: a model rewritten underneath."""

    target: Path

    def __init__(self) -> None:
        import hashlib

        self._inner = hashlib.sha256()
        self._calls = 0

    def update(self, data: bytes | memoryview) -> None:
        self._calls += 1
        if self._calls == 1:
            os.truncate(self.target, 10)
        self._inner.update(data)

    def hexdigest(self) -> str:
        return self._inner.hexdigest()


def test_file_truncated_while_hashing_is_a_verification_failure(model: Path, keys: dict[str, KeyPair],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    big = model / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    sign_model(model, keys["p256"].private)
    _TruncatingHash.target = big
    monkeypatch.setattr(hashing, "BUFFER", 1024 * 1024)
    monkeypatch.setitem(hashing.ALGORITHMS, "sha256", _TruncatingHash)
    with pytest.raises(VerificationError, match=r"big\.bin: was truncated while being hashed; the model changed"):
        verify_model(model, key=keys["p256"].public, workers=1)


def test_file_size_changed_between_listing_and_hashing(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"abc")
    with pytest.raises(hashing.FileChangedError, match="changed size"):
        hashing.hash_range(str(path), expected_size=4)
    with pytest.raises(hashing.FileChangedError, match="regular file"):
        hashing.hash_range("/dev/null")


def test_non_utf8_name_exits_1_at_verification_and_2_at_signing(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    bad = os.path.join(os.fsencode(model), b"w\xffeights.bin")
    with open(bad, "wb") as f:
        f.write(b"planted")
    result = _cli("verify", str(model), "--key", str(keys["p256"].public))
    assert result.returncode == 1 and "w\\xffeights.bin" in result.stderr
    signed = _cli("sign", str(model), "--key", str(keys["p256"].private))
    assert signed.returncode == 2 and "not valid UTF-8" in signed.stderr


def test_newline_and_escape_sequences_in_names_cannot_forge_output(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    (model / "x\naiwarden: verified 12 files\x1b[2K").write_bytes(b"planted")
    result = _cli("verify", str(model), "--key", str(keys["p256"].public))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "\x1b" not in result.stderr
    assert "x\\x0aaiwarden: verified 12 files\\x1b[2K" in result.stderr


def test_nfc_and_nfd_look_alikes_print_differently(model: Path, keys: dict[str, KeyPair]) -> None:
    nfc = unicodedata.normalize("NFC", "mod\u00e8le.bin")
    nfd = unicodedata.normalize("NFD", nfc)
    (model / nfc).write_bytes(b"signed")
    sign_model(model, keys["p256"].private)
    (model / nfc).unlink()
    (model / nfd).write_bytes(b"signed")
    with pytest.raises(VerificationError) as failure:
        verify_model(model, key=keys["p256"].public)
    message = str(failure.value)
    assert "missing: mod\u00e8le.bin" in message and "extra (unsigned): mode\\u0300le.bin" in message


def test_jobs_must_be_positive(model: Path, keys: dict[str, KeyPair]) -> None:
    for command, key in (("sign", keys["p256"].private), ("verify", keys["p256"].public)):
        for jobs in ("0", "-3", "many"):
            result = _cli(command, str(model), "--key", str(key), "--jobs", jobs)
            assert result.returncode == 2 and "--jobs" in result.stderr, result.stderr


def test_json_output_on_every_outcome(model: Path, keys: dict[str, KeyPair]) -> None:
    usage = _cli("verify", str(model), "--key", str(keys["p256"].public), "--format", "json")
    assert usage.returncode == 2
    assert json.loads(usage.stdout) == {"verified": False, "error": "usage", "reason": json.loads(usage.stdout)[
        "reason"], "details": []}
    sign_model(model, keys["p256"].private)
    (model / "a.txt").write_bytes(b"tampered")
    failed = _cli("verify", str(model), "--key", str(keys["p256"].public), "--format", "json")
    document = json.loads(failed.stdout)
    assert failed.returncode == 1 and document["error"] == "verification" and document["details"] == [
        "modified a.txt"]


def test_missing_model_is_a_verification_error_with_exit_2(tmp_path: Path, keys: dict[str, KeyPair]) -> None:
    with pytest.raises(UnverifiableError):
        verify_model(tmp_path / "nowhere", key=keys["p256"].public)
    assert issubclass(UnverifiableError, VerificationError)
    assert _cli("verify", str(tmp_path / "nowhere"), "--key", str(keys["p256"].public)).returncode == 2


def test_copy_to_verifies_what_it_copies(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    sign_model(model, keys["p256"].private)
    copy = tmp_path / "verified"
    result = verify_model(model, key=keys["p256"].public, copy_to=copy)
    assert result.copied_to == str(copy)
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == list(result.files)
    assert (copy / "config.json").read_bytes() == (model / "config.json").read_bytes()
    assert not (copy / "model.sig").exists() and not (copy / ".git").exists()
    assert oct(copy.stat().st_mode & 0o777) == "0o700"
    assert result.digests["config.json"].startswith("sha256:")
    with pytest.raises(VerificationError, match="already exists"):
        verify_model(model, key=keys["p256"].public, copy_to=copy)
    (model / "a.txt").write_bytes(b"tampered")
    second = tmp_path / "second"
    with pytest.raises(VerificationError, match=r"modified: a\.txt"):
        verify_model(model, key=keys["p256"].public, copy_to=second)
    assert not second.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".aiwarden-verify-")]
