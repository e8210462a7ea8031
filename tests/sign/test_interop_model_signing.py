"""Interoperability with the reference implementation (model-signing 1.1.1, test-only dependency), both ways,
through its command line as users run it."""

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aiwarden.sign import VerificationError, sign_model, verify_model
from tests.sign.conftest import KeyPair, Pki

MODEL_SIGNING = Path(sys.executable).parent / "model_signing"


def _ms(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MODEL_SIGNING), *args], capture_output=True, text=True, timeout=300)


def _subject(signature: Path) -> str:
    statement = json.loads(base64.b64decode(json.loads(signature.read_text())["dsseEnvelope"]["payload"]))
    digest: str = statement["subject"][0]["digest"]["sha256"]
    return digest


def test_model_signing_is_installed() -> None:
    assert MODEL_SIGNING.exists(), "model-signing is a test dependency (pip install -e '.[test]')"


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_model_signing_signs_aiwarden_verifies(model: Path, keys: dict[str, KeyPair], curve: str) -> None:
    result = _ms("sign", "key", "--private_key", str(keys[curve].private), "--signature", str(model / "model.sig"),
                 str(model))
    assert result.returncode == 0, result.stderr
    verified = verify_model(model, key=keys[curve].public)
    assert verified.root_digest == _subject(model / "model.sig")
    (model / "a.txt").write_bytes(b"tampered")
    with pytest.raises(VerificationError, match=r"modified: a\.txt"):
        verify_model(model, key=keys[curve].public)


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_aiwarden_signs_model_signing_verifies(model: Path, keys: dict[str, KeyPair], curve: str) -> None:
    sign_model(model, keys[curve].private)
    result = _ms("verify", "key", "--public_key", str(keys[curve].public), "--signature", str(model / "model.sig"),
                 str(model))
    assert result.returncode == 0, result.stdout + result.stderr
    (model / "a/b").write_bytes(b"tampered")
    result = _ms("verify", "key", "--public_key", str(keys[curve].public), "--signature", str(model / "model.sig"),
                 str(model))
    assert result.returncode != 0


def test_same_root_digest_on_the_torture_tree(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.sig", tmp_path / "theirs.sig"
    sign_model(model, keys["p256"].private, signature=ours)
    assert _ms("sign", "key", "--private_key", str(keys["p256"].private), "--signature", str(theirs),
               str(model)).returncode == 0
    assert _subject(ours) == _subject(theirs)
    verify_model(model, key=keys["p256"].public, signature=theirs)


def test_certificate_mode_both_ways(model: Path, pki: Pki, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.sig", tmp_path / "theirs.sig"
    sign_model(model, pki.leaf_key, signature=ours, certificate=pki.leaf, chain=[pki.intermediate, pki.ca])
    result = _ms("verify", "certificate", "--certificate_chain", str(pki.ca), "--certificate_chain",
                 str(pki.intermediate), "--signature", str(ours), str(model))
    assert result.returncode == 0, result.stdout + result.stderr
    result = _ms("sign", "certificate", "--private_key", str(pki.leaf_key), "--signing_certificate", str(pki.leaf),
                 "--certificate_chain", str(pki.intermediate), "--certificate_chain", str(pki.ca),
                 "--signature", str(theirs), str(model))
    assert result.returncode == 0, result.stderr
    verified = verify_model(model, chain=[pki.ca], signature=theirs, identity="release@example.com")
    assert verified.root_digest == _subject(ours)


def test_bundle_variants_model_signing_accepts(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    bundle = json.loads((model / "model.sig").read_text())
    for variant in ("no-hint", "keyid-null", "no-tlog", "no-keyid"):
        edited = json.loads(json.dumps(bundle))
        if variant == "no-hint":
            edited["verificationMaterial"]["publicKey"] = {}
        elif variant == "keyid-null":
            edited["dsseEnvelope"]["signatures"][0]["keyid"] = None
        elif variant == "no-tlog":
            del edited["verificationMaterial"]["tlogEntries"]
        else:
            del edited["dsseEnvelope"]["signatures"][0]["keyid"]
        (model / "model.sig").write_text(json.dumps(edited, indent=2))
        verified = verify_model(model, key=keys["p256"].public)
        assert bool(verified.warnings) is (variant == "no-hint")


def test_shard_bundles_from_the_model_signing_api(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    from model_signing import hashing, signing

    signature = tmp_path / "shards.sig"
    # model_signing's shard serializer leaves empty files out; aiwarden counts an unsigned empty file as extra
    (model / "empty").unlink()
    config = signing.Config().use_elliptic_key_signer(private_key=keys["p256"].private)
    config.set_hashing_config(hashing.Config().use_shard_serialization(shard_size=100))
    config.sign(model, signature)
    assert "sha256-sharded-100" in base64.b64decode(json.loads(signature.read_text())["dsseEnvelope"]["payload"]) \
        .decode()
    verify_model(model, key=keys["p256"].public, signature=signature)
    shard_file = model / "weights" / "model-00001-of-00002.safetensors"
    data = bytearray(shard_file.read_bytes())
    data[1500] ^= 1
    shard_file.write_bytes(bytes(data))
    with pytest.raises(VerificationError, match="modified"):
        verify_model(model, key=keys["p256"].public, signature=signature)
