"""Certificates made to order for path-validation tests: any extension, any validity window, any issuer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
CA_USAGE = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
SIGNING_USAGE = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
CODE_SIGNING = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING])
UNKNOWN_CRITICAL = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00")


@dataclass
class Issued:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    def pem(self, directory: Path, name: str) -> Path:
        path = directory / f"{name}.pem"
        path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        return path

    def key_pem(self, directory: Path, name: str) -> Path:
        path = directory / f"{name}.key"
        path.write_bytes(self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
        return path


@dataclass
class Spec:
    subject: x509.Name | str
    ca: bool | None = False  # None: no basicConstraints at all
    path_length: int | None = None
    key_usage: x509.KeyUsage | None = None  # default: CA_USAGE for CAs, SIGNING_USAGE for leaves
    no_key_usage: bool = False
    eku: x509.ExtendedKeyUsage | None = None  # default: codeSigning for leaves
    no_eku: bool = False
    san: list[x509.GeneralName] | None = None
    name_constraints: x509.NameConstraints | None = None
    extra: list[tuple[x509.ExtensionType, bool]] = field(default_factory=list)
    not_before: datetime.timedelta = datetime.timedelta(days=-1)
    not_after: datetime.timedelta = datetime.timedelta(days=30)


def name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def issue(spec: Spec, issuer: Issued | None = None, key: ec.EllipticCurvePrivateKey | None = None) -> Issued:
    """A certificate for ``spec`` signed by ``issuer`` (self-signed when None)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = name(spec.subject) if isinstance(spec.subject, str) else spec.subject
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW + spec.not_before)
        .not_valid_after(NOW + spec.not_after)
    )
    if spec.ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=spec.ca, path_length=spec.path_length),
                                        critical=True)
    if not spec.no_key_usage:
        builder = builder.add_extension(spec.key_usage or (CA_USAGE if spec.ca else SIGNING_USAGE), critical=True)
    if spec.eku is not None:
        builder = builder.add_extension(spec.eku, critical=False)
    elif spec.ca is False and not spec.no_eku:
        builder = builder.add_extension(CODE_SIGNING, critical=False)
    if spec.san is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName(spec.san), critical=False)
    if spec.name_constraints is not None:
        builder = builder.add_extension(spec.name_constraints, critical=True)
    for extension, critical in spec.extra:
        builder = builder.add_extension(extension, critical=critical)
    return Issued(builder.sign(issuer.key if issuer else key, hashes.SHA256()), key)


def root(cn: str = "Matrix Root CA", **kwargs: object) -> Issued:
    return issue(Spec(cn, ca=True, **kwargs))  # type: ignore[arg-type]


def ca(cn: str, issuer: Issued, **kwargs: object) -> Issued:
    return issue(Spec(cn, ca=True, **kwargs), issuer)  # type: ignore[arg-type]


def leaf(issuer: Issued, cn: str = "Release Signer", email: str | None = "release@example.com",
         **kwargs: object) -> Issued:
    san = kwargs.pop("san", [x509.RFC822Name(email)] if email else None)
    return issue(Spec(cn, ca=False, san=san, **kwargs), issuer)  # type: ignore[arg-type]


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


def patched(issued: Issued, issuer: Issued, old: bytes, new: bytes) -> x509.Certificate:
    """``issued`` with bytes of its TBS replaced (same length) and re-signed by ``issuer``: a certificate that
    is correctly signed but malformed inside, as a hostile or buggy CA could issue."""
    tbs = issued.certificate.tbs_certificate_bytes
    assert tbs.count(old) == 1 and len(old) == len(new)
    tbs = tbs.replace(old, new)
    signature = issuer.key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    algorithm = _tlv(0x30, _tlv(0x06, bytes.fromhex("2a8648ce3d040302")))  # ecdsa-with-SHA256
    return x509.load_der_x509_certificate(_tlv(0x30, tbs + algorithm + _tlv(0x03, b"\x00" + signature)))
