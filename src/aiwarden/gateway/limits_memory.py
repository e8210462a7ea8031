"""Per-key limits in this process's memory: exact for one gateway process (several replicas need Redis).

rpm and tpm are token buckets holding up to a minute's allowance and refilling continuously (capacity / 60 per
second), so a key can burst its whole minute at once and then proceeds at the steady rate. ``admit`` needs one
request and the estimated tokens available; ``release`` charges the difference between the actual and the
estimated tokens, which may push the tpm bucket below zero (debt): later requests wait until it refills.
Concurrency is a set of leases, each expiring after ``lease_ttl`` so a lost release cannot hold a slot for ever.

``admit`` has no ``await`` inside, so on one event loop it is atomic: checks and takes happen together, and a
refused request takes nothing. A key's state is dropped once its buckets are full and it holds no lease, since
a full bucket and no state mean the same; memory is bounded by the keys active in the last minute or so.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiwarden.gateway.limits_common import (
    CONCURRENCY_RETRY_AFTER,
    DEFAULT_LEASE_TTL,
    static_refusal,
    wait_for,
)
from aiwarden.gateway.types import Quota, Verdict

SWEEP_INTERVAL = 60.0  # seconds between scans for idle keys


@dataclass(slots=True)
class _Bucket:
    capacity: float
    level: float
    stamp: float

    def refill(self, capacity: float, now: float) -> float:
        """Bring the level up to ``now`` under the current capacity (a lowered quota clamps it) and return it."""
        elapsed = max(0.0, now - self.stamp)
        self.capacity = capacity
        self.level = min(capacity, self.level + elapsed * capacity / 60.0)
        self.stamp = max(self.stamp, now)
        return self.level

    def full(self, now: float) -> bool:
        return self.level + max(0.0, now - self.stamp) * self.capacity / 60.0 >= self.capacity


@dataclass(slots=True)
class _KeyState:
    rpm: _Bucket | None = None
    tpm: _Bucket | None = None
    leases: dict[str, float] = field(default_factory=dict)  # lease id -> expiry

    def drop_expired(self, now: float) -> None:
        if self.leases:
            for lease in [lease for lease, expiry in self.leases.items() if expiry <= now]:
                del self.leases[lease]

    def idle(self, now: float) -> bool:
        self.drop_expired(now)
        return (not self.leases and (self.rpm is None or self.rpm.full(now))
                and (self.tpm is None or self.tpm.full(now)))


def _level(bucket: _Bucket | None, capacity: int, now: float) -> float:
    if bucket is None:
        return float(capacity)
    return bucket.refill(float(capacity), now)


def _take(bucket: _Bucket | None, capacity: int, amount: float, now: float) -> _Bucket:
    if bucket is None:
        bucket = _Bucket(float(capacity), float(capacity), now)
    bucket.refill(float(capacity), now)
    bucket.level -= amount
    return bucket


class MemoryLimiter:
    """The ``Limiter`` for one gateway process. ``clock`` is monotonic seconds (injectable for tests)."""

    def __init__(self, *, lease_ttl: float = DEFAULT_LEASE_TTL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._lease_ttl = lease_ttl
        self._clock = clock
        self._keys: dict[str, _KeyState] = {}
        self._lease_ids = itertools.count(1)
        self._last_sweep = clock()

    @property
    def tracked_keys(self) -> int:
        return len(self._keys)

    async def admit(self, key_id: str, quota: Quota, tokens: int) -> Verdict:
        refusal = static_refusal(quota, tokens)
        if refusal is not None:
            return refusal
        tokens = max(0, tokens)
        now = self._clock()
        self._sweep(now)
        state = self._keys.get(key_id)
        refusals: list[tuple[float, str]] = []
        if quota.rpm is not None:
            level = _level(state.rpm if state else None, quota.rpm, now)
            if level < 1.0:
                refusals.append((wait_for(level, 1.0, quota.rpm / 60.0), "rpm"))
        if quota.tpm is not None:
            level = _level(state.tpm if state else None, quota.tpm, now)
            if level < tokens or level < 0.0:
                refusals.append((wait_for(level, float(tokens), quota.tpm / 60.0), "tpm"))
        if quota.concurrency is not None and state is not None:
            state.drop_expired(now)
            if len(state.leases) >= quota.concurrency:
                refusals.append((CONCURRENCY_RETRY_AFTER, "concurrency"))
        if refusals:
            wait, reason = max(refusals)  # the request passes once the slowest refusing limit lets it
            return Verdict(False, reason, wait)
        if state is None:
            state = self._keys[key_id] = _KeyState()
        if quota.rpm is not None:
            state.rpm = _take(state.rpm, quota.rpm, 1.0, now)
        if quota.tpm is not None:
            state.tpm = _take(state.tpm, quota.tpm, float(tokens), now)
        lease = ""
        if quota.concurrency is not None:
            lease = f"m{next(self._lease_ids)}"
            state.leases[lease] = now + self._lease_ttl
        return Verdict(True, lease=lease)

    async def release(self, key_id: str, quota: Quota, lease: str, token_correction: int) -> None:
        now = self._clock()
        state = self._keys.get(key_id)
        if state is not None and lease:
            state.leases.pop(lease, None)
        if quota.tpm is None or token_correction == 0:
            return
        if state is None:  # dropped while full: a full bucket is the same as no state
            state = self._keys[key_id] = _KeyState()
        # Positive corrections may leave the bucket in debt; refunds stop at capacity.
        state.tpm = _take(state.tpm, quota.tpm, float(token_correction), now)
        state.tpm.level = min(state.tpm.level, float(quota.tpm))

    async def close(self) -> None:
        self._keys.clear()

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < SWEEP_INTERVAL:
            return
        self._last_sweep = now
        for key_id in [key_id for key_id, state in self._keys.items() if state.idle(now)]:
            del self._keys[key_id]
