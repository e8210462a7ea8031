"""What the gateway's database commands (``keys``, ``audit ... --db``) share: the ``--db`` option and its default,
the HMAC key file, and opening the store."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError

if TYPE_CHECKING:
    from aiwarden.gateway.store_sql import SqlStore

DEFAULT_DB = "aiwarden.db"
DB_HELP = (f"the gateway database: a SQLite file (default ./{DEFAULT_DB}) or a postgresql:// URL")


def add_db_option(parser: argparse.ArgumentParser, *, default: str | None = DEFAULT_DB) -> None:
    parser.add_argument("--db", default=default, metavar="DB", help=DB_HELP)


def open_db(target: str, *, create: bool, key: bytes | None = None) -> SqlStore:
    from aiwarden.cli.inputs import argument
    from aiwarden.gateway.store import open_store

    return open_store(argument(target, "--db"), create=create, hmac_key=key)


def read_key_file(path: str | None) -> bytes | None:
    """The HMAC key in FILE (surrounding whitespace stripped), or None without --key-file."""
    if not path:
        return None
    from aiwarden.core.files import read_regular_file

    key = read_regular_file(path, 1024 * 1024).strip()
    if not key:
        raise UsageError(f"{safe_name(path)}: the key file is empty")
    return key
