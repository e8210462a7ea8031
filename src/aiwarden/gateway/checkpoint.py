"""Signed checkpoints of the gateway's audit trail: the head (sequence number and hash) at a moment, signed with
an ECDSA key (``aiwarden keygen``). Kept away from the database's host, a checkpoint catches what the chain alone
cannot: records removed from the end, or a whole trail rewritten consistently by someone who can write the
database (and holds the HMAC key, if there is one). Verification needs only the public key."""

from __future__ import annotations

import base64
import json
import time
from contextlib import closing
from typing import TYPE_CHECKING, Any

from aiwarden.audit.log import canonical
from aiwarden.core.errors import AiwardenError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

    from aiwarden.gateway.store_sql import SqlStore

FORMAT = "aiwarden-audit-checkpoint/1"
MAX_CHECKPOINT_BYTES = 64 * 1024


class CheckpointError(AiwardenError):
    """A checkpoint that cannot be made (broken chain) or read (malformed file)."""


def make(store: SqlStore, key: ec.EllipticCurvePrivateKey, hmac_key: bytes | None = None) -> dict[str, Any]:
    """Verify the chain, then sign its head. A broken chain is never checkpointed."""
    from aiwarden.sign.keys import key_hint, sign_bytes

    report = store.verify_report(hmac_key)
    if not report.check.ok:
        raise CheckpointError(f"{store.shown}: the audit trail is broken ({report.check.reason}); not checkpointed")
    if report.check.records == 0:
        raise CheckpointError(f"{store.shown}: the audit trail is empty; nothing to checkpoint")
    first = report.anchor + 1 if report.anchor is not None else 0
    claim = {"format": FORMAT, "seq": first + report.check.records - 1, "hash": report.check.head,
             "time": round(time.time(), 3)}
    signature = sign_bytes(key, canonical(claim))
    return {**claim, "key_hint": key_hint(key.public_key()), "signature": base64.b64encode(signature).decode()}


def parse(data: bytes, where: str) -> dict[str, Any]:
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(f"{where}: not a checkpoint (over 64 KiB)")
    try:
        checkpoint = json.loads(data)
    except (ValueError, RecursionError):
        raise CheckpointError(f"{where}: not a checkpoint (not JSON)") from None
    if (not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT
            or not isinstance(checkpoint.get("seq"), int) or isinstance(checkpoint.get("seq"), bool)
            or not isinstance(checkpoint.get("hash"), str) or not isinstance(checkpoint.get("signature"), str)
            or not isinstance(checkpoint.get("time"), int | float)):
        raise CheckpointError(f"{where}: not an aiwarden audit checkpoint")
    return checkpoint


def check(store: SqlStore, checkpoint: dict[str, Any], public_key: ec.EllipticCurvePublicKey) -> str:
    """Why the trail does not contain the signed head ("" when it does). A bad signature raises."""
    from aiwarden.sign.keys import verify_signature

    claim = {name: checkpoint[name] for name in ("format", "seq", "hash", "time")}
    try:
        signature = base64.b64decode(checkpoint["signature"], validate=True)
    except ValueError:
        signature = b""
    verify_signature(public_key, signature, [canonical(claim)])
    seq = claim["seq"]
    record = None
    if seq >= 0:
        with closing(store.export(since_seq=seq)) as records:  # type: ignore[type-var]
            record = next(records, None)
    if record is None or record["seq"] != seq:
        if record is None:
            return (f"record {seq}, signed at {_when(claim['time'])}, is missing: records were removed from the "
                    "end after the checkpoint")
        return f"record {seq}, signed at {_when(claim['time'])}, is missing (purged by retention, or deleted)"
    if record["hash"] != claim["hash"]:
        return f"record {seq} differs from the one signed at {_when(claim['time'])}: the trail was rewritten"
    return ""


def _when(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(moment))
