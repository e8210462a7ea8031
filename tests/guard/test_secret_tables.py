"""Credentials laid out as markdown tables and bold labels, and the tables that hold none."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.secret_tables import table_values
from aiwarden.guard.types import OutputContext

CTX = OutputContext()
HEXKEY = "3b7f9c2e8a1d4f6b9c0e2a5d7f8b1c3e"
LOWERKEY = "k29xh3mf8q7zt0wv4nbp2lcd6yr5s1ja"


def _acted(text: str) -> list[str]:
    return [text[f.span[0]:f.span[1]] for f in secrets.detect(text, CTX)
            if f.span is not None and f.severity > Severity.INFO]


@pytest.mark.parametrize(("text", "values"), [
    (f"| Service | API key |\n|---|---|\n| Datadog | {HEXKEY} |\n| Mailgun | `{LOWERKEY}` |", [HEXKEY, LOWERKEY]),
    (f"| DATADOG_API_KEY | {HEXKEY} |", [HEXKEY]),
    ("| Setting | Value |\n|---|---|\n| password | Xk9mQ2vR7tLp |", ["Xk9mQ2vR7tLp"]),
    (f"**API key:** {HEXKEY}", [HEXKEY]),
    (f"**Datadog API key**: `{HEXKEY}`", [HEXKEY]),
])
def test_tables_and_bold_labels(text: str, values: list[str]) -> None:
    assert _acted(text) == values


@pytest.mark.parametrize("text", [
    "| Commit | Hash |\n|---|---|\n| fix | 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b |",
    "| Key | Description |\n|---|---|\n| api_key | The API key for the service |",
    "| Name | Token count |\n|---|---|\n| gpt | 4096 |",
    "| Setting | Value |\n|---|---|\n| password | ${DB_PASSWORD} |",
    "| Request | ID |\n|---|---|\n| token refresh | 8f14e45f-ceea-4e67-a1b2-9c3d5e7f1a2b |",
    f"| Service | Key |\n|---|---|\n| Datadog | {HEXKEY} |",  # a bare "Key" column is weak evidence for hex
    "| Setting | Value |\n|---|---|\n| api_key | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx |",
])
def test_tables_without_a_credential(text: str) -> None:
    assert _acted(text) == []


_CELL = st.text(alphabet=st.characters(blacklist_characters="\n|\r"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6), st.text(max_size=40))
def test_table_values_lie_inside_one_cell(rows: list[list[str]], prose: str) -> None:
    text = prose + "\n" + "\n".join("| " + " | ".join(row) + " |" for row in rows)
    for start, end in table_values(text):
        assert 0 <= start < end <= len(text)
        value = text[start:end]
        assert "|" not in value and "\n" not in value and value == value.strip()
