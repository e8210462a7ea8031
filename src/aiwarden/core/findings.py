"""The finding model: one vocabulary for every scanner, guard, firewall and red-team result."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {names})") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: the on-disk file as walked, a member path inside archives, a byte offset."""

    path: str
    member: str | None = None
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "member": self.member, "offset": self.offset}

    def __str__(self) -> str:
        text = self.path
        if self.member:
            text += f"!{self.member}"
        if self.offset is not None:
            text += f"@{self.offset}"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    title: str
    severity: Severity
    location: Location
    message: str
    evidence: str = ""
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "title": self.title,
            "message": self.message,
            "evidence": self.evidence,
            "location": self.location.to_dict(),
            "tags": list(self.tags),
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ScanError:
    path: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message}


@dataclass(frozen=True, slots=True)
class Unit:
    """Files a user judges together, such as a Hugging Face model folder (config, tokenizer, weights)."""

    path: str
    kind: str
    files: tuple[str, ...]
    max_severity: Severity | None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "files": list(self.files),
                "max_severity": str(self.max_severity) if self.max_severity is not None else None}


@dataclass(slots=True)
class Report:
    """Everything one run produced. One value drives every renderer and the exit code."""

    tool_name: str = "aiwarden"
    tool_version: str = ""
    targets: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    file_seconds: dict[str, float] = field(default_factory=dict)  # walked path -> scan time (for -v)

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def exit_code(self, fail_on: Severity = Severity.HIGH) -> int:
        """0: nothing at/above fail_on; 1: findings at/above it; 2: errors or nothing scanned.

        A definite unsafe verdict wins over an error elsewhere; an error never passes as clean.
        """
        if any(f.severity >= fail_on for f in self.findings):
            return 1
        if self.errors or not self.scanned:
            return 2
        return 0

    def sorted_findings(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (-f.severity, f.location.path, f.location.member or "", f.location.offset or 0),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": self.tool_name, "version": self.tool_version},
            "targets": list(self.targets),
            "summary": {
                "files_scanned": len(self.scanned),
                "findings": len(self.findings),
                "by_severity": {
                    str(s): sum(1 for f in self.findings if f.severity == s) for s in reversed(Severity)
                },
                "max_severity": str(self.max_severity()) if self.findings else None,
            },
            "findings": [f.to_dict() for f in self.sorted_findings()],
            "skipped": [s.to_dict() for s in self.skipped],
            "errors": [e.to_dict() for e in self.errors],
            "suppressed": [{"finding": f.to_dict(), "reason": why} for f, why in self.suppressed],
            "units": [u.to_dict() for u in self.units],
            "scanned": list(self.scanned),
            "timings": dict(self.timings),
        }
