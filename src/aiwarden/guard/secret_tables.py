"""Credentials in markdown tables: a value in the cell after a credential label (``| Datadog API key | ... |``)
or in a column whose header is one (``| Service | Token |``).

Answers often lay keys out as tables, where no assignment operator joins label and value. The value is judged
by the same rules as a labelled assignment (secret_labels.labelled_credential). Tables are read line by line,
cells split on ``|``; a table of more than _MAX_COLUMNS columns is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from aiwarden.guard.secret_labels import labelled_credential, mentions_secret_word, names_a_non_secret

_ROW: Final = re.compile(r"(?m)^[ \t]{0,3}\|[^\n]{2,2000}\|[ \t]*$")
_SEPARATOR: Final = re.compile(r"^[\s|:\-]+$")
_MAX_COLUMNS: Final = 16


def table_values(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each credential-shaped value in a markdown table cell labelled as a credential."""
    if "|" not in text or not mentions_secret_word(text):
        return
    header: list[str] = []
    column_may_hold_keys: list[bool] = []
    previous_end = -2
    for row in _ROW.finditer(text):
        cells = _cells(text, row.start(), row.end())
        if len(cells) > _MAX_COLUMNS:
            continue
        first_row = row.start() != previous_end + 1
        previous_end = row.end()
        if first_row:
            header = [text[s:e] for s, e in cells]  # a new table: its first row is the header
            # an "ID", "Hash" or "URL" column holds no key, whatever the row is about
            column_may_hold_keys = [not names_a_non_secret(column) for column in header]
        if _SEPARATOR.match(text[row.start():row.end()]):
            continue
        for i, (start, end) in enumerate(cells):
            column = header[i] if not first_row and i < len(header) else ""
            if column and not column_may_hold_keys[i]:
                continue
            labels = [text[cells[i - 1][0]:cells[i - 1][1]]] if i else []
            labels += [column] if column else []
            labels = [label for label in labels if mentions_secret_word(label)]
            value = text[start:end].strip("`")
            if value and any(labelled_credential(label, value) for label in labels):
                start += text[start:end].index(value)
                yield start, start + len(value)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell's content, stripped of spaces, between the row's outer pipes."""
    out = []
    row = text[start:end].rstrip()
    first = row.index("|") + 1
    position = first
    while True:
        bar = row.find("|", position)
        if bar == -1:
            break
        cell = row[position:bar]
        lead = len(cell) - len(cell.lstrip())
        out.append((start + position + lead, start + position + len(cell.rstrip())))
        position = bar + 1
    return out
