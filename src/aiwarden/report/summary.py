"""What the reports written for people share: the verdict, counts, a stable order, grouping, tag labels,
and untrusted text made safe to show (no line breaks or controls where one line is expected).

Markdown, GitHub annotations and HTML all read a Report through these, so the three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiwarden.core.display import safe_name
from aiwarden.core.findings import Finding, Location, Report, Severity
from aiwarden.core.taxonomy import describe
from aiwarden.report.text import safe_text

SEVERITIES = tuple(reversed(Severity))  # critical first


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line a reader acts on. ``level``: ``fail`` (do not use as is), ``warn`` (review) or ``pass``."""

    label: str
    level: str
    sentence: str


def counts(findings: list[Finding]) -> dict[Severity, int]:
    """Findings per severity, every severity present (critical first)."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def ordered(findings: list[Finding]) -> list[Finding]:
    """Severity (highest first), then file, member, offset, rule and text: the same order on every run."""
    return sorted(findings, key=lambda f: (-f.severity, f.location.path, f.location.member or "",
                                           f.location.offset if f.location.offset is not None else -1,
                                           f.rule_id, f.message, f.evidence))


def grouped(findings: list[Finding]) -> list[tuple[Severity, list[tuple[str, list[Finding]]]]]:
    """Findings by severity (highest first), then by file path (sorted); empty severities left out."""
    out: list[tuple[Severity, list[tuple[str, list[Finding]]]]] = []
    for severity in SEVERITIES:
        files: dict[str, list[Finding]] = {}
        for finding in ordered([f for f in findings if f.severity == severity]):
            files.setdefault(finding.location.path, []).append(finding)
        if files:
            out.append((severity, sorted(files.items())))
    return out


def verdict(report: Report, fail_on: Severity = Severity.HIGH) -> Verdict:
    """The verdict the exit code gives: findings at or above ``fail_on`` (the gate, high by default) mean unsafe
    or not fully read."""
    n = counts(report.findings)
    flagged = {f.location.path for f in report.findings if f.severity >= fail_on}
    scanned = len(report.scanned)
    unread = f"{len(report.errors)} file(s) could not be read" if report.errors else ""
    if flagged:
        parts = [f"{n[s]} {s}" for s in SEVERITIES if s >= fail_on and n[s]]
        sentence = (f"{' and '.join(parts)} finding(s) in {len(flagged)} of {scanned} scanned file(s): "
                    "do not load the flagged files until they are reviewed")
        return Verdict("Unsafe", "fail", sentence + (f"; {unread}" if unread else "") + ".")
    if report.errors:
        return Verdict("Incomplete", "fail", f"{unread}: this is not a clean result.")
    if not report.scanned:
        return Verdict("Nothing scanned", "fail", "No recognised model file was found.")
    below = sum(n[s] for s in SEVERITIES if Severity.MEDIUM <= s < fail_on)
    if below and fail_on == Severity.HIGH:
        return Verdict("Review", "warn", f"No high or critical findings in {scanned} scanned file(s); "
                       f"{below} medium finding(s) to review.")
    if below:
        return Verdict("Review", "warn", f"No findings at or above {fail_on} (the gate) in {scanned} scanned "
                       f"file(s); {below} finding(s) below it to review.")
    return Verdict("Clean", "pass", f"No findings at medium or above in {scanned} scanned file(s).")


def totals_line(report: Report) -> str:
    """``12 file(s) scanned, 8 finding(s), 0 skipped, 0 error(s)``: no timing, so reports are reproducible."""
    return (f"{len(report.scanned)} file(s) scanned, {len(report.findings)} finding(s), {len(report.skipped)} "
            f"skipped, {len(report.errors)} error(s)")


def name(text: str) -> str:
    """An untrusted name on one line: controls, line breaks, bidi and combining marks escaped as ``\\xNN``."""
    return safe_name(text)


def line(text: str) -> str:
    """Untrusted prose on one line (messages, reasons): controls and line breaks escaped as ``\\xNN``."""
    return safe_text(text)


def block(text: str) -> str:
    """Untrusted text over several lines (evidence): line breaks kept as ``\\n``, every other control escaped."""
    return "\n".join(safe_text(part) for part in text.replace("\r\n", "\n").split("\n"))


def place(location: Location) -> str:
    """Where inside the file: ``member archive/data.pkl, byte 188``; ``whole file`` when nothing finer."""
    parts = []
    if location.member:
        parts.append(f"member {name(location.member)}")
    if location.offset is not None:
        parts.append(f"byte {location.offset}")
    return ", ".join(parts) or "whole file"


FAMILIES = (("LLM", "OWASP LLM"), ("ASI", "OWASP Agentic"), ("AML.", "MITRE ATLAS"), ("CWE-", "CWE"))


def tag_family(tag: str) -> str:
    return next((label for prefix, label in FAMILIES if tag.startswith(prefix)), "Tag")


def tag_label(tag: str) -> str:
    """The framework's name for a tag: ``AI Supply Chain Compromise: Model`` for ``AML.T0010.003``."""
    label = describe(tag)
    if tag.startswith("AML.") and tag.count(".") == 2:
        parent = describe(tag.rsplit(".", 1)[0])
        label = f"{parent}: {label}" if parent and label else label or parent
    return label
