"""What both limiters share: the refusals no state can change, the failure error, and Retry-After.

A request is refused for good (``retry_after`` is ``math.inf``) when the quota itself rules it out: its token
estimate alone is over the tpm capacity (``reason == "tpm"``, see ``too_large``: the app answers 413, since
retrying cannot help and clients retry 429 on their own; a tpm of 0 makes every request too large), or an rpm
or concurrency quota of 0 (the key is blocked: 429 without Retry-After). Every other refusal has a finite
``retry_after`` and is a 429 with ``Retry-After``.
"""

from __future__ import annotations

import math

from aiwarden.core.errors import AiwardenError
from aiwarden.gateway.types import Quota, Verdict

NEVER = math.inf
# A slot frees when some request finishes, which no bucket can predict: clients are told to try again this soon.
CONCURRENCY_RETRY_AFTER = 1.0
DEFAULT_LEASE_TTL = 600.0  # seconds; a slot not released by then (a crashed gateway) comes back


class LimiterUnavailable(AiwardenError):
    """The shared limiter cannot be reached or answered wrongly. The app fails closed: 503, never unlimited."""


def static_refusal(quota: Quota, tokens: int) -> Verdict | None:
    """The refusal that no waiting can lift under this quota, or None."""
    if quota.concurrency is not None and quota.concurrency <= 0:
        return Verdict(False, "concurrency", NEVER)
    if quota.rpm is not None and quota.rpm <= 0:
        return Verdict(False, "rpm", NEVER)
    if quota.tpm is not None and (quota.tpm <= 0 or tokens > quota.tpm):
        return Verdict(False, "tpm", NEVER)
    return None


def too_large(verdict: Verdict) -> bool:
    """True when the request's token estimate alone is over the key's tpm: answer 413, not 429."""
    return not verdict.allowed and verdict.reason == "tpm" and math.isinf(verdict.retry_after)


def retry_after_header(verdict: Verdict) -> str | None:
    """The Retry-After value (whole seconds, rounded up, at least 1) for a refusal, or None when retrying is
    pointless under this quota."""
    if verdict.allowed or math.isinf(verdict.retry_after):
        return None
    return str(max(1, math.ceil(verdict.retry_after)))


def wait_for(level: float, needed: float, per_second: float) -> float:
    """Seconds until a bucket at ``level`` refilling at ``per_second`` holds ``needed``."""
    return max(0.0, (needed - level) / per_second)
