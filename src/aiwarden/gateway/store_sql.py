"""What the SQLite and PostgreSQL stores share: keys, the chained append, verify, export and retention, written
once against a small transaction interface (SQL with ``?`` placeholders; each adapter runs it its own way)."""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, NamedTuple, Protocol

from aiwarden.core.errors import UsageError
from aiwarden.gateway import chain, tokens
from aiwarden.gateway.types import ApiKey, AuditEntry, ChainCheck, Quota, StoreError

SCHEMA_VERSION = 1
_UNLIMITED = Quota()
ROUTES = ("chat", "completions", "embeddings", "models")
META_TABLE = "aiwarden_meta"
OUR_TABLES = frozenset({META_TABLE, "keys", "audit", "audit_bodies"})

_KEY_COLUMNS = "id, name, models, routes, rpm, tpm, concurrency, created_at, expires_at, revoked_at"
_RECORD_QUERY = ("SELECT a.seq, a.time, a.event, a.data, a.bodies_digest, a.prev, a.hash, b.bodies "
                 "FROM audit a LEFT JOIN audit_bodies b ON b.seq = a.seq WHERE a.seq >= ? ORDER BY a.seq")


class Tx(Protocol):
    """One transaction (or, for ``lookup``, one statement) on one connection."""

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None: ...

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """Execute; the number of rows changed."""
        ...

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None: ...

    def stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time, never the whole result in memory."""
        ...


class PurgeResult(NamedTuple):
    bodies: int
    records: int


class SqlStore:
    """The Store protocol over an adapter that supplies connections and transactions."""

    def __init__(self, shown: str, hmac_key: bytes | None) -> None:
        self.shown = shown  # the database as messages name it (a URL without its password)
        self.hmac_key = hmac_key
        self._key_checked = False
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    # adapter hooks

    def _connect(self) -> Any:
        raise NotImplementedError

    def _disconnect(self, connection: Any) -> None:
        raise NotImplementedError

    def _usable(self, connection: Any) -> bool:
        return True

    def _write(self, *, chain_lock: bool) -> AbstractContextManager[Tx]:
        """A write transaction; with ``chain_lock`` no other writer, in any process, can append until it ends."""
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Tx]:
        """A read-only transaction that sees one snapshot."""
        raise NotImplementedError

    def _lookup(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """One row by one statement, outside any explicit transaction (the per-request fast path)."""
        raise NotImplementedError

    def _tables(self, tx: Tx) -> set[str]:
        raise NotImplementedError

    _DDL: tuple[str, ...] = ()

    # connections: one per thread, because the app reads keys on its event loop while a writer thread appends

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is not None and not self._usable(connection):
            with self._lock:
                if connection in self._connections:
                    self._connections.remove(connection)
            self._disconnect(connection)
            connection = None
        if connection is None:
            with self._lock:
                if self._closed:
                    raise StoreError(f"{self.shown}: the store is closed")
            connection = self._connect()
            with self._lock:
                self._connections.append(connection)
            self._local.connection = connection
        return connection

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for connection in connections:
            self._disconnect(connection)

    # schema

    def _prepare_schema(self, create: bool) -> None:
        with self._write(chain_lock=True) if create else self._read() as tx:
            tables = self._tables(tx)
            if META_TABLE not in tables:
                if not create:
                    raise StoreError(f"{self.shown}: not an aiwarden gateway database (no {META_TABLE} table; "
                                     "`aiwarden keys create --db ...` makes one)")
                clash = sorted(tables & OUR_TABLES)
                if clash:
                    raise StoreError(f"{self.shown}: holds a table named {clash[0]!r} that aiwarden did not make; "
                                     "use another database")
                for statement in self._DDL:
                    tx.run(statement)
                tx.run(f"INSERT INTO {META_TABLE} (name, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                return
            row = tx.one(f"SELECT value FROM {META_TABLE} WHERE name = 'schema_version'")
        version = row[0] if row else None
        if version != str(SCHEMA_VERSION):
            newer = isinstance(version, str) and version.isdigit() and int(version) > SCHEMA_VERSION
            why = (f"schema version {version} is newer than this aiwarden understands ({SCHEMA_VERSION}): "
                   "upgrade aiwarden" if newer else f"unknown schema version {version!r}")
            raise StoreError(f"{self.shown}: {why}")

    # keys

    def create_key(self, name: str, *, models: tuple[str, ...] = (), routes: tuple[str, ...] = (),
                   quota: Quota = _UNLIMITED, expires_at: float | None = None) -> tuple[ApiKey, str]:
        _check_key_settings(name, models, routes, quota)
        secret = tokens.new_secret()
        now = time.time()
        with self._write(chain_lock=False) as tx:
            for _ in range(8):  # 48-bit ids: a clash is all but impossible, but never overwrite a key
                key_id = tokens.new_key_id()
                if tx.one("SELECT 1 FROM keys WHERE id = ?", (key_id,)) is None:
                    break
            else:
                raise StoreError(f"{self.shown}: could not pick an unused key id")
            tx.run("INSERT INTO keys (id, name, secret_hash, models, routes, rpm, tpm, concurrency, created_at, "
                   "expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                   (key_id, name, tokens.secret_hash(secret), json.dumps(list(models)), json.dumps(list(routes)),
                    quota.rpm, quota.tpm, quota.concurrency, now, expires_at))
        key = ApiKey(key_id, name, tuple(models), tuple(routes), quota, now, expires_at)
        return key, tokens.make_token(key_id, secret)

    def list_keys(self) -> list[ApiKey]:
        with self._read() as tx:
            return [_key(row) for row in tx.stream(f"SELECT {_KEY_COLUMNS} FROM keys ORDER BY created_at, id")]

    def get_key(self, key_id: str) -> ApiKey | None:
        row = self._lookup(f"SELECT {_KEY_COLUMNS} FROM keys WHERE id = ?", (key_id,))
        return None if row is None else _key(row)

    def revoke_key(self, key_id: str) -> bool:
        with self._write(chain_lock=False) as tx:
            return tx.run("UPDATE keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                          (time.time(), key_id)) == 1

    def authenticate(self, token: str) -> ApiKey | None:
        parsed = tokens.parse_token(token)
        if parsed is None:
            return None
        key_id, secret = parsed
        row = self._lookup(f"SELECT {_KEY_COLUMNS}, secret_hash FROM keys WHERE id = ?", (key_id,))
        if row is None or not hmac.compare_digest(str(row[-1]), tokens.secret_hash(secret)):
            return None
        return _key(row[:-1])

    # the audit trail

    def append(self, entries: list[AuditEntry]) -> list[int]:
        return self.append_encoded([chain.encode_entry(entry) for entry in entries])

    def append_encoded(self, encoded: list[chain.EncodedEntry]) -> list[int]:
        """``append`` for entries already encoded (the audit writer encodes each one when it is submitted)."""
        if not encoded:
            return []
        with self._write(chain_lock=True) as tx:
            return self._append_locked(tx, encoded)

    def _head(self, tx: Tx) -> tuple[int, str]:
        """The next seq and the hash it chains to."""
        head = tx.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        return (int(head[0]) + 1, str(head[1])) if head else (0, chain.GENESIS)

    def _append_locked(self, tx: Tx, encoded: list[chain.EncodedEntry], head: tuple[int, str] | None = None
                       ) -> list[int]:
        self._check_writer_key(tx)
        seq, prev = head or self._head(tx)
        records, bodies, seqs = [], [], []
        for entry in encoded:
            digest = chain.record_hash(seq, entry.time, entry.event, entry.data_value, entry.bodies_digest, prev,
                                       self.hmac_key)
            records.append((seq, entry.time, entry.event, entry.data, entry.bodies_digest, prev, digest))
            if entry.bodies is not None:
                bodies.append((seq, entry.bodies))
            seqs.append(seq)
            seq, prev = seq + 1, digest
        tx.many("INSERT INTO audit (seq, time, event, data, bodies_digest, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                records)
        if bodies:
            tx.many("INSERT INTO audit_bodies (seq, bodies) VALUES (?, ?)", bodies)
        return seqs

    def _check_writer_key(self, tx: Tx) -> None:
        """Every writer of one trail must use the same HMAC key (or none): a mix would break the chain."""
        if self._key_checked:
            return
        mine = chain.key_check(self.hmac_key)
        row = tx.one(f"SELECT value FROM {META_TABLE} WHERE name = 'hmac_check'")
        if row is None:
            tx.run(f"INSERT INTO {META_TABLE} (name, value) VALUES ('hmac_check', ?)", (mine,))
        elif row[0] != mine:
            if row[0] == "":
                why = "was written without an HMAC key, but this writer has one"
            elif self.hmac_key is None:
                why = "was written with an HMAC key: pass it (--key-file)"
            else:
                why = "was written with a different HMAC key"
            raise StoreError(f"{self.shown}: the audit trail {why}; appending would break the chain")
        self._key_checked = True

    def verify(self, key: bytes | None = None) -> ChainCheck:
        return self.verify_report(key).check

    def verify_report(self, key: bytes | None = None) -> chain.ChainReport:
        """The chain check plus what became of bodies; ``key`` defaults to the store's own HMAC key."""
        key = key if key is not None else self.hmac_key
        with self._read() as tx:
            stored = tx.one(f"SELECT value FROM {META_TABLE} WHERE name = 'hmac_check'")
            claims = chain.PurgeClaims.from_data(
                row[0] for row in tx.stream("SELECT data FROM audit WHERE event = ?", (chain.PURGE_EVENT,)))
            rows = (chain.Row(*row) for row in tx.stream(_RECORD_QUERY, (0,)))
            report = chain.walk(rows, key, claims, None if stored is None else str(stored[0]))
            orphan = tx.one("SELECT MIN(seq) FROM audit_bodies WHERE seq NOT IN (SELECT seq FROM audit)")
        if report.check.ok and orphan is not None and orphan[0] is not None:
            # Bodies of a record that does not exist: planted, or left behind by a deleted record.
            return replace(report, check=replace(report.check, ok=False, first_bad=int(orphan[0]),
                                                 reason=f"bodies stored for record {orphan[0]}, which is not in "
                                                 "the trail (inserted)"))
        return report

    def export(self, since_seq: int = 0) -> Iterator[dict[str, Any]]:
        with self._read() as tx:
            for row in tx.stream(_RECORD_QUERY, (since_seq,)):
                record = chain.Row(*row)
                yield {"seq": record.seq, "time": record.time, "event": record.event, "data": _json(record.data),
                       "bodies_digest": record.bodies_digest, "bodies": _json(record.bodies), "prev": record.prev,
                       "hash": record.hash}

    def purge(self, *, bodies_before: float | None = None, records_before: float | None = None) -> int:
        return sum(self.purge_counts(bodies_before=bodies_before, records_before=records_before))

    def purge_counts(self, *, bodies_before: float | None = None, records_before: float | None = None
                     ) -> PurgeResult:
        """Delete bodies, then whole records, older than the given times, and chain a ``purge`` record saying
        what went: the seq and hash of the last deleted record (the anchor the chain now starts after) and the
        time before which bodies may be missing."""
        with self._write(chain_lock=True) as tx:
            self._check_writer_key(tx)  # before deleting anything: the purge record must chain
            head = self._head(tx)  # read first: purging every record must not restart the chain at 0
            bodies = records = 0
            data: dict[str, Any] = {}
            cutoff = None
            if bodies_before is not None:
                bodies = tx.run("DELETE FROM audit_bodies WHERE seq IN (SELECT seq FROM audit WHERE time < ?)",
                                (bodies_before,))
                if bodies:
                    cutoff = bodies_before
            through = self._purge_through(tx, records_before) if records_before is not None else None
            if through is not None:
                anchor = tx.one("SELECT hash FROM audit WHERE seq = ?", (through,))
                earlier = chain.PurgeClaims.from_data(row[0] for row in tx.stream(
                    "SELECT data FROM audit WHERE event = ? AND seq <= ?", (chain.PURGE_EVENT, through)))
                if earlier.bodies_before is not None:  # still covers bodies missing from records kept
                    cutoff = earlier.bodies_before if cutoff is None else max(cutoff, earlier.bodies_before)
                bodies += tx.run("DELETE FROM audit_bodies WHERE seq <= ?", (through,))
                records = tx.run("DELETE FROM audit WHERE seq <= ?", (through,))
                data.update(records_before=records_before, through_seq=through,
                            through_hash=None if anchor is None else anchor[0], records=records)
            if not bodies and not records:
                return PurgeResult(0, 0)
            if cutoff is not None:
                data["bodies_before"] = cutoff
            data["bodies"] = bodies
            self._append_locked(tx, [chain.encode_entry(AuditEntry(time.time(), chain.PURGE_EVENT, data))], head)
            return PurgeResult(bodies, records)

    def _purge_through(self, tx: Tx, records_before: float) -> int | None:
        """The last seq to delete: every record up to it is older than ``records_before`` (clocks of several
        replicas can disagree, so a newer record never goes because an older one follows it)."""
        oldest = tx.one("SELECT MIN(seq), MAX(seq) FROM audit")
        if oldest is None or oldest[0] is None:
            return None
        first_kept = tx.one("SELECT MIN(seq) FROM audit WHERE time >= ?", (records_before,))
        through = int(oldest[1]) if first_kept is None or first_kept[0] is None else int(first_kept[0]) - 1
        return through if through >= int(oldest[0]) else None


def _check_key_settings(name: str, models: tuple[str, ...], routes: tuple[str, ...], quota: Quota) -> None:
    if not isinstance(name, str) or not name.strip():
        raise UsageError("a key needs a name")
    if not all(isinstance(model, str) and model for model in models):
        raise UsageError("model names must be non-empty strings")
    unknown = [route for route in routes if route not in ROUTES]
    if unknown:
        raise UsageError(f"unknown route {unknown[0]!r} (choose from {', '.join(ROUTES)})")
    for label, value in (("rpm", quota.rpm), ("tpm", quota.tpm), ("concurrency", quota.concurrency)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise UsageError(f"{label} must be a positive integer, not {value!r}")


def _key(row: tuple[Any, ...]) -> ApiKey:
    key_id, name, models, routes, rpm, tpm, concurrency, created_at, expires_at, revoked_at = row
    return ApiKey(key_id, name, tuple(json.loads(models)), tuple(json.loads(routes)), Quota(rpm, tpm, concurrency),
                  created_at, expires_at, revoked_at)


def _json(text: Any) -> Any:
    """Stored JSON parsed; text that no longer parses (an edited database) is exported as it is."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return text
