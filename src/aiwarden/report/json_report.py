"""JSON: the stable machine-readable shape (tool, findings, skipped, errors; extended freely)."""

from __future__ import annotations

import json

from aiwarden.core.findings import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
