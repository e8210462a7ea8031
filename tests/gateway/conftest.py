"""Real databases for the gateway's store tests: a SQLite file per test, and one private PostgreSQL 15 cluster per
test session (per xdist worker) with a fresh database per test. A missing PostgreSQL is a failure, not a skip."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aiwarden.gateway.store import open_store
from aiwarden.gateway.store_sql import SqlStore
from tests.gateway.pgcluster import PostgresCluster


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    """The fake OpenAI-compatible upstream, one process per test module."""
    from tests.gateway.servers import fake_upstream

    with fake_upstream() as url:
        yield url


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@dataclass
class Backend:
    """One database, opened through the store or reached directly (as an attacker with write access would)."""

    kind: str  # "sqlite" or "postgres"
    target: str  # the --db value: a file path or a URL

    def open(self, *, create: bool = True, hmac_key: bytes | None = None) -> SqlStore:
        return open_store(self.target, create=create, hmac_key=hmac_key)

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement directly (``?`` placeholders), committed; rows it returned."""
        if self.kind == "sqlite":
            connection = sqlite3.connect(self.target, isolation_level=None)
            try:
                cursor = connection.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.target, autocommit=True) as connection:
            cursor = connection.execute(statement.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", str(tmp_path / "gateway.db"))
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    database = cluster.create_database()
    try:
        yield Backend("postgres", cluster.url(database))
    finally:
        cluster.drop_database(database)
