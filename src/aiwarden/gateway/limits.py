"""Choose the limiter: this process's memory by default, Redis when several replicas must share the limits.

How the app maps a ``Verdict``: allowed -> go on, and ``release`` when the request ends (also on errors);
``too_large(verdict)`` -> 413; any other refusal -> 429 with ``Retry-After: retry_after_header(verdict)`` (left
out when it is None); ``LimiterUnavailable`` from admit -> 503 (fail closed, never unlimited).
"""

from __future__ import annotations

from aiwarden.gateway.limits_common import (
    DEFAULT_LEASE_TTL,
    LimiterUnavailable,
    retry_after_header,
    too_large,
)
from aiwarden.gateway.limits_redis import DEFAULT_SOCKET_TIMEOUT
from aiwarden.gateway.types import Limiter

__all__ = ["LimiterUnavailable", "open_limiter", "retry_after_header", "too_large"]


def open_limiter(redis_url: str | None, *, lease_ttl: float = DEFAULT_LEASE_TTL,
                 socket_timeout: float = DEFAULT_SOCKET_TIMEOUT) -> Limiter:
    """A ``MemoryLimiter`` without a URL, else a ``RedisLimiter`` (call its ``check()`` at startup to fail early
    on an unreachable server). Raises ``LimiterUnavailable`` for a malformed URL or a missing redis package."""
    if not redis_url:
        from aiwarden.gateway.limits_memory import MemoryLimiter

        return MemoryLimiter(lease_ttl=lease_ttl)
    from aiwarden.gateway.limits_redis import RedisLimiter

    return RedisLimiter(redis_url, lease_ttl=lease_ttl, socket_timeout=socket_timeout)
