"""MemoryLimiter: exact counts under asyncio concurrency, token debt, slots, Retry-After, idle state dropped."""

from __future__ import annotations

import asyncio
import math

import pytest

from aiwarden.gateway.limits import open_limiter, retry_after_header, too_large
from aiwarden.gateway.limits_memory import SWEEP_INTERVAL, MemoryLimiter
from aiwarden.gateway.types import Quota, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_open_limiter_without_url_is_in_memory() -> None:
    assert isinstance(open_limiter(None), MemoryLimiter)
    assert isinstance(open_limiter(""), MemoryLimiter)


@pytest.mark.parametrize("real_clock", [False, True])
def test_200_concurrent_admits_with_rpm_50_admit_exactly_50(real_clock: bool) -> None:
    clock = Clock()
    limiter = MemoryLimiter() if real_clock else MemoryLimiter(clock=clock)

    async def one() -> Verdict:
        await asyncio.sleep(0)  # interleave the tasks
        return await limiter.admit("k", Quota(rpm=50), 1)

    async def main() -> list[Verdict]:
        return await asyncio.gather(*(one() for _ in range(200)))

    verdicts = run(main())
    assert sum(v.allowed for v in verdicts) == 50
    assert {v.reason for v in verdicts if not v.allowed} == {"rpm"}


def test_concurrent_tpm_admits_are_exact() -> None:
    limiter = MemoryLimiter(clock=Clock())

    async def main() -> list[Verdict]:
        return await asyncio.gather(*(limiter.admit("k", Quota(tpm=1000), 30) for _ in range(100)))

    assert sum(v.allowed for v in run(main())) == 33  # 33 * 30 = 990; a 34th needs 1020


def test_rpm_retry_after_is_the_time_until_a_token_refills() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(rpm=60)  # one request a second

    async def main() -> None:
        for _ in range(60):
            assert (await limiter.admit("k", quota, 0)).allowed
        refused = await limiter.admit("k", quota, 0)
        assert (refused.allowed, refused.reason) == (False, "rpm")
        assert refused.retry_after == pytest.approx(1.0)
        assert retry_after_header(refused) == "1"
        clock.advance(0.25)
        assert (await limiter.admit("k", quota, 0)).retry_after == pytest.approx(0.75)
        clock.advance(0.75)
        assert (await limiter.admit("k", quota, 0)).allowed
        assert not (await limiter.admit("k", quota, 0)).allowed

    run(main())


def test_tpm_retry_after_counts_the_tokens_this_request_needs() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(tpm=600)  # 10 tokens a second

    async def main() -> None:
        assert (await limiter.admit("k", quota, 600)).allowed
        refused = await limiter.admit("k", quota, 50)
        assert (refused.reason, refused.retry_after) == ("tpm", pytest.approx(5.0))
        assert retry_after_header(refused) == "5"
        clock.advance(4.9)
        assert not (await limiter.admit("k", quota, 50)).allowed
        clock.advance(0.1)
        assert (await limiter.admit("k", quota, 50)).allowed

    run(main())


def test_release_charges_the_correction_and_debt_makes_later_requests_wait() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(tpm=600)

    async def main() -> None:
        first = await limiter.admit("k", quota, 100)
        assert first.allowed
        await limiter.release("k", quota, first.lease, 1100)  # used 1200, estimated 100: level 600-1200 = -600
        refused = await limiter.admit("k", quota, 0)
        assert (refused.allowed, refused.reason) == (False, "tpm")
        assert refused.retry_after == pytest.approx(60.0)
        clock.advance(59.9)
        assert not (await limiter.admit("k", quota, 0)).allowed
        clock.advance(0.1)
        assert (await limiter.admit("k", quota, 0)).allowed
        assert not (await limiter.admit("k", quota, 1)).allowed

    run(main())


def test_refunds_stop_at_capacity() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(tpm=600)

    async def main() -> None:
        verdict = await limiter.admit("k", quota, 500)
        await limiter.release("k", quota, verdict.lease, -10_000)  # estimate far too high: refunded, capped
        assert (await limiter.admit("k", quota, 600)).allowed
        assert not (await limiter.admit("k", quota, 1)).allowed

    run(main())


def test_release_after_the_state_was_dropped_still_charges() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(tpm=600)

    async def main() -> None:
        verdict = await limiter.admit("k", quota, 10)
        clock.advance(SWEEP_INTERVAL + 1)  # a long request: the bucket refilled and the key was swept
        await limiter.admit("other", Quota(rpm=10), 0)
        assert limiter.tracked_keys == 1
        await limiter.release("k", quota, verdict.lease, 600)
        assert not (await limiter.admit("k", quota, 1)).allowed

    run(main())


def test_a_refused_request_consumes_nothing() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(rpm=10, tpm=100, concurrency=3)

    async def main() -> None:
        held = [await limiter.admit("k", quota, 30) for _ in range(3)]
        assert all(v.allowed for v in held)
        # refused by concurrency: takes no rpm and no tokens
        for _ in range(20):
            assert (await limiter.admit("k", quota, 5)).reason == "concurrency"
        # refused by tpm (10 tokens left): takes no rpm and no slot
        await limiter.release("k", quota, held[0].lease, 0)
        for _ in range(20):
            assert (await limiter.admit("k", quota, 11)).reason == "tpm"
        # 7 requests left in the minute, 10 tokens, one slot: the slot, then rpm, limit what follows
        taken = await limiter.admit("k", quota, 10)
        assert taken.allowed
        await limiter.release("k", quota, taken.lease, 0)
        for _ in range(6):
            verdict = await limiter.admit("k", quota, 0)
            assert verdict.allowed
            await limiter.release("k", quota, verdict.lease, 0)
        assert (await limiter.admit("k", quota, 0)).reason == "rpm"

    run(main())


