"""The audit trail's hash chain, shared by the SQLite and PostgreSQL stores.

Each record's hash is SHA-256 (HMAC-SHA256 with a key) over ``canonical({seq, time, event, data, bodies_digest,
prev})``, where ``prev`` is the previous record's hash (64 zeros for record 0) and ``bodies_digest`` is the SHA-256
of ``canonical(bodies)`` (null without bodies). Bodies live in their own table, so retention can delete them
while the chain still commits to what they were.

Retention that deletes whole records appends a chained ``purge`` record naming the seq and hash of the last
record it deleted (the anchor). A chain may start after record 0 only where such a record, itself intact and
later in the chain, attests exactly that anchor; bodies may be missing only for records older than a purge's
``bodies_before``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from aiwarden.audit.log import canonical
from aiwarden.gateway.types import AuditEntry, ChainCheck, StoreError

GENESIS = "0" * 64
PURGE_EVENT = "purge"
_KEY_CHECK_LABEL = b"aiwarden audit trail key check"


class EncodedEntry(NamedTuple):
    time: float
    event: str
    data: str  # canonical JSON text
    data_value: Any  # the data as read back from that text (what the hash covers)
    bodies: str | None  # canonical JSON text
    bodies_digest: str | None


def encode_entry(entry: AuditEntry) -> EncodedEntry:
    """The entry as stored; StoreError for one that cannot be (not JSON, NaN, an empty event)."""
    if not isinstance(entry.event, str) or not entry.event:
        raise StoreError("audit entry has no event name")
    try:
        time = float(entry.time)  # an int time would hash as "5" but be read back as 5.0
        if not math.isfinite(time):
            raise ValueError("time is not finite")
        data_value = _as_read_back(entry.data)
        bodies = None if entry.bodies is None else canonical(_as_read_back(entry.bodies)).decode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        raise StoreError(f"audit entry {entry.event!r} cannot be stored as JSON: {exc}") from None
    digest = None if bodies is None else hashlib.sha256(bodies.encode("utf-8")).hexdigest()
    return EncodedEntry(time, entry.event, canonical(data_value).decode("utf-8"), data_value, bodies, digest)


def _as_read_back(value: Any) -> Any:
    """The value as a verifier will parse it from storage: tuples become lists, int keys strings, which changes
    the canonical order ({2, 10} sorts as "10", "2"), so the hash is taken over this form."""
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    # allow_nan=False: NaN is not JSON, and a SIEM reading the export would choke on it
    return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))


def bodies_digest(bodies_text: str) -> str:
    """The digest of stored bodies, recomputed from their parsed value (formatting does not count)."""
    return hashlib.sha256(canonical(json.loads(bodies_text))).hexdigest()


def record_hash(seq: int, time: float, event: str, data: Any, digest: str | None, prev: str,
                key: bytes | None) -> str:
    body = canonical({"seq": seq, "time": time, "event": event, "data": data, "bodies_digest": digest,
                      "prev": prev})
    if key is not None:
        return hmac.new(key, body, hashlib.sha256).hexdigest()
    return hashlib.sha256(body).hexdigest()


def key_check(key: bytes | None) -> str:
    """What the database remembers about the HMAC key: "" for none, else a MAC of a fixed label (not the key), so
    a writer or verifier with the wrong key is told so instead of seeing every record "edited"."""
    return "" if key is None else hmac.new(key, _KEY_CHECK_LABEL, hashlib.sha256).hexdigest()


class Row(NamedTuple):
    seq: Any
    time: Any
    event: Any
    data: Any
    bodies_digest: Any
    prev: Any
    hash: Any
    bodies: Any  # None: no body row


@dataclass(frozen=True, slots=True)
class PurgeClaims:
    """What the purge records in the trail claim (read before the walk; the walk then checks those records)."""

    anchors: frozenset[tuple[int, str]] = frozenset()  # (seq, hash) of the last record each purge deleted
    bodies_before: float | None = None  # bodies of records older than this may be gone

    @classmethod
    def from_data(cls, purge_data: Iterable[Any]) -> PurgeClaims:
        anchors: set[tuple[int, str]] = set()
        cutoff: float | None = None
        for text in purge_data:
            try:
                data = json.loads(text)
            except (TypeError, ValueError, RecursionError):
                continue  # an edited purge record: the walk reports it
            if not isinstance(data, dict):
                continue
            seq, digest = data.get("through_seq"), data.get("through_hash")
            if isinstance(seq, int) and isinstance(digest, str):
                anchors.add((seq, digest))
            before = data.get("bodies_before")
            if isinstance(before, int | float) and (cutoff is None or before > cutoff):
                cutoff = float(before)
        return cls(frozenset(anchors), cutoff)


@dataclass(frozen=True, slots=True)
class ChainReport:
    check: ChainCheck
    bodies_kept: int = 0
    bodies_purged: int = 0
    anchor: int | None = None  # seq of the last purged record the chain starts after

    def describe(self) -> str:
        text = self.check.describe()
        if self.check.ok:
            if self.anchor is not None:
                text += f", starting after record {self.anchor} (purged by retention)"
            text += f"; bodies kept {self.bodies_kept}, purged {self.bodies_purged}"
        return text


def walk(rows: Iterator[Row], key: bytes | None, claims: PurgeClaims, stored_key_check: str | None
         ) -> ChainReport:
    """Check rows in seq order, stopping at the first bad one. Reads one row at a time (bounded memory)."""
    first = next(rows, None)
    if first is None:
        return ChainReport(ChainCheck(True, 0, GENESIS))
    if stored_key_check is not None and stored_key_check != key_check(key):
        if stored_key_check == "":
            why = "the trail was written without an HMAC key, but one was given"
        elif key is None:
            why = "the trail was written with an HMAC key: pass it (--key-file)"
        else:
            why = "wrong HMAC key (the trail was written with a different key)"
        return ChainReport(ChainCheck(False, 0, GENESIS, _int_or(first.seq, 0), why))
    start = _start(first, claims)
    if isinstance(start, ChainCheck):
        return ChainReport(start)
    expected, prev = start
    anchor = expected - 1 if expected else None
    count = kept = purged = 0
    for row in _chain(first, rows):
        problem = _check(row, expected, prev, key)
        if not problem:
            problem, state = _check_bodies(row, claims)
            kept += state == "kept"
            purged += state == "purged"
        if problem:  # a gap is reported at the first missing seq, anything else at the row itself
            return ChainReport(ChainCheck(False, count, prev, expected, problem), kept, purged, anchor)
        expected, prev, count = expected + 1, row.hash, count + 1
    return ChainReport(ChainCheck(True, count, prev), kept, purged, anchor)


def _chain(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest


def _int_or(value: Any, default: int) -> int:
    return value if isinstance(value, int) else default


def _start(first: Row, claims: PurgeClaims) -> tuple[int, str] | ChainCheck:
    """Where the chain may start: record 0 from genesis, or right after an attested purge anchor."""
    seq = first.seq
    if not isinstance(seq, int) or seq < 0:
        return ChainCheck(False, 0, GENESIS, 0, f"first record has sequence number {seq!r} (inserted)")
    if seq == 0:
        return 0, GENESIS
    if (seq - 1, first.prev) in claims.anchors:
        return seq, str(first.prev)
    earlier = [anchor for anchor, _ in claims.anchors if anchor < seq - 1]
    since = max(earlier) + 1 if earlier else 0
    attested = f" (retention purged only up to record {since - 1})" if earlier else " (no retention purge attests it)"
    span = f"record {since}" if since == seq - 1 else f"records {since} to {seq - 1}"
    return ChainCheck(False, 0, GENESIS, since, f"{span} missing: deleted{attested}")


def _check(row: Row, expected: int, prev: str, key: bytes | None) -> str:
    if row.seq != expected:
        gap = f"record {expected}" if row.seq == expected + 1 else f"records {expected} to {row.seq - 1}"
        return f"{gap} missing (deleted)"
    if row.prev != prev:
        return "does not chain to the previous record (a record was inserted, deleted or moved)"
    try:
        data = json.loads(row.data)
        digest = record_hash(row.seq, row.time, row.event, data, row.bodies_digest, row.prev, key)
    except (TypeError, ValueError, RecursionError):
        return "data is not JSON (edited)"
    if canonical(data).decode("utf-8") != row.data:
        # The writer stores exactly the canonical text. Any other spelling of the same value (a duplicate key,
        # which a first-key-wins reader would see differently) was written by someone else.
        return "data is not in the form the gateway writes (edited)"
    if not isinstance(row.time, float) or not isinstance(row.event, str) or not hmac.compare_digest(
            str(row.hash), digest):
        return "content does not match its hash (edited" + (", or a different HMAC key)" if key else ")")
    return ""


def _check_bodies(row: Row, claims: PurgeClaims) -> tuple[str, str]:
    """A problem (or "") and what became of the bodies: "kept", "purged" or "none"."""
    if row.bodies is None:
        if row.bodies_digest is None:
            return "", "none"
        if claims.bodies_before is not None and row.time < claims.bodies_before:
            return "", "purged"
        return "bodies deleted (no retention purge covers a record this recent)", "none"
    if row.bodies_digest is None:
        return "bodies added to a record that had none (inserted)", "none"
    try:
        intact = hmac.compare_digest(bodies_digest(row.bodies), str(row.bodies_digest)) and canonical(
            json.loads(row.bodies)).decode("utf-8") == row.bodies
    except (TypeError, ValueError, RecursionError):
        intact = False
    return ("", "kept") if intact else ("bodies do not match their digest (edited)", "none")
