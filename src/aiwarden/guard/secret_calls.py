"""Credentials handed to a call with no label beside them: by their place in a known API's argument list
(``DriverManager.getConnection(url, "app", "...")``, ``new Sequelize("db", "app", "...")``,
``mysqli_connect(host, "app", "...", "db")``), as the one argument of a method named for them (``.password("...")``,
``.withPassword("...")``, ``setApiKey("...")``, ``.token("...")``), or as the one argument of an API client's
constructor (``Client::new("...")``, ``NewClient("...")``).

The API's signature names the argument, so each table row is a fact of that API's documentation: the callee and
the position of its credential. Login calls that take a user then a password (``HTTPBasicAuth``,
``NetworkCredential``, ``smtp.login``) are read by secret_pairs.py. Returns (start, end, label) of each quoted
argument in such a place; the caller judges the value by the labelled-value rules, so variables, templates and
documentation words stay quiet. Patterns are flat with bounded repetition, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from aiwarden.guard.secret_labels import mentions_secret_word


@dataclass(frozen=True, slots=True)
class PositionalCredential:
    """A call whose argument at ``position`` is a credential (negative: counted from the last argument), of the
    kind ``label`` names."""

    callee: str
    position: int
    min_arguments: int
    label: str = "password"


# The callee as written (a dotted prefix such as DriverManager. or pymysql. may precede it), then where its secret is.
POSITIONAL_CREDENTIALS: Final = (
    # databases
    # JDBC: DriverManager.getConnection(url, user, password) and DataSource.getConnection(user, password)
    PositionalCredential("getConnection", -1, 2),
    PositionalCredential("Sequelize", 2, 3),  # new Sequelize(database, username, password, options)
    PositionalCredential("PDO", 2, 3),  # new PDO(dsn, username, password)
    PositionalCredential("DBI->connect", 2, 3),  # Perl: DBI->connect(dsn, user, password)
    PositionalCredential("mysqli", 2, 3),  # new mysqli(host, username, password, database)
    PositionalCredential("mysqli_connect", 2, 3),
    PositionalCredential("mysql_connect", 2, 3),
    PositionalCredential("mysqli_real_connect", 3, 4),  # (link, host, username, password, ...)
    PositionalCredential("oci_connect", 1, 2),  # PHP OCI8: oci_connect(username, password, connection)
    PositionalCredential("pymysql.connect", 2, 3),  # connect(host, user, password, database), positional
    PositionalCredential("MySQLdb.connect", 2, 3),
    PositionalCredential("pymssql.connect", 2, 3),  # connect(server, user, password, database)
    PositionalCredential("cx_Oracle.connect", 1, 2),  # connect(user, password, dsn)
    # file transfer, mail, directories
    PositionalCredential("FTP", 2, 3),  # Python's ftplib.FTP(host, user, passwd)
    PositionalCredential("FTP_TLS", 2, 3),
    PositionalCredential("ftp_login", 2, 3),  # PHP: ftp_login(ftp, username, password)
    PositionalCredential("ssh2_auth_password", 2, 3),  # ssh2_auth_password(session, username, password)
    PositionalCredential("imap_open", 2, 3),  # imap_open(mailbox, user, password)
    PositionalCredential("PlainAuth", 2, 3),  # Go: smtp.PlainAuth(identity, username, password, host)
    PositionalCredential("ldap_bind", 2, 3),  # ldap_bind(ldap, dn, password)
    # HTTP clients and frameworks
    PositionalCredential("Credentials.basic", 1, 2),  # OkHttp: Credentials.basic(username, password)
    PositionalCredential("UsernamePasswordAuthenticationToken", 1, 2),  # Spring Security (principal, credentials)
    # cloud and API credentials objects: (id, secret)
    PositionalCredential("AwsBasicCredentials.create", 1, 2, "secret_access_key"),  # AWS SDK for Java 2.x
    PositionalCredential("AwsSessionCredentials.create", 1, 3, "secret_access_key"),
    PositionalCredential("StorageSharedKeyCredential", 1, 2, "account_key"),  # Azure Storage (account, key)
    PositionalCredential("AzureNamedKeyCredential", 1, 2, "account_key"),
    PositionalCredential("AzureKeyCredential", 0, 1, "api_key"),  # Azure SDKs: new AzureKeyCredential(key)
    PositionalCredential("ApiKeyCredential", 0, 1, "api_key"),  # OpenAI .NET: new ApiKeyCredential(key)
    PositionalCredential("OAuthHandler", 1, 2, "consumer_secret"),  # tweepy: (consumer_key, consumer_secret)
    PositionalCredential("OAuth1UserHandler", 1, 2, "consumer_secret"),
    PositionalCredential("set_access_token", 1, 2, "access_token_secret"),  # tweepy: (token, token_secret)
)
_BY_CALLEE: Final = {row.callee: row for row in POSITIONAL_CREDENTIALS}
# Every callee above holds one of these (a test checks it): twelve substring tests instead of one per callee
SCREEN: Final = ("onnect", "Credential", "FTP", "ftp_", "Auth", "auth_", "Sequelize", "PDO", "mysqli", "imap_open",
                 "ldap_bind", "set_access_token")
_POSITIONAL_CALL: Final = re.compile(
    r"(?<![\w$])(?:new[ \t]{1,3})?(?P<callee>" + "|".join(sorted(map(re.escape, _BY_CALLEE), key=len, reverse=True)) +
    r")[ \t]{0,3}\("
)
# One argument: a quoted literal, or an expression without commas, brackets or quotes (url, $user, cfg.user).
_ARGUMENT: Final = re.compile(
    r"[ \t\r\n]{0,40}(?:[bru]?(?P<q>[\"'])(?P<literal>[^\"'\n]{0,256})(?P=q)|(?P<expression>[\w$.\->:\[\]]{1,120}))"
    r"[ \t\r\n]{0,40}(?P<after>[,)])"
)
_MAX_ARGUMENTS: Final = 8

# Methods named for the credential they take: .password(...), .withPassword(...), .setApiKey(...), .token(...),
# set_password(...). A qualifier may precede the credential word (apiKey, clientSecret, userPassword); a verb
# (check, verify, hash, validate) may not, as those take a password to test it, not to use it.
_QUALIFIER: Final = r"(?:api|access|secret|client|auth|bearer|private|master|admin|root|db|database|app|bot|" \
                    r"refresh|session|user|account|service)"
_CREDENTIAL_WORD: Final = r"(?:password|passwd|passphrase|pwd|token|secret|apikey|credential)"
# "key" only with a qualifier: a bare .key("...") names a cache, map or list key far more often than a credential
_METHOD_NAME: Final = re.compile(
    r"(?i)(?P<verb>set|with|use)?_?(?P<name>(?:" + _QUALIFIER + r"_?)?" + _CREDENTIAL_WORD + r"|" + _QUALIFIER +
    r"_?key)"
)
# One literal as a call's only argument; the method's name is read back from the "(" (a literal prefix lets re
# skip ahead to each "(", where a pattern starting with the name would be tried at every position)
_ONE_LITERAL: Final = re.compile(r"\([ \t]{0,3}[bru]?(?P<q>[\"'])(?P<value>[^\"'\s]{1,256})(?P=q)[ \t]{0,3}\)")
_NAME_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_NAME_REACH: Final = 48
# An API client built from one literal: its key (Rust's Client::new("..."), Go's NewClient("..."), new XClient("..."))
_CLIENT: Final = re.compile(
    r"(?<![\w$])(?:new[ \t]{1,3})?(?:[A-Z]\w{0,40})?Client(?:::new|\.new)?[ \t]{0,3}\([ \t]{0,3}"
    r"(?P<q>[\"'])(?P<value>[^\"'\s]{1,256})(?P=q)[ \t]{0,3}\)"
)


def call_credentials(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, label) of each literal passed where a call takes a credential; ``label`` says what kind, for
    the caller to judge the value by."""
    if "(" not in text:
        return
    # callees are matched as the API spells them, so the screen needs no lower-cased copy of the text
    if any(word in text for word in SCREEN):
        yield from _positional(text)
    if _ONE_LITERAL.search(text) is not None and mentions_secret_word(text):
        for m in _ONE_LITERAL.finditer(text):
            name = _method_name(text, m.start())
            if name is not None:
                yield m.start("value"), m.end("value"), name
    if "Client" in text:
        for m in _CLIENT.finditer(text):
            yield m.start("value"), m.end("value"), "key"  # no label: only a value random on its own counts


