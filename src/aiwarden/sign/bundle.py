"""OMS v1.0 bundles: a Sigstore bundle v0.3 holding a DSSE envelope over an in-toto Statement v1 whose
predicate lists every file's digest. Written as compact JSON with sorted keys; always parsed, never
byte-compared (model_signing's key order varies from run to run)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from aiwarden.sign.errors import VerificationError

BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://model_signing/signature/v1.0"
LEGACY_PREDICATE_TYPE = "https://model_signing/Digests/v0.1"
MAX_BUNDLE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    algorithm: str
    digest: str


def pae(payload: bytes, payload_type: str = PAYLOAD_TYPE) -> bytes:
    """DSSE pre-authentication encoding: the bytes that are actually signed."""
    return b"DSSEv1 %d %s %d " % (len(payload_type), payload_type.encode(), len(payload)) + payload


def pae_legacy(payload: bytes, payload_type: str = PAYLOAD_TYPE) -> bytes:
    """The encoding model_signing 0.2 signed by mistake (str() of the bytes); accepted when verifying."""
    return f"DSSEV1 {len(payload_type)} {payload_type} {len(payload)} {payload!r}".encode()


def root_digest(resources: list[Resource]) -> str:
    """SHA-256 over the raw resource digests in manifest order (the statement's subject digest)."""
    digest = hashlib.sha256()
    for resource in resources:
        try:
            digest.update(bytes.fromhex(resource.digest))
        except ValueError:
            raise VerificationError(f"resource {resource.name!r}: digest is not hexadecimal") from None
    return digest.hexdigest()


def build_statement(model_name: str, resources: list[Resource], ignore_paths: list[str],
                    hash_type: str = "sha256", allow_symlinks: bool = False) -> dict[str, Any]:
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": model_name, "digest": {"sha256": root_digest(resources)}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "serialization": {
                "method": "files",
                "hash_type": hash_type,
                "allow_symlinks": allow_symlinks,
                "ignore_paths": sorted(ignore_paths),
            },
            "resources": [{"name": r.name, "algorithm": r.algorithm, "digest": r.digest} for r in resources],
        },
    }


def encode_bundle(payload: bytes, signature: bytes, verification_material: dict[str, Any]) -> str:
    bundle = {
        "mediaType": BUNDLE_MEDIA_TYPE,
        "verificationMaterial": verification_material,
        "dsseEnvelope": {
            "payload": base64.b64encode(payload).decode(),
            "payloadType": PAYLOAD_TYPE,
            "signatures": [{"sig": base64.b64encode(signature).decode(), "keyid": ""}],
        },
    }
    return json.dumps(bundle, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ParsedBundle:
    payload: bytes
    signature: bytes
    material: dict[str, Any]


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise VerificationError(f"signature file: {what} is missing or not a string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise VerificationError(f"signature file: {what} is not valid base64") from None


def parse_bundle(text: bytes) -> ParsedBundle:
    if len(text) > MAX_BUNDLE_BYTES:
        raise VerificationError("signature file: larger than 64 MiB; refusing to parse")
    try:
        bundle = json.loads(text)
    except (ValueError, RecursionError):
        raise VerificationError("signature file: not valid JSON") from None
    if not isinstance(bundle, dict):
        raise VerificationError("signature file: not a JSON object")
    if bundle.get("mediaType") != BUNDLE_MEDIA_TYPE:
        raise VerificationError(f"signature file: unsupported bundle media type {bundle.get('mediaType')!r}")
    envelope = bundle.get("dsseEnvelope")
    material = bundle.get("verificationMaterial")
    if not isinstance(envelope, dict):
        raise VerificationError("signature file: no DSSE envelope")
    if not isinstance(material, dict):
        raise VerificationError("signature file: no verification material")
    if envelope.get("payloadType") != PAYLOAD_TYPE:
        raise VerificationError(f"signature file: payload type {envelope.get('payloadType')!r} is not in-toto JSON")
    signatures = envelope.get("signatures")
    if not isinstance(signatures, list) or not signatures or not isinstance(signatures[0], dict):
        raise VerificationError("signature file: the envelope carries no signature")
    return ParsedBundle(_b64(envelope.get("payload"), "payload"), _b64(signatures[0].get("sig"), "signature"),
                        material)


@dataclass(frozen=True, slots=True)
class Statement:
    subject_name: str
    subject_digest: str
    resources: list[Resource]
    serialization: dict[str, Any]
    legacy: bool


def parse_statement(payload: bytes) -> Statement:
    try:
        statement = json.loads(payload)
    except (ValueError, RecursionError):
        raise VerificationError("signed payload: not valid JSON") from None
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise VerificationError("signed payload: not an in-toto Statement v1")
    predicate_type = statement.get("predicateType")
    if predicate_type == LEGACY_PREDICATE_TYPE:
        return _legacy_statement(statement)
    if predicate_type != PREDICATE_TYPE:
        raise VerificationError(f"signed payload: predicate type {predicate_type!r} is not OMS v1.0")
    subjects = statement.get("subject")
    if not isinstance(subjects, list) or len(subjects) != 1 or not isinstance(subjects[0], dict):
        raise VerificationError("signed payload: expected exactly one subject")
    digest = subjects[0].get("digest")
    if not isinstance(digest, dict) or not isinstance(digest.get("sha256"), str):
        raise VerificationError("signed payload: subject has no sha256 digest")
    predicate = statement.get("predicate")
    if not isinstance(predicate, dict):
        raise VerificationError("signed payload: no predicate")
    serialization = predicate.get("serialization")
    raw_resources = predicate.get("resources")
    if not isinstance(serialization, dict) or not isinstance(raw_resources, list):
        raise VerificationError("signed payload: predicate lacks serialization or resources")
    resources = []
    for item in raw_resources:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("name", "algorithm", "digest")):
            raise VerificationError("signed payload: a resource lacks name, algorithm or digest")
        resources.append(Resource(item["name"], item["algorithm"], item["digest"].lower()))
    return Statement(str(subjects[0].get("name", "")), digest["sha256"].lower(), resources, serialization, False)


def _legacy_statement(statement: dict[str, Any]) -> Statement:
    """model_signing 0.x: one subject per file, digests in the subject list (verify only)."""
    subjects = statement.get("subject")
    if not isinstance(subjects, list):
        raise VerificationError("signed payload: legacy statement without subjects")
    resources = []
    for subject in subjects:
        digest = subject.get("digest", {}) if isinstance(subject, dict) else {}
        if not isinstance(subject, dict) or not isinstance(subject.get("name"), str) or "sha256" not in digest:
            raise VerificationError("signed payload: malformed legacy subject")
        resources.append(Resource(subject["name"], "sha256", str(digest["sha256"]).lower()))
    return Statement("", root_digest(resources), resources, {"method": "files", "hash_type": "sha256"}, True)
