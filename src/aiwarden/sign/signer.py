"""Produce an OMS v1.0 files-mode bundle for a model directory."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aiwarden.core.atomic import write_text_atomic
from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.sign.bundle import Resource, build_statement, encode_bundle, pae, root_digest
from aiwarden.sign.hashing import FileChangedError, hash_files
from aiwarden.sign.keys import key_hint, load_certificates, load_private_key, shown_path, sign_bytes
from aiwarden.sign.location import DEFAULT_SIGNATURE, locate_signature
from aiwarden.sign.manifest import SIGNATURE_SUFFIX, Ignores, enumerate_files, name_inside, normalize_name

__all__ = ["DEFAULT_SIGNATURE", "SignResult", "manifest_resources", "sign_model"]


@dataclass(frozen=True, slots=True)
class SignResult:
    signature_path: str
    root_digest: str
    files: int
    bytes_hashed: int


def manifest_resources(model_dir: Path, ignores: Ignores, hash_type: str = "sha256",
                       workers: int | None = None) -> tuple[list[Resource], int, bool]:
    """(resources, bytes hashed, whether any file was read through a link)."""
    files = enumerate_files(model_dir, ignores)
    try:
        digests = hash_files([(f.path, f.size) for f in files], hash_type, workers)
    except FileChangedError as exc:
        raise UsageError(f"{exc}; sign a model that is not being written to") from None
    resources = [Resource(f.name, hash_type, d) for f, d in zip(files, digests, strict=True)]
    return resources, sum(f.size for f in files), any(f.via_link for f in files)


def sign_model(
    model_dir: str | os.PathLike[str],
    private_key: str | os.PathLike[str] | bytes,
    *,
    signature: str | os.PathLike[str] | None = None,
    ignore: Sequence[str | os.PathLike[str]] = (),
    certificate: str | os.PathLike[str] | None = None,
    chain: Sequence[str | os.PathLike[str]] = (),
    password: bytes | None = None,
    workers: int | None = None,
) -> SignResult:
    """Sign every regular file of model_dir (except ignored ones) and write the bundle atomically.

    ``private_key`` is a PEM file, or the PEM bytes themselves (a key from a secret store need never touch
    the disk). ``signature`` and absolute ``ignore`` paths are taken relative to the working directory,
    relative ``ignore`` paths relative to the model root (as OMS ``ignore_paths`` are).
    """
    if not isinstance(model_dir, str | os.PathLike):
        raise UsageError("give the model directory as a str or PathLike")
    root = Path(model_dir)
    location = locate_signature(root, signature)
    key = load_private_key(private_key, password, where="the private key given as bytes")
    material = _material(key, certificate, chain)
    if isinstance(ignore, str | bytes | os.PathLike):
        raise UsageError("ignore: give a list of paths, not one string")
    names = [_ignored_name(root, item) for item in ignore]
    # *.sig names one file, as verifiers read signed ignore_paths: a FIFO or link there fails here, not later
    ignores = Ignores().with_trees(n for n in names if not n.endswith(SIGNATURE_SUFFIX)).with_files(
        n for n in names if n.endswith(SIGNATURE_SUFFIX))
    if location.name_in_model is not None:
        if not location.name_in_model.endswith(SIGNATURE_SUFFIX):
            raise UsageError(f"--signature {location}: a signature stored inside the model directory must end in "
                             f"{SIGNATURE_SUFFIX}, so that verifiers know it names one file")
        if not ignores.covers_tree(location.name_in_model):
            ignores = ignores.with_files([location.name_in_model])
    resources, total, linked = manifest_resources(root, ignores, workers=workers)
    # model_signing's verifier needs allow_symlinks to follow links too (a hub cache snapshot)
    statement = build_statement(root.resolve().name, resources, ignores.recorded(), allow_symlinks=linked)
    payload = json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()
    text = encode_bundle(payload, sign_bytes(key, pae(payload)), material)
    write_text_atomic(location.path, text)
    return SignResult(location.path, root_digest(resources), len(resources), total)


def _ignored_name(root: Path, item: str | os.PathLike[str]) -> str:
    text = os.fspath(item)
    if os.path.isabs(text):
        name = name_inside(root, text)
        problem = "is not inside the model directory"
    else:
        name = normalize_name(Path(text).as_posix())
        parts = [p for p in Path(text).as_posix().split("/") if p not in ("", ".")]
        problem = ("is the whole model" if not parts else "climbs out of the model directory" if ".." in parts
                   else "is not a valid name (backslash or NUL)")
    if name is None or name == ".":
        raise UsageError(f"--ignore {safe_name(text)}: {'is the whole model' if name == '.' else problem}")
    if name.endswith(SIGNATURE_SUFFIX) and (root / name).is_dir():
        raise UsageError(f"--ignore {safe_name(text)}: a directory named *{SIGNATURE_SUFFIX} would be read as a "
                         "signature file by verifiers; rename it")
    return name


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
        raise UsageError(f"{shown_path(certificate)}: the certificate does not belong to the private key")
    certificates = [leaf, *load_certificates(list(chain))]
    der = [c.public_bytes(serialization.Encoding.DER) for c in certificates]
    return {"x509CertificateChain": {"certificates": [{"rawBytes": base64.b64encode(d).decode()} for d in der]},
            "tlogEntries": []}
