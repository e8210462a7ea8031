"""The results store: one SQLite file per output folder, every attempt with the original and converted prompt
(and their SHA-256), what was sent, the reply, the judge's verdict and timings. A run is resumed by reopening
its folder with the same settings: finished attempts are kept, the rest are sent again."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiwarden.core.errors import UsageError
from aiwarden.redteam.model import RunSecrets

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, created REAL NOT NULL, fingerprint TEXT NOT NULL, settings TEXT NOT NULL,
    secrets TEXT NOT NULL, target TEXT NOT NULL, finished REAL
);
CREATE TABLE IF NOT EXISTS attempts (
    run_id TEXT NOT NULL REFERENCES runs(run_id),
    attempt_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    probe_id TEXT NOT NULL, family TEXT NOT NULL, category TEXT NOT NULL, converter TEXT NOT NULL,
    severity TEXT NOT NULL, tags TEXT NOT NULL,
    original_prompt TEXT NOT NULL, original_sha256 TEXT NOT NULL,
    converted_prompt TEXT NOT NULL, converted_sha256 TEXT NOT NULL,
    document TEXT,
    request TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('done', 'error')),
    http_status INTEGER, reply_text TEXT, reply_json TEXT, tool_calls TEXT, finish_reason TEXT,
    verdict TEXT, success INTEGER NOT NULL DEFAULT 0, error TEXT,
    started REAL NOT NULL, elapsed_ms REAL NOT NULL, tries INTEGER NOT NULL,
    PRIMARY KEY (run_id, attempt_key)
);
"""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    """One row of ``attempts`` as the reports read it."""

    attempt_key: str
    seq: int
    probe_id: str
    family: str
    category: str
    converter: str
    severity: str
    tags: tuple[str, ...]
    original_prompt: str
    converted_prompt: str
    document: str | None
    state: str
    http_status: int | None
    reply_text: str
    tool_calls: list[dict[str, str]]
    finish_reason: str | None
    verdict: dict[str, Any] | None
    success: bool
    error: str | None
    elapsed_ms: float
    tries: int


class ResultsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"{path}: not an aiwarden red-team results database ({exc})") from None
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):
            raise UsageError(f"{path}: results database schema {row[0]}, this aiwarden reads {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def open_run(self, settings: dict[str, Any], target: str, secrets: RunSecrets) -> tuple[str, RunSecrets, bool]:
        """The run for these settings: the existing one (resumed, with its secrets) or a new one.

        Returns (run_id, the secrets in force, resumed). A folder holds one run: other settings are refused, so
        results of two configurations are never mixed."""
        fingerprint = sha256(json.dumps(settings, sort_keys=True))
        row = self._db.execute("SELECT run_id, fingerprint, secrets FROM runs ORDER BY created DESC LIMIT 1").fetchone()
        if row is not None:
            if row[1] != fingerprint:
                raise UsageError(f"{self.path.parent} holds a run with other settings (target, model, suites, "
                                 "seed, converters or system prompt): use another --out, or --restart to discard it")
            stored = json.loads(row[2])
            return str(row[0]), RunSecrets(**stored), True
        run_id = uuid.uuid4().hex
        self._db.execute("INSERT INTO runs (run_id, created, fingerprint, settings, secrets, target) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (run_id, time.time(), fingerprint, json.dumps(settings, sort_keys=True),
                          json.dumps(_secrets_dict(secrets)), target))
        return run_id, secrets, False

    def finished_keys(self, run_id: str) -> set[str]:
        rows = self._db.execute("SELECT attempt_key FROM attempts WHERE run_id=? AND state='done'", (run_id,))
        return {r[0] for r in rows}

    def record(self, run_id: str, row: dict[str, Any]) -> None:
        """Insert or replace one attempt (a retried error is replaced by its new outcome)."""
        columns = ("run_id", *row)
        self._db.execute(
            f"INSERT OR REPLACE INTO attempts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            (run_id, *row.values()))

    def update_verdict(self, run_id: str, attempt_key: str, fields: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column}=?" for column in fields)
        self._db.execute(f"UPDATE attempts SET {assignments} WHERE run_id=? AND attempt_key=?",
                         (*fields.values(), run_id, attempt_key))

    def finish(self, run_id: str) -> None:
        self._db.execute("UPDATE runs SET finished=? WHERE run_id=?", (time.time(), run_id))

    def settings(self, run_id: str) -> dict[str, Any]:
        row = self._db.execute("SELECT settings FROM runs WHERE run_id=?", (run_id,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def attempts(self, run_id: str) -> Iterator[StoredAttempt]:
        rows = self._db.execute(
            "SELECT attempt_key, seq, probe_id, family, category, converter, severity, tags, original_prompt, "
            "converted_prompt, document, state, http_status, reply_text, tool_calls, finish_reason, verdict, "
            "success, error, elapsed_ms, tries FROM attempts WHERE run_id=? ORDER BY seq", (run_id,))
        for r in rows:
            yield StoredAttempt(
                attempt_key=r[0], seq=r[1], probe_id=r[2], family=r[3], category=r[4], converter=r[5],
                severity=r[6], tags=tuple(json.loads(r[7])), original_prompt=r[8], converted_prompt=r[9],
                document=r[10], state=r[11], http_status=r[12], reply_text=r[13] or "",
                tool_calls=json.loads(r[14]) if r[14] else [], finish_reason=r[15],
                verdict=json.loads(r[16]) if r[16] else None, success=bool(r[17]), error=r[18],
                elapsed_ms=r[19], tries=r[20])


def _secrets_dict(secrets: RunSecrets) -> dict[str, str]:
    return {"canary": secrets.canary, "secret": secrets.secret, "payload": secrets.payload,
            "exfil_host": secrets.exfil_host, "system_prompt": secrets.system_prompt}
