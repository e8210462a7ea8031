"""GitHub Actions workflow commands: one annotation per finding (``::error``/``::warning``/``::notice``).

The runner reads a command from any line of the step's output that starts with ``::``, so a file name
holding a line break could start a second command of its own (``::add-mask::``, ``::stop-commands::``, a
forged ``::notice``). Values are escaped as the Actions toolkit does (``@actions/core`` ``command.ts``):
in the message ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``; in property values also ``:`` -> ``%3A`` and
``,`` -> ``%2C``. Before that, untrusted names and text have their controls escaped as ``\\xNN``
(``aiwarden.core.display.safe_name``), so no line break and no terminal escape sequence from a file ever
reaches the log; the only line breaks in a message are ours, sent as ``%0A``.

GitHub shows the first 10 error, 10 warning and 10 notice annotations of a step: findings come most severe
first, after one summary notice. Byte offsets are not lines, so annotations anchor at line 1 of the file (as
the SARIF report does) and name the member and offset in the message.
"""

from __future__ import annotations

import os

from aiwarden.core.findings import Finding, Report, Severity
from aiwarden.report import summary

_COMMAND = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice",
            Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str) -> str:
    """One workflow command line: ``::name k=v,k=v::message`` with every part escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _file(path: str) -> str:
    """The path GitHub matches against the repository: relative, without ``./``, names escaped."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = path if rel.startswith("..") else rel
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return summary.name(path)


def _annotation(finding: Finding) -> str:
    loc = finding.location
    lines = [f"{summary.line(finding.message)} [{finding.severity}, {finding.rule_id}]",
             f"Where: {summary.name(loc.path)} ({summary.place(loc)})"]
    if finding.evidence:
        lines.append(f"Evidence: {summary.line(finding.evidence)}")
    if finding.tags:
        lines.append(f"Tags: {', '.join(finding.tags)}")
    return command(_COMMAND[finding.severity], "\n".join(lines), file=_file(loc.path), line="1",
                   title=f"aiwarden: {summary.line(finding.title)}")


def render_github(report: Report, *, fail_on: Severity = Severity.HIGH) -> str:
    verdict = summary.verdict(report, fail_on)
    n = summary.counts(report.findings)
    by_severity = ", ".join(f"{n[s]} {s}" for s in summary.SEVERITIES if n[s])
    head = f"{verdict.label}: {verdict.sentence} {summary.totals_line(report)}" + (
        f" ({by_severity})." if by_severity else ".")
    lines = [command("notice", head, title="aiwarden scan")]
    lines += [_annotation(f) for f in summary.ordered(report.findings)]
    lines += [command("error", f"{summary.line(e.message)} (not read, so not cleared)", file=_file(e.path),
                      title="aiwarden: file not read")
              for e in sorted(report.errors, key=lambda e: (e.path, e.message))]
    if not report.scanned and not report.errors:
        lines.append(command("warning", "nothing was scanned (no recognised model files)", title="aiwarden scan"))
    return "\n".join(lines) + "\n"
