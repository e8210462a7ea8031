"""Verify an OMS bundle against a model directory. Fails closed and names exactly what is wrong."""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from aiwarden.core.errors import UsageError
from aiwarden.sign.bundle import Resource, Statement, pae, pae_legacy, parse_bundle, parse_statement, root_digest
from aiwarden.sign.errors import VerificationError
from aiwarden.sign.hashing import hash_files, hash_range
from aiwarden.sign.keys import (
    Identity,
    certificate_from_der,
    identity_of,
    key_hint,
    load_certificates,
    load_public_key,
    verify_chain,
    verify_signature,
)
from aiwarden.sign.manifest import DEFAULT_IGNORES, enumerate_files, relative_name
from aiwarden.sign.signer import DEFAULT_SIGNATURE

_SHARD_ALGORITHM = re.compile(r"^(sha256|blake2b)-sharded-\d+$")


@dataclass(frozen=True, slots=True)
class VerifiedModel:
    root_digest: str
    files: tuple[str, ...]
    identity: Identity | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def verify_model(
    model_dir: str | os.PathLike[str],
    *,
    key: str | os.PathLike[str] | None = None,
    chain: Sequence[str | os.PathLike[str]] = (),
    identity: str | None = None,
    signature: str | os.PathLike[str] | None = None,
    ignore_unsigned: bool = False,
    workers: int | None = None,
) -> VerifiedModel:
    """Return what was verified, or raise VerificationError (tampering) / UsageError (bad arguments, I/O)."""
    root = Path(model_dir)
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    if (key is None) == (not chain):
        raise UsageError("give exactly one of --key (key mode) or --chain (certificate mode)")
    signature_path = Path(signature) if signature is not None else root / DEFAULT_SIGNATURE
    try:
        raw = signature_path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{signature_path}: cannot read signature: {exc.strerror or exc}") from None
    bundle = parse_bundle(raw)
    candidates = (pae(bundle.payload), pae_legacy(bundle.payload))
    warnings: list[str] = []
    who: Identity | None = None
    if key is not None:
        _verify_key_mode(bundle.material, load_public_key(key), bundle.signature, candidates, warnings)
    else:
        who = _verify_certificate_mode(bundle.material, chain, bundle.signature, candidates, identity)
    statement = parse_statement(bundle.payload)
    if statement.legacy:
        warnings.append("legacy model_signing v0.1 payload")
    if root_digest(statement.resources) != statement.subject_digest:
        raise VerificationError("inconsistent root digest: the subject does not match the signed file list")
    _check_names(statement.resources)
    ignores = _ignores(root, statement.serialization, signature_path)
    method = statement.serialization.get("method", "files")
    if method == "files":
        names = _verify_files(root, statement, ignores, ignore_unsigned, workers)
    elif method == "shards":
        names = _verify_shards(root, statement, ignores, ignore_unsigned)
    else:
        raise VerificationError(f"signed payload: unknown serialization method {method!r}")
    return VerifiedModel(statement.subject_digest, tuple(names), who, tuple(warnings))


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


def _verify_certificate_mode(material: dict[str, Any], chain: Sequence[str | os.PathLike[str]], signature: bytes,
                             candidates: Sequence[bytes], identity: str | None) -> Identity:
    chain_material = material.get("x509CertificateChain")
    if not isinstance(chain_material, dict):
        if "certificate" in material:
            raise VerificationError("Sigstore keyless bundles need the Sigstore trust root; verify them with "
                                    "model_signing")
        raise VerificationError("signature was made with a bare key, not a certificate")
    entries = chain_material.get("certificates")
    if not isinstance(entries, list) or not entries:
        raise VerificationError("signature file: empty certificate chain")
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
    verify_chain(leaf, presented[1:], load_certificates(list(chain)))
    from cryptography.hazmat.primitives.asymmetric import ec

    public = leaf.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise VerificationError("signing certificate does not hold an ECDSA key")
    verify_signature(public, signature, candidates)
    who = identity_of(leaf)
    if identity is not None and not who.matches(identity):
        raise VerificationError(f"signer identity {who.subject!r} {list(who.san)} does not match {identity!r}")
    return who


def _check_names(resources: list[Resource]) -> None:
    seen: set[str] = set()
    for resource in resources:
        name = resource.name
        path_part = name.rsplit(":", 2)[0] if _SHARD_ALGORITHM.match(resource.algorithm) else name
        parts = PurePosixPath(path_part).parts
        if not path_part or path_part.startswith("/") or ".." in parts or "\\" in path_part or "\x00" in path_part:
            raise VerificationError(f"signed file name {name!r} escapes the model directory")
        if name in seen:
            raise VerificationError(f"signed file name {name!r} appears twice")
        seen.add(name)


def _ignores(root: Path, serialization: dict[str, Any], signature_path: Path) -> tuple[str, ...]:
    ignores = list(DEFAULT_IGNORES)
    signed = serialization.get("ignore_paths", [])
    if isinstance(signed, list):
        ignores.extend(str(p) for p in signed if isinstance(p, str))
    name = relative_name(root, signature_path)
    if name is not None:
        ignores.append(name)
    return tuple(dict.fromkeys(ignores))


def _report(modified: list[str], missing: list[str], extra: list[str]) -> None:
    if not (modified or missing or extra):
        return
    parts = []
    for label, names in (("modified", modified), ("missing", missing), ("extra (unsigned)", extra)):
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            parts.append(f"{label}: {shown}")
    raise VerificationError("model does not match its signature; " + "; ".join(parts),
                            tuple(f"modified {n}" for n in modified) + tuple(f"missing {n}" for n in missing)
                            + tuple(f"extra {n}" for n in extra))


def _verify_files(root: Path, statement: Statement, ignores: tuple[str, ...], ignore_unsigned: bool,
                  workers: int | None) -> list[str]:
    expected = {r.name: r for r in statement.resources}
    local = {f.name: f for f in enumerate_files(root, ignores)}
    missing = sorted(set(expected) - set(local))
    extra = [] if ignore_unsigned else sorted(set(local) - set(expected))
    common = sorted(set(expected) & set(local))
    by_algorithm: dict[str, list[str]] = {}
    for name in common:
        algorithm = expected[name].algorithm
        if algorithm not in ("sha256", "blake2b"):
            raise VerificationError(f"signed file {name!r} uses unsupported hash algorithm {algorithm!r}")
        by_algorithm.setdefault(algorithm, []).append(name)
    modified = []
    for algorithm, names in by_algorithm.items():
        digests = hash_files([(local[n].path, local[n].size) for n in names], algorithm, workers)
        modified += [n for n, d in zip(names, digests, strict=True) if d != expected[n].digest]
    _report(sorted(modified), missing, extra)
    return common


def _verify_shards(root: Path, statement: Statement, ignores: tuple[str, ...], ignore_unsigned: bool) -> list[str]:
    """model_signing's shard bundles ("path:start:end", algorithm sha256-sharded-N): verify only."""
    shards: dict[str, list[tuple[int, int, Resource]]] = {}
    for resource in statement.resources:
        path, start, end = _shard_parts(resource.name)
        shards.setdefault(path, []).append((start, end, resource))
    local = {f.name: f for f in enumerate_files(root, ignores)}
    missing = sorted(set(shards) - set(local))
    extra = [] if ignore_unsigned else sorted(n for n in set(local) - set(shards) if local[n].size > 0)
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
        raise VerificationError(f"shard name {name!r} is not path:start:end") from None

