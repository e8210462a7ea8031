"""One gateway replica for the cross-process limit tests: ``python limits_worker.py MODE URL KEY ...``.

burst URL KEY RPM N: wait for a line on stdin, fire N concurrent admits, print how many were allowed.
hold URL KEY TTL: take one concurrency slot (limit 1, lease TTL seconds), print its lease, then sleep until killed.
"""

from __future__ import annotations

import asyncio
import sys

from aiwarden.gateway.limits_redis import RedisLimiter
from aiwarden.gateway.types import Quota


async def burst(url: str, key: str, rpm: int, count: int) -> None:
    # Timeouts far above any reply time: the test counts admissions, and a starved machine must not turn a slow
    # reply into a failed burst (the limiter fails closed on a timeout, which other tests cover).
    limiter = RedisLimiter(url, socket_timeout=30, pool_timeout=30)
    try:
        await limiter.check()
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        verdicts = await asyncio.gather(*(limiter.admit(key, Quota(rpm=rpm), 1) for _ in range(count)))
        print(sum(v.allowed for v in verdicts), flush=True)
    finally:
        await limiter.close()


async def hold(url: str, key: str, ttl: float) -> None:
    limiter = RedisLimiter(url, lease_ttl=ttl)
    verdict = await limiter.admit(key, Quota(concurrency=1), 0)
    print(verdict.lease if verdict.allowed else "refused", flush=True)
    await asyncio.sleep(60)  # killed long before


if __name__ == "__main__":
    mode, url, key = sys.argv[1:4]
    if mode == "burst":
        asyncio.run(burst(url, key, int(sys.argv[4]), int(sys.argv[5])))
    else:
        asyncio.run(hold(url, key, float(sys.argv[4])))
