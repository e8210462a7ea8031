"""sign/verify from the command line: exit codes 0 / 1 / 2 and one-line messages."""

import json
import subprocess
import sys
from pathlib import Path

from tests.sign.conftest import KeyPair, Pki


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, timeout=120)


def test_sign_then_verify_exit_codes(model: Path, keys: dict[str, KeyPair]) -> None:
    signed = _run("sign", str(model), "--key", str(keys["p256"].private))
    assert signed.returncode == 0 and "root digest sha256:" in signed.stdout
    ok = _run("verify", str(model), "--key", str(keys["p256"].public), "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["verified"] is True
    (model / "config.json").write_text("{}")
    bad = _run("verify", str(model), "--key", str(keys["p256"].public))
    assert bad.returncode == 1
    assert bad.stderr.strip() == "aiwarden: verification FAILED: model does not match its signature; modified: " \
        "config.json"
    wrong = _run("verify", str(model), "--key", str(keys["other"].public))
    assert wrong.returncode == 1 and "wrong key" in wrong.stderr


def test_usage_and_io_errors_exit_2(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    for args in (
        ("verify", str(model)),  # neither --key nor --chain
        ("verify", str(model), "--key", str(keys["p256"].public)),  # no model.sig yet
        ("sign", str(tmp_path / "missing"), "--key", str(keys["p256"].private)),
        ("sign", str(model), "--key", str(tmp_path / "nokey.pem")),
    ):
        result = _run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_certificate_mode_cli(model: Path, pki: Pki) -> None:
    signed = _run("sign", str(model), "--key", str(pki.leaf_key), "--certificate", str(pki.leaf), "--chain",
                  str(pki.intermediate))
    assert signed.returncode == 0, signed.stderr
    ok = _run("verify", str(model), "--chain", str(pki.ca), "--identity", "release@example.com")
    assert ok.returncode == 0, ok.stderr
    assert "ML Release Signer" in ok.stdout
    other = _run("verify", str(model), "--chain", str(pki.other_ca))
    assert other.returncode == 1


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path: Path) -> None:
    import os
    import stat

    private = tmp_path / "signer.pem"
    old = os.umask(0)  # even a permissive umask must not widen the private key
    try:
        made = _run("keygen", str(private), "--curve", "p384")
    finally:
        os.umask(old)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert (tmp_path / "signer.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    again = _run("keygen", str(private))
    assert again.returncode == 2 and "File exists" in again.stderr
    link = tmp_path / "link.pem"
    link.symlink_to(tmp_path / "victim")
    assert _run("keygen", str(link)).returncode == 2 and not (tmp_path / "victim").exists()


def test_sign_with_the_key_in_an_environment_variable_and_json_output(model: Path, keys: dict[str, KeyPair]) -> None:
    import os

    env = dict(os.environ, RELEASE_KEY=keys["p256"].private.read_text())
    signed = subprocess.run([sys.executable, "-m", "aiwarden", "sign", str(model), "--key-env", "RELEASE_KEY",
                             "--format", "json"], capture_output=True, text=True, timeout=120, env=env)
    assert signed.returncode == 0, signed.stderr
    document = json.loads(signed.stdout)
    assert document["signed"] is True and document["root_digest"].startswith("sha256:")
    assert _run("verify", str(model), "--key", str(keys["p256"].public)).returncode == 0
    missing = _run("sign", str(model), "--key-env", "NO_SUCH_VARIABLE_HERE", "--format", "json")
    assert missing.returncode == 2 and json.loads(missing.stdout)["signed"] is False
    env["RELEASE_KEY"] = "not a key"
    bad = subprocess.run([sys.executable, "-m", "aiwarden", "sign", str(model), "--key-env", "RELEASE_KEY"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2 and "not a usable PEM private key" in bad.stderr and "not a key" not in bad.stderr
