"""Per-file scan state: where we are (member path, nesting depth), the limits, and the findings sink."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiwarden.core.errors import ConfigError
from aiwarden.core.findings import Finding, Location, Severity
from aiwarden.scan.rules import RULES

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep every parser finite. Exceeding one is reported, never silently ignored."""

    max_member_bytes: int = 512 * MiB  # largest pickle/config member read into memory or decompressed
    max_depth: int = 6  # archive-in-archive and pickle-in-pickle nesting
    max_entries: int = 100_000  # entries per archive
    bomb_ratio: float = 200.0  # compression ratio that, with bomb_min_bytes, marks a bomb
    bomb_min_bytes: int = 256 * MiB
    max_declared_bytes: int = 64 * 1024 * MiB  # total declared inflated size of one archive
    max_header_bytes: int = 100 * MiB  # safetensors / GGUF metadata / JSON configs
    seconds_per_file: float = 120.0

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ConfigError(f"scan limit {name} must be a finite number greater than 0, got {value!r}")


@dataclass(slots=True)
class ScanContext:
    """Findings for one walked file. ``enter`` gives a child context for an archive member."""

    path: str
    limits: Limits = field(default_factory=Limits)
    extra_safe_globals: frozenset[str] = frozenset()
    member: str | None = None
    depth: int = 0
    findings: list[Finding] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    deadline: float = 0.0
    on_member: Callable[[str, str], None] | None = None  # (path, member) as scanning enters one: progress

    def __post_init__(self) -> None:
        if not self.deadline:
            self.deadline = time.monotonic() + self.limits.seconds_per_file

    def enter(self, name: str) -> ScanContext:
        """Context for content inside this one: an archive member, a decompressed stream, a nested pickle."""
        member = f"{self.member}!{name}" if self.member else name
        if self.on_member is not None:
            self.on_member(self.path, member)
        return ScanContext(
            path=self.path,
            limits=self.limits,
            extra_safe_globals=self.extra_safe_globals,
            member=member,
            depth=self.depth + 1,
            findings=self.findings,
            formats=self.formats,
            deadline=self.deadline,
            on_member=self.on_member,
        )

    def note_format(self, name: str) -> None:
        if name not in self.formats:
            self.formats.append(name)

    def add(
        self,
        rule_id: str,
        message: str,
        *,
        offset: int | None = None,
        evidence: str = "",
        severity: Severity | None = None,
        member: str | None = None,
    ) -> None:
        rule = RULES[rule_id]
        where = self.member
        if member:
            where = f"{where}/{member}" if where else member
        self.findings.append(
            Finding(
                rule_id=rule.id,
                title=rule.title,
                severity=severity if severity is not None else rule.severity,
                location=Location(self.path, where, offset),
                message=message,
                evidence=evidence[:300],
                tags=rule.tags,
            )
        )

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline
