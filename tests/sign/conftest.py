"""Keys, certificates and model trees for signing tests, made fresh with cryptography (never downloaded)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class KeyPair:
    private: Path
    public: Path


def write_key(directory: Path, name: str, curve: ec.EllipticCurve) -> KeyPair:
    key = ec.generate_private_key(curve)
    private = directory / f"{name}.pem"
    public = directory / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo))
    return KeyPair(private, public)


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KeyPair]:
    directory = tmp_path_factory.mktemp("keys")
    return {
        "p256": write_key(directory, "p256", ec.SECP256R1()),
        "p384": write_key(directory, "p384", ec.SECP384R1()),
        "p521": write_key(directory, "p521", ec.SECP521R1()),
        "other": write_key(directory, "other", ec.SECP256R1()),
    }


@dataclass
class Pki:
    ca: Path
    intermediate: Path
    leaf: Path
    leaf_key: Path
    other_ca: Path


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(subject: str, issuer: str, key: ec.EllipticCurvePrivateKey, issuer_key: ec.EllipticCurvePrivateKey,
                 *, ca: bool, san: str | None = None) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                                        critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                                        critical=True)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(san)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    directory = tmp_path_factory.mktemp("pki")
    ca_key, inter_key, leaf_key, other_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(4))
    ca = _certificate("Test Root CA", "Test Root CA", ca_key, ca_key, ca=True)
    inter = _certificate("Test Intermediate", "Test Root CA", inter_key, ca_key, ca=True)
    leaf = _certificate("ML Release Signer", "Test Intermediate", leaf_key, inter_key, ca=False,
                        san="release@example.com")
    other = _certificate("Other Root CA", "Other Root CA", other_key, other_key, ca=True)
    paths = {}
    for name, cert in (("ca", ca), ("intermediate", inter), ("leaf", leaf), ("other_ca", other)):
        paths[name] = directory / f"{name}.pem"
        paths[name].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    leaf_path = directory / "leaf.key"
    leaf_path.write_bytes(leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    return Pki(paths["ca"], paths["intermediate"], paths["leaf"], leaf_path, paths["other_ca"])


def make_torture_tree(root: Path) -> Path:
    """Names that order differently by path components and by code points, unicode, empty, nested .git."""
    files = {
        "a/b": b"x", "a-b": b"y", "a.txt": b"z", "B/x": b"w", "empty": b"", "\u00e9.bin": b"q",
        "sub/.git/c": b"g", "sub/.gitignore": b"i", ".git/HEAD": b"ref: refs/heads/main", ".gitignore": b"*.tmp",
        "weights/model-00001-of-00002.safetensors": bytes(range(256)) * 8,
        "weights/model-00002-of-00002.safetensors": bytes(range(255, -1, -1)) * 4,
        "config.json": b'{"model_type": "demo"}',
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "empty-dir").mkdir(exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture
def model(tmp_path: Path) -> Path:
    return make_torture_tree(tmp_path / "model")
