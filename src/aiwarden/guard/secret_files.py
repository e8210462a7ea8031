"""Passwords in credential files whose syntax names no "password=" label the generic layer could read:
.netrc (``machine HOST login USER password PASS``), .pgpass (``host:port:database:user:password``), Go's MySQL
DSN (``user:password@tcp(host:3306)/db``), Oracle JDBC thin URLs (``jdbc:oracle:thin:user/password@host``),
nuget.config (``<add key="ClearTextPassword" value="..."/>``), Spring Security's ``{noop}`` prefix, which marks the
rest of a stored password as plain text (``.password("{noop}...")``, ``spring.security.user.password={noop}...``),
and Maven's encrypted master password
(``<master>{...}</master>`` in settings-security.xml): encrypted under a key Maven itself holds, so recoverable
by anyone who has the file. A server's ``<password>{...}</password>`` in settings.xml is encrypted under that
master password: not a credential alone.

Each returns (start, end) spans of the password only; the caller judges whether the value is a real password
(not a placeholder, not a variable reference). Patterns are flat with bounded repetition, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

_NETRC: Final = re.compile(
    r"\bmachine[ \t]{1,8}[^\s]{1,253}\s{1,16}login[ \t]{1,8}[^\s]{1,256}\s{1,16}password[ \t]{1,8}"
    r"(?P<key>[^\s]{1,256})"
)
# host:port:database:user:password, one entry a line, exactly five fields (a colon or backslash inside a field is
# escaped with a backslash, so an IPv6 address or a longer colon-separated record is no entry); "*" matches any
# field (hostname, port, database, user)
_PGPASS: Final = re.compile(
    r"(?m)^[ \t]{0,8}(?:[A-Za-z0-9][A-Za-z0-9.\-]{0,252}|\*|localhost|/[^:\s]{1,200}):(?:\d{1,5}|\*):"
    r"[^:\s]{1,63}:[^:\s]{1,63}:(?P<key>(?:[^\s:\\]|\\[:\\]){1,128})[ \t]{0,8}$"
)
# Go's MySQL driver DSN: user:password@tcp(host:port)/dbname (also unix(...)); no scheme, so no URL rule reads it
_GO_MYSQL_DSN: Final = re.compile(
    r"(?<![^\s\"'`(=])[^\s:@\"'`/]{1,64}:(?P<key>[^\s@\"'`]{1,128})@(?:tcp|tcp6|unix)\("
)
_ORACLE_THIN: Final = re.compile(r"(?i)jdbc:oracle:(?:thin|oci):[\"']?[^/\s:@\"']{1,64}/(?P<key>[^@\s\"']{1,128})@")

_NUGET: Final = re.compile(r"(?i)<add\s{1,3}key=\"(?:ClearText)?Password\"\s{1,3}value=\"(?P<key>[^\"\s]{1,256})\"")

# Spring's password-encoder id in braces: {noop} stores the password itself (other ids, {bcrypt} and the like, hashes)
_SPRING_NOOP: Final = re.compile(r"\{noop\}(?P<key>[^\s\"'`,;)}]{1,128})")

# Maven wraps an encrypted password in braces (a backslash may escape the closing one); the body is base64
_MAVEN_MASTER: Final = re.compile(r"<master>\{(?P<key>[A-Za-z0-9+/]{16,1024}={0,2})\\?\}</master>")


# Each pattern runs only when its cheap gate holds for the text.
_FORMATS: Final[tuple[tuple[Callable[[str], bool], re.Pattern[str]], ...]] = (
    (lambda text: "machine" in text and "password" in text, _NETRC),
    (lambda text: text.count(":") >= 4, _PGPASS),
    (lambda text: "jdbc:" in text.lower(), _ORACLE_THIN),
    (lambda text: "@tcp" in text or "@unix(" in text, _GO_MYSQL_DSN),
    (lambda text: "assword" in text, _NUGET),
    (lambda text: "<master>{" in text, _MAVEN_MASTER),
    (lambda text: "{noop}" in text, _SPRING_NOOP),
)


def file_passwords(text: str) -> list[tuple[int, int]]:
    return [m.span("key") for gate, pattern in _FORMATS if gate(text) for m in pattern.finditer(text)]
