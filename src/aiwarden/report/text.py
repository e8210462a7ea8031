"""Terminal report: a findings table, then skipped files, errors and a one-line summary."""

from __future__ import annotations

import os
import textwrap
import unicodedata

from aiwarden.core.display import safe_name
from aiwarden.core.findings import Location, Report, Severity

_COLORS = {
    Severity.CRITICAL: "\x1b[1;31m",
    Severity.HIGH: "\x1b[31m",
    Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[36m",
    Severity.INFO: "\x1b[2m",
}
_RESET = "\x1b[0m"
# In prose (messages, reasons) only what can act on a terminal or hide text is escaped; names get safe_name.
_UNSAFE_IN_TEXT = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_text(text: str) -> str:
    """A message that may quote untrusted names, with controls, bidi and line breaks escaped."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(safe_name(c) if unicodedata.category(c) in _UNSAFE_IN_TEXT else c for c in text)


def where(location: Location) -> str:
    """``path!member@offset`` with each untrusted name escaped (``aiwarden.core.display.safe_name``)."""
    text = safe_name(location.path)
    if location.member:
        text += f"!{safe_name(location.member)}"
    if location.offset is not None:
        text += f"@{location.offset}"
    return text


def terminal_columns() -> int:
    """As shutil.get_terminal_size((120, 24)).columns, without importing shutil at start-up."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(1).columns
        except (OSError, ValueError):
            columns = 0
    return columns or 120


def render_text(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """One block per finding: severity, rule and location on the first line, the message under it."""
    width = width or max(80, terminal_columns())
    lines: list[str] = []
    findings = report.sorted_findings()
    indent = " " * 10
    for f in findings:
        sev = f"{str(f.severity).upper():<9}"
        if color:
            sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
        lines.append(f"{sev} {f.rule_id}  {where(f.location)}")
        lines.extend(textwrap.wrap(safe_text(f.message), width - len(indent), initial_indent=indent,
                                   subsequent_indent=indent))
    for unit in report.units:
        verdict = str(unit.max_severity).upper() if unit.max_severity is not None else "clean"
        lines.append(f"model    {safe_name(unit.path)} ({unit.kind}, {len(unit.files)} files): {verdict}")
    for s in report.skipped:
        lines.append(f"skipped  {safe_name(s.path)}: {safe_text(s.reason)}")
    for e in report.errors:
        lines.append(f"error    {safe_name(e.path)}: {safe_text(e.message)}")
    for f, reason in report.suppressed:
        lines.append(f"suppressed {f.rule_id} at {where(f.location)}: {safe_text(reason)}")
    if lines:
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """``3 file(s) scanned, 2 finding(s) (1 critical, 1 high), 0 skipped, 0 error(s) in 0.01s``."""
    counts = ", ".join(
        f"{n} {s}" for s in reversed(Severity) if (n := sum(1 for f in report.findings if f.severity == s))
    )
    seconds = report.timings.get("total_seconds", 0.0)
    return (
        f"{len(report.scanned)} file(s) scanned, {len(report.findings)} finding(s)"
        + (f" ({counts})" if counts else "")
        + f", {len(report.skipped)} skipped, {len(report.errors)} error(s) in {seconds:.2f}s"
    )
