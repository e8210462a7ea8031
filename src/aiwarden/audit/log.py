"""A tamper-evident, append-only log: JSON lines chained by SHA-256 (or HMAC-SHA256 with a key).

Each line is ``{"seq", "time", "event", "data", "prev", "hash"}``; ``hash`` covers the canonical JSON of every
other field, and ``prev`` is the previous line's ``hash`` (64 zeros for the first). Changing, inserting,
deleting or reordering a line breaks the chain at that line. Truncating the end leaves a valid shorter chain:
keep the head hash somewhere else (``AuditLog.head``, printed by ``aiwarden audit verify``) and pass it as
``expected_head`` to catch that. Without a key anyone who can write the file can rebuild a consistent chain;
with a key (HMAC) only key holders can, so keep the key away from the host that writes the log if that matters.

Appends take an exclusive ``flock`` and re-read the last line under it, so several processes can share one log.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import AiwardenError

GENESIS = "0" * 64
MAX_LINE = 1 << 20  # a record longer than 1 MiB is refused (and a longer line is corrupt)
_TAIL_CHUNK = 1 << 16


class AuditError(AiwardenError):
    """The log cannot be read or written (not: the chain is broken; see VerifyResult)."""


def canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def digest(record: dict[str, Any], key: bytes | None) -> str:
    body = canonical({k: v for k, v in record.items() if k != "hash"})
    if key is not None:
        return hmac.new(key, body, hashlib.sha256).hexdigest()
    return hashlib.sha256(body).hexdigest()


class AuditLog:
    def __init__(self, path: str | Path, key: bytes | None = None, fsync: bool = False) -> None:
        self.path = Path(path)
        self.key = key
        self.fsync = fsync  # fsync every record: durable across power loss, costs a disk flush per append

    def append(self, event: str, data: dict[str, Any]) -> str:
        """Append one record; returns its hash (the new head)."""
        record: dict[str, Any] = {"event": event, "data": data, "time": round(time.time(), 6)}
        try:
            with open(self.path, "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    last = _last_record(handle, self.path)
                    record["seq"] = 0 if last is None else int(last["seq"]) + 1
                    record["prev"] = GENESIS if last is None else str(last["hash"])
                    record["hash"] = digest(record, self.key)
                    line = canonical(record) + b"\n"
                    if len(line) > MAX_LINE:
                        raise AuditError(f"{self.path}: audit record of {len(line)} bytes is over the 1 MiB limit")
                    handle.seek(0, os.SEEK_END)
                    handle.write(line)
                    handle.flush()
                    if self.fsync:
                        os.fsync(handle.fileno())
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot append to the audit log: {exc.strerror or exc}") from None
        return str(record["hash"])

    @property
    def head(self) -> str:
        """The hash of the last record (GENESIS for an empty or missing log)."""
        if not os.path.exists(self.path):  # Path.exists raises for a name too long to look up
            return GENESIS
        with open(self.path, "rb") as handle:
            last = _last_record(handle, self.path)
        return GENESIS if last is None else str(last["hash"])


def _last_record(handle: Any, path: Path) -> dict[str, Any] | None:
    """The last complete line of the file, parsed; None for an empty file."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size == 0:
        return None
    start = max(0, size - _TAIL_CHUNK)
    while True:
        handle.seek(start)
        tail = handle.read(size - start)
        body = tail.rstrip(b"\n")
        cut = body.rfind(b"\n")
        if cut >= 0 or start == 0:
            line = body[cut + 1:]
            break
        if size - start > MAX_LINE:
            raise AuditError(f"{path}: last audit line is longer than 1 MiB (corrupt log)")
        start = max(0, start - _TAIL_CHUNK)
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        raise AuditError(f"{path}: last audit line is not JSON (corrupt or partially written log)") from None
    if not isinstance(record, dict) or not isinstance(record.get("hash"), str) or not isinstance(
            record.get("seq"), int):
        raise AuditError(f"{path}: last audit line is not an audit record")
    return record


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    records: int  # records checked and found intact
    head: str  # hash of the last intact record
    line: int | None = None  # 1-based line where the chain breaks
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"intact: {self.records} records, head {self.head}"
        return f"broken at line {self.line}: {self.reason} ({self.records} records intact before it)"


def _lines(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while True:
            line = handle.readline(MAX_LINE + 1)
            if not line:
                return
            yield line


def verify(path: str | Path, key: bytes | None = None, expected_head: str | None = None) -> VerifyResult:
    """Walk the chain from the first line. Missing or unreadable files raise AuditError."""
    path = Path(path)
    try:
        path.stat()
    except OSError as exc:  # missing, or a name too long to look up: never a traceback
        raise AuditError(f"{safe_name(str(path))}: no such audit log ({exc.strerror or exc})") from None
    if not path.is_file():
        raise AuditError(f"{safe_name(str(path))}: no such audit log")
    prev, count = GENESIS, 0
    try:
        for number, raw in enumerate(_lines(path), start=1):
            problem = _check_line(raw, prev, count, key)
            if problem:
                return VerifyResult(False, count, prev, number, problem)
            prev, count = json.loads(raw)["hash"], count + 1
    except OSError as exc:
        raise AuditError(f"{path}: cannot read the audit log: {exc.strerror or exc}") from None
    if expected_head is not None and prev != expected_head:
        return VerifyResult(False, count, prev, count + 1 if count else 1,
                            f"head is {prev[:16]}..., expected {expected_head[:16]}... (records removed from the end)")
    return VerifyResult(True, count, prev)


def _check_line(raw: bytes, prev: str, seq: int, key: bytes | None) -> str:
    if len(raw) > MAX_LINE:
        return "line longer than 1 MiB"
    if not raw.endswith(b"\n"):
        return "last line is incomplete (no newline)"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # the writer only writes UTF-8: these bytes were changed
        return f"not valid UTF-8 (byte offset {exc.start} of the line)"
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):  # nesting deeper than the parser goes: not what the writer writes
        return "not JSON"
    if not isinstance(record, dict) or set(record) != {"seq", "time", "event", "data", "prev", "hash"}:
        return "not an audit record (fields differ)"
    if record["seq"] != seq:
        return f"sequence number {record['seq']!r}, expected {seq} (a record was removed, inserted or moved)"
    if record["prev"] != prev:
        return "does not chain to the previous record"
    if not hmac.compare_digest(str(record["hash"]), digest(record, key)):
        return "content does not match its hash (modified" + (", or a different key)" if key else ")")
    return ""
