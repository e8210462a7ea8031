"""Renderers: one Report, many formats. Each renderer is a pure function Report -> str."""

from __future__ import annotations

from collections.abc import Callable

from aiwarden.core.findings import Report, Severity

FORMATS = ("text", "json", "sarif", "markdown", "github", "html")


def render(report: Report, fmt: str, *, color: bool = False, fail_on: Severity = Severity.HIGH) -> str:
    """``fail_on`` is the gate: the verdict of the markdown, github and html reports matches the exit code."""
    renderer: Callable[..., str]
    if fmt == "json":
        from aiwarden.report.json_report import render_json as renderer
    elif fmt == "sarif":
        from aiwarden.report.sarif import render_sarif as renderer
    elif fmt == "markdown":
        from aiwarden.report.markdown import render_markdown as renderer
    elif fmt == "github":
        from aiwarden.report.github import render_github as renderer
    elif fmt == "html":
        from aiwarden.report.html import render_scan_html as renderer
    elif fmt == "text":
        from aiwarden.report.text import render_text

        return render_text(report, color=color)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt in ("markdown", "github", "html"):
        return renderer(report, fail_on=fail_on)
    return renderer(report)
