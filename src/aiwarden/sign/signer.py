"""Produce an OMS v1.0 files-mode bundle for a model directory."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aiwarden.core.atomic import write_text_atomic
from aiwarden.core.errors import UsageError
from aiwarden.sign.bundle import Resource, build_statement, encode_bundle, pae, root_digest
from aiwarden.sign.hashing import hash_files
from aiwarden.sign.keys import key_hint, load_certificates, load_private_key, sign_bytes
from aiwarden.sign.manifest import DEFAULT_IGNORES, enumerate_files, relative_name

DEFAULT_SIGNATURE = "model.sig"


@dataclass(frozen=True, slots=True)
class SignResult:
    signature_path: str
    root_digest: str
    files: int
    bytes_hashed: int


def manifest_resources(model_dir: Path, ignore_paths: Sequence[str], hash_type: str = "sha256",
                       workers: int | None = None) -> tuple[list[Resource], int]:
    files = enumerate_files(model_dir, tuple(ignore_paths))
    digests = hash_files([(f.path, f.size) for f in files], hash_type, workers)
    return [Resource(f.name, hash_type, d) for f, d in zip(files, digests, strict=True)], sum(f.size for f in files)


def sign_model(
    model_dir: str | os.PathLike[str],
    private_key: str | os.PathLike[str],
    *,
    signature: str | os.PathLike[str] | None = None,
    ignore: Sequence[str | os.PathLike[str]] = (),
    certificate: str | os.PathLike[str] | None = None,
    chain: Sequence[str | os.PathLike[str]] = (),
    password: bytes | None = None,
    workers: int | None = None,
) -> SignResult:
    """Sign every regular file of model_dir (except ignored ones) and write the bundle atomically."""
    root = Path(model_dir)
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    signature_path = Path(signature) if signature is not None else root / DEFAULT_SIGNATURE
    key = load_private_key(private_key, password)
    material = _material(key, certificate, chain)
    ignores = list(DEFAULT_IGNORES)
    for item in [*ignore, signature_path]:
        name = relative_name(root, item)
        if name is not None and name not in ignores:
            ignores.append(name)
    resources, total = manifest_resources(root, ignores, workers=workers)
    statement = build_statement(root.resolve().name, resources, ignores)
    payload = json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()
    text = encode_bundle(payload, sign_bytes(key, pae(payload)), material)
    write_text_atomic(str(signature_path), text)
    return SignResult(str(signature_path), root_digest(resources), len(resources), total)


def _material(key: object, certificate: str | os.PathLike[str] | None,
              chain: Sequence[str | os.PathLike[str]]) -> dict[str, object]:
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    assert isinstance(key, ec.EllipticCurvePrivateKey)
    if certificate is None:
        if chain:
            raise UsageError("--chain needs --certificate")
        return {"publicKey": {"hint": key_hint(key.public_key())}, "tlogEntries": []}
    leaf, *_ = load_certificates([certificate])
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if leaf.public_key().public_bytes(serialization.Encoding.DER, spki) != key.public_key().public_bytes(
            serialization.Encoding.DER, spki):
        raise UsageError(f"{certificate}: the certificate does not belong to the private key")
    certificates = [leaf, *load_certificates(list(chain))]
    der = [c.public_bytes(serialization.Encoding.DER) for c in certificates]
    return {"x509CertificateChain": {"certificates": [{"rawBytes": base64.b64encode(d).decode()} for d in der]},
            "tlogEntries": []}
