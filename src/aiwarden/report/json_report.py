"""JSON: the stable machine-readable shape (tool, findings, skipped, errors; extended freely)."""

from __future__ import annotations

import json

from aiwarden.core.findings import Report
from aiwarden.report.encoding import utf8_strings


def render_json(report: Report) -> str:
    # Names that are not UTF-8 carry \xNN escapes: the document is always valid UTF-8.
    return json.dumps(utf8_strings(report.to_dict()), indent=2, ensure_ascii=False) + "\n"
