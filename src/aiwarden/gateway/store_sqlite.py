"""Keys and the audit trail in one SQLite file (the default; one gateway host, any number of processes).

Write-ahead logging with ``synchronous=NORMAL`` (durability "normal"): a commit is in the WAL file, handed to
the operating system, before ``append`` returns, so killing the process (even ``kill -9``) loses nothing
acknowledged; a power loss or kernel crash can lose the last commits, never corrupt the file. Durability "full"
(``synchronous=FULL``) also flushes the WAL to the disk on every commit: acknowledged records survive power
loss, at the cost of one disk flush per batch (the audit writer's group commit shares it among requests).

Appends from several processes serialise on ``BEGIN IMMEDIATE`` (the head is read under the write lock).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.gateway.store_sql import SqlStore, Tx
from aiwarden.gateway.types import StoreError

DURABILITY = {"normal": "NORMAL", "full": "FULL"}


class SqliteTx:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self._connection.execute(sql, params).fetchone()
        return row

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return self._connection.execute(sql, params).rowcount

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self._connection.executemany(sql, rows)

    def stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self._connection.execute(sql, params)  # the cursor steps the statement row by row


class SqliteStore(SqlStore):
    _DDL = (
        "CREATE TABLE aiwarden_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash TEXT NOT NULL, "
        "models TEXT NOT NULL, routes TEXT NOT NULL, rpm INTEGER, tpm INTEGER, concurrency INTEGER, "
        "created_at REAL NOT NULL, expires_at REAL, revoked_at REAL)",
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, time REAL NOT NULL, event TEXT NOT NULL, data TEXT NOT NULL, "
        "bodies_digest TEXT, prev TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE INDEX audit_time ON audit (time)",
        "CREATE TABLE audit_bodies (seq INTEGER PRIMARY KEY, bodies TEXT NOT NULL)",
    )

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, hmac_key: bytes | None = None,
                 durability: str = "normal", busy_timeout: float = 30.0) -> None:
        if durability not in DURABILITY:
            raise UsageError(f"durability must be one of {', '.join(DURABILITY)}, not {durability!r}")
        self.path = os.fsdecode(os.fspath(path))
        super().__init__(safe_name(self.path), hmac_key)
        self._synchronous = DURABILITY[durability]
        self._busy_timeout = busy_timeout
        self._uri = self._checked_uri(create)
        try:
            self._prepare_schema(create)
            with self._error("cannot use write-ahead logging"):
                mode = self._connection().execute("PRAGMA journal_mode=WAL").fetchone()
            if not mode or str(mode[0]).lower() != "wal":
                raise StoreError(f"{self.shown}: cannot use write-ahead logging (journal mode {mode!r})")
        except BaseException:
            self.close()
            raise

    def _checked_uri(self, create: bool) -> str:
        if not self.path or "\x00" in self.path:
            raise StoreError(f"{self.shown!r}: not a usable database path")
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            if not create:
                raise StoreError(f"{self.shown}: no such gateway database (`aiwarden keys create --db ...` makes "
                                 "one)") from None
            info = None
        except OSError as exc:
            raise StoreError(f"{self.shown}: cannot open the database: {exc.strerror or exc}") from None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise StoreError(f"{self.shown}: is a directory, not a database file")
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{self.shown}: not a regular file (a FIFO or device is not a database)")
        # mode=rw never creates the file, even if it vanishes after the check above
        return f"{Path(self.path).absolute().as_uri()}?mode={'rwc' if create else 'rw'}"

    @contextmanager
    def _error(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            reason = str(exc) or type(exc).__name__
            if "not a database" in reason:
                raise StoreError(f"{self.shown}: not a SQLite database ({reason})") from None
            raise StoreError(f"{self.shown}: {doing}: {reason}") from None

    def _connect(self) -> sqlite3.Connection:
        with self._error("cannot open the database"):
            connection = sqlite3.connect(self._uri, uri=True, isolation_level=None, timeout=self._busy_timeout,
                                         check_same_thread=False)
            try:
                connection.execute(f"PRAGMA synchronous={self._synchronous}")
            except sqlite3.Error:
                connection.close()
                raise
        return connection

    def _disconnect(self, connection: Any) -> None:
        with suppress(sqlite3.Error):
            connection.close()

    @contextmanager
    def _write(self, *, chain_lock: bool) -> Iterator[Tx]:
        # SQLite has one writer at a time: BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
        # timeout), so the head read below it cannot go stale before the insert
        connection = self._connection()
        with self._error("cannot write"):
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTx(connection)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        connection = self._connection()
        if connection.in_transaction:  # already inside one on this thread: share its snapshot
            with self._error("cannot read"):
                yield SqliteTx(connection)
            return
        with self._error("cannot read"):
            connection.execute("BEGIN")
            try:
                yield SqliteTx(connection)
            finally:
                if connection.in_transaction:
                    connection.execute("COMMIT")

    def _lookup(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self._error("cannot read"):
            row: tuple[Any, ...] | None = self._connection().execute(sql, params).fetchone()
        return row

    def _tables(self, tx: Tx) -> set[str]:
        return {str(row[0]) for row in tx.stream("SELECT name FROM sqlite_master WHERE type = 'table'")}
