"""Credentials whose label is not an assignment's left-hand side: a name field beside a value field, a call given
the label and the value as its two arguments, a comparison against a literal, and Dockerfile's ``ENV NAME value``.

- name/value records: ``{"name": "DB_PASSWORD", "value": "..."}``, Kubernetes' ``- name: API_TOKEN`` with
  ``value: ...`` on the next line, Hadoop's ``<name>fs.s3a.secret.key</name><value>...</value>``, .NET's and
  Spring's ``<add key="ApiKey" value="..."/>`` and ``<entry key="db.password">...</entry>``;
- call arguments: ``os.getenv("API_TOKEN", "...")``, ``define('DB_PASSWORD', '...')``,
  ``props.setProperty("mail.password", "...")``: the first argument names what the second is;
- login calls: ``auth=("deploy", "...")``, ``HTTPBasicAuth("deploy", "...")``, ``smtp.login("ops", "...")``:
  every login and HTTP-auth API takes the user name first, the password second;
- comparisons: ``if password == "..."``, ``"..." === apiKey``, ``password.equals("...")``: code that checks a
  credential against a literal holds the credential;
- ``ENV NAME value``: Dockerfile's older form, with a space where other syntaxes put ``=``.

Each returns (start, end) spans of the value; the value is judged by the labelled-value rules
(secret_labels.labelled_credential), so placeholders, references and plain words stay quiet. Patterns are flat with
bounded repetition, so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aiwarden.guard.secret_labels import labelled_credential, mentions_secret_word

_LABEL: Final = r"[A-Za-z_][\w.\-:]{0,59}"
_QUOTED_VALUE: Final = r"(?P<q>[\"'])(?P<value>[^\"'\s]{1,256})(?P=q)"
_NAME_FIELD: Final = r"(?:key|Key|KEY|name|Name|NAME|ParameterKey|OptionName)"
_VALUE_FIELD: Final = r"(?:value|Value|VALUE|ParameterValue)"

# Each pattern with the lower-case literal it cannot match without: a substring test is far cheaper than a scan.
_PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    # {"name": "X", "value": "..."} and the YAML flow form {name: X, value: ...}, on one line
    ("value", re.compile(r"[\"']?" + _NAME_FIELD + r"[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?(?P<label>" + _LABEL +
                         r")[\"']?[ \t]{0,3},[ \t]{0,3}[\"']?" + _VALUE_FIELD + r"[\"']?[ \t]{0,3}[:=][ \t]{0,3}"
                         r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s,}\]]{1,256}))")),
    # a YAML list item's name on one line, its value on the next, indented under it
    ("value", re.compile(r"(?m)^(?P<indent>[ \t]{0,40})-[ \t]{1,4}" + _NAME_FIELD + r":[ \t]{1,4}[\"']?(?P<label>" +
                         _LABEL + r")[\"']?[ \t]{0,8}\r?\n(?P=indent)[ \t]{2,4}" + _VALUE_FIELD + r":[ \t]{1,4}"
                         r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s#]{1,256})[ \t]{0,8}$)")),
    # <name>X</name> <value>...</value>, and the same with <key>
    ("<value>", re.compile(r"<(?P<tag>name|key)>[ \t]{0,4}(?P<label>" + _LABEL + r")[ \t]{0,4}</(?P=tag)>\s{0,80}"
                           r"<value>[ \t]{0,4}(?P<bare>[^<\s]{1,256})[ \t]{0,4}</value>")),
    # <add key="X" value="..."/>, <property name="X" value="..."/>
    ("value=", re.compile(r"<[A-Za-z][\w:\-]{0,30}[ \t]{1,4}(?:[\w:\-]{1,30}=[\"'][^\"'<>]{0,100}[\"'][ \t]{1,4}){0,3}"
                          r"(?:key|name)=[\"'](?P<label>" + _LABEL + r")[\"'][ \t]{1,4}"
                          r"(?:[\w:\-]{1,30}=[\"'][^\"'<>]{0,100}[\"'][ \t]{1,4}){0,3}value=" + _QUOTED_VALUE)),
    # <entry key="X">...</entry>, <property name="X">...</property>
    ("=", re.compile(r"<(?P<tag>[A-Za-z][\w:\-]{0,30})[ \t]{1,4}(?:key|name)=[\"'](?P<label>" + _LABEL +
                     r")[\"'][ \t]{0,4}>[ \t]{0,4}(?P<bare>[^<\s]{1,256})[ \t]{0,4}</(?P=tag)>")),
    # f("X", "...") (getenv with a default, define, setProperty, put, set)
    ("(", re.compile(r"\((?<=[\w\]]\()[ \t]{0,3}(?P<lq>[\"'])(?P<label>" + _LABEL + r")(?P=lq)[ \t]{0,3},[ \t]{0,3}"
                     r"[bru]?" + _QUOTED_VALUE + r"[ \t]{0,3}[,)]")),
    # X.equals("...")
    (".equals", re.compile(r"\.equals(?:IgnoreCase)?\([ \t]{0,3}" + _QUOTED_VALUE + r"[ \t]{0,3}\)")),
    # Terraform: variable "db_password" { ... default = "..." }
    ("variable", re.compile(r"\bvariable[ \t]{1,4}\"(?P<label>" + _LABEL + r")\"[ \t]{0,4}\{[^{}]{0,400}?\bdefault"
                            r"[ \t]{0,4}=[ \t]{0,4}" + _QUOTED_VALUE)),
    # a YAML mapping named by the label with its Default a few fields down (CloudFormation Parameters, Helm schemas)
    ("default", re.compile(r"(?m)^(?P<indent>[ \t]{0,40})[\"']?(?P<label>" + _LABEL + r")[\"']?:[ \t]{0,8}\r?\n"
                           r"(?P=indent)(?P<child>[ \t]{2,8})(?:[A-Za-z][\w\-]{0,30}:[^\n]{0,120}\r?\n"
                           r"(?P=indent)(?P=child)){0,6}?(?:Default|default):[ \t]{1,4}"
                           r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s#]{1,256})[ \t]{0,8}$)")),
    # a command that stores a setting by name and value: aws configure set, npm/yarn/pnpm/pip config set (npm's
    # registry-scoped //host/:_authToken too), git config, poetry config, Windows' setx, fish's set -x
    ("set", re.compile(r"\b(?:(?:aws[ \t]{1,3}configure|(?:npm|yarn|pnpm|pip|conda)[ \t]{1,3}config)"
                       r"(?:[ \t]{1,3}--?[\w\-]{1,30}(?:[ \t=]{1,3}[\w.\-]{1,40})?){0,2}[ \t]{1,3}set|setx|"
                       r"set[ \t]{1,3}-[gxlU]{1,3})[ \t]{1,3}(?://[^\s:]{1,200}/:)?(?P<label>" + _LABEL + r")[ \t]{1,3}"
                       r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s]{1,256}))")),
    ("config", re.compile(r"\b(?:git|poetry)[ \t]{1,3}config(?:[ \t]{1,3}--[\w\-]{1,30}){0,2}[ \t]{1,3}"
                          r"(?P<label>" + _LABEL + r")[ \t]{1,3}(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s]{1,256}))")),
    # Dockerfile: ENV NAME value (one pair, the older form without "=")
    ("env", re.compile(r"(?m)^[ \t]{0,8}ENV[ \t]{1,4}(?P<label>[A-Za-z_]\w{0,59})[ \t]{1,4}"
                       r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s=]{1,256}))[ \t]{0,8}$")),
)
# What every setting command above holds ("config" of aws configure and the config commands, setx, or set and its
# option): "set" alone is in every "settings" and "reset", and the command's pattern has no literal to skip to.
_SETTING_VERB: Final = re.compile(r"config|setx|set[ \t]{1,3}-")
# A user name then a password, in the order every login and HTTP-auth API takes them: requests' auth=("u", "p"),
# HTTPBasicAuth, NetworkCredential, smtplib/ftplib/imaplib login, LDAP simple_bind_s, PasswordAuthentication
_LOGIN_ARGUMENTS: Final = re.compile(
    r"\([ \t]{0,3}[bru]?(?P<uq>[\"'])[^\"'\s]{1,64}(?P=uq)[ \t]{0,3},[ \t]{0,3}[bru]?" + _QUOTED_VALUE +
    r"(?:\.toCharArray\(\))?[ \t]{0,3}[,)]"
)
# the callee before the arguments (found from the "(" back, which is far cheaper than trying every position)
_LOGIN_CALLEE: Final = re.compile(
    r"(?:(?<![\w.])auth[ \t]{0,3}=[ \t]{0,3}|(?:[Ll]ogin|LogIn|[Aa]uth|Authentication|[Cc]redentials?|[Bb]ind(?:_s)?|"
    r"[Ss]ign[Ii]n))$"
)
# Several names assigned several literals at once (Python's a, b = "x", "y"; Go's var a, b string = "x", "y" and
# a, b := "x", "y"): the n-th name names the n-th value. Found from the "=" and its literals, then the names are
# read back on the same line, so a long line of names alone costs nothing. The operator comes first and the
# look-behind after it, so re skips ahead to the next ":" or "=" instead of trying the look-behind everywhere.
_IDENT: Final = r"[A-Za-z_$][\w.]{0,59}"
_LITERAL: Final = r"[\"'][^\"'\n]{0,256}[\"']"
_LITERALS_ASSIGNED: Final = re.compile(
    r"(?::(?<![=!<>]:)=|=(?<![=!<>]=))(?!=)[ \t]{0,3}"
    r"(?P<values>" + _LITERAL + r"(?:[ \t]{0,2},[ \t]{0,2}" + _LITERAL + r"){1,5})"
    r"[ \t]{0,3}(?:[;)\]]|$)", re.MULTILINE
)
_NAMES_BEFORE: Final = re.compile(
    r"(?<![\w.$])(?P<names>" + _IDENT + r"(?:[ \t]{0,2},[ \t]{0,2}" + _IDENT + r"){1,5})"
    r"(?:[ \t]{1,4}[A-Za-z_]\w{0,20})?[ \t]{0,3}$"
)
_NAMES_REACH: Final = 400
_QUOTE_COMMA_QUOTE: Final = re.compile(r"[\"'][ \t]{0,2},[ \t]{0,2}[\"']")
_LITERAL_AT: Final = re.compile(r"[\"']([^\"'\n]{0,256})[\"']")
_LOGIN_WORDS: Final = ("auth", "login", "credential", "bind", "signin")
# Comparisons are found by their operator; the label is read on the side the value is not.
_OPERATOR: Final = re.compile(r"[ \t]{0,3}(?:===?|!==?)[ \t]{0,3}")
_VALUE_AFTER: Final = re.compile(r"[bruf]?" + _QUOTED_VALUE)
_LABEL_AFTER: Final = re.compile(r"(?P<label>" + _LABEL + r")(?![\w(])")
_LABEL_BEFORE: Final = re.compile(r"(?<![\w.\"'])(?P<label>" + _LABEL + r")$")
_VALUE_BEFORE: Final = re.compile(_QUOTED_VALUE + r"$")
_CODE_WORDS: Final = frozenset({"key", "token", "k", "tok"})
_REACH: Final = 260  # a label or a quoted value is at most this long


def paired_values(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each credential-shaped value named by a label in one of the forms above."""
    lower = text.lower()
    if "(" in text and any(word in lower for word in _LOGIN_WORDS):
        for m in _LOGIN_ARGUMENTS.finditer(text):
            callee = _LOGIN_CALLEE.search(text, max(0, m.start() - 40), m.start())
            if callee is not None and labelled_credential("password", m.group("value")):
                yield m.span("value")
    if not mentions_secret_word(text):
        return
    for needle, pattern in _PATTERNS:
        if needle not in lower or (needle == "set" and _SETTING_VERB.search(text) is None):
            continue
        for m in pattern.finditer(text):
            group = "value" if m.groupdict().get("value") is not None else "bare"
            label = m.group("label") if "label" in m.groupdict() else _label_before(text, m.start())
            if label is not None and labelled_credential(label, m.group(group)):
                yield m.span(group)
    if "==" in text or "!=" in text:
        yield from _compared(text)
    if "," in text:
        yield from _assigned_together(text)


