"""Credentials whose label is not an assignment's left-hand side: a name field beside a value field, a call given
the label and the value as its two arguments, a comparison against a literal, and Dockerfile's ``ENV NAME value``.

- name/value records: ``{"name": "DB_PASSWORD", "value": "..."}``, Kubernetes' ``- name: API_TOKEN`` with
  ``value: ...`` on the next line, Hadoop's ``<name>fs.s3a.secret.key</name><value>...</value>``, .NET's and
  Spring's ``<add key="ApiKey" value="..."/>`` and ``<entry key="db.password">...</entry>``;
- call arguments: ``os.getenv("API_TOKEN", "...")``, ``define('DB_PASSWORD', '...')``,
  ``props.setProperty("mail.password", "...")``: the first argument names what the second is;
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

_PATTERNS: Final = (
    # {"name": "X", "value": "..."} and the YAML flow form {name: X, value: ...}, on one line
    re.compile(r"[\"']?" + _NAME_FIELD + r"[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?(?P<label>" + _LABEL +
               r")[\"']?[ \t]{0,3},[ \t]{0,3}[\"']?" + _VALUE_FIELD + r"[\"']?[ \t]{0,3}[:=][ \t]{0,3}"
               r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s,}\]]{1,256}))"),
    # a YAML list item's name on one line, its value on the next, indented under it
    re.compile(r"(?m)^(?P<indent>[ \t]{0,40})-[ \t]{1,4}" + _NAME_FIELD + r":[ \t]{1,4}[\"']?(?P<label>" + _LABEL +
               r")[\"']?[ \t]{0,8}\r?\n(?P=indent)[ \t]{2,4}" + _VALUE_FIELD + r":[ \t]{1,4}"
               r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s#]{1,256})[ \t]{0,8}$)"),
    # <name>X</name> <value>...</value>, and the same with <key>
    re.compile(r"<(?P<tag>name|key)>[ \t]{0,4}(?P<label>" + _LABEL + r")[ \t]{0,4}</(?P=tag)>\s{0,80}<value>"
               r"[ \t]{0,4}(?P<bare>[^<\s]{1,256})[ \t]{0,4}</value>"),
    # <add key="X" value="..."/>, <property name="X" value="..."/>
    re.compile(r"<[A-Za-z][\w:\-]{0,30}[ \t]{1,4}(?:[\w:\-]{1,30}=[\"'][^\"'<>]{0,100}[\"'][ \t]{1,4}){0,3}"
               r"(?:key|name)=[\"'](?P<label>" + _LABEL + r")[\"'][ \t]{1,4}"
               r"(?:[\w:\-]{1,30}=[\"'][^\"'<>]{0,100}[\"'][ \t]{1,4}){0,3}value=" + _QUOTED_VALUE),
    # <entry key="X">...</entry>, <property name="X">...</property>
    re.compile(r"<(?P<tag>[A-Za-z][\w:\-]{0,30})[ \t]{1,4}(?:key|name)=[\"'](?P<label>" + _LABEL + r")[\"'][ \t]{0,4}>"
               r"[ \t]{0,4}(?P<bare>[^<\s]{1,256})[ \t]{0,4}</(?P=tag)>"),
    # f("X", "...") (getenv with a default, define, setProperty, put, set)
    re.compile(r"[\w\]]\([ \t]{0,3}(?P<lq>[\"'])(?P<label>" + _LABEL + r")(?P=lq)[ \t]{0,3},[ \t]{0,3}[bru]?" +
               _QUOTED_VALUE + r"[ \t]{0,3}[,)]"),
    # X == "...", X != '...', X === "..."
    re.compile(r"(?<![\w.\"'])(?P<label>" + _LABEL + r")[ \t]{0,3}(?:===?|!==?)[ \t]{0,3}[bruf]?" + _QUOTED_VALUE),
    # "..." == X
    re.compile(_QUOTED_VALUE + r"[ \t]{0,3}(?:===?|!==?)[ \t]{0,3}(?P<label>" + _LABEL + r")(?![\w(])"),
    # X.equals("...")
    re.compile(r"(?<![\w.])(?P<label>" + _LABEL + r")\.equals(?:IgnoreCase)?\([ \t]{0,3}" + _QUOTED_VALUE +
               r"[ \t]{0,3}\)"),
    # Dockerfile: ENV NAME value (one pair, the older form without "=")
    re.compile(r"(?m)^[ \t]{0,8}ENV[ \t]{1,4}(?P<label>[A-Za-z_]\w{0,59})[ \t]{1,4}"
               r"(?:" + _QUOTED_VALUE + r"|(?P<bare>[^\"'\s=]{1,256}))[ \t]{0,8}$"),
)


def paired_values(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each credential-shaped value named by a label in one of the forms above."""
    if not mentions_secret_word(text):
        return
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            group = "value" if m.groupdict().get("value") is not None else "bare"
            if labelled_credential(m.group("label"), m.group(group)):
                yield m.span(group)
