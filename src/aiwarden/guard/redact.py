"""Redaction with stable placeholders: the same secret or address always gets the same placeholder within a
text ("[EMAIL_1]" twice for one address), so redacted output stays readable and linkable."""

from __future__ import annotations

from aiwarden.guard.types import GuardFinding


def redact(text: str, findings: list[GuardFinding]) -> str:
    """Replace every finding span that names a replacement kind; overlapping spans merge into the first."""
    spans = sorted((f.span[0], f.span[1], f.replacement) for f in findings if f.span and f.replacement)
    numbers: dict[tuple[str, str], int] = {}
    counters: dict[str, int] = {}
    out: list[str] = []
    cursor = 0
    for start, end, kind in spans:
        if start < cursor or kind is None:
            continue
        value = text[start:end]
        key = (kind, value)
        if key not in numbers:
            counters[kind] = counters.get(kind, 0) + 1
            numbers[key] = counters[kind]
        out.append(text[cursor:start])
        out.append(f"[{kind}_{numbers[key]}]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
