"""Terminal report: a findings table, then skipped files, errors and a one-line summary."""

from __future__ import annotations

import shutil

from aiwarden.core.findings import Report, Severity

_COLORS = {
    Severity.CRITICAL: "\x1b[1;31m",
    Severity.HIGH: "\x1b[31m",
    Severity.MEDIUM: "\x1b[33m",
    Severity.LOW: "\x1b[36m",
    Severity.INFO: "\x1b[2m",
}
_RESET = "\x1b[0m"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def render_text(report: Report, *, color: bool = False, width: int | None = None) -> str:
    width = width or max(100, shutil.get_terminal_size((120, 24)).columns)
    lines: list[str] = []
    findings = report.sorted_findings()
    if findings:
        rule_w = min(26, max(len(f.rule_id) for f in findings))
        loc_w = max(20, min(60, width // 3))
        msg_w = max(20, width - 10 - rule_w - loc_w - 6)
        lines.append(f"{'SEVERITY':<9} {'RULE':<{rule_w}}  {'LOCATION':<{loc_w}}  MESSAGE")
        for f in findings:
            sev = f"{str(f.severity).upper():<9}"
            if color:
                sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
            location = _fit(str(f.location), loc_w)
            lines.append(f"{sev} {f.rule_id:<{rule_w}}  {location:<{loc_w}}  {_fit(f.message, msg_w)}")
    for s in report.skipped:
        lines.append(f"skipped  {s.path}: {s.reason}")
    for e in report.errors:
        lines.append(f"error    {e.path}: {e.message}")
    for f, reason in report.suppressed:
        lines.append(f"suppressed {f.rule_id} at {f.location}: {reason}")
    counts = ", ".join(
        f"{n} {s}" for s in reversed(Severity) if (n := sum(1 for f in findings if f.severity == s))
    )
    seconds = report.timings.get("total_seconds", 0.0)
    summary = (
        f"{len(report.scanned)} file(s) scanned, {len(findings)} finding(s)"
        + (f" ({counts})" if counts else "")
        + f", {len(report.skipped)} skipped, {len(report.errors)} error(s) in {seconds:.2f}s"
    )
    if lines:
        lines.append("")
    lines.append(summary)
    return "\n".join(lines) + "\n"