def _method_name(text: str, paren: int) -> str | None:
    """The credential a method called at ``paren`` is named for (Password in .withPassword, api_key in
    set_api_key), or None: a method (after a ".") or a bare setter (setPassword, with_token)."""
    start = paren
    while start > max(0, paren - _NAME_REACH) and text[start - 1] in _NAME_CHARS:
        start -= 1
    m = _METHOD_NAME.fullmatch(text, start, paren)
    if m is None:
        return None
    before = text[start - 1] if start else " "
    if before == "." or (m.group("verb") and before not in _NAME_CHARS and before != "$"):
        return m.group("name")
    return None


def _positional(text: str) -> Iterator[tuple[int, int, str]]:
    for call in _POSITIONAL_CALL.finditer(text):
        row = _BY_CALLEE[call.group("callee")]
        arguments = _arguments(text, call.end(), row.position)
        if len(arguments) < row.min_arguments:
            continue
        if row.position < 0 and arguments[-1][1] != ")":
            continue  # the call goes on past what could be read: its last argument is unknown
        span = arguments[row.position][0] if -len(arguments) <= row.position < len(arguments) else None
        if span is not None and not any(map(str.isspace, text[span[0]:span[1]])):
            yield span[0], span[1], row.label  # a literal with spaces in it is a sentence or a DSN, not a password


def _arguments(text: str, position: int, wanted: int) -> list[tuple[tuple[int, int] | None, str]]:
    """The call's arguments from ``position`` (just after its "("): each literal's span (None for an expression)
    and the character after it. Stops at the first argument it cannot read, or once the wanted one is read."""
    out: list[tuple[tuple[int, int] | None, str]] = []
    while len(out) < _MAX_ARGUMENTS:
        m = _ARGUMENT.match(text, position)
        if m is None:
            break
        out.append((m.span("literal") if m.group("q") else None, m.group("after")))
        if m.group("after") == ")" or (wanted >= 0 and len(out) > wanted):
            break
        position = m.end()
    return out
