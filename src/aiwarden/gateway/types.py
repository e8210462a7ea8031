"""Values shared by the gateway's parts: API keys, quotas, limiter verdicts and audit entries.

The ports (``Store``, ``Limiter``) are protocols; their adapters live beside them (``store_sqlite``,
``store_postgres``, ``limits_memory``, ``limits_redis``) and the app only sees these shapes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiwarden.core.errors import AiwardenError

KEY_PREFIX = "aw_"  # keys look like aw_<id>_<secret>: the id finds the row, the secret is compared by hash


class StoreError(AiwardenError):
    """The database cannot be opened, read or written (one line naming it; never a traceback)."""


@dataclass(frozen=True, slots=True)
class Quota:
    """Per-key limits; None is unlimited."""

    rpm: int | None = None  # requests per minute
    tpm: int | None = None  # tokens (prompt + completion) per minute
    concurrency: int | None = None  # requests in flight at once


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    name: str
    models: tuple[str, ...] = ()  # empty: every model
    routes: tuple[str, ...] = ()  # empty: every route ("chat", "completions", "embeddings", "models")
    quota: Quota = field(default_factory=Quota)
    created_at: float = 0.0
    expires_at: float | None = None
    revoked_at: float | None = None

    def refusal(self, now: float) -> str | None:
        """Why this key cannot be used now (revoked, expired), or None."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "models": list(self.models), "routes": list(self.routes),
                "rpm": self.quota.rpm, "tpm": self.quota.tpm, "concurrency": self.quota.concurrency,
                "created_at": self.created_at, "expires_at": self.expires_at, "revoked_at": self.revoked_at}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One request as the audit trail keeps it. ``data`` is metadata (key id, model, route, status, timings,
    token counts, guard and firewall decisions); ``bodies`` holds the prompt and response, already redacted.
    The chain commits to ``data`` and to a digest of ``bodies``, so bodies can be purged on their own schedule
    without breaking it, and an edited body is still detected."""

    time: float
    event: str  # "request", "alert", ...
    data: dict[str, Any]
    bodies: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ChainCheck:
    ok: bool
    records: int  # records found intact
    head: str  # hash of the last intact record
    first_bad: int | None = None  # seq of the first bad record (or where one is missing)
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"intact: {self.records} records, head {self.head}"
        return f"broken at record {self.first_bad}: {self.reason} ({self.records} records intact before it)"


class Store(Protocol):
    """Keys and the audit trail in one database (SQLite by default, PostgreSQL for several replicas)."""

    def create_key(self, name: str, *, models: tuple[str, ...] = (), routes: tuple[str, ...] = (),
                   quota: Quota = Quota(), expires_at: float | None = None) -> tuple[ApiKey, str]:
        """A new key and its secret token (shown once; only a hash is stored)."""
        ...

    def list_keys(self) -> list[ApiKey]: ...

    def revoke_key(self, key_id: str) -> bool:
        """True when the key existed and was not revoked before."""
        ...

    def authenticate(self, token: str) -> ApiKey | None:
        """The key a token belongs to (revoked and expired keys too: the caller says why it refuses), or None for
        a malformed or unknown token. Constant-time comparison of the secret's hash."""
        ...

    def append(self, entries: list[AuditEntry]) -> list[int]:
        """Chain and store entries in one transaction; durable when it returns (the gateway acknowledges a
        request only after this). Returns their sequence numbers. Safe across processes sharing the database."""
        ...

    def verify(self, key: bytes | None = None) -> ChainCheck: ...

    def export(self, since_seq: int = 0) -> Iterator[dict[str, Any]]:
        """Records in order as JSON-ready dicts (for a SIEM), bodies included where still kept."""
        ...

    def purge(self, *, bodies_before: float | None = None, records_before: float | None = None) -> int:
        """Retention: drop bodies, or whole records, older than a time; the chain still verifies afterwards."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    reason: str = ""  # "rpm" | "tpm" | "concurrency" when refused
    retry_after: float = 0.0  # seconds until a retry can succeed (the Retry-After header)
    lease: str = ""  # concurrency slot to hand back to release()


class Limiter(Protocol):
    """Per-key rate limits. ``admit`` is atomic: a refused request consumes nothing."""

    async def admit(self, key_id: str, quota: Quota, tokens: int) -> Verdict:
        """Take one request, ``tokens`` estimated tokens and a concurrency slot, all or nothing."""
        ...

    async def release(self, key_id: str, quota: Quota, lease: str, token_correction: int) -> None:
        """Give back the concurrency slot and charge ``token_correction`` (actual minus estimated tokens; negative
        refunds)."""
        ...

    async def close(self) -> None: ...
