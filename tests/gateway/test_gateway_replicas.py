"""Several gateway replicas: two ``aiwarden serve`` processes sharing one PostgreSQL database (keys and one audit
chain) and one Redis server (limits). A key's limits hold across both, exactly; the chain both write verifies."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.gateway.pgcluster import PostgresCluster
from tests.gateway.redis_server import RedisServer, running_redis
from tests.gateway.servers import Gateway, aiwarden, create_key, fake_upstream, gateway


@pytest.fixture
def replicas(pg_cluster: PostgresCluster, tmp_path: Path) -> Iterator[tuple[list[Gateway], RedisServer, str]]:
    database = pg_cluster.create_database()
    db = pg_cluster.url(database)
    with ExitStack() as stack:
        redis = stack.enter_context(running_redis(tmp_path))
        upstream = stack.enter_context(fake_upstream())
        gateways = [stack.enter_context(gateway(upstream, tmp_path, "", "--redis", redis.url, "--no-access-log",
                                                # a busy test machine can stall Redis past the 0.5 s default
                                                "--redis-timeout", "30",
                                                db=db)) for _ in range(2)]
        yield gateways, redis, upstream
    pg_cluster.drop_database(database)


def ask(gw: Gateway, key: str, text: str = "hi") -> int:
    response = httpx.post(f"{gw.url}/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                          json={"model": "fake-model", "messages": [{"role": "user", "content": text}]}, timeout=30)
    return response.status_code


def test_limits_hold_exactly_across_two_replicas(replicas: tuple[list[Gateway], RedisServer, str]) -> None:
    gateways, _, _ = replicas
    key = create_key(gateways[0].db, "--rpm", "4")["key"]
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: ask(gateways[i % 2], key), range(16)))
    # 4 per minute refill one every 15 s: the quota passes, not 2 x 4, plus what refilled while a slow machine ran
    refilled = int((time.monotonic() - started) // 15)
    counts = Counter(statuses)
    assert 4 <= counts[200] <= 4 + refilled and counts[200] + counts[429] == 16, counts


def test_concurrency_is_shared_across_replicas(replicas: tuple[list[Gateway], RedisServer, str]) -> None:
    gateways, _, upstream = replicas
    key = create_key(gateways[0].db, "--concurrency", "2")["key"]
    with ThreadPoolExecutor(2) as pool:
        # one slow request through each replica; the upstream seeing it means the gateway admitted it
        held = []
        for i in range(2):
            held.append(pool.submit(ask, gateways[i], key, f"sleep:20 {i}"))
            wait_for_upstream(upstream, f"sleep:20 {i}")
        refused = [ask(gateways[i % 2], key) for i in range(4)]
        assert refused == [429] * 4  # both slots are taken, whichever replica is asked
        assert [future.result() for future in held] == [200, 200]
    assert ask(gateways[1], key) == 200  # slots come back when requests finish


def wait_for_upstream(upstream: str, text: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = httpx.get(upstream.removesuffix("/v1") + "/_last", timeout=5).json()
        if last.get("body", {}).get("messages", [{}])[-1].get("content") == text:
            return
        time.sleep(0.05)
    raise AssertionError(f"the upstream never received {text!r}")


def test_both_replicas_write_one_chain_that_verifies(replicas: tuple[list[Gateway], RedisServer, str],
                                                     tmp_path: Path) -> None:
    gateways, _, _ = replicas
    key = create_key(gateways[0].db)["key"]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: ask(gateways[i % 2], key, f"question {i}"), range(40)))
    assert statuses == [200] * 40
    assert aiwarden("audit", "verify", "--db", gateways[0].db).returncode == 0
    out = tmp_path / "export.jsonl"
    aiwarden("audit", "export", "--db", gateways[0].db, "--output", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum(r["event"] == "request" for r in records) == 40


def test_a_lost_redis_fails_closed(replicas: tuple[list[Gateway], RedisServer, str]) -> None:
    gateways, redis, _ = replicas
    key = create_key(gateways[0].db, "--rpm", "100")["key"]
    assert ask(gateways[0], key) == 200
    redis.stop()
    response = httpx.post(f"{gateways[1].url}/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                          json={"model": "fake-model", "messages": [{"role": "user", "content": "hi"}]}, timeout=30)
    assert response.status_code == 503 and response.json()["error"]["code"] == "limiter_unavailable"
