"""Keys and certificates for OMS key and certificate modes: ECDSA P-256 (default), P-384, P-521.

These are the only curves the OMS algorithm registry lists and model_signing accepts; anything else is
refused with a clear error rather than producing a bundle no other verifier can check.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.core.files import read_regular_file
from aiwarden.sign.errors import VerificationError

StrPath = str | os.PathLike[str]

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

_CURVE_HASH = {"secp256r1": "sha256", "secp384r1": "sha384", "secp521r1": "sha512"}


_MAX_KEY_FILE = 16 * 1024 * 1024  # a certificate bundle of thousands of roots still fits


def shown_path(path: StrPath | bytes) -> str:
    """A key or certificate path for messages: escaped, and never echoed when it looks like key material
    (PEM text passed where a path belongs must not end up in CI logs)."""
    text = os.fsdecode(os.fspath(path))
    if "-----BEGIN" in text or len(text) > 4096:
        return "<the value given looks like key material, not a path; use --key-env for a key in a variable>"
    return safe_name(text)


def _read(path: StrPath, what: str) -> bytes:
    """A key or certificate file: regular, at most 16 MiB (a FIFO or /dev/zero must not hang us)."""
    return read_regular_file(path, _MAX_KEY_FILE, what=what, shown=shown_path(path))


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


def load_private_key(source: StrPath | bytes, password: bytes | None = None,
                     where: str | None = None) -> ec.EllipticCurvePrivateKey:
    """A PEM private key from a file, or from PEM bytes (``where`` names their origin in messages)."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if isinstance(source, bytes):
        data, shown = source, where or "private key"
    else:
        data, shown = _read(source, "private key"), shown_path(source)
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise UsageError(f"{shown}: not a usable PEM private key ({str(exc).splitlines()[0][:100]})") from None
    _check_curve(key, shown)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


CURVES = ("p256", "p384", "p521")


def generate_key_pair(private_path: StrPath, public_path: StrPath, curve: str = "p256",
                      password: bytes | None = None) -> str:
    """Write a new ECDSA key pair: the private key created 0600 (never over an existing file), the public
    key beside it. Returns the public key hint bundles carry."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    curves: dict[str, ec.EllipticCurve] = {"p256": ec.SECP256R1(), "p384": ec.SECP384R1(), "p521": ec.SECP521R1()}
    if curve not in curves:
        raise UsageError(f"--curve {safe_name(curve)}: use one of {', '.join(CURVES)}")
    key = ec.generate_private_key(curves[curve])
    if password is not None and not password:
        raise UsageError("--password-env: the password is empty; unset the variable for an unencrypted key")
    encryption = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    _create(private_path, private_pem, 0o600)
    try:
        _create(public_path, public_pem, 0o644)
    except UsageError:
        os.unlink(private_path)
        raise
    return key_hint(key.public_key())


def _create(path: StrPath, data: bytes, mode: int) -> None:
    """Create a new file with exactly ``mode`` (O_EXCL: an existing file or link is never overwritten)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        raise UsageError(f"{safe_name(os.fspath(path))}: cannot create: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, mode)  # the umask may have removed bits from the public key; never adds to the private
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def load_public_key(source: StrPath | bytes) -> ec.EllipticCurvePublicKey:
    """A PEM public key from a file, or PEM bytes."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if isinstance(source, bytes):
        data, shown = source, "the public key given as bytes"
    else:
        data, shown = _read(source, "public key"), shown_path(source)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise UsageError(f"{shown}: not a PEM public key") from None
    _check_curve(key, shown)
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

    if key.curve.name not in _CURVE_HASH:
        raise VerificationError(f"the signing key uses curve {safe_name(key.curve.name)}; OMS signatures use P-256, "
                                "P-384 or P-521")
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
        except (ValueError, x509.InvalidVersion):
            try:
                certificates.append(x509.load_der_x509_certificate(data))
            except (ValueError, x509.InvalidVersion):
                raise UsageError(f"{shown_path(path)}: not a PEM or DER certificate") from None
    return certificates


def certificate_from_der(data: bytes) -> x509.Certificate:
    from cryptography import x509

    try:
        return x509.load_der_x509_certificate(data)
    except (ValueError, x509.InvalidVersion):  # InvalidVersion is not a ValueError
        raise VerificationError("signature file: a certificate in the chain is not valid DER") from None
