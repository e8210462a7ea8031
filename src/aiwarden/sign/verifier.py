"""Verify an OMS bundle against a model directory. Fails closed and names exactly what is wrong.

What a pass means, and what it does not: the files on disk matched the signature *while they were
hashed*. A file can change between verification and loading (time of check, time of use); load from a
location nobody else can write to, or use ``copy_to`` to verify a private copy as it is written. There is
no revocation check and no check against the current time: certificate paths are validated at the
signing certificate's notBefore (see ``aiwarden.sign.pki``).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.sign.bundle import Resource, Statement, pae, pae_legacy, parse_bundle, parse_statement, root_digest
from aiwarden.sign.errors import UnverifiableError, VerificationError
from aiwarden.sign.hashing import FileChangedError, hash_files, hash_range
from aiwarden.sign.identity import ExpectedIdentity, Identity, identity_of
from aiwarden.sign.keys import certificate_from_der, key_hint, load_certificates, load_public_key, verify_signature
from aiwarden.sign.location import SignatureLocation, locate_signature, read_signature
from aiwarden.sign.manifest import (
    SIGNATURE_SUFFIX,
    Ignores,
    ManifestFile,
    enumerate_files,
    normalize_name,
    require_directory,
)
from aiwarden.sign.pki import validate_path

_SHARD_ALGORITHM = re.compile(r"^(sha256|blake2b)-sharded-\d+$")


@dataclass(frozen=True, slots=True)
class VerifiedModel:
    root_digest: str
    files: tuple[str, ...]
    identity: Identity | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # file name -> "algorithm:hex" as verified (files mode); check a file you load against it
    digests: Mapping[str, str] = field(default_factory=dict)
    copied_to: str | None = None


def verify_model(
    model_dir: str | os.PathLike[str],
    *,
    key: str | os.PathLike[str] | bytes | None = None,
    chain: Sequence[str | os.PathLike[str]] = (),
    identity: str | None = None,
    signature: str | os.PathLike[str] | None = None,
    ignore_unsigned: bool = False,
    workers: int | None = None,
    copy_to: str | os.PathLike[str] | None = None,
) -> VerifiedModel:
    """Return what was verified, or raise VerificationError.

    Every reason not to trust the model raises ``VerificationError``: tampering, a bad signature, an
    untrusted signer, and also a model directory or signature that cannot be read (``UnverifiableError``,
    a subclass). ``UsageError`` is raised only for the caller's own arguments: no or both modes, an
    unreadable key or certificate file, a malformed ``identity``.

    ``key`` is a PEM public key file or the PEM bytes. ``copy_to`` names a directory that must not exist
    yet: the model's files are copied there as they
    are hashed, and the copy, which no one else has written to, is what was verified. Load from it.
    """
    if not isinstance(model_dir, str | os.PathLike) or isinstance(chain, str | bytes | os.PathLike):
        raise UsageError("give the model directory as a str or PathLike, and chain as a list of paths")
    if (key is None) == (not chain):
        raise UsageError("give exactly one of --key (key mode) or --chain (certificate mode)")
    if identity is not None and key is not None:
        raise UsageError("--identity needs certificate mode (--chain)")
    if workers is not None and workers < 1:
        raise UsageError(f"--jobs must be at least 1 (got {workers})")
    if copy_to is not None:
        _check_new_path(copy_to)
    expected = ExpectedIdentity.parse(identity) if identity is not None else None
    public = load_public_key(key) if key is not None else None
    trusted = load_certificates(list(chain)) if chain else []
    root = Path(model_dir)
    try:
        location = locate_signature(root, signature)
        return _verify(root, location, public, trusted, expected, ignore_unsigned, workers, copy_to)
    except FileChangedError as exc:
        raise VerificationError(f"{exc}; the model changed while it was being verified") from None
    except UsageError as exc:
        raise UnverifiableError(str(exc)) from None


def _check_new_path(path: object) -> None:
    text = path if isinstance(path, str) else os.fspath(path) if isinstance(path, os.PathLike) else None
    if not isinstance(text, str) or not text or "\x00" in text:
        raise UsageError(f"copy_to: {safe_name(repr(path))} is not a usable path (a non-empty str or PathLike)")


def _verify(root: Path, location: SignatureLocation, public: Any, trusted: list[Any],
            expected: ExpectedIdentity | None, ignore_unsigned: bool, workers: int | None,
            copy_to: str | os.PathLike[str] | None) -> VerifiedModel:
    require_directory(root)
    bundle = parse_bundle(read_signature(location))
    candidates = (pae(bundle.payload), pae_legacy(bundle.payload))
    warnings: list[str] = []
    who: Identity | None = None
    if public is not None:
        _verify_key_mode(bundle.material, public, bundle.signature, candidates, warnings)
    else:
        who = _verify_certificate_mode(bundle.material, trusted, bundle.signature, candidates, expected)
    statement = parse_statement(bundle.payload)
    if statement.legacy:
        warnings.append("legacy model_signing v0.1 payload")
    if root_digest(statement.resources) != statement.subject_digest:
        raise VerificationError("inconsistent root digest: the subject does not match the signed file list")
    _check_names(statement.resources)
    ignores = _ignores(statement.serialization, location)
    method = statement.serialization.get("method", "files")
    if method == "files":
        if copy_to is not None:
            from aiwarden.sign.copy import copy_verified

            _supported(statement)
            names, digests = copy_verified(root, statement.resources, ignores, copy_to,
                                           lambda local, hashed: _report(*_compare(statement, local, hashed,
                                                                                   ignore_unsigned)))
            return VerifiedModel(statement.subject_digest, tuple(names), who, tuple(warnings),
                                 _digest_map(statement, digests), os.path.abspath(copy_to))
        names, digests = _verify_files(root, statement, ignores, ignore_unsigned, workers)
        return VerifiedModel(statement.subject_digest, tuple(names), who, tuple(warnings),
                             _digest_map(statement, digests))
    if copy_to is not None:
        raise UsageError("copy_to supports files-mode signatures only")
    if method == "shards":
        return VerifiedModel(statement.subject_digest, tuple(_verify_shards(root, statement, ignores,
                                                                            ignore_unsigned)), who, tuple(warnings))
    raise VerificationError(f"signed payload: unknown serialization method {safe_name(str(method))!r}")


def _verify_key_mode(material: dict[str, Any], public: Any, signature: bytes, candidates: Sequence[bytes],
                     warnings: list[str]) -> None:
    public_key = material.get("publicKey")
    if not isinstance(public_key, dict):
        mode = "certificate" if "x509CertificateChain" in material else "an unsupported"
        raise VerificationError(f"signature was made in {mode} mode, not with a bare key")
    hint = public_key.get("hint")
    if hint:
        if hint != key_hint(public):
            raise VerificationError("wrong key: the signature was made with a different key (public key hint "
                                    "does not match)")
    else:
        warnings.append("signature has no public key hint (older model_signing format)")
    verify_signature(public, signature, candidates)


def _verify_certificate_mode(material: dict[str, Any], trusted: list[Any], signature: bytes,
                             candidates: Sequence[bytes], expected: ExpectedIdentity | None) -> Identity:
    chain_material = material.get("x509CertificateChain")
    if not isinstance(chain_material, dict):
        if "certificate" in material:
            raise VerificationError("Sigstore keyless bundles need the Sigstore trust root; verify them with "
                                    "model_signing")
        raise VerificationError("signature was made with a bare key, not a certificate")
    entries = chain_material.get("certificates")
    if not isinstance(entries, list) or not entries:
        raise VerificationError("signature file: empty certificate chain")
    if len(entries) > 16:
        raise VerificationError(f"signature file: {len(entries)} certificates in the chain (at most 16)")
    presented = []
    for entry in entries:
        raw = entry.get("rawBytes") if isinstance(entry, dict) else None
        if not isinstance(raw, str):
            raise VerificationError("signature file: certificate without rawBytes")
        try:
            presented.append(certificate_from_der(base64.b64decode(raw, validate=True)))
        except (binascii.Error, ValueError):
            raise VerificationError("signature file: certificate rawBytes is not base64") from None
    leaf = presented[0]
    validate_path(leaf, presented[1:], trusted)
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        public = leaf.public_key()
    except Exception:  # UnsupportedAlgorithm, ValueError: a key type nothing here can verify with
        raise VerificationError("signing certificate holds a key of an unsupported type") from None
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise VerificationError("signing certificate does not hold an ECDSA key")
    verify_signature(public, signature, candidates)
    who = identity_of(leaf)
    if expected is not None and not who.matches(expected):
        raise VerificationError(f"signer identity does not match {safe_name(str(expected))}: the signing "
                                f"certificate has {who.describe()}")
    return who


def _check_names(resources: list[Resource]) -> None:
    seen: set[str] = set()
    for resource in resources:
        name = resource.name
        path_part = name.rsplit(":", 2)[0] if _SHARD_ALGORITHM.match(resource.algorithm) else name
        if normalize_name(path_part) != path_part:
            raise VerificationError(f"signed file name {safe_name(name)!r} escapes the model directory or is "
                                    "not a plain relative name")
        if name in seen:
            raise VerificationError(f"signed file name {safe_name(name)!r} appears twice")
        seen.add(name)


def _ignores(serialization: dict[str, Any], location: SignatureLocation) -> Ignores:
    """The default git paths, the signed ignore_paths (``*.sig`` entries name one file, others a tree),
    and the signature being verified when it lies inside the model."""
    signed = serialization.get("ignore_paths", [])
    if not isinstance(signed, list) or not all(isinstance(p, str) for p in signed):
        raise VerificationError("signed payload: ignore_paths is not a list of names")
    trees: list[str] = []
    files: list[str] = []
    for text in signed:
        name = normalize_name(text)
        if name is None:
            raise VerificationError(f"signed payload: ignore path {safe_name(text)!r} is not a name inside the "
                                    "model directory")
        (files if name.endswith(SIGNATURE_SUFFIX) else trees).append(name)
    if location.name_in_model is not None:
        files.append(location.name_in_model)
    return Ignores().with_trees(trees).with_files(files)


def _report(modified: list[str], missing: list[str], extra: list[str]) -> None:
    if not (modified or missing or extra):
        return
    parts = []
    for label, names in (("modified", modified), ("missing", missing), ("extra (unsigned)", extra)):
        if names:
            shown = ", ".join(safe_name(n) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5
                                                                  else "")
            parts.append(f"{label}: {shown}")
    raise VerificationError("model does not match its signature; " + "; ".join(parts),
                            tuple(f"modified {safe_name(n)}" for n in modified)
                            + tuple(f"missing {safe_name(n)}" for n in missing)
                            + tuple(f"extra {safe_name(n)}" for n in extra))


def _supported(statement: Statement) -> None:
    for resource in statement.resources:
        if resource.algorithm not in ("sha256", "blake2b"):
            raise VerificationError(f"signed file {safe_name(resource.name)!r} uses unsupported hash algorithm "
                                    f"{safe_name(resource.algorithm)!r}")


def _compare(statement: Statement, local: Sequence[str], digests: Mapping[str, str], ignore_unsigned: bool
             ) -> tuple[list[str], list[str], list[str]]:
    """(modified, missing, extra) between the signed list and what was found and hashed."""
    expected = {r.name: r for r in statement.resources}
    missing = sorted(set(expected) - set(local))
    extra = [] if ignore_unsigned else sorted(set(local) - set(expected))
    modified = sorted(n for n, d in digests.items() if n in expected and d != expected[n].digest)
    return modified, missing, extra


def _verify_files(root: Path, statement: Statement, ignores: Ignores, ignore_unsigned: bool,
                  workers: int | None) -> tuple[list[str], dict[str, str]]:
    _supported(statement)
    expected = {r.name: r for r in statement.resources}
    local: dict[str, ManifestFile] = {f.name: f for f in enumerate_files(root, ignores, verifying=True)}
    common = sorted(set(expected) & set(local))
    by_algorithm: dict[str, list[str]] = {}
    for name in common:
        by_algorithm.setdefault(expected[name].algorithm, []).append(name)
    digests: dict[str, str] = {}
    for algorithm, names in by_algorithm.items():
        hashed = hash_files([(local[n].path, local[n].size) for n in names], algorithm, workers)
        digests.update(zip(names, hashed, strict=True))
    _report(*_compare(statement, list(local), digests, ignore_unsigned))
    return common, digests


def _digest_map(statement: Statement, digests: Mapping[str, str]) -> dict[str, str]:
    algorithms = {r.name: r.algorithm for r in statement.resources}
    return {name: f"{algorithms[name]}:{digest}" for name, digest in sorted(digests.items()) if name in algorithms}


def _verify_shards(root: Path, statement: Statement, ignores: Ignores, ignore_unsigned: bool) -> list[str]:
    """model_signing's shard bundles ("path:start:end", algorithm sha256-sharded-N): verify only."""
    shards: dict[str, list[tuple[int, int, Resource]]] = {}
    for resource in statement.resources:
        path, start, end = _shard_parts(resource.name)
        shards.setdefault(path, []).append((start, end, resource))
    local = {f.name: f for f in enumerate_files(root, ignores, verifying=True)}
    missing = sorted(set(shards) - set(local))
    # model_signing's shard serializer never lists empty files, but an empty file can still matter (a planted
    # __init__.py makes a package): unsigned empty files are extra like any other
    extra = [] if ignore_unsigned else sorted(set(local) - set(shards))
    modified = []
    for path in sorted(set(shards) & set(local)):
        ranges = sorted(shards[path], key=lambda item: item[0])
        covered = 0
        ok = True
        for start, end, resource in ranges:
            algorithm = resource.algorithm.split("-sharded-")[0]
            ok = ok and start == covered and hash_range(local[path].path, algorithm, start, end) == resource.digest
            covered = end
        if not ok or covered != local[path].size:
            modified.append(path)
    _report(modified, missing, extra)
    return sorted(shards)


def _shard_parts(name: str) -> tuple[str, int, int]:
    path, _, rest = name.rpartition(":")
    path, _, start = path.rpartition(":")
    try:
        return path, int(start), int(rest)
    except ValueError:
        raise VerificationError(f"shard name {safe_name(name)!r} is not path:start:end") from None

