"""Per-key limits in Redis, shared exactly by every gateway replica that points at the same server.

The same buckets as ``limits_memory``, kept in Redis and changed only by two Lua scripts. Redis runs a script
alone, so one admit checks and takes every bucket of a key at once (a refused request takes nothing) and no two
replicas can both take the last token: the total admitted across replicas is the quota, not the quota times the
number of replicas. The scripts read the clock with Redis ``TIME``, so replicas whose clocks disagree still refill
the buckets alike. Concurrency slots are a sorted set of leases scored by their expiry: a crashed gateway's slots
come back after ``lease_ttl``. Every key carries a TTL that ends when its bucket would be full again, so idle keys
leave nothing behind.

Any failure (refused connection, timeout, bad URL, wrong password, an unexpected reply) raises
``LimiterUnavailable`` with one line naming the server without its password; the app answers 503 (fail closed).
Commands are not retried: a retried admit whose first try did run would take twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiwarden.gateway.limits_common import (
    CONCURRENCY_RETRY_AFTER,
    DEFAULT_LEASE_TTL,
    LimiterUnavailable,
    static_refusal,
)
from aiwarden.gateway.types import Quota, Verdict

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["LimiterUnavailable", "RedisLimiter"]

DEFAULT_SOCKET_TIMEOUT = 0.5  # seconds; the limiter sits in every request's path, a slow Redis is a down Redis

# KEYS: rpm bucket, tpm bucket, leases. ARGV: rpm capacity, tpm capacity, concurrency (-1: unlimited), tokens,
# lease id, lease ttl (s), concurrency retry-after (s). Returns {1, "", "0"} or {0, reason, retry-after}.
ADMIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rpm_cap, tpm_cap, conc = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(ARGV[4])
local function level(key, cap)
  local v = redis.call('HMGET', key, 'level', 'stamp')
  if not v[1] then return cap end
  local elapsed = now - tonumber(v[2])
  if elapsed < 0 then elapsed = 0 end
  return math.min(cap, tonumber(v[1]) + elapsed * cap / 60)
end
local function store(key, cap, lvl)
  redis.call('HSET', key, 'level', string.format('%.17g', lvl), 'stamp', string.format('%.17g', now))
  -- gone when the bucket would be full again: a full bucket and no key mean the same
  redis.call('PEXPIRE', key, math.ceil((cap - lvl) * 60000 / cap) + 1000)
end
local wait, reason = -1, ''
local rpm_level, tpm_level
if rpm_cap >= 0 then
  rpm_level = level(KEYS[1], rpm_cap)
  if rpm_level < 1 then wait, reason = (1 - rpm_level) * 60 / rpm_cap, 'rpm' end
end
if tpm_cap >= 0 then
  tpm_level = level(KEYS[2], tpm_cap)
  if tpm_level < tokens or tpm_level < 0 then
    local w = (tokens - tpm_level) * 60 / tpm_cap
    if w > wait then wait, reason = w, 'tpm' end
  end
end
if conc >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if redis.call('ZCARD', KEYS[3]) >= conc then
    local w = tonumber(ARGV[7])
    if w > wait then wait, reason = w, 'concurrency' end
  end
end
if reason ~= '' then return {0, reason, string.format('%.6f', wait)} end
if rpm_cap >= 0 then store(KEYS[1], rpm_cap, rpm_level - 1) end
if tpm_cap >= 0 then store(KEYS[2], tpm_cap, tpm_level - tokens) end
if conc >= 0 then
  local ttl = tonumber(ARGV[6])
  redis.call('ZADD', KEYS[3], now + ttl, ARGV[5])
  redis.call('PEXPIRE', KEYS[3], math.ceil(ttl * 1000) + 1000)
end
return {1, '', '0'}
"""

# KEYS: tpm bucket, leases. ARGV: tpm capacity (-1: unlimited), token correction, lease id ("" for none).
RELEASE = """
if ARGV[3] ~= '' then redis.call('ZREM', KEYS[2], ARGV[3]) end
local cap, correction = tonumber(ARGV[1]), tonumber(ARGV[2])
if cap <= 0 or correction == 0 then return 1 end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local lvl = cap
local v = redis.call('HMGET', KEYS[1], 'level', 'stamp')
if v[1] then
  local elapsed = now - tonumber(v[2])
  if elapsed < 0 then elapsed = 0 end
  lvl = math.min(cap, tonumber(v[1]) + elapsed * cap / 60)
end
-- a positive correction may leave the bucket in debt; a refund stops at capacity
lvl = math.min(cap, lvl - correction)
redis.call('HSET', KEYS[1], 'level', string.format('%.17g', lvl), 'stamp', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - lvl) * 60000 / cap) + 1000)
return 1
"""


def _sha1(script: str) -> str:
    return hashlib.sha1(script.encode(), usedforsecurity=False).hexdigest()


