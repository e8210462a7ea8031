"""One request's journey through the gateway, as the audit trail and the metrics see it."""

from __future__ import annotations

import importlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiwarden.gateway.types import ApiKey, AuditEntry, Quota, Verdict
from aiwarden.gateway.verdict_cache import VerdictCache
from aiwarden.guard.redact import redact

# Secrets and personal data never reach the audit database in clear, whatever the output policy.
_STORAGE_DETECTORS = ("secrets", "pii")


@dataclass(slots=True)
class Exchange:
    route: str
    client: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: float = field(default_factory=time.perf_counter)
    key: ApiKey | None = None
    model: str | None = None
    stream: bool = False
    status: int = 0
    outcome: str = ""  # "ok", or why it was refused ("blocked-input", "rate-limited", "upstream-error", ...)
    upstream_seconds: float = 0.0
    admitted: Verdict | None = None
    tokens_reserved: int = 0
    usage: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, Any] = field(default_factory=dict)  # guard, firewall, hardening, limits
    prompt: list[dict[str, str]] = field(default_factory=list)  # the passages the guard read
    response: str | None = None

    @property
    def quota(self) -> Quota:
        return self.key.quota if self.key is not None else Quota()

    def timings(self) -> dict[str, float]:
        total = time.perf_counter() - self.started
        return {"total_ms": round(total * 1000, 3), "upstream_ms": round(self.upstream_seconds * 1000, 3)}

    def _stored_model(self, cache: VerdictCache[str] | None) -> str | None:
        """The model name as the client sent it, but never a secret pasted into it."""
        if self.model is None:
            return None
        return cache.get("storage", self.model, redact_for_storage) if cache else redact_for_storage(self.model)

    def entry(self, keep_bodies: bool, cache: VerdictCache[str] | None = None,
              event: str = "request") -> AuditEntry:
        data: dict[str, Any] = {
            "request_id": self.id, "key_id": self.key.id if self.key else None, "route": self.route,
            "model": self._stored_model(cache), "stream": self.stream, "status": self.status, "outcome": self.outcome,
            "client": self.client, "timings": self.timings(), "usage": self.usage, **self.decisions,
        }
        bodies = None
        if keep_bodies:
            def redacted(text: str) -> str:
                return cache.get("storage", text, redact_for_storage) if cache is not None else redact_for_storage(text)

            bodies = {"prompt": [{**item, "text": redacted(item["text"])} for item in self.prompt],
                      "response": None if self.response is None else redacted(self.response)}
        return AuditEntry(time=time.time(), event=event, data=data, bodies=bodies)


def storable(entry: AuditEntry) -> AuditEntry:
    """The entry with every lone surrogate written as its escape (JSON text must be valid UTF-8)."""
    return AuditEntry(entry.time, entry.event, _escaped(entry.data, 0), _escaped(entry.bodies, 0))


def _escaped(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if depth > 64:
        return None
    if isinstance(value, dict):
        return {_escaped(k, depth + 1): _escaped(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v, depth + 1) for v in value]
    return value


def redact_for_storage(text: str) -> str:
    from aiwarden.guard.types import OutputContext

    context = OutputContext()
    findings = []
    for name in _STORAGE_DETECTORS:
        findings += importlib.import_module(f"aiwarden.guard.{name}").detect(text, context)
    return redact(text, [f for f in findings if f.replacement is not None]) if findings else text
