"""GitHub-flavoured Markdown for a pull-request comment or a job summary (``$GITHUB_STEP_SUMMARY``).

Every string that comes from a scanned file (names, members, messages that quote them, evidence, reasons)
is shown inside a code span or a fenced code block and nowhere else. That is the one place where Markdown
and HTML mean nothing: backslash escapes would not do, because GitHub still autolinks e-mail addresses and
URLs, and turns ``@name`` and ``#123`` into mentions and links, in escaped text. Line breaks and controls
are escaped first (``\\x0a``), so no untrusted string can end a span or start a new block; each span's
backtick fence is longer than any backtick run inside it. Our own fixed words are backslash-escaped.
The output is deterministic: no times, a total order.
"""

from __future__ import annotations

import html
import re

from aiwarden import __version__
from aiwarden.core.findings import Finding, Report, Severity
from aiwarden.report import summary

_ICON = {Severity.CRITICAL: "🔴", Severity.HIGH: "🟠", Severity.MEDIUM: "🟡", Severity.LOW: "🔵",
         Severity.INFO: "⚪"}
_VERDICT_ICON = {"fail": "❌", "warn": "⚠️", "pass": "✅"}
# The characters that mean something inline (emphasis, code, links, HTML, entities, tables, strikethrough); our
# prose never starts a line, so block markers (#, -, 1.) need nothing.
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>&|~!])")
_BACKTICKS = re.compile(r"`+")
# Evidence longer than this, or over several lines, goes in a fenced block instead of a code span.
_INLINE_EVIDENCE = 160
_TARGETS_SHOWN = 5


def text(words: str) -> str:
    """Our own prose (titles, framework names) with Markdown punctuation neutralised."""
    return _PUNCTUATION.sub(r"\\\1", summary.line(words))


def code(value: str) -> str:
    """``value`` as an inline code span: literal whatever it holds. ``value`` must be one line."""
    value = summary.line(value)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(value)), default=0) + 1)
    # A space is stripped from each end of a code span that starts and ends with one: pad so that what is
    # shown is exactly the value, and so that a leading or trailing backtick does not touch the fence.
    if value.strip(" ") and (value[0] in " `" or value[-1] in " `"):
        value = f" {value} "
    return f"{fence}{value}{fence}"


def fenced(value: str, indent: str) -> list[str]:
    """``value`` as a fenced code block, each line indented by ``indent`` (to sit inside a list item)."""
    body = summary.block(value)
    fence = "`" * max(3, max((len(run) for run in _BACKTICKS.findall(body)), default=0) + 1)
    return [f"{indent}{fence}text", *(f"{indent}{row}".rstrip() for row in body.split("\n")), f"{indent}{fence}"]


def _tags(tags: tuple[str, ...]) -> str:
    by_family: dict[str, list[str]] = {}
    for tag in tags:
        label = summary.tag_label(tag)
        by_family.setdefault(summary.tag_family(tag), []).append(code(tag) + (f" {text(label)}" if label else ""))
    return " · ".join(f"{family}: {', '.join(items)}" for family, items in by_family.items())


def _where(finding: Finding) -> str:
    loc = finding.location
    parts = [f"member {code(summary.name(loc.member))}"] if loc.member else []
    if loc.offset is not None:
        parts.append(f"byte {loc.offset}")
    return ", ".join(parts) or "whole file"


def _finding(finding: Finding) -> list[str]:
    lines = [f"- **{text(finding.title)}** {code(finding.rule_id)}",
             f"  - Where: {_where(finding)}",
             f"  - What: {code(finding.message)}"]
    evidence = finding.evidence
    if evidence and "\n" not in evidence and "\r" not in evidence and len(evidence) <= _INLINE_EVIDENCE:
        lines.append(f"  - Evidence: {code(evidence)}")
    elif evidence:
        lines.append("  - Evidence:")
        lines.append("")
        lines.extend(fenced(evidence, "    "))
        lines.append("")
    if finding.tags:
        lines.append(f"  - {_tags(finding.tags)}")
    return lines


def _details(summary_words: str, rows: list[str]) -> list[str]:
    """A collapsed list. The HTML around it is ours; the rows are Markdown (blank lines let GitHub parse them)."""
    # Inside an HTML block Markdown escapes do not apply: the summary words are HTML-escaped instead.
    return ["<details>", f"<summary>{html.escape(summary.line(summary_words))}</summary>", "", *rows, "",
            "</details>", ""]


def render_markdown(report: Report, *, fail_on: Severity = Severity.HIGH) -> str:
    verdict = summary.verdict(report, fail_on)
    n = summary.counts(report.findings)
    out = ["## aiwarden scan report", "",
           f"**{_VERDICT_ICON[verdict.level]} {text(verdict.label)}:** {text(verdict.sentence)}", "",
           "| Severity | Findings |", "| :-- | --: |"]
    out += [f"| {_ICON[s]} {str(s).capitalize()} | {n[s]} |" for s in summary.SEVERITIES]
    shown = [code(summary.name(t)) for t in sorted(report.targets)[:_TARGETS_SHOWN]]
    more = len(report.targets) - len(shown)
    targets = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    out += ["", text(summary.totals_line(report)) + f" · aiwarden {text(report.tool_version or __version__)}"
            + (f" · scanned: {targets}" if targets else ""), ""]

    for severity, files in summary.grouped(report.findings):
        out += [f"### {_ICON[severity]} {str(severity).capitalize()} ({n[severity]})", ""]
        for path, findings in files:
            out += [f"#### {code(summary.name(path))}", ""]
            for finding in findings:
                out += _finding(finding)
            out.append("")

    if report.errors:
        out += [f"### ❗ Errors ({len(report.errors)}): not read, so not cleared", ""]
        out += [f"- {code(summary.name(e.path))}: {code(e.message)}"
                for e in sorted(report.errors, key=lambda e: (e.path, e.message))]
        out.append("")
    if report.units:
        out += [f"### Model folders ({len(report.units)})", ""]
        for unit in sorted(report.units, key=lambda u: u.path):
            worst = str(unit.max_severity) if unit.max_severity is not None else "clean"
            out.append(f"- {code(summary.name(unit.path))} {text(unit.kind)}, {len(unit.files)} file(s): "
                       f"**{text(worst)}**")
        out.append("")
    if report.skipped:
        out += _details(f"Skipped ({len(report.skipped)}): not a recognised model file",
                        [f"- {code(summary.name(s.path))}: {code(s.reason)}"
                         for s in sorted(report.skipped, key=lambda s: (s.path, s.reason))])
    if report.suppressed:
        rows = [f"- {code(f.rule_id)} in {code(summary.name(f.location.path))} "
                f"({_where(f)}): {code(reason)}"
                for f, reason in sorted(report.suppressed, key=lambda p: (p[0].location.path, p[0].rule_id,
                                                                         p[0].location.member or "", p[1]))]
        out += _details(f"Suppressed by configuration ({len(report.suppressed)})", rows)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
