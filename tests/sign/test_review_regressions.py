"""Cases an outside review found: each one crashed verification or let a trusted CA claim a name it should
not, before it was fixed."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from aiwarden.core.errors import UsageError
from aiwarden.sign import VerificationError, sign_model, verify_model
from aiwarden.sign.identity import ExpectedIdentity, Identity
from tests.sign.conftest import KeyPair
from tests.sign.pki_factory import Spec, ca, issue, leaf, patched, root


def _model(tmp_path: Path) -> Path:
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"w" * 32)
    return model


def _swap_leaf(signature: Path, certificate: x509.Certificate) -> None:
    bundle = json.loads(signature.read_text())
    entries = bundle["verificationMaterial"]["x509CertificateChain"]["certificates"]
    entries[0]["rawBytes"] = base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()
    signature.write_text(json.dumps(bundle))


def _cli_verify(model: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "aiwarden", "verify", str(model), *args, "--format", "json"],
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("curve", [ec.SECP256K1(), ec.BrainpoolP256R1()])
def test_trusted_leaf_on_a_curve_oms_does_not_allow(tmp_path: Path, curve: ec.EllipticCurve) -> None:
    anchor = root()
    intermediate = ca("Intermediate", anchor)
    good = leaf(intermediate)
    odd = issue(Spec("Release Signer", ca=False, san=[x509.RFC822Name("release@example.com")]), intermediate,
                key=ec.generate_private_key(curve))
    model = _model(tmp_path)
    signature = tmp_path / "model.sig"
    sign_model(model, good.key_pem(tmp_path, "leaf"), signature=signature, certificate=good.pem(tmp_path, "leaf"),
               chain=[intermediate.pem(tmp_path, "ca")])
    _swap_leaf(signature, odd.certificate)
    with pytest.raises(VerificationError, match=f"curve {curve.name}"):
        verify_model(model, chain=[anchor.pem(tmp_path, "root")], signature=signature)
    result = _cli_verify(model, "--chain", str(anchor.pem(tmp_path, "root")), "--signature", str(signature))
    assert result.returncode == 1 and json.loads(result.stdout)["verified"] is False


@pytest.mark.parametrize("with_san", [False, True])
def test_trusted_leaf_with_an_undecodable_subject(tmp_path: Path, with_san: bool) -> None:
    anchor = root()
    intermediate = ca("Intermediate", anchor)
    template = issue(Spec("QQQQ", ca=False, san=[x509.RFC822Name("release@example.com")] if with_san else None),
                     intermediate)
    broken = patched(template, intermediate, b"QQQQ", b"\xff\xfe\xfd\xfc")
    model = _model(tmp_path)
    signature = tmp_path / "model.sig"
    sign_model(model, template.key_pem(tmp_path, "leaf"), signature=signature,
               certificate=template.pem(tmp_path, "leaf"), chain=[intermediate.pem(tmp_path, "ca")])
    _swap_leaf(signature, broken)
    with pytest.raises(VerificationError, match="malformed subject"):
        verify_model(model, chain=[anchor.pem(tmp_path, "root")], signature=signature)
    result = _cli_verify(model, "--chain", str(anchor.pem(tmp_path, "root")), "--signature", str(signature))
    assert result.returncode == 1 and json.loads(result.stdout)["verified"] is False


@pytest.mark.parametrize(("constraint", "cn"), [
    (x509.DNSName("corp.example"), "release.other.com"),
    (x509.RFC822Name("corp.example"), "release@other.com"),
])
def test_no_san_leaf_under_a_name_constrained_ca(tmp_path: Path, constraint: x509.GeneralName, cn: str) -> None:
    anchor = root()
    intermediate = ca("Constrained CA", anchor, name_constraints=x509.NameConstraints(
        permitted_subtrees=[constraint], excluded_subtrees=None))
    signer = issue(Spec(cn, ca=False), intermediate)
    model = _model(tmp_path)
    sign_model(model, signer.key_pem(tmp_path, "leaf"), certificate=signer.pem(tmp_path, "leaf"),
               chain=[intermediate.pem(tmp_path, "ca")])
    for identity in (None, f"cn:{cn}"):
        with pytest.raises(VerificationError, match="no subjectAltName, so the name constraints of 'CN=Constrained"):
            verify_model(model, chain=[anchor.pem(tmp_path, "root")], identity=identity)


def test_case_folding_is_ascii_only() -> None:
    kelvin = Identity("CN=x", ("release@\u212aaggle.com",), (), ("\u212aaggle.com",), (), True, "00")
    assert not kelvin.matches(ExpectedIdentity.parse("release@kaggle.com"))
    assert not kelvin.matches(ExpectedIdentity.parse("dns:kaggle.com"))
    assert "\\u212a" in kelvin.describe() and "\u212a" not in kelvin.describe()
    plain = Identity("CN=x", ("release@Kaggle.COM",), (), ("KAGGLE.com",), (), True, "00")
    assert plain.matches(ExpectedIdentity.parse("release@kaggle.com"))
    assert plain.matches(ExpectedIdentity.parse("dns:kaggle.com"))


def test_shard_bundles_do_not_accept_planted_empty_files(tmp_path: Path, keys: dict[str, KeyPair]) -> None:
    from model_signing import hashing, signing

    model = _model(tmp_path)
    signature = tmp_path / "shards.sig"
    config = signing.Config().use_elliptic_key_signer(private_key=keys["p256"].private)
    config.set_hashing_config(hashing.Config().use_shard_serialization(shard_size=10))
    config.sign(model, signature)
    verify_model(model, key=keys["p256"].public, signature=signature)
    (model / "pkg").mkdir()
    (model / "pkg" / "__init__.py").write_bytes(b"")
    with pytest.raises(VerificationError, match=r"extra \(unsigned\): pkg/__init__\.py"):
        verify_model(model, key=keys["p256"].public, signature=signature)


@pytest.mark.parametrize("target", ["x\x00y", b"copy", ""])
def test_copy_to_that_is_not_a_path_is_a_usage_error(tmp_path: Path, keys: dict[str, KeyPair],
                                                     target: object) -> None:
    with pytest.raises(UsageError, match="copy_to"):
        verify_model(_model(tmp_path), key=keys["p256"].public, copy_to=target)  # type: ignore[arg-type]
