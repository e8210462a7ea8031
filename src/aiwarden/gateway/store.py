"""Open the gateway's database by what ``--db`` names: a PostgreSQL URL, or else a SQLite file path."""

from __future__ import annotations

import os

from aiwarden.gateway.store_sql import SqlStore

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str) -> bool:
    return target.lower().startswith(POSTGRES_SCHEMES)


def open_store(target: str | os.PathLike[str], *, create: bool, hmac_key: bytes | None = None,
               durability: str = "normal") -> SqlStore:
    """``create=False`` never makes a database (the CLI's list, revoke, verify and export: a typo must not read
    as an empty database). ``durability`` applies to SQLite; PostgreSQL always commits synchronously."""
    text = os.fsdecode(os.fspath(target))
    if is_postgres_url(text):
        from aiwarden.gateway.store_postgres import PostgresStore

        return PostgresStore(text, create=create, hmac_key=hmac_key)
    from aiwarden.gateway.store_sqlite import SqliteStore

    return SqliteStore(text, create=create, hmac_key=hmac_key, durability=durability)