def test_a_request_over_the_whole_tpm_is_refused_for_good_and_takes_nothing() -> None:
    limiter = MemoryLimiter(clock=Clock())
    quota = Quota(rpm=1, tpm=600)

    async def main() -> None:
        refused = await limiter.admit("k", quota, 601)
        assert (refused.allowed, refused.reason) == (False, "tpm")
        assert math.isinf(refused.retry_after)
        assert too_large(refused)
        assert retry_after_header(refused) is None
        assert (await limiter.admit("k", quota, 600)).allowed  # the one rpm token was still there
        assert not too_large(await limiter.admit("k", quota, 1))  # an ordinary 429 (rpm) from here on

    run(main())


def test_zero_quotas_block_the_key() -> None:
    limiter = MemoryLimiter(clock=Clock())

    async def main() -> None:
        for quota, reason in ((Quota(rpm=0), "rpm"), (Quota(concurrency=0), "concurrency"), (Quota(tpm=0), "tpm")):
            verdict = await limiter.admit("k", quota, 0)
            assert (verdict.allowed, verdict.reason, verdict.retry_after) == (False, reason, math.inf)
        assert (await limiter.admit("k", Quota(), 10**9)).allowed  # no quota: unlimited

    run(main())


def test_concurrency_slots_are_leased_and_released() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock, lease_ttl=30)
    quota = Quota(concurrency=2)

    async def main() -> None:
        first, second = await limiter.admit("k", quota, 0), await limiter.admit("k", quota, 0)
        assert first.allowed and second.allowed and first.lease and first.lease != second.lease
        refused = await limiter.admit("k", quota, 0)
        assert (refused.reason, refused.retry_after, refused.lease) == ("concurrency", 1.0, "")
        await limiter.release("k", quota, first.lease, 0)
        await limiter.release("k", quota, first.lease, 0)  # twice is harmless
        third = await limiter.admit("k", quota, 0)
        assert third.allowed
        assert not (await limiter.admit("k", quota, 0)).allowed
        assert (await limiter.admit("other", quota, 0)).allowed  # per key
        clock.advance(30)  # leases never released (a lost release) expire
        assert (await limiter.admit("k", quota, 0)).allowed

    run(main())


def test_concurrent_slot_admits_are_exact() -> None:
    limiter = MemoryLimiter(clock=Clock())

    async def main() -> list[Verdict]:
        return await asyncio.gather(*(limiter.admit("k", Quota(concurrency=7), 0) for _ in range(100)))

    verdicts = run(main())
    assert sum(v.allowed for v in verdicts) == 7
    assert len({v.lease for v in verdicts if v.allowed}) == 7


def test_the_largest_wait_wins_when_several_limits_refuse() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)
    quota = Quota(rpm=60, tpm=60)  # 1 request and 1 token a second

    async def main() -> None:
        for _ in range(60):
            assert (await limiter.admit("k", quota, 1)).allowed
        refused = await limiter.admit("k", quota, 5)
        assert (refused.reason, refused.retry_after) == ("tpm", pytest.approx(5.0))

    run(main())


def test_idle_keys_are_dropped_and_busy_ones_kept() -> None:
    clock = Clock()
    limiter = MemoryLimiter(clock=clock)

    async def main() -> None:
        for index in range(500):
            assert (await limiter.admit(f"k{index}", Quota(rpm=60, tpm=6000), 100)).allowed
        held = await limiter.admit("holder", Quota(concurrency=1), 0)
        debtor = await limiter.admit("debtor", Quota(tpm=60), 0)
        await limiter.release("debtor", Quota(tpm=60), debtor.lease, 600)  # nine minutes of debt
        assert limiter.tracked_keys == 502
        clock.advance(SWEEP_INTERVAL + 1)
        await limiter.admit("trigger", Quota(rpm=60), 0)
        assert limiter.tracked_keys == 3  # holder (slot held), debtor (still in debt), trigger
        refused = await limiter.admit("debtor", Quota(tpm=60), 0)
        assert refused.retry_after == pytest.approx(540 - SWEEP_INTERVAL - 1)  # 60 - 600 = -540 tokens at 1 a second
        await limiter.release("holder", Quota(concurrency=1), held.lease, 0)
        clock.advance(SWEEP_INTERVAL + 1)
        await limiter.admit("trigger", Quota(rpm=60), 0)
        assert limiter.tracked_keys == 2  # holder released; the debtor still owes

    run(main())


def test_a_lowered_quota_applies_at_once() -> None:
    limiter = MemoryLimiter(clock=Clock())

    async def main() -> None:
        assert (await limiter.admit("k", Quota(rpm=100), 0)).allowed
        allowed = [(await limiter.admit("k", Quota(rpm=5), 0)).allowed for _ in range(10)]
        assert allowed == [True] * 5 + [False] * 5  # the level is clamped to the new capacity

    run(main())
