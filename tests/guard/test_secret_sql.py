"""Passwords set by SQL statements, and the statements that set none."""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.types import OutputContext

CTX = OutputContext()
PASSWORD = "Marble9Otter31"


def _acted(text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.span[0]:f.span[1]]) for f in secrets.detect(text, CTX)
            if f.span is not None and f.severity > Severity.INFO]


@pytest.mark.parametrize("statement", [
    f"CREATE USER reporting WITH PASSWORD '{PASSWORD}';",
    f"CREATE ROLE etl LOGIN ENCRYPTED PASSWORD '{PASSWORD}' VALID UNTIL 'infinity';",
    f"ALTER USER reporting PASSWORD '{PASSWORD}';",
    f"CREATE USER 'reporting'@'10.0.%' IDENTIFIED BY '{PASSWORD}';",
    f"ALTER USER 'root'@'localhost' IDENTIFIED WITH caching_sha2_password BY '{PASSWORD}';",
    f"SET PASSWORD FOR 'reporting'@'%' = '{PASSWORD}';",
    f"sudo -u postgres psql -c \"ALTER USER postgres PASSWORD '{PASSWORD}';\"",
])
def test_a_password_a_sql_statement_sets_is_found(statement: str) -> None:
    assert _acted(statement) == [("secrets.sql-password", PASSWORD)]


@pytest.mark.parametrize("statement", [
    "CREATE USER reporting WITH PASSWORD 'password';",
    "CREATE ROLE etl LOGIN PASSWORD 'your_password_here';",
    "ALTER USER reporting PASSWORD NULL;",
    "CREATE USER app IDENTIFIED BY :app_password;",
    "CREATE USER 'app'@'%' IDENTIFIED BY '${DB_PASSWORD}';",
    "SELECT * FROM users WHERE password_hash = crypt('x', password_hash);",
    "Use WITH PASSWORD 'changeme' only in a local sandbox.",
])
def test_placeholders_references_and_queries_stay_quiet(statement: str) -> None:
    assert _acted(statement) == []
