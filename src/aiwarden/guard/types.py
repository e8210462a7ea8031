"""Result types shared by every guard detector: findings with evidence spans, and the output context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiwarden.core.findings import Severity


@dataclass(frozen=True, slots=True)
class GuardFinding:
    """One thing a detector found. ``span`` indexes the text the detector was given (start, end)."""

    detector: str  # e.g. "smuggling", "signature", "model", "secrets", "pii", "exfiltration", "html"
    rule_id: str  # stable, e.g. "secrets.aws-access-key"
    severity: Severity
    message: str
    span: tuple[int, int] | None = None
    evidence: str = ""
    score: float = 1.0  # calibrated probability-like score in [0, 1]
    tags: tuple[str, ...] = ()
    replacement: str | None = None  # for redaction: what the span becomes (e.g. "[SECRET_1]")

    def to_dict(self) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "evidence": self.evidence,
            "score": round(self.score, 4),
            "tags": list(self.tags),
        }


@dataclass(frozen=True, slots=True)
class OutputContext:
    """What the output detectors know about the application."""

    system_prompt: str | None = None
    canaries: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()  # hosts links and images may point to
    extra: dict[str, Any] = field(default_factory=dict)
