"""RedisLimiter against a real redis-server: exact counts under concurrency and across two OS processes, token
debt, slots of a killed process coming back, key TTLs, script cache loss, and failing closed."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiwarden.gateway.limits import LimiterUnavailable, open_limiter, too_large
from aiwarden.gateway.limits_redis import RedisLimiter
from aiwarden.gateway.types import Quota, Verdict
from tests.gateway.redis_server import RedisServer, running_redis

WORKER = Path(__file__).with_name("limits_worker.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    with running_redis(tmp_path_factory.mktemp("redis")) as running:
        yield running


def key() -> str:
    return uuid.uuid4().hex[:12]


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_open_limiter_with_url_is_redis(server: RedisServer) -> None:
    limiter = open_limiter(server.url)
    assert isinstance(limiter, RedisLimiter)
    run(limiter.close())


def test_200_concurrent_admits_with_rpm_50_admit_exactly_50(server: RedisServer) -> None:
    async def main() -> list[Verdict]:
        limiter = RedisLimiter(server.url, socket_timeout=30, pool_timeout=30)  # a slow machine is not a failure
        try:
            return await asyncio.gather(*(limiter.admit(name, Quota(rpm=50), 1) for _ in range(200)))
        finally:
            await limiter.close()

    name = key()
    started = time.monotonic()
    verdicts = run(main())
    elapsed = time.monotonic() - started
    # Exactly the quota, plus what refilled while the burst ran (a 51st needs 1.2 s; none on a machine that is
    # not starved).
    assert 50 <= sum(v.allowed for v in verdicts) <= 50 + math.floor(elapsed * 50 / 60), elapsed
    refused = [v for v in verdicts if not v.allowed]
    assert {v.reason for v in refused} == {"rpm"}
    assert all(0 < v.retry_after <= 1.2 for v in refused)


def test_tpm_debt_slots_and_refusals_taking_nothing(server: RedisServer) -> None:
    async def main() -> None:
        limiter = RedisLimiter(server.url)
        name = key()
        quota = Quota(rpm=1000, tpm=600, concurrency=2)
        try:
            first = await limiter.admit(name, quota, 500)
            second = await limiter.admit(name, quota, 50)
            assert first.allowed and second.allowed and first.lease != second.lease
            refused = await limiter.admit(name, quota, 10)
            assert (refused.reason, refused.retry_after) == ("concurrency", 1.0)
            await limiter.release(name, quota, first.lease, 650)  # used 1150 of an estimated 500: debt
            after = await limiter.admit(name, quota, 0)
            assert (after.allowed, after.reason) == (False, "tpm")
            assert after.retry_after == pytest.approx(60.0, abs=0.5)  # -600 tokens at 10 a second
            await limiter.release(name, quota, second.lease, -10_000)  # a refund stops at capacity
            assert (await limiter.admit(name, quota, 600)).allowed
            assert (await limiter.admit(name, quota, 601)).retry_after == math.inf
            assert too_large(await limiter.admit(name, quota, 601))
        finally:
            await limiter.close()

    run(main())


def test_refused_requests_take_nothing_under_concurrency(server: RedisServer) -> None:
    from redis.asyncio import Redis

    rpm, tpm = 40, 10_000
    quota = Quota(rpm=rpm, tpm=tpm)
    name = key()
    tpm_key = f"aw:limit:{{{name}}}:tpm"

    async def main() -> tuple[list[tuple[int, Verdict]], float, float, float]:
        # Timeouts far above any reply time, so a slow machine cannot fail the burst (failing closed on a timeout
        # is tested below); the 200 admits still race over 32 connections.
        limiter = RedisLimiter(server.url, socket_timeout=30, pool_timeout=30)
        client = Redis.from_url(server.url, decode_responses=True)

        async def tpm_bucket() -> tuple[float, float]:  # the stored level and the time it was stored at
            level, stamp = await client.hmget(tpm_key, "level", "stamp")
            assert isinstance(level, str) and isinstance(stamp, str)
            return float(level), float(stamp)

        try:
            started = time.monotonic()
            assert (await limiter.admit(name, quota, tpm - 50)).allowed
            level_before, stamp_before = await tpm_bucket()
            # Every other request asks for the whole tpm with 50 tokens left: the bucket needs about a minute
            # to hold that much, so it is refused however slowly the burst runs, and must not use up rpm.
            sizes = [tpm if i % 2 else 1 for i in range(200)]
            verdicts = await asyncio.gather(*(limiter.admit(name, quota, size) for size in sizes))
            elapsed = time.monotonic() - started
            level_after, stamp_after = await tpm_bucket()
        finally:
            await limiter.close()
            await client.aclose()
        refilled = (stamp_after - stamp_before) * tpm / 60
        return list(zip(sizes, verdicts, strict=True)), elapsed, level_before + refilled, level_after

    outcomes, elapsed, level_if_nothing_taken, level_after = run(main())
    small = [verdict for size, verdict in outcomes if size == 1]
    whole = [verdict for size, verdict in outcomes if size == tpm]
    admitted = sum(verdict.allowed for verdict in small)
    # 40 a minute, one taken: 39 one-token requests pass, plus what refilled while the burst ran (none under
    # 1.5 s). Refusals that took a request each would leave about 20.
    assert rpm - 1 <= admitted <= rpm - 1 + math.floor(elapsed * rpm / 60), (admitted, elapsed)
    assert {(v.allowed, v.reason) for v in small if not v.allowed} == {(False, "rpm")}
    # the large ones went through the script and were refused there, for tokens, and only for now
    assert {(v.allowed, v.reason) for v in whole} == {(False, "tpm")}
    assert all(0 < v.retry_after < math.inf for v in whole)
    # tokens: the bucket lost exactly one per admitted request, nothing for the refused ones
    assert level_after == pytest.approx(level_if_nothing_taken - admitted, abs=1e-6)


def test_retry_after_matches_the_refill(server: RedisServer) -> None:
    async def main() -> None:
        limiter = RedisLimiter(server.url)
        name = key()
        quota = Quota(rpm=60)
        try:
            for _ in range(60):
                assert (await limiter.admit(name, quota, 0)).allowed
            refused = await limiter.admit(name, quota, 0)
            assert 0.5 < refused.retry_after <= 1.0
            await asyncio.sleep(refused.retry_after + 0.05)
            assert (await limiter.admit(name, quota, 0)).allowed
        finally:
            await limiter.close()

    run(main())


def test_idle_state_expires_in_redis(server: RedisServer) -> None:
    async def main() -> None:
        from redis.asyncio import Redis

        limiter = RedisLimiter(server.url, lease_ttl=1.0)
        client = Redis.from_url(server.url)
        name = key()
        quota = Quota(rpm=600, tpm=60_000, concurrency=5)  # full again 0.1 s after one request
        try:
            verdict = await limiter.admit(name, quota, 100)
            assert verdict.allowed
            keys = await client.keys(f"aw:limit:{{{name}}}:*")
            assert len(keys) == 3
            for entry in keys:
                assert 0 < await client.pttl(entry) <= 2100
            await limiter.release(name, quota, verdict.lease, 0)
            deadline = time.monotonic() + 5
            while await client.keys(f"aw:limit:{{{name}}}:*") and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert await client.keys(f"aw:limit:{{{name}}}:*") == []
        finally:
            await limiter.close()
            await client.aclose()

    run(main())


def test_the_startup_check_loads_both_scripts(server: RedisServer) -> None:
    async def main() -> list[bool]:
        from redis.asyncio import Redis

        from aiwarden.gateway.limits_redis import ADMIT, RELEASE

        client = Redis.from_url(server.url)
        limiter = RedisLimiter(server.url)
        try:
            await client.script_flush()
            await limiter.check()
            return list(await client.script_exists(*(_sha1_hex(s) for s in (ADMIT, RELEASE))))
        finally:
            await limiter.close()
            await client.aclose()

    assert run(main()) == [True, True]


def _sha1_hex(script: str) -> str:
    import hashlib

    return hashlib.sha1(script.encode()).hexdigest()


def test_a_flushed_script_cache_is_reloaded(server: RedisServer) -> None:
    async def main() -> None:
        from redis.asyncio import Redis

        limiter = RedisLimiter(server.url)
        client = Redis.from_url(server.url)
        name = key()
        try:
            assert (await limiter.admit(name, Quota(rpm=2), 0)).allowed
            await client.script_flush()
            assert (await limiter.admit(name, Quota(rpm=2), 0)).allowed
            await client.script_flush()
            await limiter.release(name, Quota(tpm=10), "", 5)
            assert not (await limiter.admit(name, Quota(rpm=2), 0)).allowed
        finally:
            await limiter.close()
            await client.aclose()

    run(main())


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, start_new_session=True)


def _kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def test_two_processes_share_one_limit_exactly(server: RedisServer) -> None:
    name, rpm, per_process = key(), 30, 300
    workers = [_spawn("burst", server.url, name, str(rpm), str(per_process)) for _ in range(2)]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        started = time.monotonic()
        for worker in workers:  # both fire at once
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        counts = [int(worker.communicate(timeout=60)[0].strip()) for worker in workers]
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            _kill(worker)
    assert all(worker.returncode == 0 for worker in workers)
    # Exactly the quota, plus whatever refilled while the bursts ran (none when they take under 2 s); a limit
    # counted per replica would admit 2 * 30.
    assert rpm <= sum(counts) <= rpm + math.floor(elapsed * rpm / 60), (counts, elapsed)


def test_the_lease_of_a_killed_process_comes_back_after_its_ttl(server: RedisServer) -> None:
    name = key()
    holder = _spawn("hold", server.url, name, "1.5")
    try:
        assert holder.stdout is not None
        lease = holder.stdout.readline().strip()
        assert lease and lease != "refused"
    finally:
        _kill(holder)  # crashed: never released

    async def main() -> float:
        limiter = RedisLimiter(server.url)
        try:
            refused = await limiter.admit(name, Quota(concurrency=1), 0)
            assert (refused.allowed, refused.reason) == (False, "concurrency")
            started = time.monotonic()
            while time.monotonic() - started < 10:
                verdict = await limiter.admit(name, Quota(concurrency=1), 0)
                if verdict.allowed:
                    return time.monotonic() - started
                await asyncio.sleep(0.1)
            raise AssertionError("the slot never came back")
        finally:
            await limiter.close()

    assert run(main()) <= 2.0


def test_redis_stopped_mid_run_fails_closed(tmp_path: Path) -> None:
    async def main(server: RedisServer) -> None:
        limiter = RedisLimiter(server.url)
        try:
            assert (await limiter.admit("k", Quota(rpm=100), 1)).allowed
            server.stop()
            with pytest.raises(LimiterUnavailable) as caught:
                await limiter.admit("k", Quota(rpm=100), 1)
            message = str(caught.value)
            assert message.startswith(f"redis at 127.0.0.1:{server.port}: ") and "\n" not in message
            with pytest.raises(LimiterUnavailable):
                await limiter.release("k", Quota(tpm=100), "lease", 1)
        finally:
            await limiter.close()

    with running_redis(tmp_path) as server:
        run(main(server))


def test_a_hung_redis_fails_closed_within_the_socket_timeout(tmp_path: Path) -> None:
    async def main(server: RedisServer) -> float:
        limiter = RedisLimiter(server.url, socket_timeout=0.3)
        try:
            assert (await limiter.admit("k", Quota(rpm=100), 1)).allowed
            server.pause()
            started = time.monotonic()
            with pytest.raises(LimiterUnavailable, match=rf"^redis at 127\.0\.0\.1:{server.port}: "):
                await limiter.admit("k", Quota(rpm=100), 1)
            return time.monotonic() - started
        finally:
            server.resume()
            await limiter.close()

    with running_redis(tmp_path) as server:
        assert run(main(server)) < 2.0


def test_a_wrong_password_is_one_line_without_the_password(tmp_path: Path) -> None:
    async def main(url: str) -> str:
        limiter = RedisLimiter(url)
        try:
            with pytest.raises(LimiterUnavailable) as caught:
                await limiter.check()
            return str(caught.value)
        finally:
            await limiter.close()

    with running_redis(tmp_path, password="right-horse") as server:
        good = RedisLimiter(server.url)
        run(good.check())
        run(good.close())
        message = run(main(server.url.replace("right-horse", "wrong-battery")))
    assert message.startswith(f"redis at 127.0.0.1:{server.port}: ")
    assert "wrong-battery" not in message and "right-horse" not in message and "\n" not in message


@pytest.mark.parametrize("url", ["http://user:s3cret@example.org/0", "redis://user:s3cret@host:notaport/0",
                                 "redis://:s3cret@[::1/0", "nonsense"])
def test_a_bad_url_is_one_line_without_the_password(url: str) -> None:
    with pytest.raises(LimiterUnavailable) as caught:
        open_limiter(url)
    message = str(caught.value)
    assert message.startswith("redis at ") and "bad Redis URL" in message
    assert "s3cret" not in message and "\n" not in message


def test_an_unreachable_server_is_one_line() -> None:
    from tests.gateway.redis_server import free_port

    port = free_port()

    async def main() -> str:
        limiter = RedisLimiter(f"redis://:s3cret@127.0.0.1:{port}/0")
        try:
            with pytest.raises(LimiterUnavailable) as caught:
                await limiter.admit("k", Quota(rpm=1), 0)
            return str(caught.value)
        finally:
            await limiter.close()

    message = run(main())
    assert message.startswith(f"redis at 127.0.0.1:{port}: ") and "s3cret" not in message and "\n" not in message
