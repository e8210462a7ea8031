"""Shared helpers for the PII tests: what the detector reports, as (rule, matched text, severity)."""

from __future__ import annotations

from aiwarden.core.findings import Severity
from aiwarden.guard import pii
from aiwarden.guard.types import OutputContext

EMPTY = OutputContext()


def found(text: str, context: OutputContext = EMPTY) -> list[tuple[str, str, Severity]]:
    return [(f.rule_id, text[f.span[0]:f.span[1]], f.severity) for f in pii.detect(text, context) if f.span]


def redacted(text: str, context: OutputContext = EMPTY) -> list[tuple[str, str]]:
    return [(rule, value) for rule, value, severity in found(text, context) if severity > Severity.INFO]


def spaced(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(digits[pos:pos + size])
        pos += size
    return sep.join(p for p in out if p)
