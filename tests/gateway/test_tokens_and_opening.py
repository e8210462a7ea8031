"""Token shapes, a fuzz of authenticate() on arbitrary strings, and the one-line errors for databases that
cannot be opened (SQLite paths and PostgreSQL URLs)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiwarden.gateway import tokens
from aiwarden.gateway.store import open_store
from aiwarden.gateway.store_postgres import redact_url
from aiwarden.gateway.store_sqlite import SqliteStore
from aiwarden.gateway.types import StoreError
from tests.gateway.pgcluster import PASSWORD, PostgresCluster


def test_tokens_have_the_documented_shape() -> None:
    key_id, secret = tokens.new_key_id(), tokens.new_secret()
    token = tokens.make_token(key_id, secret)
    assert len(key_id) == 12 and len(secret) == 43 and len(token) == tokens.TOKEN_LENGTH == 59
    assert tokens.parse_token(token) == (key_id, secret)
    assert len({tokens.new_secret() for _ in range(100)}) == 100


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    store = SqliteStore(tmp_path_factory.mktemp("fuzz") / "gateway.db")
    return store


@settings(max_examples=400, deadline=500, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300),
                 st.text(alphabet="aw_0123456789abcdefABCDEF-=", min_size=55, max_size=62),
                 st.builds(lambda i, s: f"aw_{i}_{s}", st.text("0123456789abcdef", min_size=12, max_size=12),
                           st.text("ABCabc019-_", min_size=43, max_size=43))))
def test_authenticate_refuses_arbitrary_strings_quickly(fuzz_store: SqliteStore, text: str) -> None:
    assert fuzz_store.authenticate(text) is None


def test_authenticating_is_fast_and_the_real_token_still_works(fuzz_store: SqliteStore) -> None:
    key, token = fuzz_store.create_key("fuzz")
    start = time.perf_counter()
    for _ in range(2000):
        assert fuzz_store.authenticate(token) == key
        assert fuzz_store.authenticate("x" * 10_000) is None
    per_call = (time.perf_counter() - start) / 2000
    assert per_call < 0.002, per_call  # tens of microseconds; generous for a shared CI machine


def _one_line_error(target: str, *, create: bool) -> str:
    with pytest.raises(StoreError) as caught:
        open_store(target, create=create)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_sqlite_files_that_cannot_be_opened(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.db")
    assert "no such gateway database" in _one_line_error(missing, create=False)
    assert not os.path.exists(missing)  # never created by a read-only command
    assert "is a directory" in _one_line_error(str(tmp_path), create=True)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some text " * 200)
    assert "not a SQLite database" in _one_line_error(str(junk), create=True)
    assert junk.read_bytes().startswith(b"this is not")  # untouched
    assert "cannot open the database" in _one_line_error(str(tmp_path / "no" / "such" / "dir.db"), create=True)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert "not an aiwarden gateway database" in _one_line_error(str(empty), create=False)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE audit (x)").connection.close()
    assert "did not make" in _one_line_error(str(foreign), create=True)


def test_sqlite_uses_wal_and_the_durability_asked_for(tmp_path: Path) -> None:
    for durability, level in (("normal", 1), ("full", 2)):
        store = SqliteStore(tmp_path / f"{durability}.db", durability=durability)
        connection = store._connection()
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == level
        store.close()
    with pytest.raises(Exception, match="durability"):
        SqliteStore(tmp_path / "x.db", durability="fast")


def test_postgres_errors_are_one_line_and_never_show_the_password(pg_cluster: PostgresCluster) -> None:
    wrong = pg_cluster.url().replace(PASSWORD, "Wr0ng-" + PASSWORD)
    message = _one_line_error(wrong, create=True)
    assert "password authentication failed" in message and PASSWORD not in message and "***" in message
    unreachable = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/postgres"
    message = _one_line_error(unreachable, create=True)
    assert "cannot connect" in message and PASSWORD not in message
    message = _one_line_error(f"postgres://postgres:{PASSWORD}@127.0.0.1:{pg_cluster.port}/nosuchdb", create=False)
    assert "nosuchdb" in message and PASSWORD not in message
    database = pg_cluster.create_database()
    try:
        message = _one_line_error(pg_cluster.url(database), create=False)
        assert "not an aiwarden gateway database" in message and PASSWORD not in message
    finally:
        pg_cluster.drop_database(database)


def test_redacted_urls() -> None:
    assert redact_url("postgresql://u:p%40ss@h:5/db?sslmode=require") == "postgresql://u:***@h:5/db?sslmode=require"
    assert redact_url("postgres://h/db?user=u&password=pw&x=1") == "postgres://h/db?user=u&password=***&x=1"
    assert redact_url("postgresql://u@h/db") == "postgresql://u@h/db"
