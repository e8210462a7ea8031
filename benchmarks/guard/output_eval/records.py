"""The record every data file holds, and the source descriptions the manifest carries."""

from __future__ import annotations

from typing import Any, TypedDict

CATEGORIES = ("secrets", "pii", "exfil", "benign")


class Record(TypedDict):
    id: str
    source: str
    category: str  # secrets | pii | exfil | benign
    subtype: str
    label: int  # 1: should be found, 0: should not be
    text: str  # the model-answer-shaped text the guard sees
    value: str | None  # the labelled value inside text (None for whole benign documents)
    template: str


def record(source: str, key: str, category: str, subtype: str, label: int, text: str, value: str | None,
           template: str) -> Record:
    assert category in CATEGORIES and label in (0, 1)
    assert value is None or value in text, f"{source}:{key}: value not in text"
    return Record(id=f"{source}:{key}", source=source, category=category, subtype=subtype, label=label, text=text,
                  value=value, template=template)


Source = dict[str, Any]  # one manifest entry: name, repo, commit, licence, paths, what
