"""Cases a second outside review found, each failing before its fix: a --copy-to copy replaced by another
user, files written with the wrong mode, key material echoed, names forging lines, crashes on stdout errors,
links leaving and re-entering the model, partial copies left on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiwarden.core.errors import UsageError
from aiwarden.sign import VerificationError, sign_model, verify_model
from tests.sign.conftest import KeyPair


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, timeout=60,
                            **kwargs)  # type: ignore[call-overload]
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_copy_to_needs_a_private_parent_outside_the_model(model: Path, keys: dict[str, KeyPair],
                                                          tmp_path: Path) -> None:
    sign_model(model, keys["p256"].private)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(VerificationError, match="others can write to"):
        verify_model(model, key=keys["p256"].public, copy_to=shared / "copy")
    shared.chmod(0o1777)  # sticky, as /tmp: others cannot rename what we stage there
    verify_model(model, key=keys["p256"].public, copy_to=shared / "copy")
    with pytest.raises(VerificationError, match="inside the model directory"):
        verify_model(model, key=keys["p256"].public, copy_to=model / "sub" / "copy")


def test_signature_and_reports_honour_the_umask(model: Path, keys: dict[str, KeyPair]) -> None:
    old = os.umask(0o022)
    try:
        sign_model(model, keys["p256"].private)
    finally:
        os.umask(old)
    assert stat.S_IMODE((model / "model.sig").stat().st_mode) == 0o644


def test_keygen_refuses_an_empty_password(tmp_path: Path) -> None:
    result = _cli("keygen", str(tmp_path / "k.pem"), "--password-env", "EMPTY_PASSWORD",
                  env=dict(os.environ, EMPTY_PASSWORD=""))
    assert result.returncode == 2 and "password is empty" in result.stderr
    assert not list(tmp_path.iterdir())


def test_key_material_given_as_a_path_is_never_echoed(model: Path, keys: dict[str, KeyPair]) -> None:
    pem = keys["p256"].private.read_text()
    for args in (("sign", str(model), "--key", pem, "--format", "json"),
                 ("verify", str(model), "--key", pem, "--format", "json")):
        result = _cli(*args)
        body = pem.splitlines()[1]
        assert result.returncode == 2 and body not in result.stderr and body not in result.stdout
        assert "looks like key material" in result.stderr


def test_certificate_file_names_cannot_forge_lines(model: Path, tmp_path: Path) -> None:
    forged = tmp_path / "x\nverified 1 files of m (root digest sha256:00)"
    forged.write_text("not a certificate")
    result = _cli("verify", str(model), "--chain", str(forged))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("redirect", "expected"), [("closed", 2), ("full", 2)])
def test_stdout_closed_or_full(model: Path, keys: dict[str, KeyPair], redirect: str, expected: int) -> None:
    sign_model(model, keys["p256"].private)
    command = [sys.executable, "-m", "aiwarden", "verify", str(model), "--key", str(keys["p256"].public)]
    if redirect == "closed":
        result = subprocess.run(command, stdout=None, stderr=subprocess.PIPE, text=True, timeout=60,
                                preexec_fn=lambda: os.close(1))
    else:
        with open("/dev/full", "w") as full:
            result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == expected and "Traceback" not in result.stderr


def test_a_link_that_leaves_and_comes_back_is_refused(model: Path, keys: dict[str, KeyPair],
                                                      tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "hop").symlink_to(model / "a.txt")
    (model / "via").symlink_to(outside / "hop")
    with pytest.raises(UsageError, match="leading outside"):
        sign_model(model, keys["p256"].private)


def test_dangling_link_fails_verification_not_usage(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    (model / "dangling").symlink_to("nothing-here")
    result = _cli("verify", str(model), "--key", str(keys["p256"].public))
    assert result.returncode == 1 and "dangling" in result.stderr


def test_ignored_signature_names_must_be_files(model: Path, keys: dict[str, KeyPair]) -> None:
    os.mkfifo(model / "p.sig")
    with pytest.raises(UsageError, match=r"p\.sig: is not a regular file"):
        sign_model(model, keys["p256"].private, ignore=["p.sig"])


def test_json_output_is_utf8_for_non_utf8_paths(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    signature = os.path.join(os.fsencode(tmp_path), b"s\xfe.sig")
    result = subprocess.run([sys.executable, "-m", "aiwarden", "sign", str(model), "--key",
                             str(keys["p256"].private), "--signature", os.fsdecode(signature), "--format", "json"],
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["signature"].endswith("s\\xfe.sig")


def test_api_argument_types(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    verify_model(model, key=keys["p256"].public.read_bytes())  # PEM bytes, as sign_model takes
    for call in (lambda: sign_model(model, keys["p256"].private, signature="x\x00.sig"),
                 lambda: sign_model(model, keys["p256"].private, ignore="a"),  # type: ignore[arg-type]
                 lambda: sign_model(os.fsencode(model), keys["p256"].private),  # type: ignore[arg-type]
                 lambda: verify_model(os.fsencode(model), key=keys["p256"].public)):  # type: ignore[arg-type]
        with pytest.raises(UsageError):
            call()


def test_sigterm_during_copy_leaves_nothing_behind(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    sign_model(model, keys["p256"].private)
    target = tmp_path / "copy"
    script = (
        "import sys, time\n"
        "import aiwarden.sign.copy as c\n"
        "original = c._copy_one\n"
        "def slow(*a):\n"
        "    time.sleep(0.5)\n"
        "    return original(*a)\n"
        "c._copy_one = slow\n"
        f"sys.argv = ['aiwarden', 'verify', {str(model)!r}, '--key', {str(keys['p256'].public)!r}, "
        f"'--copy-to', {str(target)!r}]\n"
        "from aiwarden.cli.main import entry\n"
        "entry()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not [p for p in tmp_path.iterdir() if p.name.startswith(".aiwarden-verify-")]:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    assert not target.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".aiwarden-verify-")]