def _assigned_together(text: str) -> Iterator[tuple[int, int]]:
    """user, password = "deploy", "..." and the Go forms: each name with the literal in its place."""
    if _QUOTE_COMMA_QUOTE.search(text) is None:
        return
    for m in _LITERALS_ASSIGNED.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = _NAMES_BEFORE.search(text, max(line_start, m.start() - _NAMES_REACH), m.start())
        if before is None:
            continue
        names = [n.strip() for n in before.group("names").split(",")]
        values = list(_LITERAL_AT.finditer(text, m.start("values"), m.end("values")))
        if len(names) != len(values):
            continue
        for name, value in zip(names, values, strict=True):
            if labelled_credential(name, value.group(1)):
                yield value.span(1)


def _compared(text: str) -> Iterator[tuple[int, int]]:
    """X == "...", X != '...', X === "...", and "..." == X."""
    for op in _OPERATOR.finditer(text):
        value = _VALUE_AFTER.match(text, op.end())
        label = _label_before(text, op.start())
        if value is None:
            value = _VALUE_BEFORE.search(text, max(0, op.start() - _REACH), op.start())
            after = _LABEL_AFTER.match(text, op.end())
            label = after.group("label") if after is not None else None
        if label is None or label.lower() in _CODE_WORDS:
            continue  # key == "Enter", token == "def": a dictionary key or a parser's token, not a credential
        if value is not None and labelled_credential(label, value.group("value")):
            yield value.span("value")


def _label_before(text: str, end: int) -> str | None:
    """The identifier that ends at ``end`` (password in ``password == "..."``, apiToken in ``apiToken.equals``)."""
    m = _LABEL_BEFORE.search(text, max(0, end - 64), end)
    return m.group("label") if m is not None else None
