"""Keys and certificates for OMS key and certificate modes: ECDSA P-256 (default), P-384, P-521.

These are the only curves the OMS algorithm registry lists and model_signing accepts; anything else is
refused with a clear error rather than producing a bundle no other verifier can check.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from aiwarden.core.errors import UsageError
from aiwarden.sign.errors import VerificationError

StrPath = str | os.PathLike[str]

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

_CURVE_HASH = {"secp256r1": "sha256", "secp384r1": "sha384", "secp521r1": "sha512"}


def _read(path: StrPath, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None


def _hash_for(key: ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey) -> object:
    from cryptography.hazmat.primitives import hashes

    name = _CURVE_HASH[key.curve.name]
    return {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[name]


def _check_curve(key: object, where: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    if not isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        raise UsageError(f"{where}: only ECDSA keys (P-256, P-384, P-521) are supported by OMS")
    if key.curve.name not in _CURVE_HASH:
        raise UsageError(f"{where}: curve {key.curve.name} is not supported (use P-256, P-384 or P-521)")


def load_private_key(path: StrPath, password: bytes | None = None) -> ec.EllipticCurvePrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    data = _read(path, "private key")
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"{path}: not a usable PEM private key ({str(exc).splitlines()[0][:100]})") from None
    _check_curve(key, str(path))
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def load_public_key(path: StrPath) -> ec.EllipticCurvePublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    data = _read(path, "public key")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise UsageError(f"{path}: not a PEM public key") from None
    _check_curve(key, str(path))
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key


def key_hint(public_key: ec.EllipticCurvePublicKey) -> str:
    """SHA-256 of the PEM SubjectPublicKeyInfo text, as model_signing writes publicKey.hint."""
    from cryptography.hazmat.primitives import serialization

    pem = public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(pem).hexdigest()


def sign_bytes(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric import ec

    return key.sign(data, ec.ECDSA(_hash_for(key)))  # type: ignore[arg-type]


def verify_signature(key: ec.EllipticCurvePublicKey, signature: bytes, candidates: Sequence[bytes]) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ec

    for data in candidates:
        try:
            key.verify(signature, data, ec.ECDSA(_hash_for(key)))  # type: ignore[arg-type]
            return
        except InvalidSignature:
            continue
    raise VerificationError("the signature does not verify with this key (wrong key or tampered payload)")


def load_certificates(paths: Sequence[StrPath]) -> list[x509.Certificate]:
    from cryptography import x509

    certificates: list[x509.Certificate] = []
    for path in paths:
        data = _read(path, "certificate")
        try:
            certificates.extend(x509.load_pem_x509_certificates(data))
        except ValueError:
            try:
                certificates.append(x509.load_der_x509_certificate(data))
            except ValueError:
                raise UsageError(f"{path}: not a PEM or DER certificate") from None
    return certificates


def certificate_from_der(data: bytes) -> x509.Certificate:
    from cryptography import x509

    try:
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise VerificationError("signature file: a certificate in the chain is not valid DER") from None


@dataclass(frozen=True, slots=True)
class Identity:
    subject: str
    san: tuple[str, ...]
    fingerprint: str

    def matches(self, expected: str) -> bool:
        return expected in self.san or expected == self.subject or f"CN={expected}" in self.subject.split(",")


def identity_of(certificate: x509.Certificate) -> Identity:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    try:
        san_ext = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        san = tuple(str(v) for v in san_ext.get_values_for_type(x509.RFC822Name)) + tuple(
            str(v) for v in san_ext.get_values_for_type(x509.UniformResourceIdentifier)) + tuple(
            str(v) for v in san_ext.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        san = ()
    return Identity(certificate.subject.rfc4514_string(), san, certificate.fingerprint(hashes.SHA256()).hex())


def verify_chain(leaf: x509.Certificate, presented: Sequence[x509.Certificate],
                 trusted: Sequence[x509.Certificate]) -> None:
    """Chain leaf -> intermediates -> a trusted root, every signature and CA constraint checked.

    Without a trusted timestamp the validity window is evaluated at the leaf's notBefore, as
    model_signing does; the leaf must allow digital signatures or code signing.
    """
    at = leaf.not_valid_before_utc
    _check_leaf_usage(leaf)
    trusted_fingerprints = {c.fingerprint(_sha256()) for c in trusted}
    pool = list(presented) + list(trusted)
    current = leaf
    for _ in range(10):
        _check_time(current, at)
        if current.fingerprint(_sha256()) in trusted_fingerprints:
            return
        issuer = _find_issuer(current, pool)
        if issuer is None:
            raise VerificationError(f"certificate {current.subject.rfc4514_string()!r} does not chain to a trusted "
                                    "certificate (--chain)")
        _check_ca(issuer)
        current = issuer
    raise VerificationError("certificate chain is longer than 10 certificates")


def _sha256() -> hashes.SHA256:
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def _find_issuer(cert: x509.Certificate, pool: Sequence[x509.Certificate]) -> x509.Certificate | None:
    for candidate in pool:
        if candidate.subject != cert.issuer or candidate is cert:
            continue
        try:
            cert.verify_directly_issued_by(candidate)
        except Exception:  # InvalidSignature, unsupported algorithms: not this issuer
            continue
        return candidate
    return None


def _check_time(cert: x509.Certificate, at: datetime) -> None:
    if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
        raise VerificationError(f"certificate {cert.subject.rfc4514_string()!r} was not valid when the leaf was "
                                "issued")


def _check_ca(cert: x509.Certificate) -> None:
    from cryptography import x509

    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        raise VerificationError(f"issuer {cert.subject.rfc4514_string()!r} is not a CA (no basicConstraints)") \
            from None
    if not constraints.ca:
        raise VerificationError(f"issuer {cert.subject.rfc4514_string()!r} is not a CA")


def _check_leaf_usage(leaf: x509.Certificate) -> None:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    allowed = False
    with contextlib.suppress(x509.ExtensionNotFound):
        allowed = leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    try:
        eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        allowed = allowed or ExtendedKeyUsageOID.CODE_SIGNING in eku
    except x509.ExtensionNotFound:
        pass
    if not allowed:
        raise VerificationError("signing certificate allows neither digital signatures nor code signing")
