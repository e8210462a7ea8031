"""Signing and verification: round trips, bundle format, and the tamper suite (every change detected)."""

import base64
import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from aiwarden.core.errors import UsageError
from aiwarden.sign import VerificationError, sign_model, verify_model
from aiwarden.sign.bundle import PAYLOAD_TYPE, pae, parse_statement
from aiwarden.sign.errors import UnverifiableError
from aiwarden.sign.keys import load_private_key, sign_bytes
from tests.sign.conftest import KeyPair, Pki

OMS = Path(__file__).parent.parent / "data" / "oms"


def _schema_validator(name: str) -> jsonschema.Draft202012Validator:
    schemas = {p.name: json.loads(p.read_text()) for p in (OMS / "schemas").glob("*.json")}
    registry: Registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def _payload(signature: Path) -> dict:
    return json.loads(base64.b64decode(json.loads(signature.read_text())["dsseEnvelope"]["payload"]))


@pytest.mark.parametrize("curve", ["p256", "p384", "p521"])
def test_round_trip_every_curve(model: Path, keys: dict[str, KeyPair], curve: str) -> None:
    result = sign_model(model, keys[curve].private)
    verified = verify_model(model, key=keys[curve].public)
    assert verified.root_digest == result.root_digest
    names = list(verified.files)
    assert ".git/HEAD" not in names and ".gitignore" not in names  # top-level git paths are left out
    assert {"sub/.git/c", "sub/.gitignore", "empty", "\u00e9.bin"} <= set(names)  # nested ones are signed


def test_bundle_is_oms_v1_and_validates_against_the_schemas(model: Path, keys: dict[str, KeyPair],
                                                            pki: Pki) -> None:
    sign_model(model, keys["p256"].private)
    bundle = json.loads((model / "model.sig").read_text())
    _schema_validator("bundle.schema.json").validate(bundle)
    statement = _payload(model / "model.sig")
    _schema_validator("statement.schema.json").validate(statement)
    assert bundle["verificationMaterial"]["publicKey"]["hint"]
    assert statement["predicate"]["serialization"]["method"] == "files"
    names = [r["name"] for r in statement["predicate"]["resources"]]
    assert names.index("a/b") < names.index("a-b") < names.index("a.txt")  # path components, not code points
    assert "model.sig" in statement["predicate"]["serialization"]["ignore_paths"]
    cert_sig = model.parent / "cert.sig"
    sign_model(model, pki.leaf_key, signature=cert_sig, certificate=pki.leaf, chain=[pki.intermediate, pki.ca])
    cert_bundle = json.loads(cert_sig.read_text())
    _schema_validator("bundle.schema.json").validate(cert_bundle)
    assert len(cert_bundle["verificationMaterial"]["x509CertificateChain"]["certificates"]) == 3


def test_oms_test_vectors(tmp_path: Path) -> None:
    from aiwarden.sign.bundle import parse_bundle

    validator = _schema_validator("bundle.schema.json")
    for path in (OMS / "test-vectors" / "valid").glob("*.json"):
        validator.validate(json.loads(path.read_text()))
        parse_bundle(path.read_bytes())
    for path in (OMS / "test-vectors" / "invalid").glob("*.json"):
        text = path.read_text()
        assert not text or list(validator.iter_errors(json.loads(text))), path.name
        if path.name != "missing-tlog-entries.bundle.json":  # model_signing accepts it; so do we
            with pytest.raises(VerificationError):
                parse_bundle(path.read_bytes())
    wrong = OMS / "test-vectors" / "invalid-payload" / "wrong-predicate.bundle.json"
    with pytest.raises(VerificationError, match="predicate type"):
        parse_statement(parse_bundle(wrong.read_bytes()).payload)


def test_certificate_mode_and_identity(model: Path, pki: Pki) -> None:
    sign_model(model, pki.leaf_key, certificate=pki.leaf, chain=[pki.intermediate])
    verified = verify_model(model, chain=[pki.ca])
    assert verified.identity and "email:release@example.com" in verified.identity.san
    verify_model(model, chain=[pki.ca], identity="release@example.com")
    with pytest.raises(VerificationError, match="does not match"):
        verify_model(model, chain=[pki.ca], identity="attacker@example.com")
    with pytest.raises(VerificationError, match="does not chain"):
        verify_model(model, chain=[pki.other_ca])


# -- tamper suite ----------------------------------------------------------------------------------


def _expect_failure(model: Path, key: Path, match: str, **kwargs: object) -> None:
    with pytest.raises(VerificationError, match=match):
        verify_model(model, key=key, **kwargs)  # type: ignore[arg-type]


def test_every_single_byte_change_is_detected(model: Path, keys: dict[str, KeyPair]) -> None:
    sign_model(model, keys["p256"].private)
    signed = [p for p in model.rglob("*") if p.is_file() and p.name != "model.sig" and p.stat().st_size
              and not p.relative_to(model).as_posix().startswith(".git")]
    checked = 0
    for path in signed:
        original = path.read_bytes()
        if path.name == ".gitignore" and path.parent == model:
            continue
        for index in range(len(original)):
            tampered = bytearray(original)
            tampered[index] ^= 0x01
            path.write_bytes(bytes(tampered))
            with pytest.raises(VerificationError, match="modified"):
                verify_model(model, key=keys["p256"].public, workers=1)
            checked += 1
        path.write_bytes(original)
    assert checked > 3_000
    verify_model(model, key=keys["p256"].public)


