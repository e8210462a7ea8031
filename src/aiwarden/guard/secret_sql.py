"""Passwords set in SQL statements: ``CREATE USER ... WITH PASSWORD '...'`` and ``ALTER ROLE ... PASSWORD '...'``
(PostgreSQL), ``IDENTIFIED BY '...'`` (MySQL, MariaDB, Oracle), ``SET PASSWORD FOR ... = '...'`` (MySQL). The
statement's keyword names the literal after it; SQL Server's ``PASSWORD = '...'`` is a labelled value already.

Returns (start, end) spans of the quoted password; the caller judges the value. Patterns are flat with bounded
repetition, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

_LITERAL: Final = r"'(?P<key>[^'\n]{4,128})'"
_STATEMENTS: Final = (
    # PASSWORD 'x', ENCRYPTED PASSWORD 'x' (not PASSWORD = 'x' nor PASSWORD('x'): those are labels and calls)
    re.compile(r"(?i)\b(?:user|role|with|encrypted|login)\b[^;\n]{0,80}?\bpassword[ \t]{1,4}" + _LITERAL),
    re.compile(r"(?i)\bidentified[ \t]{1,4}(?:with[ \t]{1,4}[\w$]{1,40}[ \t]{1,4})?by[ \t]{1,4}" + _LITERAL),
    re.compile(r"(?i)\bset[ \t]{1,4}password[ \t]{1,4}(?:for[ \t]{1,4}[^=;\n]{1,120}?)?=[ \t]{0,4}" + _LITERAL),
)


def sql_passwords(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the passwords SQL statements in ``text`` set."""
    lower = text.lower()
    if "password" not in lower and "identified" not in lower:
        return
    for pattern in _STATEMENTS:
        for m in pattern.finditer(text):
            yield m.span("key")
