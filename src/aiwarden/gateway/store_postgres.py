"""Keys and the audit trail in PostgreSQL, for several gateway replicas sharing them (the gateway-postgres extra).

Appends from every replica serialise on one transaction-scoped advisory lock, so the head read under it cannot go
stale; each connection forces ``synchronous_commit = on`` (a server default of ``off`` would acknowledge commits
that are not yet on disk). JSON columns are TEXT, not JSONB: the chain hashes what was stored, and JSONB would
reorder keys and renormalise numbers on the way in.

Messages name the server by its URL with the password replaced by ``***``; a password never reaches output.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from itertools import count
from typing import TYPE_CHECKING, Any

from aiwarden.gateway.store_sql import SqlStore, Tx
from aiwarden.gateway.types import StoreError

if TYPE_CHECKING:
    import psycopg

# pg_advisory_xact_lock key for "appending to the audit chain" (an arbitrary constant: 'awAUDIT' in ASCII)
CHAIN_LOCK = 0x61774155444954
_cursor_names = count()


def redact_url(url: str) -> str:
    """The URL with any password (in the authority or a ``password=`` query parameter) replaced by ``***``."""
    try:
        parts = urllib.parse.urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            if ":" in userinfo:
                netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
        query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not even a URL: show nothing of it
        return "postgresql://***"


def _passwords(url: str) -> list[str]:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return []
    found = [parts.password] if parts.password else []
    found += urllib.parse.parse_qs(parts.query).get("password", [])
    return [p for candidate in found for p in {candidate, urllib.parse.quote(candidate, safe="")} if p]


class PostgresTx:
    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")  # the shared SQL never holds a literal "?"

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        return self._connection.execute(self._sql(sql), params).fetchone()

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return self._connection.execute(self._sql(sql), params).rowcount

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._connection.cursor() as cursor:
            cursor.executemany(self._sql(sql), rows)

    def stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        # a server-side cursor: rows arrive in pages of itersize, never the whole result at once
        with self._connection.cursor(name=f"aiwarden_{next(_cursor_names)}") as cursor:
            cursor.itersize = 1000
            cursor.execute(self._sql(sql), params)
            yield from cursor


class PostgresStore(SqlStore):
    _DDL = (
        "CREATE TABLE aiwarden_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash TEXT NOT NULL, "
        "models TEXT NOT NULL, routes TEXT NOT NULL, rpm INTEGER, tpm BIGINT, concurrency INTEGER, "
        "created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION, revoked_at DOUBLE PRECISION)",
        "CREATE TABLE audit (seq BIGINT PRIMARY KEY, time DOUBLE PRECISION NOT NULL, event TEXT NOT NULL, "
        "data TEXT NOT NULL, bodies_digest TEXT, prev TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE INDEX audit_time ON audit (time)",
        "CREATE TABLE audit_bodies (seq BIGINT PRIMARY KEY, bodies TEXT NOT NULL)",
    )

    def __init__(self, url: str, *, create: bool = True, hmac_key: bytes | None = None,
                 connect_timeout: int = 10) -> None:
        super().__init__(redact_url(url), hmac_key)
        self._url = url
        self._secrets = _passwords(url)
        self._connect_timeout = connect_timeout
        try:
            import psycopg  # noqa: F401  (the gateway-postgres extra)
        except ImportError:
            raise StoreError(f"{self.shown}: PostgreSQL needs the psycopg package: pip install "
                             "'aiwarden[gateway-postgres]'") from None
        try:
            self._prepare_schema(create)
        except BaseException:
            self.close()
            raise

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return " ".join(text.split())  # libpq messages run over several lines: one line, always

    @contextmanager
    def _error(self, doing: str) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.Error as exc:
            raise StoreError(f"{self.shown}: {doing}: {self._scrub(str(exc) or type(exc).__name__)}") from None

    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg

        with self._error("cannot connect"):
            try:
                connection = psycopg.connect(self._url, autocommit=True, connect_timeout=self._connect_timeout,
                                             application_name="aiwarden")
            except psycopg.ProgrammingError as exc:  # a malformed URL: its text could hold the password
                raise StoreError(f"{self.shown}: not a usable PostgreSQL URL ({self._scrub(str(exc))})") from None
            try:
                connection.execute("SET synchronous_commit = on")
            except psycopg.Error:
                connection.close()
                raise
        return connection

    def _usable(self, connection: Any) -> bool:
        return not (connection.closed or connection.broken)  # a restarted server: connect again

    def _disconnect(self, connection: Any) -> None:
        import psycopg

        with suppress(psycopg.Error):
            connection.close()

    @contextmanager
    def _transaction(self, begin: str, doing: str) -> Iterator[Tx]:
        connection = self._connection()
        with self._error(doing):
            connection.execute(begin)
            try:
                yield PostgresTx(connection)
                connection.execute("COMMIT")
            except BaseException:
                if not connection.closed:
                    connection.execute("ROLLBACK")
                raise

    @contextmanager
    def _write(self, *, chain_lock: bool) -> Iterator[Tx]:
        with self._transaction("BEGIN", "cannot write") as tx:
            if chain_lock:
                tx.one("SELECT pg_advisory_xact_lock(?)", (CHAIN_LOCK,))
            yield tx

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        from psycopg.pq import TransactionStatus

        connection = self._connection()
        if connection.info.transaction_status != TransactionStatus.IDLE:  # inside one on this thread: share it
            with self._error("cannot read"):
                yield PostgresTx(connection)
            return
        with self._transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "cannot read") as tx:
            yield tx

    def _lookup(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self._error("cannot read"):
            return PostgresTx(self._connection()).one(sql, params)

    def _tables(self, tx: Tx) -> set[str]:
        # the tables the connection's search_path resolves first, as unqualified names in our SQL would
        rows = tx.stream("SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p', 'v') "
                         "AND c.relnamespace = current_schema()::regnamespace")
        return {str(row[0]) for row in rows}