def describe_server(url: str) -> str:
    """The server a URL names, for messages: never its user name or password."""
    try:
        parts = urlsplit(url)
        if parts.scheme == "unix":
            return f"redis at {parts.path or '?'}"
        host = parts.hostname or "?"
        port = parts.port or 6379
        return f"redis at {host}:{port}"
    except ValueError:
        return f"redis at {re.sub(r'//[^/@]*@', '//', url)}"


class RedisLimiter:
    """The ``Limiter`` for several gateway replicas sharing one Redis (``redis://``, ``rediss://``, ``unix://``)."""

    def __init__(self, url: str, *, lease_ttl: float = DEFAULT_LEASE_TTL,
                 socket_timeout: float = DEFAULT_SOCKET_TIMEOUT, max_connections: int = 32,
                 pool_timeout: float = 2.0, prefix: str = "aw:limit:") -> None:
        self._where = describe_server(url)
        self._password = _password(url)
        self._lease_ttl = lease_ttl
        self._prefix = prefix
        self._admit_sha = _sha1(ADMIT)
        self._release_sha = _sha1(RELEASE)
        try:
            from redis.asyncio import BlockingConnectionPool, Redis
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff

            # A bounded pool that queues callers: a burst of requests waits for a connection instead of failing.
            pool = BlockingConnectionPool.from_url(
                url, max_connections=max_connections, timeout=pool_timeout, socket_timeout=socket_timeout,
                socket_connect_timeout=socket_timeout, retry=Retry(NoBackoff(), 0), decode_responses=True)
            self._client: Redis = Redis.from_pool(pool)  # owns the pool: close() disconnects it
        except ImportError:
            raise LimiterUnavailable(f"{self._where}: the redis package is missing "
                                     "(pip install 'aiwarden[gateway-redis]')") from None
        except ValueError as exc:
            raise LimiterUnavailable(f"{self._where}: bad Redis URL: {self._scrub(str(exc))}") from None

    def _keys(self, key_id: str) -> tuple[str, str, str]:
        # {key_id} is a hash tag: a key's three entries stay in one slot should the server be a cluster
        base = f"{self._prefix}{{{key_id}}}"
        return f"{base}:rpm", f"{base}:tpm", f"{base}:leases"

    async def check(self) -> None:
        """Fail at startup, not on the first request, when the server cannot be used; and load the scripts, so
        the first burst of requests does not pay a missed EVALSHA and a full EVAL each within the socket timeout."""
        await self._call(self._client.ping())
        for script in (ADMIT, RELEASE):
            await self._call(self._client.script_load(script))

    async def admit(self, key_id: str, quota: Quota, tokens: int) -> Verdict:
        refusal = static_refusal(quota, tokens)
        if refusal is not None:
            return refusal
        lease = uuid.uuid4().hex if quota.concurrency is not None else ""
        args = (_limit(quota.rpm), _limit(quota.tpm), _limit(quota.concurrency), max(0, tokens), lease,
                repr(self._lease_ttl), repr(CONCURRENCY_RETRY_AFTER))
        reply = await self._script(ADMIT, self._admit_sha, self._keys(key_id), args)
        if isinstance(reply, list) and len(reply) == 3:
            allowed, reason, wait = reply
            if allowed == 1:
                return Verdict(True, lease=lease)
            if allowed == 0 and isinstance(reason, str) and isinstance(wait, str):
                return Verdict(False, reason, float(wait))
        raise LimiterUnavailable(f"{self._where}: unexpected reply to the admit script: {reply!r:.80}")

    async def release(self, key_id: str, quota: Quota, lease: str, token_correction: int) -> None:
        _, tpm_key, leases_key = self._keys(key_id)
        await self._script(RELEASE, self._release_sha, (tpm_key, leases_key),
                           (_limit(quota.tpm), token_correction, lease))

    async def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a broken connection has nothing left to report
            await self._client.aclose()

    async def _script(self, script: str, sha: str, keys: tuple[str, ...], args: tuple[object, ...]) -> object:
        from redis.exceptions import NoScriptError

        try:
            return await self._call(self._client.evalsha(sha, len(keys), *keys, *args))  # type: ignore[arg-type]
        except NoScriptError:  # the server restarted or its script cache was flushed: EVAL loads it again
            pass
        return await self._call(self._client.eval(script, len(keys), *keys, *args))  # type: ignore[arg-type]

    async def _call(self, pending: object) -> object:
        from redis.exceptions import NoScriptError, RedisError

        try:
            return await pending  # type: ignore[misc]
        except NoScriptError:
            raise
        except (RedisError, OSError, TimeoutError) as exc:
            detail = self._scrub(str(exc) or type(exc).__name__)
            raise LimiterUnavailable(f"{self._where}: {detail}") from None

    def _scrub(self, text: str) -> str:
        text = " ".join(text.split())
        return text.replace(self._password, "***") if self._password else text


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def _limit(value: int | None) -> int:
    return -1 if value is None else value