def test_added_removed_renamed_and_emptied_files(model: Path, keys: dict[str, KeyPair]) -> None:
    public = keys["p256"].public
    sign_model(model, keys["p256"].private)
    (model / "extra.bin").write_bytes(b"new")
    _expect_failure(model, public, r"extra \(unsigned\): extra.bin")
    verify_model(model, key=public, ignore_unsigned=True)
    (model / "extra.bin").unlink()
    data = (model / "a.txt").read_bytes()
    (model / "a.txt").unlink()
    _expect_failure(model, public, "missing: a.txt")
    (model / "a.txt").write_bytes(data)
    (model / "a-b").rename(model / "a_b")
    _expect_failure(model, public, "missing: a-b")
    (model / "a_b").rename(model / "a-b")
    (model / "config.json").write_bytes(b"")
    _expect_failure(model, public, "modified: config.json")


def test_wrong_key_swapped_signature_and_bad_signature(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    sign_model(model, keys["p256"].private)
    _expect_failure(model, keys["other"].public, "wrong key")
    other_model = tmp_path / "other"
    other_model.mkdir()
    (other_model / "w.bin").write_bytes(b"different model")
    sign_model(other_model, keys["p256"].private)
    shutil.copy(other_model / "model.sig", model / "model.sig")
    _expect_failure(model, keys["p256"].public, "does not match its signature")
    sign_model(model, keys["p256"].private)
    bundle = json.loads((model / "model.sig").read_text())
    signature = bytearray(base64.b64decode(bundle["dsseEnvelope"]["signatures"][0]["sig"]))
    signature[-1] ^= 0xFF
    bundle["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(bytes(signature)).decode()
    (model / "model.sig").write_text(json.dumps(bundle))
    _expect_failure(model, keys["p256"].public, "does not verify")


def _forge(model: Path, key: Path, edit: object) -> None:
    """Re-sign an edited statement with the real key: the checks below must hold even for the signer."""
    bundle = json.loads((model / "model.sig").read_text())
    statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
    edit(statement)  # type: ignore[operator]
    payload = json.dumps(statement).encode()
    bundle["dsseEnvelope"]["payload"] = base64.b64encode(payload).decode()
    signature = sign_bytes(load_private_key(key), pae(payload, PAYLOAD_TYPE))
    bundle["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(signature).decode()
    (model / "model.sig").write_text(json.dumps(bundle))


def test_payload_tampering_even_by_the_key_holder(model: Path, keys: dict[str, KeyPair]) -> None:
    private, public = keys["p256"].private, keys["p256"].public
    sign_model(model, private)
    original = (model / "model.sig").read_text()
    bundle = json.loads(original)
    statement = json.loads(base64.b64decode(bundle["dsseEnvelope"]["payload"]))
    statement["predicate"]["resources"][0]["digest"] = "00" * 32
    bundle["dsseEnvelope"]["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    (model / "model.sig").write_text(json.dumps(bundle))
    _expect_failure(model, public, "does not verify")
    (model / "model.sig").write_text(original)

    def wrong_subject(s: dict) -> None:
        s["subject"][0]["digest"]["sha256"] = "11" * 32

    _forge(model, private, wrong_subject)
    _expect_failure(model, public, "inconsistent root digest")

    def escape(s: dict) -> None:
        s["predicate"]["resources"].append({"name": "../outside.bin", "algorithm": "sha256", "digest": "00" * 32})
        from aiwarden.sign.bundle import Resource, root_digest

        s["subject"][0]["digest"]["sha256"] = root_digest([Resource(**r) for r in s["predicate"]["resources"]])

    (model / "model.sig").write_text(original)
    _forge(model, private, escape)
    _expect_failure(model, public, "escapes the model directory")


def test_symlink_tricks(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    public = keys["p256"].public
    sign_model(model, keys["p256"].private)
    outside = tmp_path / "outside.bin"
    outside.write_bytes((model / "a.txt").read_bytes())  # same content: only the link is wrong
    (model / "a.txt").unlink()
    os.symlink(outside, model / "a.txt")
    _expect_failure(model, public, "symbolic link")
    (model / "a.txt").unlink()
    (model / "a.txt").write_bytes(outside.read_bytes())
    os.symlink(tmp_path, model / "linked-dir")
    _expect_failure(model, public, "symbolic link")
    (model / "linked-dir").unlink()
    with pytest.raises(UsageError, match="symbolic link leading outside"):
        os.symlink(outside, model / "new-link")
        sign_model(model, keys["p256"].private)


def test_usage_errors(model: Path, keys: dict[str, KeyPair], tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="No such file or directory"):
        sign_model(tmp_path / "missing", keys["p256"].private)
    with pytest.raises(UsageError, match="private key"):
        sign_model(model, keys["p256"].public)
    with pytest.raises(UnverifiableError, match="cannot read signature"):
        verify_model(model, key=keys["p256"].public)
    with pytest.raises(UnverifiableError, match="No such file or directory"):
        verify_model(tmp_path / "missing", key=keys["p256"].public)
    (model / "model.sig").write_text("{not json")
    with pytest.raises(VerificationError, match="not valid JSON"):
        verify_model(model, key=keys["p256"].public)
